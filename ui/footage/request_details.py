"""One request in detail: its timeline, its footage (download + verify), cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import FootageItem, FootageRequest, RequestStatus
from ui.footage.request_model import status_text

CANCELLABLE = {RequestStatus.pending_owner, RequestStatus.needs_supervisor}


class RequestDetails(QWidget):
    download_requested = Signal(object, object)  # FootageRequest, FootageItem
    cancel_requested = Signal(object)  # FootageRequest

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.request: FootageRequest | None = None
        self.summary = QLabel(self.tr("Select a request to see its details."))
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # reasons are typed by people: never rich text
        self.summary.setWordWrap(True)
        self.timeline = QListWidget()
        self.timeline.setAccessibleName(self.tr("Request history"))
        self.timeline.setObjectName("timeline")
        self.footage = QListWidget()
        self.footage.setAccessibleName(self.tr("Footage files"))
        self.footage.setObjectName("footageList")
        self.download = QPushButton(self.tr("Download footage…"))
        self.download.clicked.connect(self._download)
        self.cancel = QPushButton(self.tr("Cancel request"))
        self.cancel.clicked.connect(lambda: self.request and self.cancel_requested.emit(self.request))
        self.progress = QProgressBar()
        self.progress.hide()
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download)
        buttons.addWidget(self.cancel)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("Timeline")))
        layout.addWidget(self.timeline, 1)
        layout.addWidget(QLabel(self.tr("Footage")))
        layout.addWidget(self.footage, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.result)
        self.show_request(None)

    def show_request(self, request: FootageRequest | None) -> None:
        self.request = request
        self.timeline.clear()
        self.footage.clear()
        if request is None:
            self.summary.setText(self.tr("Select a request to see its details."))
            self.download.setEnabled(False)
            self.cancel.setEnabled(False)
            return
        reasons = self.tr("\nBeyond limits: ") + "; ".join(request.limit_reasons) if request.limit_reasons else ""
        self.summary.setText(
            self.tr("Case {case_number} — {status}\n{n_camera_ids} camera(s) within {radius_m:.0f} m, window "
                    "{window_start:%Y-%m-%d %H:%M}–{window_end:%H:%M} UTC\nOwners: {owners_approved} shared, "
                    "{owners_declined} declined, {owners_pending} not yet answered\nReason: {reason}{reasons}").format(
                case_number=request.case_number, status=status_text(request.status),
                n_camera_ids=len(request.camera_ids), radius_m=request.radius_m, window_start=request.window_start,
                window_end=request.window_end, owners_approved=request.owners_approved,
                owners_declined=request.owners_declined, owners_pending=request.owners_pending, reason=request.reason,
                reasons=reasons)
        )
        for entry in request.timeline:
            note = f" — {entry.note}" if entry.note else ""
            self.timeline.addItem(f"{entry.at:%Y-%m-%d %H:%M:%S}  {status_text(entry.status)}{note}")
        for item in request.footage:
            text = f"Camera {item.camera_id}: {item.size_bytes / 1e6:.2f} MB, sha256 {item.sha256[:16]}…"
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item)
            self.footage.addItem(row)
        if request.footage:
            self.footage.setCurrentRow(0)
        self.download.setEnabled(bool(request.footage))
        self.cancel.setEnabled(request.status in CANCELLABLE)

    def _download(self) -> None:
        row = self.footage.currentItem()
        if self.request is None or row is None:
            return
        item: FootageItem = row.data(Qt.ItemDataRole.UserRole)
        self.download_requested.emit(self.request, item)

    def set_progress(self, done: int, total: int) -> None:
        self.progress.show()
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def set_result(self, text: str, ok: bool) -> None:
        self.progress.hide()
        self.result.setObjectName("" if ok else "errorText")
        self.result.setText(text)
        self.result.style().polish(self.result)
