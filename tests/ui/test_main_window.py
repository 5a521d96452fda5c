"""The main window: training banner, lock/unlock, connection state, layout persistence."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from tests.conftest import start_mock
from ui.main_window import MainWindow


def session_for(url: str, user: str = "operator", password: str = "demo") -> Session:
    return open_session(BackendProfile("Test", url), user, password)


@pytest.fixture
def window(qtbot: QtBot, mock_backend: MockProcess) -> Iterator[MainWindow]:
    w = MainWindow(session_for(mock_backend.url))
    qtbot.addWidget(w)
    w.show()
    w.start()
    yield w
    w.close()


def test_training_banner_is_visible_for_a_training_backend(window: MainWindow) -> None:
    assert window.banner_bar.isVisible() and "TRAINING" in window.banner.text()
    assert "operator" in window.status.user.text()


def test_no_training_banner_for_production(qtbot: QtBot, production_backend: MockProcess) -> None:
    w = MainWindow(session_for(production_backend.url, "alice", "s3cret-pass"))
    qtbot.addWidget(w)
    w.show()
    assert not w.banner_bar.isVisible()
    assert "production" in w.status.backend.text()


def test_status_bar_shows_the_live_connection(window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(lambda: window.status.connection.text() == "● live", timeout=10_000)


def test_lock_hides_everything_and_the_password_unlocks(window: MainWindow, qtbot: QtBot) -> None:
    states: list[bool] = []
    window.locked_changed.connect(states.append)
    window.actions_by_name["lock"].trigger()
    assert window.locked and window.lock_screen.isVisible()
    assert not any(d.isVisible() for d in window.docks.values())
    assert not window.menuBar().isEnabled()
    window.lock_screen.password.setText("wrong")
    window.lock_screen.password.returnPressed.emit()
    qtbot.waitUntil(lambda: "not your password" in window.lock_screen.message.text(), timeout=10_000)
    assert window.locked
    window.lock_screen.password.setText("demo")
    window.lock_screen.password.returnPressed.emit()
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert all(d.isVisible() for d in window.docks.values()) and not window.lock_screen.isVisible()
    assert states == [True, False]


def test_inactivity_locks_the_session(window: MainWindow, qtbot: QtBot) -> None:
    window.idle.limit_s = 0.5
    window.idle.reset()
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    assert "inactivity" in window.lock_screen.who.text()


def test_input_counts_as_activity(window: MainWindow, qtbot: QtBot) -> None:
    window.idle.limit_s = 1.5
    window.idle.reset()
    deadline = time.monotonic() + 3.0
    while time.monotonic() < deadline:  # keep typing for twice the limit: no lock
        QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)
        qtbot.wait(200)
    assert not window.locked
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)  # then stop, and it locks


def test_layout_is_saved_and_restored(qtbot: QtBot, mock_backend: MockProcess, isolated_config: Path) -> None:
    session = session_for(mock_backend.url)
    first = MainWindow(session)
    qtbot.addWidget(first)
    first.restore_layout()
    first.show()
    first.docks["requestsPanel"].hide()
    first.close()
    second = MainWindow(session)
    qtbot.addWidget(second)
    second.restore_layout()
    second.show()
    assert not second.docks["requestsPanel"].isVisible() and second.docks["mapPanel"].isVisible()
    assert (isolated_config / "config" / "layout.ini").exists()


def test_backend_going_down_mid_session_shows_reconnecting(qtbot: QtBot, tmp_path: Path) -> None:
    mock = start_mock(tmp_path)
    try:
        w = MainWindow(session_for(mock.url))
        qtbot.addWidget(w)
        w.show()
        w.start()
        qtbot.waitUntil(lambda: w.status.connection.text() == "● live", timeout=10_000)
        mock.stop()
        qtbot.waitUntil(lambda: "reconnecting" in w.status.connection.text(), timeout=10_000)
        w.close()
    finally:
        mock.stop()


def test_every_shortcut_does_one_thing(qtbot: QtBot, mock_backend: MockProcess) -> None:
    """A key bound twice where both apply is ambiguous, and Qt then does nothing at all."""
    from PySide6.QtGui import QAction, QKeySequence, QShortcut
    from PySide6.QtWidgets import QAbstractButton

    from rtcc_desktop.config import AppSettings
    from ui.cameras.camera_hub import CameraHub
    from ui.footage.install import install_requests_panel
    from ui.map.install import install_map_panel
    from ui.training.install import install_training_console
    from ui.wall.install import install_wall_panel

    w = MainWindow(session_for(mock_backend.url, "trainer"))  # a trainer has every panel
    qtbot.addWidget(w)
    hub = CameraHub(w.session, w)
    wall = install_wall_panel(w, hub)
    requests = install_requests_panel(w)
    install_map_panel(w, hub, AppSettings(), wall, requests)
    assert install_training_console(w, hub) is not None
    w.show()
    wide = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)
    bound: dict[str, list[Qt.ShortcutContext]] = {}
    for obj in [*w.findChildren(QAction), *w.findChildren(QShortcut), *w.findChildren(QAbstractButton)]:
        keys = obj.key() if isinstance(obj, QShortcut) else obj.shortcut()
        # A button's shortcut always works window-wide.
        context = (obj.context() if isinstance(obj, QShortcut) else Qt.ShortcutContext.WindowShortcut
                   if isinstance(obj, QAbstractButton) else obj.shortcutContext())
        if not keys.isEmpty():
            bound.setdefault(keys.toString(QKeySequence.SequenceFormat.PortableText), []).append(context)
    clashes = {k: c for k, c in bound.items() if len(c) > 1 and any(ctx in wide for ctx in c)}
    assert not clashes
    # Help → Keyboard shortcuts lists every one of them, in words, with where it works.
    from ui.shortcuts_dialog import ShortcutsDialog

    dialog = ShortcutsDialog(w)
    listed = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 1).text(), dialog.table.item(r, 2).text())
              for r in range(dialog.table.rowCount())}
    native = {QKeySequence(k, QKeySequence.SequenceFormat.PortableText).toString(
        QKeySequence.SequenceFormat.NativeText) for k in bound}
    assert native <= listed.keys(), native - listed.keys()
    assert all(does and where for does, where in listed.values())
    delete = QKeySequence("Delete").toString(QKeySequence.SequenceFormat.NativeText)
    assert listed[delete] == ("Clear the selected tile", "Wall")
    assert listed["Ctrl+L"][1] == "Everywhere"
    assert listed["Alt+3"] == ("Layout 3x3", "Everywhere")  # made by the wall, works window-wide
    dialog.close()
    # F5 belongs to the panel with focus: the Training panel's starts the drill.
    console = w.docks["trainingPanel"].widget()
    started: list[bool] = []
    console.start_button.setEnabled(True)
    console.start_button.clicked.disconnect()
    console.start_button.clicked.connect(lambda: started.append(True))
    w.show_panel("trainingPanel")
    w.activateWindow()  # a panel's keys need its window active and the focus inside the panel
    qtbot.waitUntil(w.isActiveWindow)
    console.drills.setFocus()
    qtbot.waitUntil(console.drills.hasFocus)
    QTest.keyClick(console.drills, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: started == [True], timeout=3_000)
    assert "Ctrl+3" in bound and "Alt+3" in bound
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # window shortcuts only fire in the active window
    QTest.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert wall.layouts.currentText() == "3x3"
    w.docks["requestsPanel"].hide()
    QTest.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.docks["requestsPanel"].isVisible())
    w.close()
