"""Desktop notifications from the main window over a real D-Bus: a private session bus
(``dbus-daemon``) started by the test, and a small notification server on it (QtDBus, in a child
process) with the spec's Notify signature (susssasa{sv}i), which records what it is sent.
Covers: a notification reaches the service with the app's name and icon; dispatch's text is
escaped for a service that reads markup and sent as written to one that does not; a locked window's
notification stays generic there too; the fallback order when the service is missing, refuses
every call, or no sender (notify-send, gdbus) is installed: the tray where there is one, else the
status bar (the offscreen platform has no tray, so the status bar is what these show)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QSystemTrayIcon
from pytestqt.qtbot import QtBot

from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.resources import resource_path
from tests.ui.test_main_window import session_for
from ui.main_window import MainWindow
from ui.notifications import ASK_TIMEOUT_MS

SERVER = """
import json, sys
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, Slot
from PySide6.QtDBus import QDBusConnection
app = QCoreApplication([])
out = open(sys.argv[1], "a", encoding="utf-8")

@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Server(QObject):
    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces, icon, summary, body, actions, hints, timeout):
        out.write(json.dumps([app_name, replaces, icon, summary, body, actions, timeout]) + "\\n")
        out.flush()
        return 1

@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Markup(QObject):  # reads markup in bodies, as GNOME's and KDE's do
    @Slot(result="QStringList")
    def GetCapabilities(self):
        return ["body", "body-markup"]

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app_name, replaces, icon, summary, body, actions, hints, timeout):
        out.write(json.dumps([app_name, replaces, icon, summary, body, actions, timeout]) + "\\n")
        out.flush()
        return 1

@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Broken(QObject):  # owns the name, answers every Notify with an error (UnknownMethod)
    @Slot(result="QStringList")
    def GetCapabilities(self):
        return ["body"]

@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class Hung(QObject):  # owns the name and never answers (a wedged notification daemon)
    @Slot(result="QStringList")
    def GetCapabilities(self):
        import time
        time.sleep(60)
        return ["body"]

bus = QDBusConnection.sessionBus()
server = {"spec": Server, "markup": Markup, "hung": Hung}.get(sys.argv[2], Broken)(app)
ok = bus.registerObject("/org/freedesktop/Notifications", server, QDBusConnection.RegisterOption.ExportAllSlots)
print("ready" if ok and bus.registerService("org.freedesktop.Notifications") else "failed", flush=True)
app.exec()
"""


@pytest.fixture
def bus(tmp_path: Path) -> Iterator[str]:
    """The address of a private session bus, for this test only."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed, so no session bus can be started to test the D-Bus path")
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    assert address.startswith("unix:"), address
    yield address
    daemon.terminate()
    daemon.wait(timeout=10)


def start_server(bus: str, record: Path, kind: str = "spec") -> subprocess.Popen[str]:
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(record), kind], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": bus, "QT_QPA_PLATFORM": "offscreen"})
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    return server


