"""Status bar: backend and live-connection state, signed-in user and role, clock."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, Qt, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

_STATES = {
    "connecting": (QT_TRANSLATE_NOOP("StatusBar", "● connecting…"), "connWarn"),
    "connected": (QT_TRANSLATE_NOOP("StatusBar", "● live"), "connOk"),
    "reconnecting": (QT_TRANSLATE_NOOP("StatusBar", "● reconnecting…"), "connWarn"),
    "offline": (QT_TRANSLATE_NOOP("StatusBar", "● offline"), "connBad"),
    "expired": (QT_TRANSLATE_NOOP("StatusBar", "● signed out"), "connBad"),
}


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.backend = QLabel()
        self.connection = QLabel()
        self.connection.setObjectName("connection")
        self.user = QLabel()
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        for w in (self.backend, self.connection, self.user, self.clock):
            w.setTextFormat(Qt.TextFormat.PlainText)  # names and words from the backend: never markup
            self.addPermanentWidget(w)
        self.set_connection("offline")
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._tick()

    def _tick(self) -> None:
        # 24-hour clock with seconds: shift logs and radio traffic use it.
        self.clock.setText(QDateTime.currentDateTime().toString("yyyy-MM-dd HH:mm:ss"))

    def set_backend(self, url: str, environment: str) -> None:
        self.backend.setText(f"{url}  ({environment})")

    def set_user(self, username: str, role: str) -> None:
        self.user.setText(f"{username} · {role}")

    def set_connection(self, state: str) -> None:
        text, name = _STATES.get(state, (f"● {state}", "connWarn"))
        self.connection.setText(self.tr(text) if state in _STATES else text)
        self.connection.setObjectName(name)
        self.connection.style().polish(self.connection)
        self.connection.setToolTip(self.tr("Live updates from the backend: {state}").format(state=state))
