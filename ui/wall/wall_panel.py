"""The Wall panel: toolbar, tiles, purpose, saved walls, tours, detach."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import Alarm, Camera
from rtcc_desktop.config import config_dir
from rtcc_desktop.video.engine import VideoUnavailable, vlc_module
from rtcc_desktop.video.live_state import SHOWING, LiveState
from rtcc_desktop.video.saved_layouts import SavedWall, SavedWalls
from rtcc_desktop.video.tour import MIN_DWELL_S, Tour
from rtcc_desktop.video.wall_layouts import LAYOUTS
from ui.cameras.camera_hub import CameraHub
from ui.wall.tile import VideoTile
from ui.wall.viewing_purpose import PurposeDialog, ViewingPurpose
from ui.wall.wall_view import WallView

log = logging.getLogger(__name__)
S = LiveState


class DetachedWall(QWidget):
    """The tiles on a screen of their own (multi-monitor control rooms)."""

    closing = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle("RTCC Desktop — video wall")
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()


def _end_alarm_view(tile: VideoTile) -> None:
    tile.alarm_until = None
    tile.feed.end("Alarm over — the owner's alarm-time sharing has ended")


def wall_settings() -> QSettings:
    return QSettings(str(config_dir() / "wall.ini"), QSettings.Format.IniFormat)


class WallPanel(QWidget):
    message = Signal(str)

    def __init__(self, hub: CameraHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.session = hub.session
        self.purpose: ViewingPurpose | None = None
        self.saved = SavedWalls(config_dir() / "walls.json")
        self.tours: dict[int, tuple[Tour, QTimer]] = {}
        saved_tile = wall_settings().value("alarm_tile")
        self.alarm_tile: int | None = int(saved_tile) if str(saved_tile).isdigit() else None
        self.locked = False
        self.detached: DetachedWall | None = None
        self.view = WallView(self.session, self)
        self.unavailable = ""
        try:
            vlc_module()
        except VideoUnavailable as exc:
            self.unavailable = str(exc)
        for tile in self.view.tiles:
            self._wire(tile)
        self.view.tile_created.connect(self._wire)
        self.set_alarm_tile(self.alarm_tile)
        self.view.layout_changed.connect(self._layout_changed)

        self.layouts = QComboBox()
        self.layouts.addItems(list(LAYOUTS))
        self.layouts.setCurrentText(self.view.wall_layout.name)
        self.layouts.setToolTip("Wall layout (Alt+1 … Alt+8)")
        self.layouts.currentTextChanged.connect(self.set_layout)
        self.case_button = QPushButton("No case set")
        self.case_button.setToolTip("Case number and purpose recorded with every live view (change)")
        self.case_button.clicked.connect(self.change_purpose)
        self.walls = QComboBox()
        self.walls.setMinimumContentsLength(12)
        self.walls.setToolTip("Saved walls")
        self.walls.activated.connect(lambda _i: self.restore_wall(self.walls.currentText()))
        save = QToolButton(text="Save…")
        save.setToolTip("Save this wall's layout and cameras under a name")
        save.clicked.connect(self.save_wall)
        detach = QToolButton(text="Detach")
        detach.setToolTip("Show the wall full screen on another screen (Ctrl+Shift+D; Esc brings it back)")
        detach.clicked.connect(self.toggle_detached)
        self.summary = QLabel()
        self.summary.setObjectName("mutedText")
        bar = QHBoxLayout()
        for w in (QLabel("Layout"), self.layouts, self.case_button, QLabel("Saved"), self.walls, save, detach):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addLayout(bar)
        box.addWidget(self.placeholder, 1)
        box.addWidget(self.view, 1)
        if self.unavailable:
            self.placeholder.setText(self.unavailable)
            self.placeholder.show()
            self.view.hide()
        self._shortcuts()
        self._refresh_walls()
        self._overlay_timer = QTimer(self)  # frame ages, countdowns and the summary move without frames
        self._overlay_timer.timeout.connect(self._tick)
        self._overlay_timer.start(250)
        hub.camera_changed.connect(self._camera_changed)
        hub.consent_changed.connect(self._camera_changed)
        hub.selection_changed.connect(self._selection_changed)

    def _shortcuts(self) -> None:
        # Alt, not Ctrl: Ctrl+1…3 switch panels window-wide, and an ambiguous key does nothing at all.
        for n, name in enumerate(LAYOUTS, start=1):
            act = QAction(f"Layout {name}", self)
            act.setShortcut(QKeySequence(f"Alt+{n}"))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(lambda _c=False, name=name: self.layouts.setCurrentText(name))
            self.addAction(act)
        for keys, text, slot in (("Ctrl+Shift+D", "Detach the wall to a screen of its own (Esc brings it back)",
                                  self.toggle_detached),
                                 ("Delete", "Clear the selected tile", self.clear_current),
                                 ("Return", "Focus the selected tile on the whole wall, and back", self.focus_current)):
            act = QAction(text, self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

    def _wire(self, tile: VideoTile) -> None:
        tile.is_alarm_tile = tile.index == self.alarm_tile
        tile.double_clicked.connect(self.view.toggle_focus)
        tile.cameras_dropped.connect(lambda index, ids: self.show_cameras(ids, start=index))
        tile.tile_dropped.connect(self.swap)
        tile.context_requested.connect(self._tile_menu)
        tile.clicked.connect(self._tile_clicked)
        tile.set_selected_camera(self.hub.selected)
        tile.feed.ended.connect(lambda cam, why: self.message.emit(f"Camera {cam}: {why}"))

    # --- opening cameras ---------------------------------------------------------------------
    def ensure_purpose(self, count: int) -> bool:
        if self.purpose is not None:
            return True
        return self.change_purpose(count)

    def change_purpose(self, count: int = 0) -> bool:
        dialog = PurposeDialog(self.purpose, count or 1, self)
        if dialog.exec() and dialog.result_purpose is not None:
            self.purpose = dialog.result_purpose
            self.case_button.setText(f"Case {self.purpose.case_number}")
            return True
        return False

    def show_cameras(self, camera_ids: list[int], start: int | None = None,
                     purpose: ViewingPurpose | None = None) -> list[int]:
        """Put cameras on the wall from ``start`` (or the first free tile); the tiles used.
        ``purpose``: for views that come with their own case (an emergency live view is
        granted for one case only); otherwise the shift's purpose, asked for if not set."""
        if self.unavailable or not camera_ids or (purpose is None and not self.ensure_purpose(len(camera_ids))):
            return []
        used: list[int] = []
        index = start
        for camera_id in camera_ids:
            on_wall = next((t.index for t in self.view.visible_tiles if t.feed.camera_id == camera_id), None)
            if on_wall is not None:
                used.append(on_wall)
                continue
            if index is None or index in used:
                index = self.view.first_free(0 if index is None else index)
            if index is None:
                self.message.emit(f"The wall is full; {len(camera_ids) - len(used)} camera(s) not shown.")
                break
            self.assign(index, camera_id, purpose)
            used.append(index)
            index = None
        return used

    def assign(self, index: int, camera_id: int, purpose: ViewingPurpose | None = None) -> None:
        camera = self.hub.directory.get(camera_id)
        purpose = purpose or self.purpose
        if camera is None or purpose is None:
            self.message.emit(f"Camera {camera_id} is not in the registry.")
            return
        self.stop_tour(index)
        tile = self.view.tile_at(index)
        tile.alarm_until = None  # an alarm view is marked again by show_alarm
        tile.feed.show(camera, purpose, self.view.profile_for(tile))

    # --- alarms --------------------------------------------------------------------------------
    def set_alarm_tile(self, index: int | None) -> None:
        """The tile alarms open on (None: the first free one); remembered across sessions."""
        self.alarm_tile = index
        settings = wall_settings()
        if index is None:
            settings.remove("alarm_tile")
        else:
            settings.setValue("alarm_tile", index)
        for tile in self.view.tiles:
            tile.is_alarm_tile = tile.index == index
            tile.update()

    def show_alarm(self, alarm: Alarm) -> int | None:
        """Open an alarm's camera under the alarm's own reference (the owner's consent is the
        alarm), on the alarm tile or the first free one; the tile used."""
        if self.locked:
            return None
        purpose = ViewingPurpose(f"ALARM-{alarm.id}", "Alarm response: the owner's alarm is active")
        start = self.alarm_tile if self.alarm_tile is not None and \
            self.alarm_tile < self.view.wall_layout.tile_count else None
        on_wall = next((t for t in self.view.visible_tiles if t.feed.camera_id == alarm.camera_id), None)
        if on_wall is not None and on_wall.alarm:
            on_wall.alarm_until = alarm.ends_at  # the same alarm, running longer
            return on_wall.index
        if start is not None:
            self.assign(start, alarm.camera_id, purpose)
            used = [start]
        else:
            used = self.show_cameras([alarm.camera_id], purpose=purpose)
        for index in used:
            tile = self.view.tile_at(index)
            tile.alarm_until = alarm.ends_at
            tile.update()
        return used[0] if used else None

    def end_alarm(self, alarm: Alarm) -> None:
        """The alarm is over and with it the owner's consent: its video goes now."""
        for tile in self.view.visible_tiles:
            if tile.alarm and tile.feed.camera_id == alarm.camera_id:
                _end_alarm_view(tile)

    def swap(self, a: int, b: int) -> None:
        ta, tb = self.view.tile_at(a), self.view.tile_at(b)
        cam_a, cam_b = ta.feed.camera, tb.feed.camera
        pa, pb = ta.feed.purpose or self.purpose, tb.feed.purpose or self.purpose
        ta.alarm_until, tb.alarm_until = tb.alarm_until, ta.alarm_until
        for tile, camera, purpose in ((ta, cam_b, pb), (tb, cam_a, pa)):
            if camera is None or purpose is None:
                tile.feed.clear()
            else:
                tile.feed.show(camera, purpose, self.view.profile_for(tile))

    def clear_tile(self, index: int) -> None:
        self.stop_tour(index)
        tile = self.view.tile_at(index)
        tile.alarm_until = None
        tile.feed.clear()

    def _tile_clicked(self, index: int) -> None:
        camera_id = self.view.tile_at(index).feed.camera_id
        if camera_id is not None:
            self.hub.select(camera_id)  # the map and the camera list follow

    def _selection_changed(self, camera_id: int | None) -> None:
        for tile in self.view.tiles:
            tile.set_selected_camera(camera_id)

    def _current_tile(self) -> VideoTile | None:
        return next((t for t in self.view.visible_tiles if t.hasFocus()), None)

    def clear_current(self) -> None:
        if (tile := self._current_tile()) is not None:
            self.clear_tile(tile.index)

    def focus_current(self) -> None:
        if (tile := self._current_tile()) is not None:
            self.view.toggle_focus(tile.index)

    def _tile_menu(self, index: int, where: QPoint) -> None:
        tile = self.view.tile_at(index)
        menu = QMenu(self)
        menu.addAction("Unfocus" if self.view.focused == index else "Focus (double-click)",
                       lambda: self.view.toggle_focus(index))
        if tile.feed.camera is not None:
            menu.addAction("Retry", lambda: self.assign(index, tile.feed.camera_id or 0))
            menu.addAction("Select on map", lambda: self.hub.select(tile.feed.camera_id))
            menu.addAction("Clear tile (Delete)", lambda: self.clear_tile(index))
        menu.addSeparator()
        if index in self.tours:
            menu.addAction("Stop tour", lambda: self.stop_tour(index))
        else:
            menu.addAction("Tour on this tile…", lambda: self.start_tour_dialog(index))
        if self.alarm_tile == index:
            menu.addAction("Stop using as the alarm tile", lambda: self.set_alarm_tile(None))
        else:
            menu.addAction("Use as the alarm tile", lambda: self.set_alarm_tile(index))
        menu.exec(where)

    # --- live changes ------------------------------------------------------------------------
    def _camera_changed(self, camera: Camera) -> None:
        for tile in self.view.visible_tiles:
            if tile.feed.camera_id == camera.id:
                tile.feed.camera_updated(camera)

    def _tick(self) -> None:
        now = datetime.now(UTC)
        playing = stalled = 0
        for tile in self.view.visible_tiles:
            feed = tile.feed
            if feed.camera is None:
                continue
            if feed.state in SHOWING:
                playing += 1
            elif feed.state in (S.stalled, S.reconnecting):
                stalled += 1
            cam = feed.camera
            if cam.live_until is not None and cam.live_until <= now and feed.state in (*SHOWING, S.stalled):
                feed.end("The owner's sharing window ended")
            if tile.alarm_until is not None and tile.alarm_until <= now:  # even if the end event is late
                _end_alarm_view(tile)
            if feed.state not in SHOWING or cam.live_until is not None or tile.alarm:
                tile.update()
        text = f"{playing} live"
        if stalled:
            text += f" · {stalled} stalled"
        self.summary.setText(text)

    def set_locked(self, locked: bool) -> None:
        """Locked: no video is shown or pulled; unlocking opens the same cameras again."""
        self.locked = locked
        for tile in self.view.visible_tiles:
            tile.blanked = locked
            feed = tile.feed
            if feed.camera is None:
                continue
            if locked:
                feed.stop("", forget=True)
            elif feed.purpose is not None:
                feed.show(feed.camera, feed.purpose, self.view.profile_for(tile))
            tile.update()

    # --- layouts, saved walls, tours -----------------------------------------------------------
    def set_layout(self, name: str) -> None:
        if name in LAYOUTS and name != self.view.wall_layout.name:
            for index in list(self.tours):
                if index >= LAYOUTS[name].tile_count:
                    self.stop_tour(index)
            self.view.set_layout(name)

    def _layout_changed(self, name: str) -> None:
        self.layouts.blockSignals(True)
        self.layouts.setCurrentText(name)
        self.layouts.blockSignals(False)

    def current_wall(self, name: str) -> SavedWall:
        return SavedWall(name, self.view.wall_layout.name, [t.feed.camera_id for t in self.view.visible_tiles])

    def save_wall(self) -> None:
        name, ok = QInputDialog.getText(self, "Save wall", "Name for this wall:")
        if ok and name.strip():
            self.saved.save(self.current_wall(name.strip()))
            self._refresh_walls()
            self.message.emit(f"Wall '{name.strip()}' saved.")

    def restore_wall(self, name: str) -> None:
        wall = self.saved.load().get(name)
        if wall is None:
            return
        self.layouts.setCurrentText(wall.layout)
        for tile in self.view.visible_tiles:
            self.clear_tile(tile.index)
        cameras = [(i, c) for i, c in enumerate(wall.cameras[: self.view.wall_layout.tile_count]) if c is not None]
        if cameras and self.ensure_purpose(len(cameras)):
            for index, camera_id in cameras:
                self.assign(index, camera_id)

    def _refresh_walls(self) -> None:
        self.walls.clear()
        self.walls.addItems(sorted(self.saved.load()))

    def start_tour_dialog(self, index: int) -> None:
        on_wall = [t.feed.camera_id for t in self.view.visible_tiles if t.feed.camera_id]
        text, ok = QInputDialog.getText(self, "Tour", "Camera ids, comma-separated:",
                                        text=", ".join(str(c) for c in on_wall))
        if not ok:
            return
        dwell, ok = QInputDialog.getInt(self, "Tour", "Seconds per camera:", 10, MIN_DWELL_S, 3600)
        if not ok:
            return
        try:
            ids = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
            self.start_tour(index, Tour(ids, dwell))
        except ValueError as exc:
            self.message.emit(f"Tour not started: {exc}")

    def start_tour(self, index: int, tour: Tour) -> None:
        if not self.ensure_purpose(len(tour.camera_ids)):
            return
        self.stop_tour(index)
        timer = QTimer(self)
        timer.timeout.connect(lambda: self._tour_step(index))
        timer.start(tour.dwell_s * 1000)
        self.tours[index] = (tour, timer)
        self._tour_step(index)

    def _tour_step(self, index: int) -> None:
        if self.locked:  # no video is pulled while locked; unlocking shows the tour's camera again
            return
        tour, _timer = self.tours[index]
        now = datetime.now(UTC)
        skip = frozenset(c for c in tour.camera_ids if not self.hub.directory.live_viewable(c, now))
        camera_id = tour.next_camera(skip)
        camera = None if camera_id is None else self.hub.directory.get(camera_id)
        if camera is None or self.purpose is None:
            self.message.emit("Tour: none of its cameras can be shown live right now.")
            return
        tile = self.view.tile_at(index)
        tile.feed.show(camera, self.purpose, self.view.profile_for(tile))

    def stop_tour(self, index: int) -> None:
        entry = self.tours.pop(index, None)
        if entry is not None:
            entry[1].stop()
            entry[1].deleteLater()

    # --- detach ------------------------------------------------------------------------------------
    def toggle_detached(self) -> None:
        if self.detached is not None:
            self.detached.close()
            return
        window = DetachedWall()
        window.box.addWidget(self.view)
        # The wall's keys work on its own screen too: a shortcut only fires in the window (or,
        # panel-wide, the widgets) its action belongs to, and the tiles are in this window now.
        window.addActions(self.actions())
        window.closing.connect(self._reattach)
        self.placeholder.setText("The wall is on its own window. Press Esc there or Ctrl+Shift+D to bring it back.")
        self.placeholder.show()
        self.detached = window
        screens = QGuiApplication.screens()
        here = self.screen()
        other = next((s for s in screens if s is not here), None)
        if other is not None:
            window.setGeometry(other.geometry())
            window.showFullScreen()
        else:  # one screen: a full-screen wall over the main window
            window.showFullScreen()

    def _reattach(self) -> None:
        if self.detached is None:
            return
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.view, 1)
        self.view.show()
        self.placeholder.setVisible(bool(self.unavailable))
        self.detached.deleteLater()
        self.detached = None

    def shutdown(self) -> None:
        for index in list(self.tours):
            self.stop_tour(index)
        for tile in self.view.tiles:
            tile.feed.stop("")
            tile.feed.release()
        if self.detached is not None:
            self.detached.close()
