"""Escalations: supervisors decide (with a mandatory reason); operators follow theirs.

Operators get no decision controls at all; the server refuses them too (403)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import Escalation, EscalationKind, EscalationStatus, Role
from rtcc_desktop.session import Session
from ui.background import run_in_background
from ui.errors import describe


def describe_escalation(e: Escalation) -> str:
    what = (QCoreApplication.translate("EscalationsView", "request {request_id}").format(request_id=e.request_id)
            if e.request_id is not None else
            QCoreApplication.translate("EscalationsView", "emergency live view of camera {camera_id}").format(
                camera_id=e.camera_id))
    line = QCoreApplication.translate(
        "EscalationsView", "#{id} {status} — case {case_number}: {what} by {user}").format(
        id=e.id, status=e.status.value.upper(), case_number=e.case_number, what=what, user=e.requested_by)
    if e.reasons:
        line += QCoreApplication.translate("EscalationsView", "\n   beyond limits: ") + "; ".join(e.reasons)
    line += QCoreApplication.translate("EscalationsView", "\n   justification: {justification}").format(
        justification=e.justification)
    if e.decided_by:
        line += QCoreApplication.translate("EscalationsView", "\n   {status} by {user}: {reason}").format(
            status=e.status.value, user=e.decided_by, reason=e.decision_reason)
    if e.owner_response:
        line += QCoreApplication.translate("EscalationsView", "\n   owner {response}").format(response=e.owner_response)
    if live_access_open(e) and e.live_until is not None:
        line += QCoreApplication.translate("EscalationsView", " — live view until {time}").format(
            time=e.live_until.astimezone().strftime("%H:%M"))
    return line


def live_access_open(e: Escalation, now: datetime | None = None) -> bool:
    """An approved emergency live view the owner consented to, and still running."""
    return (e.kind is EscalationKind.exigent_live and e.status is EscalationStatus.approved
            and e.owner_response == "consented" and e.live_until is not None
            and e.live_until > (now or datetime.now(UTC)))


class EscalationsView(QWidget):
    error = Signal(object)
    new_escalation = Signal(object)  # Escalation, for notifications
    live_access_granted = Signal(object)  # Escalation: an emergency live view just became watchable
    show_on_wall = Signal(int, str, str)  # camera id, case number, purpose (the escalation's justification)
    pending_changed = Signal(int)  # escalations waiting for a supervisor

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.can_decide = session.role is Role.supervisor
        self.items = QListWidget()
        self.items.setObjectName("escalationsList")
        self.items.setAccessibleName(self.tr("Escalations"))
        self.items.setWordWrap(True)
        layout = QVBoxLayout(self)
        title = self.tr("Escalation inbox") if self.can_decide else self.tr("My escalations (a supervisor decides)")
        layout.addWidget(QLabel(title))
        layout.addWidget(self.items, 1)
        self.reason = QLineEdit()
        self.reason.setAccessibleName(self.tr("Reason for the decision"))
        self.reason.setPlaceholderText(self.tr("Reason for the decision (required, goes to the audit trail)"))
        self.approve = QPushButton(self.tr("Approve"))
        self.deny = QPushButton(self.tr("Deny"))
        self.feedback = QLabel()
        self.feedback.setObjectName("errorText")
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        # Anyone may watch an emergency live view that was granted (the server checks the case).
        self.wall_button = QPushButton(self.tr("Show on wall"))
        self.wall_button.setToolTip(self.tr("Open this emergency live view on the wall, under the escalation's case "
                                            "number"))
        self.wall_button.setEnabled(False)
        self.wall_button.clicked.connect(self._show_on_wall)
        self.items.currentItemChanged.connect(lambda *_: self._update_buttons())
        wall_row = QHBoxLayout()
        wall_row.addStretch(1)
        wall_row.addWidget(self.wall_button)
        layout.addLayout(wall_row)
        if self.can_decide:  # operators get no decision controls at all
            row = QHBoxLayout()
            row.addWidget(self.reason, 1)
            row.addWidget(self.approve)
            row.addWidget(self.deny)
            layout.addLayout(row)
            layout.addWidget(self.feedback)
            self.approve.clicked.connect(lambda: self.decide(True))
            self.deny.clicked.connect(lambda: self.decide(False))
        self._known: set[int] = set()
        self._open_access: set[int] = set()
        self.loaded = False  # the first answer has arrived (what was open then is not news)

    def reload(self) -> None:
        run_in_background(self.session.client.list_escalations, lambda page: self.show_escalations(page.items),
                          self.error.emit, owner=self)

    def show_escalations(self, escalations: list[Escalation]) -> None:
        current = self.selected()
        self.items.clear()
        for e in escalations:
            item = QListWidgetItem(describe_escalation(e))
            item.setData(Qt.ItemDataRole.UserRole, e)
            self.items.addItem(item)
            if current is not None and e.id == current.id:
                self.items.setCurrentItem(item)
            if e.id not in self._known and e.status is EscalationStatus.pending and self._known:
                self.new_escalation.emit(e)
        now = datetime.now(UTC)
        open_now = {e.id for e in escalations if live_access_open(e, now)}
        for e in escalations:
            if self.loaded and e.id in open_now - self._open_access:
                self.live_access_granted.emit(e)
        self._open_access = open_now
        self.loaded = True
        self.pending_changed.emit(sum(1 for e in escalations if e.status is EscalationStatus.pending))
        self._known = {e.id for e in escalations} | {0}
        self._update_buttons()

    def _update_buttons(self) -> None:
        e = self.selected()
        self.wall_button.setEnabled(e is not None and live_access_open(e))
        # Separation of duties: whoever filed an escalation does not decide it (the server refuses too).
        own = e is not None and e.requested_by == self.session.username
        decidable = e is not None and e.status is EscalationStatus.pending and not own
        why = self.tr("You filed this escalation: another supervisor decides it.") if own else ""
        for button in (self.approve, self.deny):
            button.setEnabled(decidable)
            button.setToolTip(why)

    def _show_on_wall(self) -> None:
        e = self.selected()
        if e is not None and e.camera_id is not None and live_access_open(e):
            self.show_on_wall.emit(e.camera_id, e.case_number, e.justification)

    def selected(self) -> Escalation | None:
        item = self.items.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def decide(self, approve: bool) -> None:
        escalation = self.selected()
        reason = self.reason.text().strip()
        if escalation is None:
            self.feedback.setText(self.tr("Select an escalation first."))
            return
        if len(reason) < 5:
            self.feedback.setText(self.tr("Write the reason for your decision (at least 5 characters)."))
            return
        client = self.session.client

        def done(_e: Escalation) -> None:
            self.feedback.clear()
            self.reason.clear()
            self.reload()

        run_in_background(lambda: client.decide_escalation(escalation.id, approve, reason), done,
                          lambda exc: self.feedback.setText(describe(exc)), owner=self)


def notify(parent: QWidget, escalation: Escalation) -> None:
    """Desktop notification for a supervisor: alert the window and say it in the status bar."""
    QApplication.alert(parent.window(), 0)
    desktop = getattr(parent.window(), "notify", None)  # MainWindow's: it names nothing while locked
    if desktop is not None:
        desktop(QCoreApplication.translate("EscalationsView", "New escalation"),
                QCoreApplication.translate("EscalationsView", "Case {case_number} needs a supervisor decision.").format(
                    case_number=escalation.case_number))
