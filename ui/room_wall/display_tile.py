"""A room-wall display's tile: the seats' tile (``TileChrome``: label, state, case number, the
consent countdown, the frame age in red whenever the picture is not fresh) with one more band
under the label saying who put the camera there and since when, and no mouse or drops: the
display follows the backend, nobody at the front of the room drives it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QFont, QFontMetrics, QMouseEvent, QPainter, QPixmap
from PySide6.QtWidgets import QWidget

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import RoomTile
from rtcc_desktop.video.stream_player import StreamPlayer
from rtcc_desktop.wall.model import WallModel
from ui.room_wall.display_feed import RoomTileFeed
from ui.wall import render_path
from ui.wall.gl_tile import GlTile
from ui.wall.tile import VideoTile
from ui.wall.wall_view import TileFactory

_Chrome = VideoTile if TYPE_CHECKING else object


def _tr(text: str) -> str:
    return QCoreApplication.translate("ui.room_wall.display_tile", text)


def pusher_words(tile: RoomTile | None) -> str:
    """"put there by alex at 17:42 · locked by sam": who put the camera there, for the room."""
    if tile is None or tile.camera_id is None:
        return ""
    parts = []
    if tile.pushed_by:
        when = tile.since.astimezone().strftime("%H:%M") if isinstance(tile.since, datetime) else ""
        parts.append(_tr("put there by {user} at {time}").format(user=tile.pushed_by, time=when) if when
                     else _tr("put there by {user}").format(user=tile.pushed_by))
    if tile.locked:
        parts.append(_tr("locked by {user}").format(user=tile.locked_by) if tile.locked_by else _tr("locked"))
    return " · ".join(parts)


class RoomTileBand(_Chrome):
    """Mixed in before the tile class: ``class RoomVideoTile(RoomTileBand, VideoTile)``."""

    room_tile: Callable[[], RoomTile | None] = staticmethod(lambda: None)  # type: ignore[assignment]

    def status_line(self) -> str:
        line = super().status_line()
        words = pusher_words(self.room_tile()) if self.feed.camera is not None else ""
        return f"{line} ({words})" if words else line

    def paint_chrome(self, p: QPainter, painted: bool) -> None:
        if self.feed.camera is None:  # nobody drops anything here: the tile's number, dimly
            p.setPen(QColor("#3a424c"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       _tr("Room tile {number}").format(number=self.index + 1))
            return
        super().paint_chrome(p, painted)
        words = pusher_words(self.room_tile()) if self.feed.camera is not None and not self.blanked else ""
        if words:
            band = self._pusher_band(words)
            p.drawPixmap(0, self._top_height(), band)

    def _top_height(self) -> int:
        """The chrome's top band's height (as ``TileChrome._bands`` lays it out)."""
        font = self._band_font()
        return QFontMetrics(font).height() + 6

    def _band_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(8 if self.width() < 240 else 9.5)
        return font

    def _pusher_band(self, words: str) -> QPixmap:
        """Drawn again only when its words or the tile's size change (a tile repaints per picture)."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), ratio, words)
        cached: tuple[object, QPixmap] | None = getattr(self, "_pusher_cache", None)
        if cached is not None and cached[0] == key:
            return cached[1]
        font = self._band_font()
        fm = QFontMetrics(font)
        line, width = fm.height() + 2, self.width()
        pixmap = QPixmap(max(1, round(width * ratio)), round((line + 4) * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        try:
            # Darker than the chrome's bands: read from across the room, the camera's own
            # overlay text showing through this line reads as one jumble.
            painter.fillRect(QRect(0, 0, width, line + 4), QColor(0, 0, 0, 215))
            painter.setFont(font)
            painter.setPen(QColor("#9fb3c8"))
            painter.drawText(QRect(18, 2, width - 20, line), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
                             fm.elidedText(words, Qt.TextElideMode.ElideRight, width - 24))
        finally:
            painter.end()
        self._pusher_cache = (key, pixmap)
        return pixmap

    # --- no mouse, no drops: the display follows the backend --------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.ignore()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        event.ignore()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.ignore()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.ignore()

    def contextMenuEvent(self, event: object) -> None:
        pass

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        event.ignore()


class RoomVideoTile(RoomTileBand, VideoTile):
    pass


class RoomGlTile(RoomTileBand, GlTile):  # type: ignore[misc]
    pass


def tile_factory(client: BackendClient, wall_id: Callable[[], int | None], screen: int,
                 room_tile: Callable[[int, int], RoomTile | None]) -> TileFactory:
    """How a display's view of room screen ``screen`` makes its tiles: each tile's feed asks the
    device's grant for its own room tile; ``room_tile(screen, index)`` is what the tile says."""
    path = render_path.wall_path()

    def make(index: int, parent: QWidget, model: WallModel) -> VideoTile:
        players = (StreamPlayer(buffer=render_path.make_buffer(path)),
                   StreamPlayer(buffer=render_path.make_buffer(path)))
        feed = RoomTileFeed(client, wall_id, screen, index, players, parent)
        for player in players:
            player.setParent(feed)
        kind = RoomGlTile if path == "gl" else RoomVideoTile
        tile = kind(index, feed, parent, wall=model)
        tile.setAcceptDrops(False)
        tile.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        tile.room_tile = lambda: room_tile(screen, index)  # type: ignore[method-assign]
        return tile  # type: ignore[return-value]

    return make
