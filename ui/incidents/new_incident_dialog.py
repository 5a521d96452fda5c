"""Placing an incident by hand (the map's right-click): the same object as a dispatch call,
numbered by the backend, so its cameras, requests and audit trail share that number."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from rtcc_desktop.api.schemas import IncidentCreate

KINDS = ("Armed robbery", "Shooting", "Assault", "Burglary", "Vehicle theft", "Hit and run",
         "Suspicious person", "Disturbance", "Missing person")


class NewIncidentDialog(QDialog):
    def __init__(self, lat: float, lon: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New incident"))
        self.lat, self.lon = lat, lon
        self.result_incident: IncidentCreate | None = None
        self.kind = QComboBox()
        self.kind.setEditable(True)
        self.kind.addItems(KINDS)
        self.kind.setAccessibleName(self.tr("Incident type"))
        self.priority = QSpinBox()
        self.priority.setRange(1, 5)
        self.priority.setValue(2)
        self.priority.setAccessibleName(self.tr("Priority, 1 most urgent"))
        self.address = QLineEdit()
        self.address.setMaxLength(200)
        self.address.setPlaceholderText(self.tr("Street address or landmark (optional)"))
        self.address.setAccessibleName(self.tr("Address"))
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText(self.tr("What is known (optional)"))
        self.description.setAccessibleName(self.tr("Description"))
        self.description.setTabChangesFocus(True)  # Tab moves on: a keyboard user is not trapped in it
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Place"), QLabel(f"{lat:.5f}, {lon:.5f}"))
        form.addRow(self.tr("Type"), self.kind)
        form.addRow(self.tr("Priority"), self.priority)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept_if_valid)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept_if_valid(self) -> None:
        try:
            self.result_incident = IncidentCreate(lat=self.lat, lon=self.lon, kind=self.kind.currentText().strip(),
                                                  priority=self.priority.value(), address=self.address.text().strip(),
                                                  description=self.description.toPlainText().strip())
        except ValueError as exc:  # pydantic's ValidationError: the field and why, in its words
            errors = getattr(exc, "errors", lambda: [])()
            self.problem.setText("; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors) or str(exc))
            return
        self.accept()
