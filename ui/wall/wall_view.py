"""The grid of tiles: layouts, focus on one tile, and stream profile by tile size."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from rtcc_desktop.session import Session
from rtcc_desktop.video.wall_layouts import DEFAULT_LAYOUT, LAYOUTS, WallLayout, profile_for_width
from ui.wall.tile import VideoTile
from ui.wall.tile_feed import TileFeed


class WallView(QWidget):
    layout_changed = Signal(str)
    tile_created = Signal(object)  # VideoTile
    focus_changed = Signal(object)  # focused tile index or None

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tiles: list[VideoTile] = []  # grows to the largest layout used; tiles are reused
        self.wall_layout: WallLayout = LAYOUTS[DEFAULT_LAYOUT]
        self.focused: int | None = None
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        self._profiles = QTimer(self)  # after resizes settle, pick each tile's stream profile
        self._profiles.setSingleShot(True)
        self._profiles.setInterval(300)
        self._profiles.timeout.connect(self.apply_profiles)
        self.set_layout(DEFAULT_LAYOUT)

    @property
    def visible_tiles(self) -> list[VideoTile]:
        return self.tiles[: self.wall_layout.tile_count]

    def tile_at(self, index: int) -> VideoTile:
        return self.tiles[index]

    def _ensure_tiles(self, count: int) -> None:
        while len(self.tiles) < count:
            feed = TileFeed(self.session, self)
            tile = VideoTile(len(self.tiles), feed, self)
            tile.hide()
            self.tiles.append(tile)
            self.tile_created.emit(tile)

    def set_layout(self, name: str) -> None:
        layout = LAYOUTS[name]
        self._ensure_tiles(layout.tile_count)
        for i, tile in enumerate(self.tiles):
            if i >= layout.tile_count and tile.feed.camera is not None:
                tile.feed.clear()  # tiles that leave the wall stop streaming
        self.wall_layout = layout
        self.focused = None
        self._arrange()
        self.layout_changed.emit(name)

    def _arrange(self) -> None:
        while self._grid.count():
            self._grid.takeAt(0)
        for r in range(10):
            self._grid.setRowStretch(r, 0)
            self._grid.setColumnStretch(r, 0)
        for tile in self.tiles:
            tile.hide()
        if self.focused is not None:
            tile = self.tiles[self.focused]
            self._grid.addWidget(tile, 0, 0)
            self._grid.setRowStretch(0, 1)
            self._grid.setColumnStretch(0, 1)
            tile.show()
        else:
            layout = self.wall_layout
            for r in range(layout.rows):
                self._grid.setRowStretch(r, 1)
            for c in range(layout.cols):
                self._grid.setColumnStretch(c, 1)
            for tile, cell in zip(self.tiles, layout.cells, strict=False):
                self._grid.addWidget(tile, cell.row, cell.col, cell.row_span, cell.col_span)
                tile.show()
        self._profiles.start()

    def toggle_focus(self, index: int) -> None:
        self.focused = None if self.focused == index else index
        self._arrange()
        self.focus_changed.emit(self.focused)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._profiles.start()

    def apply_profiles(self) -> None:
        for tile in self.visible_tiles:
            if tile.isVisible() and tile.feed.camera is not None:
                tile.feed.switch_profile(self.profile_for(tile))

    def profile_for(self, tile: VideoTile) -> str:
        if not tile.isVisible():
            return "sub"
        return profile_for_width(tile.width(), focused=self.focused == tile.index)

    def first_free(self, start: int = 0) -> int | None:
        tiles = self.visible_tiles
        for i in list(range(start, len(tiles))) + list(range(0, start)):
            if tiles[i].feed.camera is None:
                return i
        return None
