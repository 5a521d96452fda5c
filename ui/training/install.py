"""The Training panel: a trainer's, on a training backend only."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence

from rtcc_desktop.api.schemas import Role
from ui.cameras.camera_hub import CameraHub
from ui.main_window import MainWindow
from ui.panels import PANELS
from ui.training.console import TrainingConsole


def install_training_console(window: MainWindow, hub: CameraHub) -> TrainingConsole | None:
    """None for operators and supervisors, and against a production backend: drills never
    touch live operations, and the backend refuses its training controls there anyway."""
    session = window.session
    if session.role is not Role.trainer or not session.is_training:
        return None
    console = TrainingConsole(session, hub)
    dock = window.set_panel("trainingPanel", QT_TRANSLATE_NOOP("Panels", "Training"), console)
    dock.raise_()  # a trainer's main work
    console.message.connect(lambda text: window.status.showMessage(text, 15_000))
    console.error.connect(window.report_error)
    window.server_event.connect(console.on_event)
    view = window.menus["view"]
    show = QAction(QCoreApplication.translate("ui.training.install", "Show Training"), window)
    show.setShortcut(QKeySequence("Ctrl+4"))
    show.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
    show.triggered.connect(lambda: window.show_panel("trainingPanel"))
    view.insertAction(view.actions()[len(PANELS)], show)  # after the other panels' entries
    window.actions_by_name["show_trainingPanel"] = show
    console.reload()
    return console
