"""Which size to ask libVLC for, when it only tells us the decoder's padded buffer.

libVLC's format callback offers the size of the decoder's buffer, not of the picture:
a 320x180 H.264 picture arrives as 320x194 (rows rounded up to whole macroblocks, then to
32, plus 2 lines the decoder may over-read), a 1280x720 one as 1280x738. libVLC then
*scales* the picture to fill whatever size the callback answers. Answering the offered
size stretched every picture by up to 8 % and sent every frame through swscale's scaler
instead of its plain colour conversion: 21 % of the wall's CPU for 64 ``sub`` tiles.

The picture's real size is only known once it plays (asking libVLC from inside the
callback deadlocks: the decoder holds the lock that call needs while it waits for us).
So the answer is, in order: the size seen last time for this offered size; else the
16:9 or 4:3 picture the padding could hide (what cameras send); else the offered size.
A wrong answer costs only CPU: the tile paints the whole buffer at the picture's real
shape, which the player reports once it plays.
"""

from __future__ import annotations

import threading

# Rows the decoder may add below a picture: up to 15 to finish a 16-row macroblock,
# then up to 31 to reach a multiple of 32, then 2.
_MAX_PADDING_ROWS = 15 + 31 + 2
_CAMERA_SHAPES = ((16, 9), (4, 3))

_lock = threading.Lock()
_seen: dict[tuple[int, int], tuple[int, int]] = {}


def picture_size(offered_width: int, offered_height: int) -> tuple[int, int]:
    """The picture size to answer for a buffer libVLC offers (any thread)."""
    offered = (offered_width, offered_height)
    with _lock:
        known = _seen.get(offered)
    if known is not None:
        return known
    for num, den in _CAMERA_SHAPES:
        if offered_width % num == 0:
            height = offered_width * den // num
            if offered_height - _MAX_PADDING_ROWS <= height <= offered_height:
                return offered_width, height
    return offered


def remember(offered: tuple[int, int], picture: tuple[int, int]) -> None:
    """What a buffer of size ``offered`` turned out to hold, for the next stream of its kind."""
    if min(*offered, *picture) > 0 and picture[0] <= offered[0] and picture[1] <= offered[1]:
        with _lock:
            _seen[offered] = picture


def forget_all() -> None:
    """Tests: start from the guesses alone."""
    with _lock:
        _seen.clear()
