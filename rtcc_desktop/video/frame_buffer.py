"""Decoded pictures handed from libVLC's threads to whoever paints them.

libVLC decodes into buffers we own (video callbacks, RV32 = 32-bit BGRX), so a
tile paints with ordinary painting, overlays are normal widgets, and tests can
read pixels. A small ring of buffers: the decoder writes one, the painter reads
the newest complete one, and the two never touch the same buffer while the
painter holds ``reading()``.

The callbacks below run on libVLC's threads. They only copy pointers, take a
short lock and call ``on_frame``; they never call back into libVLC (that
deadlocks - see docs/architecture.md).
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from rtcc_desktop.api.schemas.frame_strip import StripReading, read_strip
from rtcc_desktop.video import picture_size

_RING = 4
# Without a wanted size, bigger sources are scaled down by libVLC: a wall tile never needs more.
MAX_WIDTH, MAX_HEIGHT = 1920, 1080
# With one, the largest picture we decode to: a focused tile on a 4K screen. Each buffer of
# it is 33 MB and a player holds a ring of them, so a larger request (a tile stretched over
# several screens) is decoded at this size and scaled by the painter instead.
MAX_TARGET_WIDTH, MAX_TARGET_HEIGHT = 3840, 2160


def decode_size(picture: tuple[int, int], target: tuple[int, int] | None) -> tuple[int, int]:
    """The size libVLC decodes a ``picture``-sized picture to, for a tile wanting ``target``
    device pixels (None: the picture's own size within 1920x1080).

    With a target: the largest picture of the picture's shape that fits inside it
    (letterboxed; upscaled when the tile is larger, so the tile paints it 1:1), both sides
    even (libVLC's chroma conversion works on pixel pairs), within 3840x2160."""
    w, h = max(1, picture[0]), max(1, picture[1])
    if target is None:
        scale = min(1.0, MAX_WIDTH / w, MAX_HEIGHT / h)
        return max(2, int(w * scale) & ~1), max(2, int(h * scale) & ~1)
    tw, th = min(max(2, target[0]), MAX_TARGET_WIDTH), min(max(2, target[1]), MAX_TARGET_HEIGHT)
    # Integer arithmetic: a float scale puts a 1.5x side at 269.999... and loses a row.
    if tw * h <= th * w:  # the width is the tighter side
        fw, fh = tw, tw * h // w
    else:
        fw, fh = th * w // h, th
    return max(2, fw & ~1), max(2, fh & ~1)

FormatCb = ctypes.CFUNCTYPE(
    ctypes.c_uint,
    ctypes.POINTER(ctypes.c_void_p),
    ctypes.POINTER(ctypes.c_char),  # python-vlc types this c_char_p, which cannot be written
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
    ctypes.POINTER(ctypes.c_uint),
)
CleanupCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
LockCb = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p))
UnlockCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p))
DisplayCb = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_void_p)


@dataclass(frozen=True)
class Frame:
    """A view of the newest picture; valid only inside ``FrameBuffer.reading()``."""

    data: memoryview
    width: int
    height: int
    stride: int


