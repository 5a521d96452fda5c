"""Which way the wall paints its pictures, chosen once at start-up, and the tiles it makes.

Two paths behind one tile interface (``TileChrome``):
- software (the default): libVLC converts to BGRX, QPainter blits (``VideoTile``);
- GL: libVLC hands over I420 planes untouched, a shader converts and scales (``GlTile``).

GL is chosen only when the GL renderer is hardware. Mesa's software rasterisers
(llvmpipe, softpipe, swrast) run the shader on the CPU, costlier than the software path;
no GL context at all means software too. ``RTCC_WALL_RENDERER=gl|software`` overrides the
choice (support, tests); any other value is logged and the choice is made as usual.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Literal

from PySide6.QtWidgets import QWidget

from rtcc_desktop.session import Session
from rtcc_desktop.video.frame_buffer import FrameBuffer
from rtcc_desktop.video.stream_player import StreamPlayer
from rtcc_desktop.video.yuv_frames import YuvFrameBuffer
from rtcc_desktop.wall.model import WallModel
from ui.wall.gl_tile import GlTile
from ui.wall.tile import VideoTile
from ui.wall.tile_chrome import TileChrome
from ui.wall.tile_feed import TileFeed

log = logging.getLogger(__name__)

Path = Literal["gl", "software"]
ENV = "RTCC_WALL_RENDERER"
GL_RENDERER = 0x1F01
SOFTWARE_RENDERERS = ("llvmpipe", "softpipe", "swrast", "software rasterizer")


def choose(renderer: str | None, override: str | None = None) -> Path:
    """The path for a GL renderer string (None: no GL context could be made) and an override."""
    wanted = (override or "").strip().lower()
    if wanted in ("gl", "software"):
        return "gl" if wanted == "gl" else "software"
    if wanted:
        log.warning("%s=%r is neither 'gl' nor 'software'; choosing by the GL renderer", ENV, override)
    if not renderer or any(name in renderer.lower() for name in SOFTWARE_RENDERERS):
        return "software"
    return "gl"


def gl_renderer() -> str | None:
    """GL_RENDERER of a context made the way a QOpenGLWidget makes its own; None without one."""
    from PySide6.QtGui import QOffscreenSurface, QOpenGLContext

    context = QOpenGLContext()
    if not context.create():
        return None
    surface = QOffscreenSurface()
    surface.setFormat(context.format())
    surface.create()
    try:
        if not surface.isValid() or not context.makeCurrent(surface):
            return None
        renderer = context.functions().glGetString(GL_RENDERER)
        context.doneCurrent()
        return str(renderer) if renderer else None
    finally:
        surface.destroy()


@functools.cache
def wall_path() -> Path:
    """This run's path (asked once: every tile of the wall paints the same way)."""
    override = os.environ.get(ENV)
    renderer = None if override in ("gl", "software") else gl_renderer()
    path = choose(renderer, override)
    log.info("wall renderer: %s (GL renderer %s%s)", path, renderer or "none",
             f", {ENV}={override}" if override else "")
    return path


def make_buffer(path: Path | None = None) -> FrameBuffer:
    """What a player of this wall decodes into."""
    return YuvFrameBuffer() if (path or wall_path()) == "gl" else FrameBuffer()


def make_feed(session: Session, parent: QWidget | None = None, path: Path | None = None) -> TileFeed:
    """A tile's feed whose two players (shown and standby) decode the way this wall paints."""
    players = (StreamPlayer(buffer=make_buffer(path)), StreamPlayer(buffer=make_buffer(path)))
    feed = TileFeed(session, parent, players=players)
    for player in players:
        player.setParent(feed)
    return feed


def make_tile(index: int, feed: TileFeed, parent: QWidget | None = None, wall: WallModel | None = None,
              path: Path | None = None) -> TileChrome:
    """The tile that paints ``feed`` (made by ``make_feed`` with the same path)."""
    tile = GlTile if (path or wall_path()) == "gl" else VideoTile
    return tile(index, feed, parent, wall=wall)
