"""A wall tile that paints its feed's newest picture with QPainter (the software path).

The overlay, the tile's words and its interaction are ``TileChrome``'s (shared with the
GPU path's ``GlTile``); this widget only paints the picture under them.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from rtcc_desktop.video.frame_buffer import decode_size
from rtcc_desktop.wall.model import WallModel
from ui.wall.tile_chrome import BACKGROUND, BEHIND_LIVE, TILE_MIME, TileChrome, age_text, format_countdown
from ui.wall.tile_feed import TileFeed

__all__ = ["BEHIND_LIVE", "TILE_MIME", "VideoTile", "age_text", "format_countdown"]


class VideoTile(TileChrome, QWidget):
    def __init__(self, index: int, feed: TileFeed, parent: QWidget | None = None,
                 wall: WallModel | None = None) -> None:
        super().__init__(parent)
        self._init_chrome(index, feed, wall)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # Paints of a picture: blitted 1:1 (decoded to this tile's size) or scaled by QPainter
        # (a picture of another size, while a new size starts). Read by the bench and tests.
        self.painted_1to1 = 0
        self.painted_scaled = 0
        self.painted_blank = 0  # paints of a tile with a camera but no picture to show

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), BACKGROUND)
        if self.blanked:
            self.paint_blanked(p)
            return
        painted = self._paint_picture(p)
        if not painted and self.feed.camera is not None:
            self.painted_blank += 1
        self.paint_chrome(p, painted)

    def _paint_picture(self, p: QPainter) -> bool:
        if self.feed.camera is None:
            return False
        buffer = self.feed.shown.buffer
        with buffer.reading() as frame:
            if frame is None:
                return False
            # The buffer holds the whole picture; the source's size gives its shape.
            vw, vh = buffer.source_size or (frame.width, frame.height)
            image = QImage(frame.data, frame.width, frame.height, frame.stride, QImage.Format.Format_RGB32)
            ratio = self.devicePixelRatioF()
            device = max(2, round(self.width() * ratio)), max(2, round(self.height() * ratio))
            if (frame.width, frame.height) == decode_size((vw, vh), device):
                # Decoded to this tile's size (frame_buffer.decode_size): a plain copy, centred.
                image.setDevicePixelRatio(ratio)
                p.drawImage(QPointF((device[0] - frame.width) // 2 / ratio, (device[1] - frame.height) // 2 / ratio),
                            image)
                self.painted_1to1 += 1
            else:
                target = _fit(self.rect(), vw, vh)
                p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, target.width() > frame.width // 2)
                p.drawImage(target, image)
                self.painted_scaled += 1
        return True


def _fit(area: QRect, w: int, h: int) -> QRect:
    """The largest rectangle of aspect w:h centred in ``area``."""
    if w <= 0 or h <= 0:
        return area
    scale = min(area.width() / w, area.height() / h)
    tw, th = int(w * scale), int(h * scale)
    return QRect(area.x() + (area.width() - tw) // 2, area.y() + (area.height() - th) // 2, tw, th)
