"""The size asked of libVLC for a decoder's padded buffer (see picture_size.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rtcc_desktop.video import picture_size
from rtcc_desktop.video.picture_size import picture_size as size_for


@pytest.fixture(autouse=True)
def fresh_memory() -> Iterator[None]:
    picture_size.forget_all()
    yield
    picture_size.forget_all()


@pytest.mark.parametrize(("offered", "picture"), [
    ((320, 194), (320, 180)),  # the mock's sub stream, as libVLC's H.264 decoder pads it
    ((1280, 738), (1280, 720)),
    ((1920, 1090), (1920, 1080)),
    ((640, 386), (640, 360)),
    ((640, 482), (640, 480)),  # 4:3
    ((320, 242), (320, 240)),
    ((3840, 2162), (3840, 2160)),
])
def test_a_camera_shaped_picture_is_found_under_its_padding(offered: tuple[int, int],
                                                            picture: tuple[int, int]) -> None:
    assert size_for(*offered) == picture


def test_an_unusual_shape_is_answered_with_the_buffer_until_it_has_been_seen() -> None:
    offered, picture = (704, 578), (704, 576)  # a PAL D1 camera: neither 16:9 nor 4:3
    assert size_for(*offered) == offered
    picture_size.remember(offered, picture)
    assert size_for(*offered) == picture


def test_what_was_seen_overrides_the_guess() -> None:
    picture_size.remember((320, 194), (320, 192))
    assert size_for(320, 194) == (320, 192)


@pytest.mark.parametrize("picture", [(0, 180), (320, 0), (400, 180), (320, 200)])
def test_a_report_that_cannot_fit_the_buffer_is_not_remembered(picture: tuple[int, int]) -> None:
    picture_size.remember((320, 194), picture)
    assert size_for(320, 194) == (320, 180)
