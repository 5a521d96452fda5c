"""One copy of the app per user and config dir: a second start raises the first one's window.

Two copies would start two sets of relays and race on the state files. The first copy holds a
lock file (QLockFile: a crashed holder's lock is taken over, its pid being gone) and serves a
local socket; a later start finds the lock held, sends ``raise`` on the socket, and exits.
The name comes from the user and the config dir, so a copy with its own ``RTCC_CONFIG_DIR``
(tests, a second training seat) is a separate instance."""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from rtcc_desktop.config import config_dir

log = logging.getLogger(__name__)
ANSWER_MS = 5000  # a first copy busy on its UI thread this long is taken as not answering
START_WAIT_S = 5.0  # a first copy holds the lock but does not listen yet: it is starting


def instance_name(folder: Path | None = None) -> str:
    where = str((folder or config_dir()).resolve())
    digest = hashlib.sha256(where.encode()).hexdigest()[:16]
    return f"rtcc-desktop-{getpass.getuser()}-{digest}"


def _runtime_dir() -> Path:
    return Path(os.environ.get("XDG_RUNTIME_DIR") or QDir.tempPath())


class SingleInstance(QObject):
    """The first copy's lock and socket; ``raise_window`` is called on each ``raise``."""

    def __init__(self, lock: QLockFile, name: str, raise_window: object, parent: QObject | None = None):
        super().__init__(parent)
        self.lock = lock
        self.name = name
        self.raise_window = raise_window
        QLocalServer.removeServer(name)  # left by a crashed copy: the lock says none runs
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):
            log.warning("single instance: cannot listen on %s (%s)", name, self.server.errorString())
        self.server.newConnection.connect(self._answer)
        log.info("single instance: this copy serves %s (%s)", config_dir(), self.server.fullServerName())

    def _answer(self) -> None:
        while (peer := self.server.nextPendingConnection()) is not None:
            peer.waitForReadyRead(1000)
            if bytes(peer.readAll().data()).strip() == b"raise":
                log.info("single instance: another start asked for this window; raising it")
                callback = self.raise_window
                if callable(callback):
                    callback()
                peer.write(f"raised {os.getpid()}\n".encode())
                peer.flush()
                peer.waitForBytesWritten(1000)
            peer.disconnectFromServer()
            peer.deleteLater()


def ask_first_copy(name: str) -> str | None:
    """Send ``raise`` to the copy serving ``name``: its answer, or None when none answers."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(1000):
        return None
    socket.write(b"raise\n")
    socket.flush()
    if not socket.waitForReadyRead(ANSWER_MS):
        return None
    return bytes(socket.readAll().data()).decode(errors="replace").strip()


def claim(raise_window: object, parent: QObject | None = None) -> SingleInstance | int:
    """This copy's instance, or the exit code for this copy after stderr says why it does not
    run: 0 when the first copy raised its window, 1 when it holds the lock but does not answer.
    Needs the QApplication."""
    name = instance_name()
    lock = QLockFile(str(_runtime_dir() / f"{name}.lock"))
    lock.setStaleLockTime(0)  # stale only when its holder's pid is gone, however long it ran
    deadline = time.monotonic() + START_WAIT_S
    while True:
        if lock.tryLock(0):
            return SingleInstance(lock, name, raise_window, parent)
        answer = ask_first_copy(name)
        if answer is not None:
            pid = answer.split()[-1] if answer.startswith("raised") else "?"
            print(f"rtcc-desktop: already running for this user and {config_dir()} (pid {pid}); "
                  "its window was raised", file=sys.stderr)
            return 0
        if time.monotonic() > deadline:
            print(f"rtcc-desktop: another copy holds {lock.fileName()} but does not answer on its "
                  "socket; not starting a second one", file=sys.stderr)
            return 1
        time.sleep(0.1)  # the first copy is between its lock and its listen


def raise_and_activate(window: QWidget | None) -> None:
    if window is None:
        return
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
