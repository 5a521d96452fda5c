"""The size a frame buffer asks libVLC to decode to when its owner wants the tile's size
(``frame_buffer.decode_size`` and the format callback that answers it), without libVLC:
the largest even picture of the source's shape inside the tile, upscaled when the tile is
larger, capped at 3840x2160, and the picture's own size (within 1920x1080) without a target."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator

import pytest

from rtcc_desktop.video import picture_size
from rtcc_desktop.video.frame_buffer import MAX_TARGET_HEIGHT, MAX_TARGET_WIDTH, FrameBuffer, decode_size


@pytest.fixture(autouse=True)
def fresh_memory() -> Iterator[None]:
    picture_size.forget_all()
    yield
    picture_size.forget_all()


@pytest.mark.parametrize(("picture", "target", "decoded"), [
    ((320, 180), (960, 540), (960, 540)),  # 2x2 on 1920x1080: upscaled so the tile blits 1:1
    ((320, 180), (478, 268), (476, 268)),  # 4x4 with the grid's spacing: height-limited
    ((320, 180), (479, 269), (478, 268)),  # odd sides rounded down to even
    ((320, 180), (224, 130), (224, 126)),  # 224 * 180 / 320 = 126 exactly (a float scale gives 125.99)
    ((320, 180), (400, 600), (400, 224)),  # a tall tile: letterboxed above and below
    ((1280, 720), (238, 133), (236, 132)),  # main into an 8x8 tile: downscaled
    ((640, 480), (960, 540), (720, 540)),  # 4:3 into 16:9: bars left and right
    ((704, 576), (480, 270), (330, 270)),  # PAL D1
    ((320, 180), (7680, 4320), (3840, 2160)),  # a tile across several 4K screens: capped
    ((320, 180), (7680, 1080), (1920, 1080)),  # only the width over the cap: the height decides
    ((320, 180), (1, 1), (2, 2)),  # a collapsed tile still gets a picture libVLC can make
])
def test_the_picture_is_decoded_to_the_largest_even_fit_inside_the_tile(
        picture: tuple[int, int], target: tuple[int, int], decoded: tuple[int, int]) -> None:
    assert decode_size(picture, target) == decoded


@pytest.mark.parametrize(("picture", "decoded"), [
    ((320, 180), (320, 180)),
    ((1280, 720), (1280, 720)),
    ((3840, 2160), (1920, 1080)),  # without a target, bigger sources are scaled to 1080p
    ((321, 181), (320, 180)),
])
def test_without_a_target_the_picture_keeps_its_own_size(picture: tuple[int, int],
                                                         decoded: tuple[int, int]) -> None:
    assert decode_size(picture, None) == decoded


@pytest.mark.parametrize("picture", [(320, 180), (1280, 720), (640, 480), (704, 576), (1920, 1080)])
def test_every_fit_is_even_inside_the_tile_of_the_picture_s_shape_and_as_large_as_evenness_allows(
        picture: tuple[int, int]) -> None:
    w, h = picture
    for tw in range(40, 2000, 37):
        for th in range(30, 1200, 23):
            fw, fh = decode_size(picture, (tw, th))
            assert fw % 2 == 0 and fh % 2 == 0
            assert fw <= tw and fh <= th, (tw, th)
            # The tighter side fills the tile but for the rounding to even.
            assert fw >= tw - 1 or fh >= th - 1, (tw, th, fw, fh)
            # The shape is kept to the rounding: within a pixel pair on each side.
            assert abs(fw * h - fh * w) <= 2 * max(w, h), (tw, th, fw, fh)


def _ask(buffer: FrameBuffer, offered: tuple[int, int]) -> tuple[int, tuple[int, int], bytes, int]:
    """Call the buffer's format callback as libVLC does: it writes the answer into our pointers."""
    chroma = ctypes.create_string_buffer(b"I420", 4)
    width, height = ctypes.c_uint(offered[0]), ctypes.c_uint(offered[1])
    pitches, lines = (ctypes.c_uint * 3)(), (ctypes.c_uint * 3)()
    planes = buffer.format_cb(None, ctypes.cast(chroma, ctypes.POINTER(ctypes.c_char)),
                              ctypes.pointer(width), ctypes.pointer(height),
                              ctypes.cast(pitches, ctypes.POINTER(ctypes.c_uint)),
                              ctypes.cast(lines, ctypes.POINTER(ctypes.c_uint)))
    assert lines[0] == height.value
    return planes, (width.value, height.value), chroma.raw, pitches[0]


def test_the_format_callback_answers_the_fit_for_the_wanted_size_and_keeps_the_source_shape() -> None:
    buffer = FrameBuffer()
    buffer.target_size = (478, 268)
    planes, answered, chroma, pitch = _ask(buffer, (320, 194))  # the mock's padded sub stream
    assert (planes, answered, chroma, pitch) == (1, (476, 268), b"RV32", 476 * 4)
    assert buffer.size == (476, 268)
    # The painter's shape is the source's, as libVLC reports it, never the buffer's.
    buffer.set_source_size(320, 180)
    assert buffer.source_size == (320, 180)
    # What the next stream of this kind is remembered to hold is the picture, not the tile.
    assert picture_size.picture_size(320, 194) == (320, 180)


def test_without_a_wanted_size_the_format_callback_answers_the_picture() -> None:
    buffer = FrameBuffer()
    assert buffer.target_size is None
    assert _ask(buffer, (320, 194))[1] == (320, 180)
    assert _ask(buffer, (3840, 2162))[1] == (1920, 1080)


def test_a_new_wanted_size_is_answered_at_the_next_playback() -> None:
    buffer = FrameBuffer()
    buffer.target_size = (960, 540)
    assert _ask(buffer, (320, 194))[1] == (960, 540)
    buffer.target_size = (MAX_TARGET_WIDTH * 2, MAX_TARGET_HEIGHT * 2)
    assert _ask(buffer, (320, 194))[1] == (MAX_TARGET_WIDTH, MAX_TARGET_HEIGHT)
    assert buffer.size == (MAX_TARGET_WIDTH, MAX_TARGET_HEIGHT)
