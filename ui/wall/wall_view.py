"""The grid of tiles: the wall model's layout and focus, and stream profile by tile size."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget

from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.session import Session
from rtcc_desktop.video.wall_layouts import WallLayout, profile_for_width
from rtcc_desktop.wall.model import WallModel
from ui.wall import render_path
from ui.wall.tile import VideoTile

_AFTER_LAYOUT_MS = 30
_AFTER_RESIZE_MS = 300
# makes tile ``index`` of a view (its feed with it): a room wall's display asks its grants per room tile
TileFactory = Callable[[int, QWidget, WallModel], VideoTile]


class WallView(QWidget):
    """Arranges the tiles the way the wall model says (layout, focus); input goes to the model."""

    tile_created = Signal(object)  # VideoTile

    def __init__(self, session: Session | None, parent: QWidget | None = None, model: WallModel | None = None,
                 tiles: TileFactory | None = None) -> None:
        """``tiles``: how this view's tiles are made (None: a seat's, through ``render_path``,
        with ``session``'s stream grants)."""
        super().__init__(parent)
        self.session = session
        self._make_tile = tiles
        self.model = model if model is not None else WallModel(CameraDirectory(), self)
        self.tiles: list[VideoTile] = []  # grows to the largest layout used; tiles are reused
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(2)
        # Each tile's stream profile and decode size, once the layout has given the tiles their
        # sizes: soon after a layout change or a focus (one event), after a window resize has
        # settled (a drag would otherwise restart every stream many times).
        self._profiles = QTimer(self)
        self._profiles.setSingleShot(True)
        self._profiles.timeout.connect(self.apply_profiles)
        self.model.layout_changed.connect(self._arrange)
        self.model.focus_changed.connect(self._arrange)
        self._arrange()

    @property
    def wall_layout(self) -> WallLayout:
        return self.model.layout

    @property
    def focused(self) -> int | None:
        return self.model.focused

    @property
    def visible_tiles(self) -> list[VideoTile]:
        return self.tiles[: self.wall_layout.tile_count]

    def tile_at(self, index: int) -> VideoTile:
        return self.tiles[index]

    def _ensure_tiles(self, count: int) -> None:
        while len(self.tiles) < count:
            if self._make_tile is not None:
                tile = self._make_tile(len(self.tiles), self, self.model)
            else:
                assert self.session is not None, "a seat's wall view needs its session"
                feed = render_path.make_feed(self.session, self)  # the software or the GPU path, chosen at start-up
                tile = render_path.make_tile(len(self.tiles), feed, self, wall=self.model)
            tile.hide()
            self.tiles.append(tile)
            self.tile_created.emit(tile)

    # --- input, routed to the model -------------------------------------------------------
    def set_layout(self, name: str) -> None:
        self.model.set_layout(name)

    def toggle_focus(self, index: int) -> None:
        self.model.toggle_focus(index)

    # --- rendering ------------------------------------------------------------------------
    def _arrange(self, *_changed: object) -> None:
        layout = self.wall_layout
        self._ensure_tiles(layout.tile_count)
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
            for r in range(layout.rows):
                self._grid.setRowStretch(r, 1)
            for c in range(layout.cols):
                self._grid.setColumnStretch(c, 1)
            for tile, cell in zip(self.tiles, layout.cells, strict=False):
                self._grid.addWidget(tile, cell.row, cell.col, cell.row_span, cell.col_span)
                tile.show()
        self._profiles.start(_AFTER_LAYOUT_MS)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._profiles.start(_AFTER_RESIZE_MS)

    def apply_profiles(self) -> None:
        for tile in self.visible_tiles:
            if tile.isVisible():
                tile.feed.fit(self.profile_for(tile), self.pixel_size(tile))

    @staticmethod
    def pixel_size(tile: VideoTile) -> tuple[int, int]:
        """The tile's size in device pixels: what its pictures are decoded to, to paint 1:1."""
        ratio = tile.devicePixelRatioF()
        return max(2, round(tile.width() * ratio)), max(2, round(tile.height() * ratio))

    def profile_for(self, tile: VideoTile) -> str:
        if not tile.isVisible():
            return "sub"
        return profile_for_width(tile.width(), focused=self.focused == tile.index)