class FrameBuffer:
    # False: pictures arrive at the size the tile asked for (``target_size``), so a new tile size
    # is a new playback. A buffer whose painter scales for free (the GPU path) says True.
    scales_on_paint = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buffers: list[ctypes.Array[ctypes.c_ubyte]] = []
        self._width = self._height = self._stride = 0
        self._front = -1  # index of the newest complete picture
        self._reading = -1  # index the painter holds
        self._next = 0
        self.seq = 0  # pictures displayed since creation; never reset (a painter compares it)
        self.last_frame_at: float | None = None  # time.monotonic() of the newest picture
        self.on_frame: Callable[[], None] | None = None
        # The source picture's size, as libVLC reports it once it plays (the player sets
        # it on its thread). The buffer always holds the whole picture, scaled to the
        # buffer if the two differ (picture_size.py), so this gives the painter its shape.
        self.source_size: tuple[int, int] | None = None
        self._offered = (0, 0)  # what libVLC offered in the last format call
        # The size the owner wants pictures decoded to, in device pixels (the tile's, so it
        # paints them 1:1; None: the picture's own). Set before a playback starts: libVLC asks
        # once per playback, so the size stays fixed for it.
        self.target_size: tuple[int, int] | None = None
        # ctypes callbacks must outlive every use by libVLC: keep them on the object.
        self.format_cb = FormatCb(self._format)
        self.cleanup_cb = CleanupCb(self._cleanup)
        self.lock_cb = LockCb(self._lock_picture)
        self.unlock_cb = UnlockCb(self._unlock_picture)
        self.display_cb = DisplayCb(self._display)

    # --- libVLC threads -------------------------------------------------
    def _take_offer(self, width: int, height: int) -> tuple[int, int] | None:
        """What libVLC's format callback offers (the decoder's padded buffer), remembered; None
        for a size it cannot decode into."""
        offered = int(width), int(height)
        if min(offered) <= 0:
            return None
        if offered != self._offered:
            self.source_size = None  # another kind of stream: its shape is not known yet
        self._offered = offered
        return offered

    def _format(self, _opaque, chroma, width, height, pitches, lines) -> int:  # type: ignore[no-untyped-def]
        offered = self._take_offer(width[0], height[0])
        if offered is None:
            return 0
        # swscale scales while it converts to RV32, in one pass on libVLC's threads.
        w, h = decode_size(picture_size.picture_size(*offered), self.target_size)
        ctypes.memmove(chroma, b"RV32", 4)
        width[0], height[0] = w, h
        pitches[0], lines[0] = w * 4, h
        with self._lock:
            if (w, h) != (self._width, self._height):
                self._buffers = [(ctypes.c_ubyte * (w * 4 * h))() for _ in range(_RING)]
                self._width, self._height, self._stride = w, h, w * 4
                self._front = self._reading = -1
        return 1  # one picture buffer ("plane") per picture

    def _cleanup(self, _opaque: ctypes.c_void_p) -> None:
        # Buffers stay allocated: the painter may still hold the last picture,
        # and the next stream usually has the same size.
        pass

    def _lock_picture(self, _opaque: ctypes.c_void_p, planes: ctypes.Array[ctypes.c_void_p]) -> int:
        with self._lock:
            index = self._next
            for _ in range(_RING):
                if index not in (self._front, self._reading):
                    break
                index = (index + 1) % _RING
            self._next = (index + 1) % _RING
            planes[0] = ctypes.addressof(self._buffers[index])
        return index + 1  # the "picture" handed back to display (0 would read as NULL)

    def _unlock_picture(self, _opaque: ctypes.c_void_p, _picture: int, _planes: object) -> None:
        pass

    def _display(self, _opaque: ctypes.c_void_p, picture: int | None) -> None:
        with self._lock:
            self._front = int(picture or 1) - 1
            self.seq += 1
            self.last_frame_at = time.monotonic()
        callback = self.on_frame
        if callback is not None:
            callback()

    # --- any thread -------------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self._width, self._height

    @property
    def offered_size(self) -> tuple[int, int]:
        """The buffer size libVLC offered for the current stream (before picture_size's answer)."""
        return self._offered

    def has_picture(self) -> bool:
        return self._front >= 0

    def frame_age_s(self, now: float | None = None) -> float | None:
        if self.last_frame_at is None:
            return None
        return (time.monotonic() if now is None else now) - self.last_frame_at

    @contextmanager
    def reading(self) -> Iterator[Frame | None]:
        """The newest picture, protected from being overwritten while held."""
        with self._lock:
            index = self._front
            if index < 0:
                frame = None
            else:
                self._reading = index
                buf = self._buffers[index]
                frame = Frame(memoryview(buf).cast("B"), self._width, self._height, self._stride)
        try:
            yield frame
        finally:
            if frame is not None:
                with self._lock:
                    self._reading = -1

    def read_strip(self, now_ms: int | None = None) -> StripReading | None:
        """The synthetic feed's identity/time strip in the newest picture (tests, benches)."""
        now_ms = int(time.time() * 1000) if now_ms is None else now_ms
        with self.reading() as frame:
            if frame is None:
                return None
            return read_strip(frame.data, frame.width, frame.height, frame.stride, now_ms)

    def set_source_size(self, width: int, height: int) -> None:
        """The playing picture's size as libVLC reports it (owner thread), remembered
        so the next stream of this kind is decoded at its own size, unscaled."""
        if width > 0 and height > 0:
            self.source_size = (width, height)
            picture_size.remember(self._offered, (width, height))

    def forget_picture(self) -> None:
        """Drop the current picture (a new camera must never show the old one's)."""
        with self._lock:
            self._front = -1
            self.last_frame_at = None
