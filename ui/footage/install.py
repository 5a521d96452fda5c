"""Puts the Requests panel (queue + escalations) into the main window and feeds it events."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from rtcc_desktop.api.schemas import Role, ServerEvent
from rtcc_desktop.config import data_dir
from rtcc_desktop.footage.outbox import Outbox, OutboxOwner
from ui.footage.audit_view import AuditView
from ui.footage.escalations_view import EscalationsView, notify
from ui.footage.requests_panel import RequestsPanel
from ui.main_window import MainWindow


class RequestsDock(QTabWidget):
    def __init__(self, window: MainWindow):
        super().__init__()
        session = window.session
        # One outbox per user and backend: a shared workstation never sends someone else's request.
        owner = OutboxOwner(session.username, session.profile.url)
        self.requests = RequestsPanel(session, Outbox.for_account(data_dir() / "outbox", owner))
        self.escalations = EscalationsView(session)
        self.addTab(self.requests, self.tr("Footage requests"))
        self.addTab(self.escalations, self.tr("Escalations"))
        # The tab says how many wait for a decision, so nobody has to open it to find out.
        self.escalations.pending_changed.connect(lambda n: self.setTabText(
            self.indexOf(self.escalations), f"Escalations ({n} pending)" if n else "Escalations"))
        self.audit: AuditView | None = None
        # Supervisors read the trail; trainers only on a training backend, for debriefs (the server
        # refuses everyone else).
        if session.role is Role.supervisor or (session.role is Role.trainer and session.is_training):
            self.audit = AuditView(session)
            self.addTab(self.audit, self.tr("Audit"))
        for source in (self.requests, self.escalations):
            source.error.connect(window.report_error)
        self.requests.message.connect(lambda text: window.status.showMessage(text, 15_000))
        if session.role is Role.supervisor:  # supervisors decide, so they are the ones alerted
            self.escalations.new_escalation.connect(lambda e: (
                notify(window, e), window.status.showMessage(self.tr("New escalation for case {case_number}").format(
                    case_number=e.case_number), 30_000)))
        window.server_event.connect(self.on_event)
        window.events.state.connect(self._on_connection)

    def on_event(self, event: ServerEvent) -> None:
        if event.type == "request.updated":
            self.requests.on_request_event(event.data)
        elif event.type.startswith("escalation."):
            self.escalations.reload()

    def _on_connection(self, state: str) -> None:
        if state == "connected":  # the backend is back: send what waited, catch up on what changed
            self.requests.flush_outbox()

    def reload(self) -> None:
        self.requests.reload()
        self.escalations.reload()
        if self.audit is not None:
            self.audit.reload()


def install_requests_panel(window: MainWindow) -> RequestsDock:
    dock = RequestsDock(window)
    window.set_panel("requestsPanel", "Requests", dock)
    dock.reload()
    return dock
