"""Desktop notifications through the freedesktop notification service
(``org.freedesktop.Notifications`` on the session bus: GNOME, KDE, XFCE, dunst, ...), with the
app's own icon.

Whether the service is there, and whether it reads markup, is one asynchronous call of its
``GetCapabilities`` (the bus starts a service that is not running yet, or answers at once that
there is none), asked when the notifier is made and again after a send failed. The UI never
waits on the bus: a notification that comes while the answer is out waits for it (at most
ASK_TIMEOUT_MS) and then goes to the desktop, or to ``failed``. A notification service that hangs
would otherwise freeze the window at the moment something urgent comes in.
The notification itself is sent by ``notify-send`` or, without it, GLib's ``gdbus``: the spec's
Notify takes a uint32 and a string array, which PySide6's QtDBus cannot marshal (it sends int32
and a variant array, and servers refuse the call). Either runs as a QProcess, so the UI never
waits; a send that fails says so (``failed``), so the window can fall back to the tray or the
status bar. Only ``MainWindow.notify`` calls this: it keeps a locked screen's notifications
generic.

The text is the backend's and dispatch's (an address, a call type): where the service reads
markup in a body (its ``body-markup`` capability), the body is escaped, so ``<b>`` or ``<img>``
in it is shown as written; elsewhere it goes as it is, as the spec asks.
"""

from __future__ import annotations

import html
import os
import shutil

from PySide6.QtCore import QObject, QProcess, Signal
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusPendingCallWatcher

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "RTCC Desktop"
EXPIRE_MS = 10_000
ASK_TIMEOUT_MS = 2_000  # a service that has not answered its capabilities by then is taken as none


def gvariant_string(text: str) -> str:
    """``text`` as a GVariant text-format string literal (gdbus parses its arguments as such)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


class DesktopNotifier(QObject):
    """``send`` returns whether a notification went to the desktop's service; ``failed`` carries
    one the service (or its sender) did not take, for another way of showing it."""

    failed = Signal(str, str)  # title, text
    sent = Signal(list)  # the command that delivered one (tests, the log)

    def __init__(self, icon_path: str, parent: QObject | None = None, bus_address: str | None = None) -> None:
        super().__init__(parent)
        self.icon_path = icon_path
        self.bus_address = bus_address if bus_address is not None else os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        self._running: list[QProcess] = []
        self._available: bool | None = None  # None: not known yet (being asked)
        self._markup = False  # the service reads markup in a body
        self._asking: QDBusPendingCallWatcher | None = None
        self._waiting: list[tuple[str, str]] = []  # notifications that came while the bus was asked
        self._ask()

    def _bus(self) -> QDBusConnection:
        if not self.bus_address:
            return QDBusConnection.sessionBus()
        return QDBusConnection.connectToBus(self.bus_address, f"rtcc-notify {self.bus_address}")

    def _ask(self) -> None:
        """Ask the service for its capabilities, without waiting for the answer."""
        if self._asking is not None:
            return
        bus = self._bus()
        if self.command("", "") is None or not bus.isConnected():
            self._answered(False, False)
            return
        call = QDBusMessage.createMethodCall(SERVICE, PATH, SERVICE, "GetCapabilities")
        self._asking = QDBusPendingCallWatcher(bus.asyncCall(call, ASK_TIMEOUT_MS), self)
        self._asking.finished.connect(self._on_answer)

    def _on_answer(self, watcher: QDBusPendingCallWatcher) -> None:
        reply = watcher.reply()
        watcher.deleteLater()
        self._asking = None
        if reply.type() == QDBusMessage.MessageType.ReplyMessage:
            capabilities = (reply.arguments() or [[]])[0] or []
            self._answered(True, "body-markup" in capabilities)
        else:  # a service that answers without the method (optional in old servers) is there
            self._answered(reply.errorName() == "org.freedesktop.DBus.Error.UnknownMethod", False)

    def _answered(self, available: bool, markup: bool) -> None:
        self._available, self._markup = available, markup
        waiting, self._waiting = self._waiting, []
        for title, text in waiting:
            if available:
                self._deliver(title, text)
            else:
                self.failed.emit(title, text)

    def send(self, title: str, text: str) -> bool:
        """False when the desktop has no notification service (show it another way now); True
        when it went to the service, or waits for the bus's answer (``failed`` follows if the
        service turns out to be missing or refuses it)."""
        if self._available is False:
            self._ask()  # a service may have started since: the next one can use it
            return False
        if self._available is None:
            self._waiting.append((title, text))
            self._ask()
            return True
        self._deliver(title, text)
        return True

    def command(self, title: str, text: str) -> list[str] | None:
        """The command line that shows one notification, or None with neither sender installed."""
        notify_send = shutil.which("notify-send")
        if notify_send:
            return [notify_send, f"--app-name={APP_NAME}", f"--icon={self.icon_path}",
                    f"--expire-time={EXPIRE_MS}", "--", title, text]
        gdbus = shutil.which("gdbus")
        if gdbus:
            return [gdbus, "call", "--session", "--dest", SERVICE, "--object-path", PATH,
                    "--method", f"{SERVICE}.Notify", gvariant_string(APP_NAME), "uint32 0",
                    gvariant_string(self.icon_path), gvariant_string(title), gvariant_string(text),
                    "@as []", "@a{sv} {}", f"int32 {EXPIRE_MS}"]
        return None

    def _deliver(self, title: str, text: str) -> None:
        cmd = self.command(title, html.escape(text, quote=False) if self._markup else text)
        assert cmd is not None
        process = QProcess(self)
        if self.bus_address:
            env = process.processEnvironment()
            env = env if not env.isEmpty() else type(env).systemEnvironment()
            env.insert("DBUS_SESSION_BUS_ADDRESS", self.bus_address)
            process.setProcessEnvironment(env)
        self._running.append(process)

        def finished(code: int, status: QProcess.ExitStatus) -> None:
            self._running.remove(process)
            process.deleteLater()
            if status == QProcess.ExitStatus.NormalExit and code == 0:
                self.sent.emit(cmd)
            else:
                self._available = None  # asked again with the next notification
                self.failed.emit(title, text)

        process.finished.connect(finished)
        process.errorOccurred.connect(
            lambda error: finished(-1, QProcess.ExitStatus.CrashExit)
            if error == QProcess.ProcessError.FailedToStart else None)
        process.start(cmd[0], cmd[1:])

