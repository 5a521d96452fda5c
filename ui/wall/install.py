"""Puts the video wall into the main window and keeps it in step with the session."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from rtcc_desktop.api.schemas import Escalation
from ui.cameras.camera_hub import CameraHub
from ui.footage.install import RequestsDock
from ui.main_window import MainWindow
from ui.wall.viewing_purpose import ViewingPurpose
from ui.wall.wall_panel import WallPanel


def install_wall_panel(window: MainWindow, hub: CameraHub) -> WallPanel:
    panel = WallPanel(hub)
    window.set_panel("wallPanel", QT_TRANSLATE_NOOP("Panels", "Wall"), panel)
    panel.message.connect(lambda text: window.status.showMessage(text, 15_000))
    window.locked_changed.connect(panel.set_locked)
    window.closing.connect(panel.shutdown)
    return panel


def connect_exigent_views(window: MainWindow, requests: RequestsDock, wall: WallPanel) -> None:
    """An emergency live view, once a supervisor approved it and the owner consented: say so,
    and let the operator open it on the wall under the escalation's own case number."""
    escalations = requests.escalations

    def granted(e: Escalation) -> None:
        window.status.showMessage(QCoreApplication.translate(
            "ui.wall.install", "Emergency live view of camera {camera_id} granted for case {case_number} — "
            "Requests → Escalations → Show on wall").format(camera_id=e.camera_id, case_number=e.case_number), 60_000)
        window.notify(QCoreApplication.translate("ui.wall.install", "Emergency live view granted"),
                      QCoreApplication.translate("ui.wall.install", "Camera {camera_id}, case {case_number}: open it "
                                                 "from Escalations.").format(camera_id=e.camera_id,
                                                                             case_number=e.case_number))

    def show(camera_id: int, case_number: str, purpose: str) -> None:
        window.show_panel("wallPanel")
        wall.show_cameras([camera_id], purpose=ViewingPurpose(case_number, purpose))

    escalations.live_access_granted.connect(granted)
    escalations.show_on_wall.connect(show)
