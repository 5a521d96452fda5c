"""New footage request: validated live against the limits; nothing typed is ever lost.

The request goes into the on-disk outbox before anything is sent, so a dead
backend or a crash keeps it; it is sent when the backend answers again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import Camera, FootageRequestCreate
from rtcc_desktop.footage.validation import check_request


def _to_dt(edit: QDateTimeEdit) -> datetime:
    return edit.dateTime().toPython().astimezone(UTC)  # type: ignore[no-any-return, union-attr]


def _edit(value: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime.fromSecsSinceEpoch(int(value.timestamp())))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


class NewRequestDialog(QDialog):
    submitted = Signal(object)  # FootageRequestCreate

    def __init__(self, cameras_by_id: Callable[[list[int]], list[Camera]], camera_ids: list[int] | None = None,
                 incident: tuple[float, float] | None = None, case_number: str = "",
                 parent: QWidget | None = None, prefill: FootageRequestCreate | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit and resend footage request") if prefill else self.tr("New footage request"))
        self.setMinimumWidth(560)
        self._cameras_by_id = cameras_by_id
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        self.case = QLineEdit(case_number)
        self.case.setPlaceholderText(self.tr("e.g. {example}").format(example="2026-001234"))
        self.lat, self.lon = QDoubleSpinBox(), QDoubleSpinBox()
        self.lat.setAccessibleName(self.tr("Incident latitude"))
        self.lon.setAccessibleName(self.tr("Incident longitude"))
        for box, (lo, hi) in ((self.lat, (-90, 90)), (self.lon, (-180, 180))):
            box.setDecimals(6)
            box.setRange(lo, hi)
        if incident:
            self.lat.setValue(incident[0])
            self.lon.setValue(incident[1])
        place = QHBoxLayout()
        place.addWidget(self.lat)
        place.addWidget(self.lon)
        self.incident_at = _edit(now - timedelta(minutes=30))
        self.start = _edit(now - timedelta(hours=1))
        self.end = _edit(now)
        self.cameras = QLineEdit(", ".join(map(str, camera_ids or [])))
        self.cameras.setPlaceholderText(self.tr("camera ids, comma separated (or start from the map)"))
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)  # Tab moves on: a keyboard user is not trapped in it
        self.reason.setPlaceholderText(self.tr("The crime being investigated and why this footage matters"))
        self.reason.setMaximumHeight(80)
        self.justification = QPlainTextEdit()
        self.justification.setTabChangesFocus(True)
        self.justification.setPlaceholderText(self.tr("Why this request needs more than the normal limits"))
        self.justification.setMaximumHeight(70)
        self.justification_label = QLabel(self.tr("Justification"))
        form = QFormLayout()
        form.addRow(self.tr("Case number"), self.case)
        form.addRow(self.tr("Incident place (lat, lon)"), place)
        form.addRow(self.tr("Incident time"), self.incident_at)
        form.addRow(self.tr("Window start"), self.start)
        form.addRow(self.tr("Window end"), self.end)
        form.addRow(self.tr("Cameras"), self.cameras)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow(self.justification_label, self.justification)
        self.problems = QLabel()
        self.problems.setObjectName("errorText")
        self.problems.setWordWrap(True)
        self.notice = QLabel()
        self.notice.setObjectName("hintText")
        self.notice.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = self.buttons.addButton(self.tr("Send request"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        for signal in (self.case.textChanged, self.cameras.textChanged, self.reason.textChanged,
                       self.justification.textChanged, self.start.dateTimeChanged, self.end.dateTimeChanged,
                       self.lat.valueChanged, self.lon.valueChanged):
            signal.connect(self.validate)
        if prefill is not None:
            self.fill(prefill)
        self.validate()

    def fill(self, body: FootageRequestCreate) -> None:
        """Every field from an earlier request (one the backend refused), to correct and send again."""
        self.case.setText(body.case_number)
        self.lat.setValue(body.incident_lat)
        self.lon.setValue(body.incident_lon)
        for edit, value in ((self.incident_at, body.incident_at), (self.start, body.window_start),
                            (self.end, body.window_end)):
            edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp())))
        self.cameras.setText(", ".join(map(str, body.camera_ids)))
        self.reason.setPlainText(body.reason)
        self.justification.setPlainText(body.justification or "")

    def camera_ids(self) -> list[int]:
        ids = []
        for part in self.cameras.text().replace(";", ",").split(","):
            part = part.strip()
            if part.isdigit():
                ids.append(int(part))
        return list(dict.fromkeys(ids))

    def validate(self) -> bool:
        ids = self.camera_ids()
        cameras = self._cameras_by_id(ids)
        check = check_request(self.case.text(), _to_dt(self.start), _to_dt(self.end), self.reason.toPlainText(),
                              (self.lat.value(), self.lon.value()), cameras, self.justification.toPlainText())
        unknown = sorted(set(ids) - {c.id for c in cameras})
        errors = list(check.errors)
        if unknown:
            errors.insert(0, self.tr("Unknown camera ids: {ids}").format(ids=", ".join(map(str, unknown[:10]))))
        self._needs_justification = check.needs_justification
        self.justification.setVisible(check.needs_justification)
        self.justification_label.setVisible(check.needs_justification)
        over = self.tr("Beyond the normal limits — a supervisor will decide: ") + "; ".join(check.over_limit)
        within = self.tr("Within the normal limits: it goes straight to the owners.")
        self.notice.setText(over if check.over_limit else within)
        self.problems.setText("\n".join(errors))
        self.send.setEnabled(not errors)
        return not errors

    def body(self) -> FootageRequestCreate:
        justification = self.justification.toPlainText().strip() or None
        return FootageRequestCreate(
            case_number=self.case.text().strip(), incident_lat=self.lat.value(), incident_lon=self.lon.value(),
            incident_at=_to_dt(self.incident_at), window_start=_to_dt(self.start), window_end=_to_dt(self.end),
            camera_ids=self.camera_ids(), reason=self.reason.toPlainText().strip(),
            justification=justification if self._needs_justification else None,
        )

    def _submit(self) -> None:
        if self.validate():
            self.submitted.emit(self.body())
            self.accept()

    def reject(self) -> None:
        # Typed text is never thrown away without asking.
        typed = self.reason.toPlainText().strip() or self.justification.toPlainText().strip()
        if typed and QMessageBox.question(
            self, self.tr("Discard request?"), self.tr("Discard this footage request? What you typed will be lost."),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        ) != QMessageBox.StandardButton.Discard:
            return
        super().reject()
