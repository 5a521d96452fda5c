"""The Requests panel: the queue of footage requests, their details, and new requests."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.errors import BackendError, SessionExpired
from rtcc_desktop.api.schemas import (
    Camera,
    ExigentRequest,
    FootageItem,
    FootageRequest,
    FootageRequestCreate,
    RequestStatus,
)
from rtcc_desktop.footage.custody import deliver_footage
from rtcc_desktop.footage.outbox import Outbox, RejectedEntry
from rtcc_desktop.footage.sending import SendReport, send_pending
from rtcc_desktop.session import Session
from ui.background import ProgressRelay, run_in_background
from ui.errors import describe
from ui.footage.exigent_dialog import ExigentDialog
from ui.footage.new_request_dialog import NewRequestDialog
from ui.footage.rejected_requests import RejectedRequests
from ui.footage.request_details import RequestDetails
from ui.footage.request_model import RequestFilter, RequestTableModel, status_text


class RequestsPanel(QWidget):
    error = Signal(object)  # an exception for the main window's status bar
    message = Signal(str)

    def __init__(self, session: Session, outbox: Outbox, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.outbox = outbox
        self.cameras: dict[int, Camera] = {}
        self.model = RequestTableModel(self)

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Status filter"))
        self.status_filter.addItem(self.tr("All statuses"), None)
        for status in RequestStatus:
            self.status_filter.addItem(status_text(status), status)
        self.case_filter = QLineEdit()
        self.case_filter.setAccessibleName(self.tr("Case number filter"))
        self.case_filter.setPlaceholderText(self.tr("Case number"))
        self.search = QLineEdit()
        self.search.setAccessibleName(self.tr("Search the queue"))
        self.search.setPlaceholderText(self.tr("Search case, reason, requester (Ctrl+F)"))
        self.mine = QCheckBox(self.tr("Mine only"))
        self.new_button = QPushButton(self.tr("New request…"))
        self.new_button.setObjectName("primary")
        self.new_button.setToolTip(self.tr("Ctrl+N"))
        self.new_button.clicked.connect(lambda: self.new_request())
        self.outbox_label = QLabel()
        self.outbox_label.setObjectName("hintText")
        bar = QHBoxLayout()
        for w in (self.status_filter, self.case_filter, self.search, self.mine):
            bar.addWidget(w)
        self.exigent_button = QPushButton(self.tr("Emergency live view…"))
        self.exigent_button.setToolTip(self.tr("Ask a supervisor for live video of a camera that is not live-shared"))
        self.exigent_button.clicked.connect(lambda: self.ask_exigent())
        bar.addStretch()
        bar.addWidget(self.outbox_label)
        bar.addWidget(self.exigent_button)
        bar.addWidget(self.new_button)

        self.table = QTableView()
        self.table.setObjectName("requestsTable")
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Footage requests"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move within it)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        # Fixed rows and no row header keep a reset O(visible rows) with 100,000 requests.
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((150, 120, 70, 150, 80, 70, 110, 100)):
            self.table.setColumnWidth(column, width)
        # Ages and due times are computed when painted: repaint so they never go stale.
        self._repaint = QTimer(self)
        self._repaint.timeout.connect(self.table.viewport().update)
        self._repaint.start(10_000)
        self.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # newest first, and the header says so
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.details = RequestDetails()
        self.details.download_requested.connect(self.download)
        self.details.cancel_requested.connect(self.cancel)
        self.model.modelReset.connect(self._reselect)
        self.model.dataChanged.connect(lambda *_: self._refresh_details())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([500, 300])
        self.rejected_view = RejectedRequests()
        self.rejected_view.edit_requested.connect(self.edit_rejected)
        self.rejected_view.discard_confirmed.connect(self.discard_rejected)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.rejected_view)
        layout.addWidget(split, 1)

        for w in (self.case_filter, self.search):
            w.textChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.mine.toggled.connect(self._apply_filter)
        # What's This: the words Help → Keyboard shortcuts lists them by.
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_request).setWhatsThis(self.tr("New footage request"))
        # Ctrl+F finds in the panel that has focus (the map has its own search).
        find = QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # the constructor ignores context= here
        find.setWhatsThis(self.tr("Search the queue"))
        # This panel's alone (the Training panel's F5 starts a drill): bound window-wide twice,
        # a key does nothing at all.
        reload = QShortcut(QKeySequence("F5"), self, activated=self.reload)
        reload.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reload.setWhatsThis(self.tr("Reload the queue"))
        self._retry = QTimer(self)
        self._retry.timeout.connect(self.flush_outbox)
        self._retry.start(15_000)
        self._selected_id: int | None = None
        self._flushing = False  # one outbox send at a time
        self._not_before = 0.0  # monotonic time before which the backend asked us not to send
        self._legacy_told = False
        self.resend_dialog: NewRequestDialog | None = None  # the open "Edit and resend" dialog
        self._update_outbox_label()

    # --- loading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        client = self.session.client
        run_in_background(client.all_requests, self._requests_loaded, self.error.emit, owner=self)
        run_in_background(client.all_cameras, self._cameras_loaded, self.error.emit, owner=self)
        if self.outbox.legacy_leftovers and not self._legacy_told:
            self._legacy_told = True
            self.message.emit(self.tr("An older outbox folder ({legacy_folder}) holds {n_legacy_leftovers} "
                                      "file(s) that are not sent automatically: it may hold other users' "
                                      "requests.").format(
                legacy_folder=self.outbox.legacy_folder, n_legacy_leftovers=len(self.outbox.legacy_leftovers)))
        self.flush_outbox()

    def _requests_loaded(self, requests: list[FootageRequest]) -> None:
        self.model.set_requests(requests)

    def _cameras_loaded(self, cameras: list[Camera]) -> None:
        self.cameras = {c.id: c for c in cameras}

    def on_request_event(self, data: dict[str, object]) -> None:
        try:
            self.model.upsert(FootageRequest.model_validate(data))
        except ValueError as exc:
            self.message.emit(self.tr("Ignored a malformed request update from the backend: {exc}").format(exc=exc))

    # --- filtering and selection ---------------------------------------------------------------------
    def _apply_filter(self) -> None:
        status = self.status_filter.currentData()
        self.model.set_filter(RequestFilter(
            status=status, case_number=self.case_filter.text().strip().upper(),
            mine_user=self.session.username if self.mine.isChecked() else None, text=self.search.text().strip()))

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = selected.indexes()
        request = self.model.request_at(rows[0].row()) if rows else None
        self._selected_id = request.id if request else None
        self.details.show_request(request)

    def _reselect(self) -> None:
        # A live update rebuilt the view: keep the operator's selection on the same request.
        row = self.model.row_of(self._selected_id) if self._selected_id is not None else None
        if row is not None:
            self.table.selectRow(row)
        self._refresh_details()

    def _refresh_details(self) -> None:
        if self._selected_id is None:
            return
        row = self.model.row_of(self._selected_id)
        current = self.model.request_at(row) if row is not None else None
        if current is not None and current != self.details.request:
            self.details.show_request(current)

    # --- new requests and the outbox -----------------------------------------------------------------------
    def new_request(self, camera_ids: list[int] | None = None, incident: tuple[float, float] | None = None) -> None:
        dialog = NewRequestDialog(lambda ids: [self.cameras[i] for i in ids if i in self.cameras],
                                  camera_ids=camera_ids, incident=incident, parent=self)
        dialog.submitted.connect(self.submit)
        dialog.open()

    def submit(self, body: FootageRequestCreate) -> None:
        self.outbox.put(body)  # on disk first: nothing typed is lost, whatever happens next
        self._update_outbox_label()
        self.flush_outbox()

    def edit_rejected(self, entry: RejectedEntry) -> None:
        dialog = NewRequestDialog(lambda ids: [self.cameras[i] for i in ids if i in self.cameras],
                                  prefill=entry.body, parent=self)
        dialog.submitted.connect(lambda body: self.resubmit(entry, body))
        self.resend_dialog = dialog
        dialog.open()

    def resubmit(self, entry: RejectedEntry, body: FootageRequestCreate) -> None:
        self.outbox.resend(entry, body)  # queued on disk before the refused one goes
        self._update_outbox_label()
        self.flush_outbox()

    def discard_rejected(self, entry: RejectedEntry) -> None:
        self.outbox.discard(entry)
        self._update_outbox_label()

    def flush_outbox(self) -> None:
        if len(self.outbox) == 0 or self._flushing or time.monotonic() < self._not_before:
            return
        self._flushing = True
        client, outbox = self.session.client, self.outbox
        run_in_background(lambda: send_pending(client, outbox), self._flushed, self._flush_failed, owner=self)

    def _flushed(self, report: SendReport) -> None:
        self._flushing = False
        for request in report.sent:
            self.model.upsert(request)
        for entry in report.rejected:
            self.message.emit(self.tr("The backend refused the request for case {case_number}: {reason}").format(
                case_number=entry.body.case_number, reason=entry.reason))
        if report.retry_after:  # the backend said when: not before, whatever the timer or a new request says
            self._not_before = time.monotonic() + report.retry_after
            QTimer.singleShot(int(report.retry_after * 1000) + 50, self.flush_outbox)
        if isinstance(report.error, SessionExpired):
            self.error.emit(report.error)  # the window asks to sign in again; the requests stay queued
        elif report.problem:
            self.message.emit(self.tr("{waiting} request(s) kept in the outbox: {problem}").format(
                waiting=report.waiting, problem=report.problem))
        elif report.sent:
            self.message.emit(self.tr("Sent {n_sent} footage request(s).").format(n_sent=len(report.sent)))
        if report.set_aside:  # a request someone typed is not going out: say so, and where it is
            self.message.emit(self.tr("{n_set_aside} queued request file(s) were not sent: unreadable or "
                                      "queued by another user or backend. They are kept in {folder} "
                                      "(.damaged, .foreign) for your administrator.").format(
                n_set_aside=len(report.set_aside), folder=self.outbox.folder))
        self._update_outbox_label()

    def _flush_failed(self, exc: BaseException) -> None:
        self._flushing = False
        self.error.emit(exc)
        self._update_outbox_label()

    def _update_outbox_label(self) -> None:
        n = len(self.outbox)
        self.outbox_label.setText(self.tr("{count} waiting to be sent").format(count=n) if n else "")
        self.rejected_view.show_entries(self.outbox.rejected())

    def ask_exigent(self, camera_id: int | None = None) -> None:
        dialog = ExigentDialog(camera_id, parent=self)
        client = self.session.client

        def send(body: ExigentRequest) -> None:
            run_in_background(lambda: client.request_exigent(body),
                              lambda e: self.message.emit(self.tr("Emergency request #{id} sent to a "
                                                                  "supervisor.").format(
                                  id=e.id)),
                              self.error.emit, owner=self)

        dialog.submitted.connect(send)
        dialog.open()

    # --- actions on a request ----------------------------------------------------------------------------------
    def cancel(self, request: FootageRequest) -> None:
        client = self.session.client
        run_in_background(lambda: client.cancel_request(request.id), self.model.upsert, self.error.emit, owner=self)

    def download(self, request: FootageRequest, item: FootageItem, folder: Path | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Save footage to"))
            if not chosen:
                return
            folder = Path(chosen)
        relay = ProgressRelay(self)
        relay.progressed.connect(self.details.set_progress)
        session, chosen_folder = self.session, folder

        def work() -> Path:
            return deliver_footage(session.client, request, item, chosen_folder, session.username,
                                   session.profile.url, progress=relay.report)

        def done(saved: Path) -> None:
            self.details.set_result(self.tr("Saved and verified (sha256 matches): {saved}").format(
                saved=saved), ok=True)
            relay.deleteLater()

        def failed(exc: BaseException) -> None:
            self.details.set_result(describe(exc), ok=False)
            relay.deleteLater()
            if not isinstance(exc, BackendError):
                self.error.emit(exc)

        run_in_background(work, done, failed, owner=self)
