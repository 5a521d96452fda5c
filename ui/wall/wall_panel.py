"""The Wall panel: the wall model, and the widgets that render it and route input to it.

The model (``rtcc_desktop.wall.model.WallModel``) holds what the wall shows; the panel
puts together the toolbar (wall_toolbar), the saved walls (saved_walls_menu), the tiles
(wall_view) and their feeds (wall_feeds), the tile menu and tour prompt (tile_menu,
tours_ui), the keys (wall_keys) and the detached window (detached_wall), and keeps the
methods the rest of the app calls.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from rtcc_desktop.api.schemas import Alarm
from rtcc_desktop.config import config_dir
from rtcc_desktop.video.engine import VideoUnavailable, vlc_module
from rtcc_desktop.video.saved_layouts import SavedWall, SavedWalls
from rtcc_desktop.video.tour import Tour
from rtcc_desktop.video.wall_layouts import LAYOUTS
from rtcc_desktop.wall.model import WallModel
from ui.cameras.camera_hub import CameraHub
from ui.wall.detached_wall import DetachedWall, DetachedWallHost
from ui.wall.saved_walls_menu import SavedWallsMenu
from ui.wall.tile import VideoTile
from ui.wall.tile_menu import show_tile_menu
from ui.wall.tours_ui import ask_for_tour
from ui.wall.viewing_purpose import PurposeDialog, ViewingPurpose
from ui.wall.wall_feeds import WallFeeds
from ui.wall.wall_keys import add_wall_keys
from ui.wall.wall_settings import remember_alarm_tile, remembered_alarm_tile, wall_settings
from ui.wall.wall_toolbar import WallToolbar
from ui.wall.wall_view import WallView

__all__ = ["WallPanel", "wall_settings"]


class WallPanel(QWidget):
    message = Signal(str)

    def __init__(self, hub: CameraHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.session = hub.session
        self.model = WallModel(hub.directory, self)
        self.model.set_alarm_tile(remembered_alarm_tile())
        self.model.alarm_tile_changed.connect(remember_alarm_tile)
        self.model.message.connect(self.message)
        self.unavailable = ""
        try:
            vlc_module()
        except VideoUnavailable as exc:
            self.unavailable = str(exc)
        self.view = WallView(self.session, self, model=self.model)
        self.feeds = WallFeeds(self.model, self.view, self)
        for tile in self.view.tiles:
            self._wire(tile)
        self.view.tile_created.connect(self._wire)

        self.saved_walls = SavedWallsMenu(self.model, SavedWalls(config_dir() / "walls.json"),
                                          self.ensure_purpose, self)
        self.saved_walls.message.connect(self.message)
        self.toolbar = WallToolbar(self.model, self.saved_walls, self)
        self.toolbar.purpose_requested.connect(self.change_purpose)
        self.toolbar.detach_requested.connect(self.toggle_detached)
        self.feeds.summary.connect(self.toolbar.summary.setText)
        self.layouts = self.toolbar.layouts
        self.case_button = self.toolbar.case_button
        self.summary = self.toolbar.summary
        self.placeholder = QLabel()
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.hide()
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.toolbar)
        box.addWidget(self.placeholder, 1)
        box.addWidget(self.view, 1)
        if self.unavailable:
            self.placeholder.setText(self.unavailable)
            self.placeholder.show()
            self.view.hide()
        add_wall_keys(self, self.model, self.toggle_detached, self.clear_current, self.focus_current)
        self.detached_host = DetachedWallHost(self.model, self, self.view, self._reattach)
        self.model.detached_changed.connect(self._detached_changed)
        hub.camera_changed.connect(self.feeds.camera_changed)
        hub.consent_changed.connect(self.feeds.camera_changed)
        hub.selection_changed.connect(self._selection_changed)

    def _wire(self, tile: VideoTile) -> None:
        tile.double_clicked.connect(self.model.toggle_focus)
        tile.cameras_dropped.connect(lambda index, ids: self.show_cameras(ids, start=index))
        tile.tile_dropped.connect(self.model.swap)
        tile.context_requested.connect(
            lambda index, where: show_tile_menu(self, self.model, index, where, self.hub.select,
                                                self.start_tour_dialog, self.hub))
        tile.clicked.connect(self._tile_clicked)
        tile.set_selected_camera(self.hub.selected)
        tile.feed.ended.connect(lambda cam, why: self.message.emit(self.tr("Camera {cam}: {why}").format(
            cam=cam, why=why)))

    # --- the shift's case and purpose ---------------------------------------------------------
    @property
    def purpose(self) -> ViewingPurpose | None:
        return self.model.purpose

    @purpose.setter
    def purpose(self, purpose: ViewingPurpose | None) -> None:
        self.model.set_purpose(purpose)

    def ensure_purpose(self, count: int) -> bool:
        return self.model.purpose is not None or self.change_purpose(count)

    def change_purpose(self, count: int = 0) -> bool:
        dialog = PurposeDialog(self.model.purpose, count or 1, self)
        if dialog.exec() and dialog.result_purpose is not None:
            self.model.set_purpose(dialog.result_purpose)
            return True
        return False

    # --- opening cameras ----------------------------------------------------------------------
    def show_cameras(self, camera_ids: list[int], start: int | None = None,
                     purpose: ViewingPurpose | None = None) -> list[int]:
        """Put cameras on the wall from ``start`` (or the first free tile); the tiles used.
        ``purpose``: for views that come with their own case (an emergency live view is
        granted for one case only); otherwise the shift's purpose, asked for if not set."""
        if self.unavailable or not camera_ids or (purpose is None and not self.ensure_purpose(len(camera_ids))):
            return []
        return self.model.show_cameras(camera_ids, start, purpose)

    def assign(self, index: int, camera_id: int, purpose: ViewingPurpose | None = None) -> None:
        self.model.assign(index, camera_id, purpose)

    def swap(self, a: int, b: int) -> None:
        self.model.swap(a, b)

    def clear_tile(self, index: int) -> None:
        self.model.clear(index)

    # --- alarms -------------------------------------------------------------------------------
    def set_alarm_tile(self, index: int | None) -> None:
        """The tile alarms open on (None: the first free one); remembered across sessions."""
        self.model.set_alarm_tile(index)

    def show_alarm(self, alarm: Alarm) -> int | None:
        return self.model.show_alarm(alarm)

    def end_alarm(self, alarm: Alarm) -> None:
        self.model.end_alarm(alarm)

    # --- selection and the selected tile ----------------------------------------------------------
    def _tile_clicked(self, index: int) -> None:
        assignment = self.model.tile(index)
        if assignment is not None:
            self.hub.select(assignment.camera_id)  # the map and the camera list follow

    def _selection_changed(self, camera_id: int | None) -> None:
        for tile in self.view.tiles:
            tile.set_selected_camera(camera_id)

    def _current_tile(self) -> VideoTile | None:
        return next((t for t in self.view.visible_tiles if t.hasFocus()), None)

    def clear_current(self) -> None:
        if (tile := self._current_tile()) is not None:
            self.model.clear(tile.index)

    def focus_current(self) -> None:
        if (tile := self._current_tile()) is not None:
            self.model.toggle_focus(tile.index)

    def set_locked(self, locked: bool) -> None:
        """Locked: no video is shown or pulled; unlocking opens the same cameras again."""
        self.model.set_locked(locked)

    # --- layouts, saved walls, tours ------------------------------------------------------------
    def set_layout(self, name: str) -> None:
        if name in LAYOUTS:
            self.model.set_layout(name)

    def current_wall(self, name: str) -> SavedWall:
        return self.model.saved(name)

    def save_wall(self) -> None:
        self.saved_walls.save_wall()

    def restore_wall(self, name: str) -> None:
        self.saved_walls.restore_wall(name)

    def start_tour_dialog(self, index: int) -> None:
        on_wall = [a.camera_id for i in range(self.model.tile_count) if (a := self.model.tile(i)) is not None]
        try:
            tour = ask_for_tour(self, on_wall)
        except ValueError as exc:
            self.message.emit(self.tr("Tour not started: {exc}").format(exc=exc))
            return
        if tour is not None:
            self.start_tour(index, tour)

    def start_tour(self, index: int, tour: Tour) -> None:
        if self.ensure_purpose(len(tour.camera_ids)):
            self.model.start_tour(index, tour)

    def stop_tour(self, index: int) -> None:
        self.model.stop_tour(index)

    # --- detach ------------------------------------------------------------------------------------
    @property
    def detached(self) -> DetachedWall | None:
        return self.detached_host.window

    def toggle_detached(self) -> None:
        self.model.set_detached(not self.model.detached)

    def _detached_changed(self, detached: bool) -> None:
        if detached:
            self.placeholder.setText(self.tr("The wall is on its own window. Press Esc there or Ctrl+Shift+D to "
                                             "bring it back."))
            self.placeholder.show()

    def _reattach(self) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(self.view, 1)
        self.view.show()
        self.placeholder.setVisible(bool(self.unavailable))
        if self.unavailable:
            self.placeholder.setText(self.unavailable)
            self.view.hide()

    def shutdown(self) -> None:
        self.model.shutdown()
        self.feeds.shutdown()
        self.model.set_detached(False)
