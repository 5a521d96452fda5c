"""The whole app's first start (an empty config dir) and the starts after it, against the real
mock: the window opens maximised on the screen with the most room, with the panel the role's work
starts in raised (the Map for an operator, the request queue for a supervisor, the drill console
for a trainer); a second start restores the size, place and raised panel the first left, and
View -> Reset layout raises the role's panel again. The largest of two screens (not the primary)
is checked in a child process with Qt's offscreen platform given two screens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rtcc_desktop.config import AppSettings, BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from tests.ui.app_rig import close_app
from ui.app import AppController
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def start(qtbot: QtBot, url: str, role: str) -> AppController:
    """As AppController opens the window after sign-in (restore_layout, show), nothing resized."""
    controller = AppController(AppSettings())
    controller.open_main(open_session(BackendProfile("Test", url), role, "demo"))
    window = controller.window
    assert window is not None
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return controller


def raised(window: MainWindow, name: str) -> bool:
    dock = window.docks[name]
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


@pytest.fixture
def apps() -> Iterator[list[AppController]]:
    made: list[AppController] = []
    yield made
    for controller in made:
        close_app(controller)


def test_the_first_start_is_maximised_with_the_map_raised_and_the_second_restores_it(
        qtbot: QtBot, mock_backend: MockProcess, apps: list[AppController], isolated_config: Path) -> None:
    assert not (isolated_config / "config" / "layout.ini").exists()
    first = start(qtbot, mock_backend.url, "operator")
    apps.append(first)
    window = first.window
    assert window is not None
    qtbot.waitUntil(window.isMaximized, timeout=5_000)
    screen = QApplication.primaryScreen()
    assert window.screen() is screen and window.frameGeometry().size() == screen.availableGeometry().size()
    assert raised(window, "mapPanel") and not raised(window, "requestsPanel")
    # The operator makes it a window of their own and works in the queue, then quits.
    window.showNormal()
    qtbot.waitUntil(lambda: not window.isMaximized(), timeout=5_000)
    size = window.minimumSize() + QSize(50, 40)  # the panels' minimum, which no screen here limits
    window.resize(size)
    window.show_panel("requestsPanel")
    qtbot.waitUntil(lambda: window.size() == size, timeout=5_000)
    assert raised(window, "requestsPanel") and not raised(window, "mapPanel")
    close_app(first)
    assert (isolated_config / "config" / "layout.ini").exists()

    second = start(qtbot, mock_backend.url, "operator")
    apps.append(second)
    again = second.window
    assert again is not None
    # The width comes back clamped to the 800 px offscreen screen, so to the panels' minimum: the
    # whole size is checked on a screen it fits (test_a_normal_window_comes_back_where_it_was).
    assert not again.isMaximized() and again.height() == size.height()
    assert raised(again, "requestsPanel") and not raised(again, "mapPanel")
    # Reset layout brings the operator's map back to the front.
    again.actions_by_name["reset_layout"].trigger()
    QApplication.processEvents()
    assert raised(again, "mapPanel") and not raised(again, "requestsPanel")


def test_a_window_left_maximised_starts_maximised(qtbot: QtBot, mock_backend: MockProcess,
                                                  apps: list[AppController]) -> None:
    first = start(qtbot, mock_backend.url, "operator")
    apps.append(first)
    assert first.window is not None
    qtbot.waitUntil(first.window.isMaximized, timeout=5_000)
    close_app(first)
    second = start(qtbot, mock_backend.url, "operator")
    apps.append(second)
    assert second.window is not None
    qtbot.waitUntil(second.window.isMaximized, timeout=5_000)


@pytest.mark.parametrize(("role", "home", "behind"), [("supervisor", "requestsPanel", "mapPanel"),
                                                      ("trainer", "trainingPanel", "mapPanel")])
def test_other_roles_start_in_their_own_panel(qtbot: QtBot, mock_backend: MockProcess, apps: list[AppController],
                                             role: str, home: str, behind: str) -> None:
    controller = start(qtbot, mock_backend.url, role)
    apps.append(controller)
    window = controller.window
    assert window is not None
    qtbot.waitUntil(window.isMaximized, timeout=5_000)
    assert raised(window, home) and not raised(window, behind)


CHILD = """
import json, os, sys
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
app = QApplication(["first-start"])
from rtcc_desktop.config import AppSettings, BackendProfile
from rtcc_desktop.session import open_session
from ui.app import AppController
controller = AppController(AppSettings())
controller.open_main(open_session(BackendProfile("Test", os.environ["MOCK_URL"]), "operator", "demo"))
window = controller.window
for _ in range(50):
    app.processEvents()
seen = {"screen": window.screen().name(), "primary": app.primaryScreen().name(),
        "maximised": window.isMaximized(), "width": window.frameGeometry().width(),
        "height": window.frameGeometry().height(), "geometry": window.geometry().getRect()}
if sys.argv[1] == "leave-normal":  # the user makes it a window of their own, then quits
    window.showNormal()
    window.setGeometry(1280 + 200, 150, 1400, 900)
    for _ in range(50):
        app.processEvents()
print(json.dumps(seen))
controller.wall.shutdown()
controller.close_main()
"""


def test_the_first_start_takes_the_largest_screen_and_a_normal_window_comes_back_where_it_was(
        mock_backend: MockProcess, tmp_path: Path) -> None:
    screens = tmp_path / "screens.json"
    # The offscreen platform makes the first screen by name the primary one.
    screens.write_text(json.dumps({"screens": [
        {"name": "a-laptop", "x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96},
        {"name": "b-wall-monitor", "x": 1280, "y": 0, "width": 2560, "height": 1440, "logicalDpi": 96}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screens}", "MOCK_URL": mock_backend.url,
           "RTCC_CONFIG_DIR": str(tmp_path / "config"), "RTCC_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT)}

    def start_child(then: str) -> dict[str, object]:
        out = subprocess.run([sys.executable, "-c", CHILD, then], env=env, cwd=ROOT, capture_output=True,
                             text=True, timeout=120)
        line = next((line for line in out.stdout.splitlines() if line.startswith("{")), None)
        assert line is not None, out.stderr[-3000:]
        return dict(json.loads(line))

    first = start_child("leave-normal")
    assert first["primary"] == "a-laptop"
    assert first == {**first, "screen": "b-wall-monitor", "maximised": True, "width": 2560, "height": 1440}
    second = start_child("leave-as-is")
    assert second == {**second, "screen": "b-wall-monitor", "maximised": False, "geometry": [1480, 150, 1400, 900]}
