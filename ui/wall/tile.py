"""A wall tile that paints its feed's newest picture with QPainter (the software path).

The overlay, the tile's words and its interaction are ``TileChrome``'s (shared with the
GPU path's ``GlTile``); this widget only paints the picture under them.

A 64-tile wall paints ~960 pictures a second on the UI thread, so the per-picture path
is kept to the drawing itself: where the picture goes (and the letterbox around it) is
worked out once per picture and tile size, and each buffer of the decoder's ring is
wrapped in a QImage once (the QImage is a view of the buffer, not a copy).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from rtcc_desktop.video.frame_buffer import Frame, decode_size
from rtcc_desktop.wall.model import WallModel
from ui.wall.tile_chrome import BACKGROUND, BEHIND_LIVE, TILE_MIME, TileChrome, age_text, format_countdown
from ui.wall.tile_feed import TileFeed

__all__ = ["BEHIND_LIVE", "TILE_MIME", "VideoTile", "age_text", "format_countdown"]

# Wrapped buffers kept per tile: at most the rings of both players (4 buffers each).
_WRAPPED = 8


@dataclass(frozen=True)
class _Placement:
    """Where a picture of one size goes in a tile of one size."""

    key: tuple[object, ...]
    one_to_one: bool  # decoded to this tile's size: a plain copy
    at: QPointF  # the 1:1 picture's top-left
    target: QRect  # the scaled picture's rectangle
    smooth: bool
    background: tuple[QRect, ...]  # what the picture leaves uncovered


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
        self._placement: _Placement | None = None
        self._wrapped: dict[int, tuple[object, tuple[int, int, int], QImage]] = {}

    # --- painting ------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        if self.blanked:
            p.fillRect(self.rect(), BACKGROUND)
            self.paint_blanked(p)
            return
        painted = self._paint_picture(p)
        if not painted:
            p.fillRect(self.rect(), BACKGROUND)
            if self.feed.camera is not None:
                self.painted_blank += 1
        self.paint_chrome(p, painted)

    def _paint_picture(self, p: QPainter) -> bool:
        """The newest picture and the background around it; False (nothing drawn) without one."""
        if self.feed.camera is None:
            return False
        buffer = self.feed.shown.buffer
        with buffer.reading() as frame:
            if frame is None:
                return False
            ratio = self.devicePixelRatioF()
            key = (frame.width, frame.height, buffer.source_size, self.width(), self.height(), ratio)
            place = self._placement
            if place is None or place.key != key:
                place = self._placement = self._place(key, frame, buffer.source_size, ratio)
            image = self._wrap(frame)
            for band in place.background:
                p.fillRect(band, BACKGROUND)
            if place.one_to_one:
                image.setDevicePixelRatio(ratio)
                p.drawImage(place.at, image)
                self.painted_1to1 += 1
            else:
                image.setDevicePixelRatio(1.0)
                p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, place.smooth)
                p.drawImage(place.target, image)
                self.painted_scaled += 1
        return True

    def _place(self, key: tuple[object, ...], frame: Frame, source: tuple[int, int] | None,
               ratio: float) -> _Placement:
        # The buffer holds the whole picture; the source's size gives its shape.
        vw, vh = source or (frame.width, frame.height)
        device = max(2, round(self.width() * ratio)), max(2, round(self.height() * ratio))
        one = (frame.width, frame.height) == decode_size((vw, vh), device)
        at = QPointF((device[0] - frame.width) // 2 / ratio, (device[1] - frame.height) // 2 / ratio)
        target = _fit(self.rect(), vw, vh)
        if ratio != 1.0:  # logical coordinates are fractions of a pixel: fill all, the picture over it
            background: tuple[QRect, ...] = (self.rect(),)
        elif one:
            background = _around(self.rect(), QRect(int(at.x()), int(at.y()), frame.width, frame.height))
        else:
            background = _around(self.rect(), target)
        return _Placement(key, one, at, target, target.width() > frame.width // 2, background)

    def _wrap(self, frame: Frame) -> QImage:
        """The QImage over this buffer of the ring (made once per buffer and shape)."""
        owner = frame.data.obj
        shape = (frame.width, frame.height, frame.stride)
        wrapped = self._wrapped.get(id(owner))
        if wrapped is None or wrapped[0] is not owner or wrapped[1] != shape:
            # Wrappers of another shape belong to a ring the decoder has replaced: dropping them
            # lets its memory go.
            kept = {k: w for k, w in self._wrapped.items() if w[1] == shape}
            self._wrapped = kept if len(kept) < _WRAPPED else {}
            image = QImage(frame.data, frame.width, frame.height, frame.stride, QImage.Format.Format_RGB32)
            wrapped = (owner, shape, image)
            self._wrapped[id(owner)] = wrapped
        return wrapped[2]


def _fit(area: QRect, w: int, h: int) -> QRect:
    """The largest rectangle of aspect w:h centred in ``area``."""
    if w <= 0 or h <= 0:
        return area
    scale = min(area.width() / w, area.height() / h)
    tw, th = int(w * scale), int(h * scale)
    return QRect(area.x() + (area.width() - tw) // 2, area.y() + (area.height() - th) // 2, tw, th)


def _around(area: QRect, inner: QRect) -> tuple[QRect, ...]:
    """The parts of ``area`` outside ``inner`` (the letterbox bands), empty ones left out."""
    inner = inner.intersected(area)
    if inner.isEmpty():
        return (area,)
    bands = (QRect(area.left(), area.top(), area.width(), inner.top() - area.top()),
             QRect(area.left(), inner.bottom() + 1, area.width(), area.bottom() - inner.bottom()),
             QRect(area.left(), inner.top(), inner.left() - area.left(), inner.height()),
             QRect(inner.right() + 1, inner.top(), area.right() - inner.right(), inner.height()))
    return tuple(b for b in bands if not b.isEmpty())
