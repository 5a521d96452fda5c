"""Decoded pictures as YUV planes, for a wall that converts and scales on the GPU.

libVLC decodes H.264 to I420 (a full-size Y plane, then U and V at half width and
height). Asking for I420 at the picture's own size means libVLC converts nothing and
scales nothing: it copies the decoder's planes into our buffers, and the GPU tile
uploads them as three textures and does the colour conversion and the scaling in a
shader (ui/wall/gl_tile.py). So this buffer ignores the tile's size (``target_size``):
a GPU scales for free, swscale would not.

The ring, its locking and the public surface are ``FrameBuffer``'s (one owner of that
discipline): this subclass only lays out three planes per picture instead of one.
"""

from __future__ import annotations

import ctypes
import functools
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rtcc_desktop.api.schemas.frame_strip import StripReading, read_strip
from rtcc_desktop.video import picture_size
from rtcc_desktop.video.frame_buffer import _RING, FrameBuffer, decode_size

# Row pitches a multiple of 32 bytes (what SIMD copies and texture uploads like), plane
# heights a multiple of 16 rows, each plane starting on a 32-byte offset.
PITCH_ALIGN = 32
LINE_ALIGN = 16


def _align(value: int, to: int) -> int:
    return (value + to - 1) // to * to


@dataclass(frozen=True)
class PlaneLayout:
    offset: int  # bytes from the start of the picture's buffer
    width: int  # visible pixels (one byte each)
    height: int  # visible rows
    pitch: int  # bytes from one row to the next
    lines: int  # rows allocated


@functools.lru_cache(maxsize=64)
def i420_layout(width: int, height: int) -> tuple[PlaneLayout, PlaneLayout, PlaneLayout]:
    """Where Y, U and V of a ``width`` x ``height`` I420 picture live in one buffer."""
    planes = []
    offset = 0
    for w, h in ((width, height), ((width + 1) // 2, (height + 1) // 2), ((width + 1) // 2, (height + 1) // 2)):
        pitch, lines = _align(w, PITCH_ALIGN), _align(h, LINE_ALIGN)
        planes.append(PlaneLayout(offset, w, h, pitch, lines))
        offset += pitch * lines
    y, u, v = planes
    return y, u, v


def layout_bytes(layout: tuple[PlaneLayout, ...]) -> int:
    last = layout[-1]
    return last.offset + last.pitch * last.lines


@dataclass(frozen=True)
class Plane:
    data: memoryview  # pitch * height bytes at least
    width: int
    height: int
    pitch: int


@dataclass(frozen=True)
class YuvFrame:
    """A view of the newest picture's planes; valid only inside ``YuvFrameBuffer.reading()``."""

    y: Plane
    u: Plane
    v: Plane
    width: int
    height: int

    @property
    def planes(self) -> tuple[Plane, Plane, Plane]:
        return self.y, self.u, self.v


class YuvFrameBuffer(FrameBuffer):
    """libVLC's I420 pictures in a ring of buffers we own (three planes each)."""

    scales_on_paint = True  # the shader scales: a new tile size needs no new playback

    def __init__(self) -> None:
        super().__init__()
        self._layout = i420_layout(0, 0)
        # The player sets the tile's size here; the GPU scales, so the picture is decoded at its own.
        self.target_size: tuple[int, int] | None = None

    # --- libVLC threads -------------------------------------------------
    def _format(self, _opaque, chroma, width, height, pitches, lines) -> int:  # type: ignore[no-untyped-def]
        offered = self._take_offer(width[0], height[0])
        if offered is None:
            return 0
        w, h = decode_size(picture_size.picture_size(*offered), None)  # its own size: the GPU scales
        layout = i420_layout(w, h)
        ctypes.memmove(chroma, b"I420", 4)
        width[0], height[0] = w, h
        for i, plane in enumerate(layout):
            pitches[i], lines[i] = plane.pitch, plane.lines
        with self._lock:
            if (w, h) != (self._width, self._height):
                self._buffers = [(ctypes.c_ubyte * layout_bytes(layout))() for _ in range(_RING)]
                self._width, self._height, self._stride = w, h, layout[0].pitch
                self._layout = layout
                self._front = self._reading = -1
        return 1

    def _lock_picture(self, opaque: ctypes.c_void_p, planes: ctypes.Array[ctypes.c_void_p]) -> int:
        picture = super()._lock_picture(opaque, planes)  # picks the ring slot, points planes[0] at it
        base = planes[0]
        assert base is not None
        u, v = self._layout[1], self._layout[2]
        planes[1], planes[2] = base + u.offset, base + v.offset
        return picture

    # --- any thread -------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[YuvFrame | None]:  # type: ignore[override]
        """The newest picture's planes, protected from being overwritten while held."""
        with super().reading() as frame:
            if frame is None:
                yield None
                return
            # From the held picture's own size: the ring may be reallocated for another size meanwhile.
            y, u, v = (Plane(frame.data[p.offset:p.offset + p.pitch * p.lines], p.width, p.height, p.pitch)
                       for p in i420_layout(frame.width, frame.height))
            yield YuvFrame(y, u, v, frame.width, frame.height)

    def read_strip(self, now_ms: int | None = None) -> StripReading | None:
        """The synthetic feed's identity/time strip, read from the luma plane (the strip is
        black and white: luma alone carries it, and ``read_strip`` reads one byte a pixel)."""
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        with self.reading() as frame:
            if frame is None:
                return None
            y = frame.y
            return read_strip(y.data, y.width, y.height, y.pitch, now_ms, bpp=1)

