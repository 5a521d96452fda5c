"""The wall's toolbar: layout, case, saved walls, detach, and how many tiles are live."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from rtcc_desktop.video.wall_layouts import LAYOUTS
from rtcc_desktop.wall.assignment import ViewingPurpose
from rtcc_desktop.wall.model import WallModel


class WallToolbar(QWidget):
    purpose_requested = Signal()  # the case button: change the shift's case and purpose
    detach_requested = Signal()

    def __init__(self, model: WallModel, saved: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.layouts = QComboBox()
        self.layouts.addItems(list(LAYOUTS))
        self.layouts.setToolTip(self.tr("Wall layout (Alt+1 … Alt+8)"))
        self.layouts.setAccessibleName(self.tr("Wall layout"))
        self.layouts.currentTextChanged.connect(self._layout_chosen)
        self.case_button = QPushButton(self.tr("No case set"))
        self.case_button.setToolTip(self.tr("Case number and purpose recorded with every live view (change)"))
        self.case_button.clicked.connect(self.purpose_requested)
        detach = QToolButton(text=self.tr("Detach"))
        detach.setToolTip(self.tr("Show the wall full screen on another screen (Ctrl+Shift+D; Esc brings it back)"))
        detach.clicked.connect(self.detach_requested)
        self.summary = QLabel()
        self.summary.setObjectName("mutedText")
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (QLabel(self.tr("Layout")), self.layouts, self.case_button, QLabel(self.tr("Saved")), saved, detach):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        model.layout_changed.connect(self._show_layout)
        model.purpose_changed.connect(self._show_purpose)
        self._show_layout(model.layout.name)
        self._show_purpose(model.purpose)

    def _layout_chosen(self, name: str) -> None:
        if name in LAYOUTS:
            self.model.set_layout(name)

    def _show_layout(self, name: str) -> None:
        self.layouts.blockSignals(True)
        self.layouts.setCurrentText(name)
        self.layouts.blockSignals(False)

    def _show_purpose(self, purpose: ViewingPurpose | None) -> None:
        self.case_button.setText(self.tr("No case set") if purpose is None
                                 else self.tr("Case {case_number}").format(case_number=purpose.case_number))
