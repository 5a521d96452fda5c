"""The wall's choice of paint path at start-up: GL only on a hardware GL renderer (Mesa's
software rasterisers and no GL at all mean the software path), ``RTCC_WALL_RENDERER``
overriding it, a wrong override said and ignored; and the tile and the players' buffers
made for each path belong together."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video.frame_buffer import FrameBuffer
from rtcc_desktop.video.yuv_frames import YuvFrameBuffer
from ui.wall import render_path
from ui.wall.gl_tile import GlTile
from ui.wall.tile import VideoTile

SOFTWARE = [
    "llvmpipe (LLVM 15.0.6, 256 bits)",
    "softpipe",
    "Mesa X11 swrast",
    "Software Rasterizer",
    "",
    None,  # no GL context could be made
]
HARDWARE = [
    "NVIDIA GeForce RTX 3060/PCIe/SSE2",
    "Mesa Intel(R) UHD Graphics 630 (CFL GT2)",
    "AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49, 6.1.0-18-amd64)",
    "Apple M2",
]


@pytest.mark.parametrize("renderer", SOFTWARE)
def test_a_software_renderer_or_none_gets_the_software_path(renderer: str | None) -> None:
    assert render_path.choose(renderer) == "software"


@pytest.mark.parametrize("renderer", HARDWARE)
def test_a_hardware_renderer_gets_the_gl_path(renderer: str) -> None:
    assert render_path.choose(renderer) == "gl"


@pytest.mark.parametrize("override", ["gl", "GL", " gl "])
def test_the_override_chooses_gl_even_on_llvmpipe(override: str) -> None:
    assert render_path.choose("llvmpipe (LLVM 15.0.6, 256 bits)", override) == "gl"


def test_the_override_chooses_software_even_on_a_gpu() -> None:
    assert render_path.choose("NVIDIA GeForce RTX 3060/PCIe/SSE2", "software") == "software"


def test_a_wrong_override_is_said_and_the_renderer_decides(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=render_path.__name__):
        assert render_path.choose("NVIDIA GeForce RTX 3060/PCIe/SSE2", "vulkan") == "gl"
        assert render_path.choose("llvmpipe (LLVM 15.0.6, 256 bits)", "vulkan") == "software"
    assert "RTCC_WALL_RENDERER='vulkan' is neither 'gl' nor 'software'" in caplog.text


@pytest.fixture
def fresh_choice(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """The once-per-run choice made again in this test, and forgotten after it."""
    render_path.wall_path.cache_clear()
    yield monkeypatch
    render_path.wall_path.cache_clear()


def test_this_machine_gets_the_software_path(qtbot: QtBot, fresh_choice: pytest.MonkeyPatch) -> None:
    """No GPU here: whatever GL this process can make (none offscreen, llvmpipe under Xvfb)."""
    fresh_choice.delenv(render_path.ENV, raising=False)
    renderer = render_path.gl_renderer()
    assert renderer is None or "llvmpipe" in renderer or "softpipe" in renderer
    assert render_path.wall_path() == "software"
    assert type(render_path.make_buffer()) is FrameBuffer


@pytest.mark.parametrize(("override", "tile_class", "buffer_class"),
                         [("gl", GlTile, YuvFrameBuffer), ("software", VideoTile, FrameBuffer)])
def test_each_path_makes_its_tile_and_the_buffers_it_paints(
        qtbot: QtBot, fresh_choice: pytest.MonkeyPatch, mock_backend: MockProcess, override: str,
        tile_class: type, buffer_class: type) -> None:
    fresh_choice.setenv(render_path.ENV, override)
    assert render_path.wall_path() == override
    session = open_session(BackendProfile("Test", mock_backend.url), "operator", "demo")
    feed = render_path.make_feed(session)
    tile = render_path.make_tile(3, feed)
    qtbot.addWidget(tile)
    assert type(tile) is tile_class and tile.index == 3 and tile.feed is feed
    assert [type(p.buffer) for p in feed.live._players] == [buffer_class, buffer_class]
    assert all(p.parent() is feed for p in feed.live._players)  # torn down with the feed
    assert tile.status_line() == "Tile 4: empty"
    feed.release()
