"""Why live video is opened: a case/incident number and a purpose.

Asked once for a batch of cameras and remembered for the shift (this app
session); the operator can change it from the wall's toolbar. Every grant
the wall asks for carries it, so the audit trail says why each view happened.
"""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import StreamGrantRequest
from rtcc_desktop.wall.assignment import ViewingPurpose

__all__ = ["PurposeDialog", "ViewingPurpose"]


class PurposeDialog(QDialog):
    def __init__(self, current: ViewingPurpose | None, camera_count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Open live video"))
        self.result_purpose: ViewingPurpose | None = None
        self.case = QLineEdit(current.case_number if current else "")
        self.case.setPlaceholderText(self.tr("e.g. {example}").format(example="2026-004512"))
        self.purpose = QLineEdit(current.purpose if current else "")
        self.purpose.setPlaceholderText(self.tr("e.g. Armed robbery in progress, 27th & Wells"))
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Case / incident number"), self.case)
        form.addRow(self.tr("Purpose"), self.purpose)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.tr("Open {camera_count} camera{value}").format(
            camera_count=camera_count, value='s' if camera_count != 1 else ''),
                          QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        notice = QLabel(self.tr("Live video may only be used for a criminal investigation. The case number and "
                                "purpose are recorded with every view and kept for the rest of this shift."))
        notice.setWordWrap(True)
        layout.addWidget(notice)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _submit(self) -> None:
        case, purpose = self.case.text().strip().upper(), self.purpose.text().strip()
        try:  # the contract's own rules, so the prompt and the server never disagree
            StreamGrantRequest(case_number=case, purpose=purpose)
        except ValidationError as exc:
            where = str(exc.errors()[0]["loc"][0])
            case_rule = self.tr("Case number: letters, digits and dashes, 4-32 characters (e.g. 2026-004512).")
            self.problem.setText(case_rule if where == "case_number"
                                 else self.tr("Purpose: say why, in at least a few words."))
            return
        self.result_purpose = ViewingPurpose(case, purpose)
        self.accept()
