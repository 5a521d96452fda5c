"""The lock screen: covers the whole window; the password unlocks it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget


class LockScreen(QFrame):
    unlock_requested = Signal(str)  # password
    switch_user_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        title = QLabel(self.tr("Session locked"))
        title.setObjectName("lockTitle")
        self.who = QLabel()
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setAccessibleName(self.tr("Password"))
        self.password.setMaximumWidth(320)
        self.password.returnPressed.connect(self._unlock)
        unlock = QPushButton(self.tr("Unlock"))
        unlock.setObjectName("primary")
        unlock.clicked.connect(self._unlock)
        switch = QPushButton(self.tr("Sign in as someone else"))
        switch.clicked.connect(self.switch_user_requested)
        self.message = QLabel()
        self.message.setObjectName("errorText")
        for label in (self.who, self.message):  # the backend's words and names: text, never markup
            label.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.password)
        row.addWidget(unlock)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        for w in (title, self.who):
            layout.addWidget(w, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(row)
        layout.addWidget(self.message, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(switch, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch()

    def prepare(self, username: str, reason: str) -> None:
        self.who.setText(self.tr("Signed in as {username}. {reason} Video "
                                 "is paused and panels are hidden.").format(username=username, reason=reason))
        self.message.clear()
        self.password.clear()
        self.password.setFocus()

    def _unlock(self) -> None:
        if self.password.text():
            self.unlock_requested.emit(self.password.text())

    def set_busy(self, busy: bool) -> None:
        self.password.setEnabled(not busy)
        if busy:
            self.message.setText(self.tr("Checking…"))

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.password.setFocus()
        self.password.selectAll()
