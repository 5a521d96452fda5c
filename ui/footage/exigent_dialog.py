"""Ask for emergency live view of a camera that is not live-shared.

It goes to a supervisor; if approved and the owner consents, the camera can be
opened on the wall for a limited time under that case number."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import ExigentRequest


class ExigentDialog(QDialog):
    submitted = Signal(object)  # ExigentRequest

    def __init__(self, camera_id: int | None = None, case_number: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Emergency live view"))
        self.camera = QSpinBox()
        self.camera.setRange(1, 2**31 - 1)
        if camera_id:
            self.camera.setValue(camera_id)
        self.case = QLineEdit(case_number)
        self.justification = QPlainTextEdit()
        self.justification.setTabChangesFocus(True)  # Tab moves on: a keyboard user is not trapped in it
        self.justification.setPlaceholderText(self.tr("The emergency: why live video is needed now (life at risk, "
                                                      "...)"))
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Camera id"), self.camera)
        form.addRow(self.tr("Case number"), self.case)
        form.addRow(self.tr("Justification"), self.justification)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.tr("Ask a supervisor"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("A supervisor decides; then the owner is asked. Every view is audited.")))
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _submit(self) -> None:
        try:
            body = ExigentRequest(camera_id=self.camera.value(), case_number=self.case.text().strip(),
                                  justification=self.justification.toPlainText().strip())
        except ValidationError as exc:
            field = ".".join(str(p) for p in exc.errors()[0]["loc"])
            self.problem.setText(f"{field.replace('_', ' ').capitalize()}: {exc.errors()[0]['msg']}")
            return
        self.submitted.emit(body)
        self.accept()
