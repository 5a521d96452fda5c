"""An incident on the map: the radius, the cameras inside it nearest first, and the
two things an operator does next (live cameras to the wall, a footage request for
the rest)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import LIMITS, Camera, CameraStatus
from rtcc_desktop.geo.grid_index import Hit
from rtcc_desktop.map.camera_marks import category, state_text, why_not_live
from ui.cameras.camera_mime import camera_mime
from ui.map.category_look import category_dot, short_state

DEFAULT_RADIUS_M = 300
MAX_LIST = 500  # a dense downtown radius can hold thousands; the nearest are the ones that matter


@dataclass(frozen=True)
class Incident:
    lat: float
    lon: float
    radius_m: int


class _DragTable(QTableWidget):
    def mimeData(self, items: list[QTableWidgetItem]) -> object:  # type: ignore[override]
        ids = list(dict.fromkeys(int(i.data(Qt.ItemDataRole.UserRole)) for i in items if i.column() == 0))
        return camera_mime(ids)


class IncidentPanel(QWidget):
    radius_changed = Signal(int)
    send_to_wall = Signal(list)  # camera ids, nearest first
    request_footage = Signal(list)  # camera ids
    camera_selected = Signal(int)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.incident: Incident | None = None
        self.hits: list[tuple[Hit, Camera]] = []
        self.where = QLabel("Right-click the map and choose “Incident here”.")
        self.where.setObjectName("hintText")
        self.where.setWordWrap(True)
        self.radius = QSpinBox()
        self.radius.setRange(10, int(LIMITS.max_radius_m))
        self.radius.setSingleStep(50)
        self.radius.setSuffix(" m")
        self.radius.setValue(DEFAULT_RADIUS_M)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(10, int(LIMITS.max_radius_m))
        self.slider.setSingleStep(25)
        self.slider.setPageStep(100)
        self.slider.setValue(DEFAULT_RADIUS_M)
        self.slider.valueChanged.connect(self.radius.setValue)
        self.radius.valueChanged.connect(self.slider.setValue)
        self.radius.valueChanged.connect(self._radius_changed)
        radius_row = QHBoxLayout()
        radius_row.addWidget(QLabel("Radius"))
        radius_row.addWidget(self.slider, 1)
        radius_row.addWidget(self.radius)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = _DragTable(0, 3)
        self.table.setHorizontalHeaderLabels(["Camera", "Distance", "State"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setDragEnabled(True)
        # The owner's label is what an operator reads; distance and state are short, so they take
        # only the room they need and the label gets the rest.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        self.table.currentCellChanged.connect(self._current_changed)
        self.live_count = QSpinBox()
        self.live_count.setRange(1, 64)
        self.live_count.setValue(4)
        self.live_count.setPrefix("nearest ")
        self.live_count.valueChanged.connect(lambda _n: self._label_buttons())
        self.wall_button = QPushButton("Live to wall")
        self.wall_button.setToolTip("Open the N nearest live-shared cameras on the wall")
        self.wall_button.clicked.connect(self._send_live)
        self.request_button = QPushButton("Request footage…")
        self.request_button.setToolTip("Start one footage request for the cameras that are not live-shared")
        self.request_button.clicked.connect(self._request_others)
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Clear the incident circle and list")
        self.clear_button.clicked.connect(self.clear)
        actions = QHBoxLayout()
        actions.addWidget(self.live_count)
        actions.addWidget(self.wall_button, 1)
        where_row = QHBoxLayout()
        where_row.addWidget(self.where, 1)
        where_row.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addLayout(where_row)
        layout.addLayout(radius_row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addWidget(self.request_button)
        self._enable()

    def _enable(self) -> None:
        has = self.incident is not None
        for w in (self.radius, self.slider, self.wall_button, self.request_button, self.clear_button,
                  self.live_count):
            w.setEnabled(has)
        if has:
            self.wall_button.setEnabled(bool(self.live_ids()))
            self.request_button.setEnabled(bool(self.other_ids()))

    def set_incident(self, lat: float, lon: float, radius_m: float | None = None, title: str = "") -> Incident:
        if radius_m is not None:
            self.radius.blockSignals(True)  # one redraw, by the caller, at the new radius
            self.radius.setValue(int(min(max(radius_m, self.radius.minimum()), self.radius.maximum())))
            self.slider.setValue(self.radius.value())
            self.radius.blockSignals(False)
        self.incident = Incident(lat, lon, self.radius.value())
        self.where.setText(title or f"Incident at {lat:.5f}, {lon:.5f}")
        self._enable()
        return self.incident

    def _radius_changed(self, value: int) -> None:
        if self.incident is not None:
            self.incident = Incident(self.incident.lat, self.incident.lon, value)
            self.radius_changed.emit(value)

    def show_hits(self, hits: list[tuple[Hit, Camera]]) -> None:
        self.hits = hits
        now = datetime.now(UTC)
        shown = hits[:MAX_LIST]
        self.table.setRowCount(len(shown))
        for row, (hit, cam) in enumerate(shown):
            name = QTableWidgetItem(cam.label)  # a table item is plain text, never markup
            name.setData(Qt.ItemDataRole.UserRole, cam.id)
            state = state_text(cam, now)
            # The columns are narrow: the whole row on hover. Tooltips may render markup, so the
            # owner's text is escaped inside an explicit paragraph.
            tip = f"<p>{html.escape(cam.label)}<br>{html.escape(cam.address)}<br>{html.escape(state)}</p>"
            name.setToolTip(tip)
            dist = QTableWidgetItem(f"{hit.distance_m:,.0f} m")
            dist.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, dist)
            # The state in the map toolbar's words with the map's dot; the full wording on hover.
            offline = cam.status is CameraStatus.offline
            cat = category(cam, now)
            state_item = QTableWidgetItem(category_dot(cat, offline), short_state(cat, offline))
            state_item.setToolTip(tip)
            self.table.setItem(row, 2, state_item)
        live = len(self.live_ids())
        more = f" (nearest {MAX_LIST} listed)" if len(hits) > MAX_LIST else ""
        radius = self.incident.radius_m if self.incident else 0
        self.summary.setText(f"{len(hits)} cameras within {radius} m{more}: {live} live-shared now, "
                             f"{len(hits) - live} by request.")
        self.live_count.setMaximum(max(1, min(64, live)))
        self._label_buttons()
        self._enable()

    def _label_buttons(self) -> None:
        live = len(self.live_ids())
        self.wall_button.setText(f"Live to wall ({min(live, self.live_count.value())} of {live})")
        self.request_button.setText(f"Request footage from the other {len(self.hits) - live}…")

    def live_ids(self) -> list[int]:
        now = datetime.now(UTC)
        return [cam.id for _hit, cam in self.hits if why_not_live(cam, now) is None]

    def other_ids(self) -> list[int]:
        live = set(self.live_ids())
        return [cam.id for _hit, cam in self.hits if cam.id not in live]

    def _send_live(self) -> None:
        ids = self.live_ids()[: self.live_count.value()]
        if ids:
            self.send_to_wall.emit(ids)

    def _request_others(self) -> None:
        ids = self.other_ids()
        if ids:
            self.request_footage.emit(ids)

    def _current_changed(self, row: int, _col: int, _prow: int, _pcol: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.camera_selected.emit(int(item.data(Qt.ItemDataRole.UserRole)))

    def clear(self) -> None:
        self.incident = None
        self.hits = []
        self.table.setRowCount(0)
        self.summary.clear()
        self.where.setText("Right-click the map and choose “Incident here”.")
        self.wall_button.setText("Live to wall")
        self.request_button.setText("Request footage…")
        self._enable()
        self.cleared.emit()
