"""Audit trail viewer (supervisors, trainers): filter, export CSV, transparency report."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import AuditEvent, FootageRequest
from rtcc_desktop.footage.csv_safe import write_rows
from rtcc_desktop.footage.transparency import build_report, to_csv, to_html
from rtcc_desktop.session import Session
from ui.background import run_in_background
from ui.errors import describe
from ui.footage.audit_model import HEADERS, AuditTableModel, audit_row

STALE_S = 2.0  # shown again after this long, the trail reloads: a supervisor must not read an old one

def fetch_audit(session: Session, since: datetime, until: datetime, **filters: str | None) -> list[AuditEvent]:
    """Every page of the audit trail for the filters (blocking)."""
    events: list[AuditEvent] = []
    cursor: str | None = None
    while True:
        page = session.client.list_audit(since=since, until=until, limit=5000, cursor=cursor, **filters)
        events += page.items
        if not page.next_cursor:
            return events
        cursor = page.next_cursor


def _day(edit: QDateEdit, end: bool = False) -> datetime:
    d = edit.date().toPython()
    start = datetime(d.year, d.month, d.day, tzinfo=UTC)  # type: ignore[union-attr]
    return start + timedelta(days=1) if end else start


class AuditView(QWidget):
    error = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.actor, self.action, self.case = QLineEdit(), QLineEdit(), QLineEdit()
        for edit, hint in ((self.actor, self.tr("User")),
                           (self.action, self.tr("Action (e.g. stream, request.create)")),
                           (self.case, self.tr("Case number"))):
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(hint)
            edit.returnPressed.connect(self.reload)
        today = QDate.currentDate()
        self.since, self.until = QDateEdit(today.addDays(-7)), QDateEdit(today)
        self.since.setAccessibleName(self.tr("From day"))
        self.until.setAccessibleName(self.tr("To day"))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        for edit in (self.actor, self.action, self.case):
            edit.setMinimumWidth(110)  # the placeholder says what the field filters
        search = QPushButton(self.tr("Search"))
        search.clicked.connect(self.reload)
        export = QPushButton(self.tr("Export CSV…"))
        export.clicked.connect(lambda: self.export_csv())
        report = QPushButton(self.tr("Transparency report…"))
        report.clicked.connect(lambda: self.export_report())
        # Two rows: on one, a panel half the screen wide squeezed the filters to "U…", "A…", "C…".
        filters = QHBoxLayout()
        for w in (self.actor, self.action, self.case):
            filters.addWidget(w, 1)
        dates = QHBoxLayout()
        for w in (QLabel(self.tr("from")), self.since, QLabel(self.tr("to")), self.until, search):
            dates.addWidget(w)
        dates.addStretch(1)
        dates.addWidget(export)
        dates.addWidget(report)
        self.model = AuditTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Audit trail"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move within it)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        metrics = self.table.fontMetrics()  # fixed widths: measuring every row of a year is not free
        for column, sample in enumerate(("2026-11-27 03:34:30", "supervisor", "supervisor", "escalation.create",
                                         "success", "2026-004417", "camera:12345")):
            self.table.setColumnWidth(column, metrics.horizontalAdvance(sample) + 18)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self._loaded_at = float("-inf")
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(dates)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    @property
    def events(self) -> list[AuditEvent]:
        return self.model.events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if time.monotonic() - self._loaded_at > STALE_S:
            self.reload()

    def reload(self) -> None:
        session, since, until = self.session, _day(self.since), _day(self.until, end=True)
        filters = {"actor": self.actor.text().strip() or None, "action": self.action.text().strip() or None,
                   "case_number": self.case.text().strip() or None}
        self.status.setText(self.tr("Loading…"))
        run_in_background(lambda: fetch_audit(session, since, until, **filters), self.show_events,
                          lambda exc: self.status.setText(describe(exc)), owner=self)

    def show_events(self, events: list[AuditEvent]) -> None:
        self._loaded_at = time.monotonic()
        self.model.replace_all(events)
        self.status.setText((self.tr("{count:,} audit entry") if len(events) == 1
                             else self.tr("{count:,} audit entries")).format(count=len(events)))

    def export_csv(self, path: Path | None = None) -> Path | None:
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export audit "
                                                                  "trail"), "audit.csv", self.tr("CSV (*.csv)"))
            if not chosen:
                return None
            path = Path(chosen)
        with path.open("w", newline="", encoding="utf-8") as f:
            write_rows(f, [HEADERS, *([e.at.isoformat(), *audit_row(e)[1:]] for e in self.events)])
        self.status.setText(self.tr("Exported {n_events} entries to {path}").format(
            n_events=len(self.events), path=path))
        return path

    def export_report(self, folder: Path | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Save the transparency report to"))
            if not chosen:
                return
            folder = Path(chosen)
        session, since, until = self.session, _day(self.since), _day(self.until, end=True)

        def work() -> Path:
            audit = fetch_audit(session, since, until)
            requests: list[FootageRequest] = session.client.all_requests()
            report = build_report(since, until, audit, requests)
            stem = folder / f"transparency-{since:%Y%m%d}-{until - timedelta(days=1):%Y%m%d}"
            stem.with_suffix(".csv").write_text(to_csv(report), encoding="utf-8")
            stem.with_suffix(".html").write_text(to_html(report), encoding="utf-8")
            return stem.with_suffix(".html")

        self.status.setText(self.tr("Building the transparency report…"))
        run_in_background(work, lambda p: self.status.setText(self.tr("Transparency report written: {p} (and "
                                                                      ".csv)").format(
            p=p)),
                          lambda exc: self.status.setText(describe(exc)), owner=self)
