"""Desktop notifications while the session is locked (issue #21, found in review): the tray
showed case numbers and cameras on an unattended screen. Locked, a notification names nothing;
every notification goes through the window, so none can forget that."""

from __future__ import annotations

import ast
from pathlib import Path

from pytestqt.qtbot import QtBot

from rtcc_desktop.mock_process import MockProcess
from tests.ui.test_main_window import session_for
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_a_notification_while_locked_names_no_case_or_camera(qtbot: QtBot, mock_backend: MockProcess) -> None:
    window = MainWindow(session_for(mock_backend.url))
    qtbot.addWidget(window)
    said: list[tuple[str, str]] = []
    window.notified.connect(lambda title, text: said.append((title, text)))
    window.notify("Alarm", "Camera 12: the owner's alarm is active.")
    window.lock("test")
    window.notify("New escalation", "Case 2026-000123 needs a supervisor decision.")
    window.close()
    assert said[0] == ("Alarm", "Camera 12: the owner's alarm is active.")
    assert "2026-000123" not in " ".join(said[1]) and "unlock" in said[1][1]


def test_no_panel_shows_a_desktop_notification_by_itself() -> None:
    callers = []
    for path in (ROOT / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "showMessage" and _names_a_tray(node.value):
                callers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert callers == ["ui/main_window.py:" + str(_notify_line())], callers


def test_only_the_window_sends_to_the_desktop_notification_service() -> None:
    """The D-Bus notifier is made and called in ``MainWindow`` alone (its ``notify`` makes a
    locked screen's text generic first)."""
    senders = []
    for path in (ROOT / "ui").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "send" and isinstance(node.value, ast.Attribute) \
                    and node.value.attr == "desktop_notifier":
                senders.append(str(path.relative_to(ROOT)))
            if isinstance(node, ast.Name) and node.id == "DesktopNotifier" and path.name != "notifications.py":
                senders.append(f"{path.relative_to(ROOT)} makes one")
    assert sorted(set(senders)) == ["ui/main_window.py", "ui/main_window.py makes one"], senders


def _names_a_tray(node: ast.expr) -> bool:
    return (isinstance(node, ast.Name) and node.id == "tray") or (isinstance(node, ast.Attribute)
                                                                   and node.attr == "tray")


def _notify_line() -> int:
    source = (ROOT / "ui" / "main_window.py").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(source, 1) if "self.tray.showMessage(title, text" in line)
