"""Desktop notifications through the freedesktop notification service
(``org.freedesktop.Notifications`` on the session bus: GNOME, KDE, XFCE, dunst, ...), with the
app's own icon.

Whether the service is there is asked over QtDBus (registered, or started on demand by the bus).
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
from PySide6.QtDBus import QDBusConnection, QDBusMessage

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
APP_NAME = "RTCC Desktop"
EXPIRE_MS = 10_000


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
        self._available: bool | None = None  # asked once: the bus calls block, if only briefly
        self._markup = False  # the service reads markup in a body

    def _bus(self) -> QDBusConnection:
        if not self.bus_address:
            return QDBusConnection.sessionBus()
        return QDBusConnection.connectToBus(self.bus_address, f"rtcc-notify {self.bus_address}")

    def available(self) -> bool:
        """The service is on the session bus (or the bus starts it on demand) and a sender is here;
        asked again after a send failed."""
        if self._available is None:
            self._available = self._ask()
            self._markup = self._available and self._reads_markup()
        return self._available

    def _reads_markup(self) -> bool:
        reply = self._bus().call(QDBusMessage.createMethodCall(SERVICE, PATH, SERVICE, "GetCapabilities"))
        capabilities = (reply.arguments() or [[]])[0] if reply.type().name == "ReplyMessage" else []
        return "body-markup" in (capabilities or [])

    def _ask(self) -> bool:
        if self.command("", "") is None:
            return False
        bus = self._bus()
        if not bus.isConnected():
            return False
        names = bus.interface()
        registered = names.isServiceRegistered(SERVICE)
        if registered.isValid() and registered.value():
            return True
        activatable = bus.call(QDBusMessage.createMethodCall(
            "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus", "ListActivatableNames"))
        return activatable.type().name == "ReplyMessage" and SERVICE in (activatable.arguments() or [[]])[0]

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

    def send(self, title: str, text: str) -> bool:
        if not self.available():
            return False
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
                self._available = None
                self.failed.emit(title, text)

        process.finished.connect(finished)
        process.errorOccurred.connect(
            lambda error: finished(-1, QProcess.ExitStatus.CrashExit)
            if error == QProcess.ProcessError.FailedToStart else None)
        process.start(cmd[0], cmd[1:])
        return True

