"""The whole app (AppController's main window with every panel), signed in to a backend."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from rtcc_desktop.config import AppSettings, BackendProfile
from rtcc_desktop.session import open_session
from ui.app import AppController


def open_app(qtbot: QtBot, url: str, role: str, password: str = "demo") -> AppController:
    controller = AppController(AppSettings())
    controller.open_main(open_session(BackendProfile("Test", url), role, password))
    window = controller.window
    assert window is not None
    window.resize(1500, 900)
    qtbot.waitUntil(lambda: controller.cameras.is_loaded, timeout=20_000)
    qtbot.waitUntil(lambda: window.events.connection_state == "connected", timeout=10_000)
    return controller


def close_app(controller: AppController) -> None:
    if controller.window is not None:
        controller.wall.shutdown()
    controller.close_main()
