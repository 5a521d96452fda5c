"""The machine-readable strip at the top of every synthetic camera frame.

The mock draws it (camera number + capture time) and the client's tests and
benchmarks read it back from decoded pixels, so which camera a tile shows and
how old its picture is are checked from what is actually on screen. Both sides
use this one definition of the layout.

Layout: two rows of ``BITS_PER_ROW`` black/white blocks across the full frame
width, least significant bit on the left. Row 0 holds ``(camera_number << 4) |
SYNC``; row 1 holds the capture time in Unix milliseconds modulo 2**32. Blocks
are large (10 x 7 px even on a 320x180 sub stream) so they survive H.264.
"""

from __future__ import annotations

from dataclasses import dataclass

BITS_PER_ROW = 32
ROWS = 2
SYNC = 0b1010
SYNC_BITS = 4
CAMERA_BITS = 24
TIME_MODULUS = 2**32


def row_height(frame_height: int) -> int:
    return max(4, frame_height // 24)


def id_word(camera_number: int) -> int:
    return ((camera_number % (1 << CAMERA_BITS)) << SYNC_BITS) | SYNC


@dataclass(frozen=True)
class StripReading:
    camera_number: int
    captured_ms: int  # Unix milliseconds, unwrapped against the reader's clock

    def age_ms(self, now_ms: int) -> int:
        return now_ms - self.captured_ms


def _word(pixels: bytes | bytearray | memoryview, width: int, stride: int, y: int, bpp: int) -> int:
    word = 0
    for bit in range(BITS_PER_ROW):
        x = int((bit + 0.5) * width / BITS_PER_ROW)
        off = y * stride + x * bpp
        # Any channel works for a black/white block; averaging three resists colour noise.
        level = (pixels[off] + pixels[off + 1] + pixels[off + 2]) // 3 if bpp >= 3 else pixels[off]
        if level >= 128:
            word |= 1 << bit
    return word


def read_strip(
    pixels: bytes | bytearray | memoryview, width: int, height: int, stride: int, now_ms: int, bpp: int = 4
) -> StripReading | None:
    """Decode the strip from a packed frame (RV32/BGRA by default); None when absent.

    ``now_ms`` unwraps the 32-bit time: the capture happened in the last 49 days."""
    rh = row_height(height)
    if width < BITS_PER_ROW or height < 2 * rh or stride * height > len(pixels):
        return None
    first = _word(pixels, width, stride, rh // 2, bpp)
    if first & ((1 << SYNC_BITS) - 1) != SYNC:
        return None
    stamp = _word(pixels, width, stride, rh + rh // 2, bpp)
    captured = now_ms - ((now_ms - stamp) % TIME_MODULUS)
    # A clock a little ahead of ours (another machine) would wrap to ~49 days ago.
    if now_ms - captured > TIME_MODULUS - 60_000:
        captured += TIME_MODULUS
    return StripReading(first >> SYNC_BITS, captured)
