"""The Map panel: the camera map, a search box and filters above it, and beside it
the selected camera's details, the incident radius and the full camera list.

The map, the list and the wall share one selection through the CameraHub.
Camera data reaches the page encoded off the UI thread; live changes are batched
into one page call per event-loop turn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCursor,
    QDrag,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import Camera
from rtcc_desktop.geo.grid_index import GridIndex
from rtcc_desktop.map.basemap import Basemap
from rtcc_desktop.map.camera_marks import CATEGORY_TEXT, KIND_BITS, Category, encode_cameras
from rtcc_desktop.map.camera_search import search_cameras
from rtcc_desktop.map.nearby import Nearby, find_nearby
from ui.background import run_in_background
from ui.cameras.camera_hub import CameraHub
from ui.cameras.camera_menu import attach_camera_menu, selected_ids
from ui.cameras.camera_mime import camera_mime
from ui.map.camera_details import CameraDetails
from ui.map.camera_list import CameraList
from ui.map.category_look import CATEGORY_COLOURS, OFFLINE_COLOUR, dot, short_text
from ui.map.incident_panel import IncidentPanel
from ui.map.map_view import MapView

OFFLINE_FILTER_BIT = 16


@dataclass(frozen=True)
class _Loaded:
    cameras: list[Camera]
    positions: str
    labels: str
    index: GridIndex


def _prepare(cameras: list[Camera]) -> _Loaded:
    """Off the UI thread: 100,000 cameras take a few hundred ms to encode and index."""
    encoded = encode_cameras(cameras)
    index = GridIndex.from_arrays(encoded.ids, encoded.lats, encoded.lons)
    return _Loaded(cameras, encoded.positions_json(), encoded.labels_json(), index)


class MapPanel(QWidget):
    show_on_wall = Signal(list)  # camera ids
    request_footage = Signal(list, object)  # camera ids, (lat, lon) or None
    exigent_requested = Signal(int)  # camera id
    create_incident_requested = Signal(float, float)  # lat, lon: place a backend incident there
    message = Signal(str)
    nearby_listed = Signal(object)  # Nearby: the incident list shows the cameras of this circle

    def __init__(self, hub: CameraHub, basemap: Basemap, parent: QWidget | None = None,
                 view: MapView | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.view = view or MapView(basemap)
        self.view.setAccessibleName(self.tr("Camera map"))
        self.index = GridIndex()
        self.details = CameraDetails()
        self.incident = IncidentPanel()
        self.camera_list = CameraList()
        self.side = QTabWidget()
        self.side.addTab(self.details, self.tr("Details"))
        self.side.addTab(self.incident, self.tr("Incident"))
        self.side.addTab(self.camera_list, self.tr("Cameras"))
        self._pending: dict[int, Camera] = {}
        self._flush = QTimer(self, singleShot=True, interval=0)
        self._flush.timeout.connect(self._flush_updates)
        self._fitted = False
        self._from_map = False
        self._hits: list[Camera] = []
        self._hit_at = -1
        self._tiles = "loading"
        # The cameras in the incident's circle are found off the UI thread, one search at a time;
        # a circle changed meanwhile (the radius slider) is searched when the running one ends.
        self._nearby_wanted = 0
        self._nearby_running = False
        self._build_toolbar()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([3000, 1000])  # proportions; the side panel's size hint would otherwise win the first layout
        self.side.setMinimumWidth(300)
        self.view.setMinimumWidth(320)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(self.toolbar)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self._connect()

    # --- building ---------------------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Find a camera by label, address or #id  (Ctrl+F, Enter for the next "
                                               "hit)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find a camera"))
        self.search.returnPressed.connect(self.find_next)
        self.search.textChanged.connect(self._search_changed)
        find = QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # PySide ignores context= in the constructor
        find.setWhatsThis(self.tr("Find a camera (Enter: the next hit)"))
        self.search.setMinimumWidth(160)
        self.toolbar = QHBoxLayout()
        self.toolbar.addWidget(self.search, 1)
        # Filters in a tool bar: on a narrow screen the ones that do not fit go behind its » menu
        # instead of forcing the whole window wider than the screen.
        self.filter_bar = QToolBar()
        self.filter_bar.setObjectName("mapFilters")
        self.toolbar.addWidget(self.filter_bar, 2)
        self.category_buttons: dict[int, QToolButton] = {}
        for cat in Category:
            self.category_buttons[1 << cat] = self._toggle(short_text(cat), dot(CATEGORY_COLOURS[cat]),
                                                          self.tr("Show cameras: {category}").format(
                                                              category=CATEGORY_TEXT[cat]))
        self.category_buttons[OFFLINE_FILTER_BIT] = self._toggle(self.tr("Offline"), dot(OFFLINE_COLOUR, "#4aa3ff"),
                                                                 self.tr("Show offline cameras"))
        self.kind_buttons: dict[int, QToolButton] = {}
        for kind, bit in KIND_BITS.items():
            self.kind_buttons[bit] = self._toggle(kind.value.capitalize(), None,
                                                  self.tr("Show {kind} cameras").format(kind=kind.value))
        self.fit_button = QToolButton()
        self.fit_button.setText(self.tr("Fit all"))
        self.fit_button.setToolTip(self.tr("Zoom out to every camera"))
        self.fit_button.clicked.connect(lambda: self.view.call("fitAll"))
        self.filter_bar.addWidget(self.fit_button)
        self.status = QLabel(self.tr("Map loading…"))
        self.status.setObjectName("hintText")

    def _toggle(self, text: str, icon: QIcon | None, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setCheckable(True)
        button.setChecked(True)
        button.setToolTip(tip)
        if icon is not None:
            button.setIcon(icon)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.toggled.connect(self._filters_changed)
        self.filter_bar.addWidget(button)
        return button

    def _connect(self) -> None:
        hub, view = self.hub, self.view
        hub.loaded.connect(self.reload)
        hub.camera_changed.connect(self._camera_changed)
        hub.consent_changed.connect(self._camera_changed)
        hub.selection_changed.connect(self._selection_changed)
        view.ready.connect(self._ready)
        view.load_failed.connect(self._load_failed)
        view.bridge.camera_clicked.connect(self._clicked_on_map)
        view.bridge.context_menu.connect(self._context_menu)
        view.bridge.drag_camera.connect(self._drag_from_map)
        view.bridge.tiles_state.connect(self._tiles_state)
        self.camera_list.camera_selected.connect(self.hub.select)
        self.incident.camera_selected.connect(self.hub.select)
        self.incident.radius_changed.connect(lambda _r: self._update_incident(fit=False))
        self.incident.cleared.connect(self.view.clear_incident)
        self.incident.send_to_wall.connect(self.show_on_wall.emit)
        self.incident.request_footage.connect(self._request_from_incident)
        self.details.show_on_wall.connect(lambda cid: self.show_on_wall.emit([cid]))
        self.details.request_footage.connect(lambda cid: self.request_footage.emit([cid], None))
        self.details.exigent_requested.connect(self.exigent_requested)
        for table in (self.camera_list.table, self.incident.table):
            attach_camera_menu(table, hub, lambda t=table: selected_ids(t))

    def start(self) -> None:
        self.view.start()
        if self.hub.is_loaded:
            self.reload()

    # --- cameras ---------------------------------------------------------------------------------------
    def reload(self) -> None:
        cameras = list(self.hub.directory)  # a snapshot: events keep changing the directory meanwhile
        run_in_background(lambda: _prepare(cameras), self._loaded, self._load_error, owner=self)

    def _loaded(self, loaded: _Loaded) -> None:
        self.index = loaded.index
        self.camera_list.model.replace_all(loaded.cameras)
        self.view.set_cameras(loaded.positions, loaded.labels, fit=not self._fitted)
        self._fitted = True
        self._show_status()
        self._update_incident(fit=False)

    def _load_error(self, exc: BaseException) -> None:
        self.message.emit(self.tr("The map could not show the cameras: {exc}").format(exc=exc))

    def _camera_changed(self, camera: Camera) -> None:
        self._pending[camera.id] = camera
        self._flush.start()

    def _flush_updates(self) -> None:
        changed, self._pending = list(self._pending.values()), {}
        if not changed:
            return
        self.view.update_cameras(changed)
        moved = False
        for cam in changed:
            self.camera_list.model.update(cam)
            moved = moved or self._moved(cam)
            if cam.id == self.hub.selected:
                self.details.show_camera(cam)
        if moved:
            self.reload()  # rebuilds the spatial index off the UI thread
        elif self.incident.nearby is not None and any(c.id in self.incident.nearby.ids for c in changed):
            self._update_incident(fit=False)

    def _moved(self, camera: Camera) -> bool:
        hits = self.index.within(camera.lat, camera.lon, 0.5)
        return camera.id not in {h.camera_id for h in hits}

    # --- selection ---------------------------------------------------------------------------------------
    def _clicked_on_map(self, camera_id: int) -> None:
        if self.hub.directory.get(camera_id) is None:
            return
        self._from_map = True
        try:
            self.hub.select(camera_id)
        finally:
            self._from_map = False
        self.side.setCurrentWidget(self.details)

    def _selection_changed(self, camera_id: int | None) -> None:
        camera = self.hub.directory.get(camera_id) if camera_id is not None else None
        self.details.show_camera(camera)
        self.camera_list.show_selection(camera_id)
        self.view.select(camera_id, pan=not self._from_map)

    # --- search and filters --------------------------------------------------------------------------------
    def _search_changed(self, _text: str) -> None:
        self._hits, self._hit_at = [], -1

    def find_next(self) -> None:
        text = self.search.text()
        if not self._hits:
            self._hits = search_cameras(self.hub.directory, text)
            self._hit_at = -1
        if not self._hits:
            self.message.emit(self.tr("No camera matches “{text}”.").format(text=text))
            self.status.setText(self.tr("No match"))
            return
        self._hit_at = (self._hit_at + 1) % len(self._hits)
        self.hub.select(self._hits[self._hit_at].id)
        self.side.setCurrentWidget(self.details)
        self.status.setText(self.tr("Match {number} of {total}").format(
            number=self._hit_at + 1, total=len(self._hits)))

    def _filters_changed(self) -> None:
        cats = sum(bit for bit, b in self.category_buttons.items() if b.isChecked())
        kinds = sum(bit for bit, b in self.kind_buttons.items() if b.isChecked())
        self.view.set_filter(cats, kinds)

    # --- incident --------------------------------------------------------------------------------------------
    def _context_menu(self, lat: float, lon: float) -> None:
        menu = QMenu(self)
        menu.addAction(self.tr("Incident here"), lambda: self.set_incident(lat, lon))
        menu.addAction(self.tr("Create incident here…"), lambda: self.create_incident_requested.emit(lat, lon))
        menu.addAction(self.tr("Copy coordinates ({lat:.5f}, {lon:.5f})").format(lat=lat, lon=lon),
                       lambda: QGuiApplication.clipboard().setText(f"{lat:.6f}, {lon:.6f}"))
        if self.hub.selected is not None and self.hub.menu_extras:  # the selected camera's actions
            menu.addSeparator()
            self.hub.add_to_menu(menu, [self.hub.selected])
        menu.popup(QCursor.pos())

    def set_incident(self, lat: float, lon: float, radius_m: float | None = None, title: str = "") -> None:
        """Draw an incident's circle (``radius_m``: a detection's accuracy; None: the operator's
        radius) and list the cameras inside it, nearest first."""
        self.incident.set_incident(lat, lon, radius_m, title)
        self._update_incident(fit=True)
        self.side.setCurrentWidget(self.incident)

    def _update_incident(self, fit: bool) -> None:
        inc = self.incident.incident
        if inc is None:
            return
        self.view.set_incident(inc.lat, inc.lon, inc.radius_m, fit)
        self._nearby_wanted += 1
        if not self._nearby_running:
            self._search_nearby()

    def _search_nearby(self) -> None:
        inc = self.incident.incident
        if inc is None:
            return
        wanted, index, directory, now = self._nearby_wanted, self.index, self.hub.directory, datetime.now(UTC)
        self._nearby_running = True

        def found(nearby: Nearby) -> None:
            self._nearby_running = False
            if wanted != self._nearby_wanted:  # the circle or the cameras changed meanwhile
                self._search_nearby()
            elif self.incident.incident is not None:
                self.incident.show_nearby(nearby, now)
                self.nearby_listed.emit(nearby)

        def failed(exc: BaseException) -> None:
            self._nearby_running = False
            self.message.emit(self.tr("The cameras around the incident could not be listed: {value}").format(value=exc))

        run_in_background(lambda: find_nearby(index, directory, inc.lat, inc.lon, inc.radius_m, now),
                          found, failed, owner=self)

    def _request_from_incident(self, ids: list[int]) -> None:
        inc = self.incident.incident
        self.request_footage.emit(ids, (inc.lat, inc.lon) if inc else None)

    # --- drag a camera off the map -----------------------------------------------------------------------------
    def _drag_from_map(self, camera_id: int) -> None:
        if self.hub.directory.get(camera_id) is None:
            return
        # After the bridge call returns: a drag runs its own event loop.
        QTimer.singleShot(0, lambda: self.start_drag([camera_id]))

    def start_drag(self, camera_ids: list[int]) -> None:
        drag = QDrag(self)
        drag.setMimeData(camera_mime(camera_ids))
        drag.setHotSpot(QPoint(0, 0))
        drag.exec(Qt.DropAction.CopyAction)

    # --- status ----------------------------------------------------------------------------------------------
    def _ready(self, version: str) -> None:
        self._show_status()

    def _load_failed(self, text: str) -> None:
        self.status.setText(self.tr("Map failed to load"))
        self.message.emit(text)

    def _tiles_state(self, state: str) -> None:
        self._tiles = state
        if state == "unavailable":
            self.message.emit(self.tr("Map tiles unavailable: showing the offline outline map."))
        self._show_status()

    def _show_status(self) -> None:
        n = len(self.hub.directory)
        tiles = self.tr(" · tiles unavailable (offline outline)") if self._tiles == "unavailable" else ""
        ready = "" if self.view.is_ready else self.tr(" · map loading…")
        self.status.setText(self.tr("{n:,} cameras{tiles}{ready}").format(n=n, tiles=tiles, ready=ready))

    def shutdown(self) -> None:
        self.view.close_page()
