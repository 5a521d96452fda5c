"""One screen of the room wall in the seat's panel: its title and its layout drawn as the grid
the room's display shows, one ``RoomTileView`` per tile."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from rtcc_desktop.api.schemas.room_walls import RoomScreen, RoomTile
from rtcc_desktop.video.wall_layouts import LAYOUTS, Cell, WallLayout, grid
from ui.room_wall.panel_tile import RoomTileView, one_line

MAX_TILES = 64  # the largest layout; a screen claiming more is drawn with this many


def layout_for(screen: RoomScreen) -> tuple[WallLayout, str]:
    """The grid to draw a screen with, and a note when the backend's layout is not one this
    console knows (its tiles are then drawn on the smallest square grid that holds them)."""
    known = LAYOUTS.get(screen.layout)
    count = min(len(screen.tiles), MAX_TILES)
    if known is not None and known.tile_count >= count:
        return known, ""
    side = max(1, math.ceil(math.sqrt(max(count, 1))))
    fallback = grid(side) if side in (1, 2, 3, 4, 5, 8) else WallLayout(
        f"{side}x{side}", side, side, tuple(Cell(r, c) for r in range(side) for c in range(side)))
    return fallback, f"layout “{one_line(screen.layout)}” shown as {side}x{side}"


class _ScreenShape(QWidget):
    """Holds a screen's grid in the shape of a room display (16:9), centred in the room it has."""

    def __init__(self, inner: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.inner = inner
        inner.setParent(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        w, h = self.width(), self.height()
        fit_w, fit_h = (w, w * 9 // 16) if w * 9 // 16 <= h else (h * 16 // 9, h)
        self.inner.setGeometry((w - fit_w) // 2, (h - fit_h) // 2, fit_w, fit_h)


class RoomScreenView(QFrame):
    """A room screen: a title line and its tiles, rebuilt only when its layout changes."""

    def __init__(self, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.setObjectName("roomScreen")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.title.setObjectName("hintText")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.grid_box = QWidget()
        self.grid = QGridLayout(self.grid_box)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(2)
        self.tiles: list[RoomTileView] = []
        self.layout_name: str | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 2, 4, 4)
        box.setSpacing(2)
        box.addWidget(self.title)
        box.addWidget(_ScreenShape(self.grid_box), 1)

    def show_screen(self, screen: RoomScreen, make_tile: type[RoomTileView] = RoomTileView) -> list[RoomTileView]:
        """Render ``screen``; the tiles made anew (the panel wires them), empty when reused."""
        wall_layout, note = layout_for(screen)
        made: list[RoomTileView] = []
        key = f"{wall_layout.name}/{len(wall_layout.cells)}"
        if key != self.layout_name:
            self.layout_name = key
            for tile in self.tiles:
                tile.hide()
                tile.deleteLater()
            self.tiles = []
            while self.grid.count():
                self.grid.takeAt(0)
            for r in range(10):
                self.grid.setRowStretch(r, 0)
                self.grid.setColumnStretch(r, 0)
            for r in range(wall_layout.rows):
                self.grid.setRowStretch(r, 1)
            for c in range(wall_layout.cols):
                self.grid.setColumnStretch(c, 1)
            for n, cell in enumerate(wall_layout.cells):
                tile = make_tile(self.index, n, self.grid_box)
                self.grid.addWidget(tile, cell.row, cell.col, cell.row_span, cell.col_span)
                self.tiles.append(tile)
                made.append(tile)
        by_index: dict[int, RoomTile] = {}
        for t in screen.tiles[:MAX_TILES]:
            by_index.setdefault(t.index, t)
        for n, view in enumerate(self.tiles):
            view.set_tile(by_index.get(n) or RoomTile(index=n))
        used = sum(1 for t in self.tiles if t.camera_id is not None)
        words = f"Screen {self.index + 1} · {one_line(screen.layout)} · {used} of {len(self.tiles)} in use"
        self.title.setText(f"{words} · {note}" if note else words)
        self.setAccessibleName(words)
        return made
