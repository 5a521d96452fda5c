"""An incident on the map: the radius, the cameras inside it nearest first, and the
two things an operator does next (live cameras to the wall, a footage request for
the rest)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import LIMITS, Camera
from rtcc_desktop.geo.grid_index import Hit
from rtcc_desktop.map.camera_marks import Category
from rtcc_desktop.map.nearby import Nearby
from ui.map.category_look import short_state
from ui.map.nearby_model import NearbyModel

DEFAULT_RADIUS_M = 300
MAX_LIST = 500  # a dense downtown circle holds thousands; the nearest are the ones that matter


@dataclass(frozen=True)
class Incident:
    lat: float
    lon: float
    radius_m: int


class IncidentPanel(QWidget):
    radius_changed = Signal(int)
    send_to_wall = Signal(list)  # camera ids, nearest first
    request_footage = Signal(list)  # camera ids
    camera_selected = Signal(int)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.incident: Incident | None = None
        self.nearby: Nearby | None = None  # what the list shows: the circle it was found for
        self.hits: list[tuple[Hit, Camera]] = []
        self.where = QLabel(self.tr("Right-click the map and choose “Incident here”."))
        self.where.setObjectName("hintText")
        self.where.setWordWrap(True)
        self.where.setTextFormat(Qt.TextFormat.PlainText)  # an incident's call type and address come from dispatch
        self.radius = QSpinBox()
        self.radius.setRange(10, int(LIMITS.max_radius_m))
        self.radius.setSingleStep(50)
        self.radius.setSuffix(self.tr(" m"))
        self.radius.setAccessibleName(self.tr("Incident radius in metres"))
        self.radius.setValue(DEFAULT_RADIUS_M)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(10, int(LIMITS.max_radius_m))
        self.slider.setSingleStep(25)
        self.slider.setPageStep(100)
        self.slider.setValue(DEFAULT_RADIUS_M)
        self.slider.setAccessibleName(self.tr("Incident radius"))
        self.slider.valueChanged.connect(self.radius.setValue)
        self.radius.valueChanged.connect(self.slider.setValue)
        self.radius.valueChanged.connect(self._radius_changed)
        radius_row = QHBoxLayout()
        radius_row.addWidget(QLabel(self.tr("Radius")))
        radius_row.addWidget(self.slider, 1)
        radius_row.addWidget(self.radius)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = NearbyModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Cameras around the incident, nearest first"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move within it)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setDragEnabled(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        self._sized_for = ""  # the font the columns were sized for
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.more = QLabel()  # "and K more": the table lists the nearest MAX_LIST
        self.more.setObjectName("hintText")
        self.more.setWordWrap(True)
        self.more.hide()
        self.live_count = QSpinBox()
        self.live_count.setRange(1, 64)
        self.live_count.setValue(4)
        self.live_count.setPrefix(self.tr("nearest "))
        self.live_count.setAccessibleName(self.tr("How many of the nearest live cameras go to the wall"))
        self.live_count.valueChanged.connect(lambda _n: self._label_buttons())
        self.wall_button = QPushButton(self.tr("Live to wall"))
        self.wall_button.setToolTip(self.tr("Open the N nearest live-shared cameras on the wall"))
        self.wall_button.clicked.connect(self._send_live)
        self.request_button = QPushButton(self.tr("Request footage…"))
        self.request_button.setToolTip(self.tr("Start one footage request for the cameras that are not live-shared"))
        self.request_button.clicked.connect(self._request_others)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Clear the incident circle and list"))
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
        layout.addWidget(self.more)
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

    def _size_columns(self) -> None:
        """The owner's label is what an operator reads; distance and state are short, so they get
        the width of their longest possible text and the label the rest. Measured once per font
        (the theme's comes with the first polish): sizing to the contents measures every row
        again at each new incident."""
        font = self.table.font().key()
        if font == self._sized_for:
            return
        self._sized_for = font
        metrics, header = self.table.fontMetrics(), self.table.horizontalHeader()
        widest_state = max(metrics.horizontalAdvance(short_state(c, offline)) for c in Category
                           for offline in (False, True))
        widths = {1: metrics.horizontalAdvance(f"{LIMITS.max_radius_m:,.0f} m"),
                  2: widest_state + self.table.iconSize().width() + 8}
        for column, width in widths.items():
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(width, header.fontMetrics().horizontalAdvance(title)) + 28)

    def show_nearby(self, nearby: Nearby, now: datetime) -> None:
        """The cameras found for a circle (off the UI thread), nearest first: the nearest
        ``MAX_LIST`` in the table, how many more under it."""
        self._size_columns()
        self.nearby, self.hits = nearby, nearby.hits
        self.model.replace(nearby.hits[:MAX_LIST], now)
        rest = len(nearby.hits) - MAX_LIST
        if rest > 0:
            farthest = nearby.hits[MAX_LIST - 1][0].distance_m
            self.more.setText(self.tr("… and {rest:,} more cameras from {farthest:,.0f} m to {radius_m} m (on "
                                      "the map; “Request footage” includes them).").format(
                rest=rest, farthest=farthest, radius_m=nearby.radius_m))
        self.more.setVisible(rest > 0)
        live = len(nearby.live)
        self.summary.setText(self.tr("{n_hits:,} cameras within {radius_m} m: {live:,} live-shared now, "
                                     "{by_request:,} by request.").format(
            n_hits=len(nearby.hits), radius_m=nearby.radius_m, live=live, by_request=len(nearby.hits) - live))
        self.live_count.setMaximum(max(1, min(64, live)))
        self._label_buttons()
        self._enable()

    def _label_buttons(self) -> None:
        live = len(self.live_ids())
        self.wall_button.setText(self.tr("Live to wall ({count} of {live})").format(
            count=min(live, self.live_count.value()), live=live))
        self.request_button.setText(self.tr("Request footage from the other {count}…").format(
            count=len(self.hits) - live))

    def live_ids(self) -> list[int]:
        """The listed cameras that can go to the wall now, nearest first."""
        return list(self.nearby.live) if self.nearby is not None else []

    def other_ids(self) -> list[int]:
        return self.nearby.other_ids() if self.nearby is not None else []

    def _send_live(self) -> None:
        ids = self.live_ids()[: self.live_count.value()]
        if ids:
            self.send_to_wall.emit(ids)

    def _request_others(self) -> None:
        ids = self.other_ids()
        if ids:
            self.request_footage.emit(ids)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.camera_selected.emit(int(self.model.data(current, Qt.ItemDataRole.UserRole)))

    def clear(self) -> None:
        self.incident = None
        self.nearby, self.hits = None, []
        self.model.replace([], datetime.now(UTC))
        self.more.hide()
        self.summary.clear()
        self.where.setText(self.tr("Right-click the map and choose “Incident here”."))
        self.wall_button.setText(self.tr("Live to wall"))
        self.request_button.setText(self.tr("Request footage…"))
        self._enable()
        self.cleared.emit()
