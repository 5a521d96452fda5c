"""Locks the session after a period without keyboard or mouse input.

It watches each top-level *window* (QWindow), not the application: a Python
application-wide event filter crashes PySide when QtWebEngine creates internal
QObjects (their half-built wrappers re-enter the filter), as the map did.
A window's filter sees every key and mouse event for the widgets inside it.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatch(QObject):
    idle = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None):
        super().__init__(parent)
        self.limit_s = minutes * 60
        self._last = time.monotonic()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._check)
        self._timer.start(1000)

    def watch(self, app: QGuiApplication) -> None:
        """Watch every window that exists now or ever gets the focus (dialogs, a detached wall)."""
        for window in app.topLevelWindows():
            self._watch(window)
        app.focusWindowChanged.connect(self._watch)

    def _watch(self, window: QWindow | None) -> None:
        if window is None or window.property("rtccIdleWatched"):
            return
        window.setProperty("rtccIdleWatched", True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._last = time.monotonic()
        return False

    def reset(self) -> None:
        self._last = time.monotonic()

    def _check(self) -> None:
        if time.monotonic() - self._last >= self.limit_s:
            self._last = time.monotonic()
            self.idle.emit()
