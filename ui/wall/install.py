"""Puts the video wall into the main window and keeps it in step with the session."""

from __future__ import annotations

from ui.cameras.camera_hub import CameraHub
from ui.main_window import MainWindow
from ui.wall.wall_panel import WallPanel


def install_wall_panel(window: MainWindow, hub: CameraHub) -> WallPanel:
    panel = WallPanel(hub)
    window.set_panel("wallPanel", "Wall", panel)
    panel.message.connect(lambda text: window.status.showMessage(text, 15_000))
    window.locked_changed.connect(panel.set_locked)
    window.closing.connect(panel.shutdown)
    return panel
