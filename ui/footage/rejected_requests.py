"""The requests the backend refused for good: each with its reason, to edit and resend or discard.

Shown above the queue only while there are some, so a refusal cannot go unnoticed
after its status-bar message is gone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from rtcc_desktop.footage.outbox import RejectedEntry


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _plain(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the backend's words are text, never markup
    label.setWordWrap(True)
    return label


class RejectedRow(QWidget):
    edit_clicked = Signal(object)  # RejectedEntry
    discard_clicked = Signal(object)

    def __init__(self, entry: RejectedEntry, parent: QWidget | None = None):
        super().__init__(parent)
        self.entry = entry
        body = entry.body
        when = entry.rejected_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.title = _plain(self.tr("Case {case_number} — {cameras}, refused {when}").format(
            case_number=body.case_number, cameras=_count(len(body.camera_ids), "camera"), when=when))
        self.reason = _plain(entry.reason or self.tr("The backend gave no reason."))
        self.reason.setObjectName("errorText")
        self.edit = QPushButton(self.tr("Edit and resend…"))
        self.edit.clicked.connect(lambda: self.edit_clicked.emit(self.entry))
        self.discard = QPushButton(self.tr("Discard…"))
        self.discard.clicked.connect(lambda: self.discard_clicked.emit(self.entry))
        text = QVBoxLayout()
        text.setContentsMargins(0, 0, 0, 0)
        text.addWidget(self.title)
        text.addWidget(self.reason)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addLayout(text, 1)
        row.addWidget(self.edit)
        row.addWidget(self.discard)


class RejectedRequests(QFrame):
    edit_requested = Signal(object)  # RejectedEntry: open it in the new-request dialog
    discard_confirmed = Signal(object)  # RejectedEntry: the operator confirmed throwing it away

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rejectedRequests")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.heading = QLabel()
        self.rows: list[RejectedRow] = []
        self.confirm: QMessageBox | None = None  # the open "Discard?" question, if any
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.heading)
        self.setVisible(False)

    def show_entries(self, entries: list[RejectedEntry]) -> None:
        if [r.entry for r in self.rows] == entries:
            return
        for row in self.rows:
            self._layout.removeWidget(row)
            row.deleteLater()
        self.rows = []
        for entry in entries:
            row = RejectedRow(entry, self)
            row.edit_clicked.connect(self.edit_requested.emit)
            row.discard_clicked.connect(self.ask_discard)
            self._layout.addWidget(row)
            self.rows.append(row)
        self.heading.setText(self.tr("{count} refused by the backend: fix and resend, or discard.").format(
            count=_count(len(entries), 'request')))
        self.setVisible(bool(entries))

    def ask_discard(self, entry: RejectedEntry) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard refused request?"),
                          self.tr("Discard the refused request for case {case_number}? It will not be sent.").format(
                              case_number=entry.body.case_number),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setTextFormat(Qt.TextFormat.PlainText)

        def answered(_result: int) -> None:
            self.confirm = None
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Discard):
                self.discard_confirmed.emit(entry)

        box.finished.connect(answered)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.confirm = box
        box.open()