@pytest.fixture
def window_on(qtbot: QtBot, mock_backend: MockProcess, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    made: list[MainWindow] = []

    def make(address: str) -> MainWindow:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        window = MainWindow(session_for(mock_backend.url))
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.close()


def received(record: Path) -> list[list[object]]:
    return [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []


def test_a_notification_reaches_the_desktop_service_with_the_apps_icon(
        qtbot: QtBot, bus: str, window_on: object, tmp_path: Path) -> None:
    record = tmp_path / "notifications.jsonl"
    server = start_server(bus, record)
    try:
        window = window_on(bus)  # type: ignore[operator]
        window.notify("Alarm", "Camera 12: the owner's alarm is active.")
        qtbot.waitUntil(lambda: len(received(record)) == 1, timeout=10_000)
        icon = str(resource_path("icons", "rtcc-desktop.svg"))
        assert received(record)[0] == ["RTCC Desktop", 0, icon, "Alarm", "Camera 12: the owner's alarm is active.",
                                       [], 10_000]
        assert Path(icon).read_text().startswith("<svg")
        assert window.status.currentMessage() == ""  # shown once, by the desktop

        window.lock("test")
        window.notify("New escalation", "Case 2026-000123 needs a supervisor decision.")
        qtbot.waitUntil(lambda: len(received(record)) == 2, timeout=10_000)
        said = received(record)[1]
        assert "2026-000123" not in json.dumps(said) and "unlock" in str(said[4])
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("kind", ["markup", "spec"])
def test_dispatch_text_is_shown_as_written_whether_the_service_reads_markup_or_not(
        qtbot: QtBot, bus: str, window_on: object, tmp_path: Path, kind: str) -> None:
    """An address from dispatch with markup in it: a service that reads markup gets it escaped
    (else it would show a link, a picture or bold type the app never wrote); one that does not
    gets the text as it is, as the spec asks."""
    record = tmp_path / "notifications.jsonl"
    server = start_server(bus, record, kind)
    text = 'Priority 1: Robbery at <a href="http://x.example">5 Main & Oak</a> <img src="http://x.example/t">'
    try:
        window = window_on(bus)  # type: ignore[operator]
        window.notify("Incident", text)
        qtbot.waitUntil(lambda: len(received(record)) == 1, timeout=10_000)
        body = received(record)[0][4]
        if kind == "markup":
            assert body == ('Priority 1: Robbery at &lt;a href="http://x.example"&gt;5 Main &amp; Oak&lt;/a&gt; '
                            '&lt;img src="http://x.example/t"&gt;')
        else:
            assert body == text
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_without_the_service_the_status_bar_says_it(qtbot: QtBot, bus: str, window_on: object) -> None:
    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen: the tray's turn is skipped
    window = window_on(bus)  # type: ignore[operator]
    window.notify("Alarm", "Camera 12: the owner's alarm is active.")
    qtbot.waitUntil(lambda: window.status.currentMessage() == "Alarm: Camera 12: the owner's alarm is active.",
                    timeout=5_000)
    window.notify("Alarm", "Camera 13: the owner's alarm is active.")  # known by now: at once
    assert window.status.currentMessage() == "Alarm: Camera 13: the owner's alarm is active."


def test_a_notification_service_that_never_answers_does_not_hold_the_window(
        qtbot: QtBot, bus: str, window_on: object, tmp_path: Path) -> None:
    """The notifier asked the bus whether the service was there, and for its capabilities, on the
    UI thread at the first notification: a wedged daemon that owns the name held the window for
    D-Bus's 25 s reply timeout, at the moment an alarm came in. Now the window goes on at once,
    and the status bar says it once the service has not answered within ASK_TIMEOUT_MS."""
    server = start_server(bus, tmp_path / "notifications.jsonl", kind="hung")
    try:
        window = window_on(bus)  # type: ignore[operator]
        started = time.monotonic()
        window.notify("Alarm", "Camera 12: the owner's alarm is active.")
        assert time.monotonic() - started < 0.5
        qtbot.waitUntil(lambda: window.status.currentMessage() == "Alarm: Camera 12: the owner's alarm is active.",
                        timeout=ASK_TIMEOUT_MS + 3_000)
    finally:
        server.kill()
        server.wait(timeout=10)


def test_a_service_that_refuses_the_call_falls_back_to_the_status_bar(
        qtbot: QtBot, bus: str, window_on: object, tmp_path: Path) -> None:
    record = tmp_path / "notifications.jsonl"
    server = start_server(bus, record, kind="broken")
    try:
        window = window_on(bus)  # type: ignore[operator]
        window.notify("Alarm", "Camera 12: the owner's alarm is active.")
        qtbot.waitUntil(lambda: window.status.currentMessage() != "", timeout=10_000)
        assert window.status.currentMessage() == "Alarm: Camera 12: the owner's alarm is active."
        assert received(record) == []
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_without_a_sender_installed_the_status_bar_says_it(
        bus: str, window_on: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "notifications.jsonl"
    server = start_server(bus, record)
    try:
        empty = tmp_path / "bin"
        empty.mkdir()
        monkeypatch.setenv("PATH", str(empty))  # neither notify-send nor gdbus
        window = window_on(bus)  # type: ignore[operator]
        window.notify("Alarm", "Camera 12: the owner's alarm is active.")
        assert window.status.currentMessage() == "Alarm: Camera 12: the owner's alarm is active."
        assert received(record) == []
    finally:
        server.terminate()
        server.wait(timeout=10)
