"""A wall tile that converts and scales its picture on the GPU (the GL path).

The feed's players decode to I420 planes (``YuvFrameBuffer``: libVLC only copies the
decoder's planes). Each new picture goes up as three one-byte-a-pixel textures, the
pitches given as the unpack row length so the planes upload as they lie in memory; a
fragment shader turns BT.601 limited-range YUV into RGB, and the texture units scale it
to the letterboxed rectangle (bilinear), so the CPU neither converts nor scales. The
overlay and interaction are ``TileChrome``'s, painted with QPainter over the picture.

Chosen at start-up on a hardware GL renderer only (render_path.py): on Mesa's software
rasteriser the shader runs on the CPU and the QPainter path is cheaper.
"""

from __future__ import annotations

import logging
import struct

from PySide6.QtCore import QRect
from PySide6.QtGui import QOpenGLContext, QOpenGLFunctions, QPainter, QPixmap
from PySide6.QtOpenGL import (
    QOpenGLBuffer,
    QOpenGLPixelTransferOptions,
    QOpenGLShader,
    QOpenGLShaderProgram,
    QOpenGLTexture,
    QOpenGLVertexArrayObject,
)
from PySide6.QtOpenGLWidgets import QOpenGLWidget
from PySide6.QtWidgets import QWidget

from rtcc_desktop.video.yuv_frames import Plane, YuvFrameBuffer
from rtcc_desktop.wall.model import WallModel
from ui.wall.tile import _fit
from ui.wall.tile_chrome import BACKGROUND, TileChrome
from ui.wall.tile_feed import TileFeed

log = logging.getLogger(__name__)

GL_COLOR_BUFFER_BIT = 0x4000
GL_FLOAT = 0x1406
GL_TRIANGLE_STRIP = 0x0005
GL_BLEND = 0x0BE2
GL_SCISSOR_TEST = 0x0C11
GL_DEPTH_TEST = 0x0B71

_VERTEX = """
attribute highp vec2 position;
varying highp vec2 texcoord;
void main() {
    // The planes' first row is the picture's top: flip to GL's bottom-up clip space.
    texcoord = vec2(position.x + 1.0, 1.0 - position.y) * 0.5;
    gl_Position = vec4(position, 0.0, 1.0);
}
"""

# BT.601, limited range (what H.264 cameras send when they say nothing else): luma
# 16..235, chroma 16..240 around 128.
_FRAGMENT = """
uniform sampler2D y_plane;
uniform sampler2D u_plane;
uniform sampler2D v_plane;
varying highp vec2 texcoord;
void main() {
    highp float y = 1.164384 * (texture2D(y_plane, texcoord).r - 0.062745);
    highp float u = texture2D(u_plane, texcoord).r - 0.501961;
    highp float v = texture2D(v_plane, texcoord).r - 0.501961;
    highp vec3 rgb = vec3(y + 1.596027 * v, y - 0.391762 * u - 0.812968 * v, y + 2.017232 * u);
    gl_FragColor = vec4(clamp(rgb, 0.0, 1.0), 1.0);
}
"""

_QUAD = struct.pack("8f", -1.0, -1.0, 1.0, -1.0, -1.0, 1.0, 1.0, 1.0)  # a triangle strip over the viewport


class GlTile(TileChrome, QOpenGLWidget):
    def __init__(self, index: int, feed: TileFeed, parent: QWidget | None = None,
                 wall: WallModel | None = None) -> None:
        super().__init__(parent)
        self._init_chrome(index, feed, wall)
        self._program: QOpenGLShaderProgram | None = None
        self._quad: QOpenGLBuffer | None = None
        self._vao: QOpenGLVertexArrayObject | None = None
        self._textures: list[QOpenGLTexture] = []
        self._uploaded: tuple[int, int] | None = None  # (id of the buffer, its seq) now in the textures
        self._warned = False

    def grab(self, rectangle: QRect | None = None) -> QPixmap:
        """What the tile paints now, as ``VideoTile.grab()`` gives it (QWidget's grab returns the
        frame GL rendered last, which lags a change until the next repaint)."""
        pixmap = QPixmap.fromImage(self.grabFramebuffer())
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        if rectangle is None or not rectangle.isValid():
            return pixmap
        ratio = self.devicePixelRatioF()
        return pixmap.copy(round(rectangle.x() * ratio), round(rectangle.y() * ratio),
                           round(rectangle.width() * ratio), round(rectangle.height() * ratio))

    # --- GL resources --------------------------------------------------------------------
    def initializeGL(self) -> None:
        program = QOpenGLShaderProgram(self)
        ok = (program.addShaderFromSourceCode(QOpenGLShader.ShaderTypeBit.Vertex, _VERTEX)
              and program.addShaderFromSourceCode(QOpenGLShader.ShaderTypeBit.Fragment, _FRAGMENT))
        program.bindAttributeLocation("position", 0)
        if not ok or not program.link():
            log.error("GL tile: the YUV shader does not build: %s", program.log())
            return
        program.bind()
        for unit, name in enumerate(("y_plane", "u_plane", "v_plane")):
            program.setUniformValue1i(program.uniformLocation(name), unit)
        program.release()
        self._vao = QOpenGLVertexArrayObject(self)
        self._vao.create()  # needed by a core profile; where it cannot be made, attributes are set per draw
        quad = QOpenGLBuffer(QOpenGLBuffer.Type.VertexBuffer)
        quad.create()
        quad.bind()
        quad.allocate(_QUAD, len(_QUAD))
        quad.release()
        self._program, self._quad = program, quad
        context = self.context()
        context.aboutToBeDestroyed.connect(self._release_gl)

    def _release_gl(self) -> None:
        self.makeCurrent()
        for texture in self._textures:
            texture.destroy()
        self._textures = []
        self._uploaded = None
        if self._quad is not None:
            self._quad.destroy()
        if self._vao is not None:
            self._vao.destroy()
        self._program = self._quad = self._vao = None
        self.doneCurrent()

    # --- painting ------------------------------------------------------------------------
    def paintGL(self) -> None:
        context = QOpenGLContext.currentContext()
        gl = context.functions()
        gl.glDisable(GL_BLEND)
        gl.glDisable(GL_SCISSOR_TEST)
        gl.glDisable(GL_DEPTH_TEST)
        ratio = self.devicePixelRatioF()
        gl.glViewport(0, 0, round(self.width() * ratio), round(self.height() * ratio))
        gl.glClearColor(BACKGROUND.redF(), BACKGROUND.greenF(), BACKGROUND.blueF(), 1.0)
        gl.glClear(GL_COLOR_BUFFER_BIT)
        painted = not self.blanked and self._draw_picture(gl, context, ratio)
        p = QPainter(self)  # the overlay over the picture, as the software tile paints it
        if self.blanked:
            self.paint_blanked(p)
        else:
            self.paint_chrome(p, painted)
        p.end()

    def _draw_picture(self, gl: QOpenGLFunctions, context: QOpenGLContext, ratio: float) -> bool:
        if self.feed.camera is None or self._program is None or self._quad is None:
            return False
        buffer = self.feed.shown.buffer
        if not isinstance(buffer, YuvFrameBuffer):
            if not self._warned:  # render_path gives a GL tile YUV players; anything else is a wiring bug
                log.error("GL tile %d: its player decodes to %s, not YUV planes", self.index, type(buffer).__name__)
                self._warned = True
            return False
        seq = buffer.seq
        with buffer.reading() as frame:
            if frame is None:
                return False
            if self._uploaded != (id(buffer), seq) or len(self._textures) != 3:
                self._upload(frame.planes, context)
                self._uploaded = (id(buffer), seq)
            vw, vh = buffer.source_size or (frame.width, frame.height)
        target = _fit(self.rect(), vw, vh)
        height = round(self.height() * ratio)
        gl.glViewport(round(target.x() * ratio), height - round((target.y() + target.height()) * ratio),
                      round(target.width() * ratio), round(target.height() * ratio))
        self._program.bind()
        for unit, texture in enumerate(self._textures):
            texture.bind(unit)
        vao_bound = self._vao is not None and self._vao.isCreated()
        if vao_bound:
            self._vao.bind()
        self._quad.bind()
        self._program.enableAttributeArray(0)
        self._program.setAttributeBuffer(0, GL_FLOAT, 0, 2, 8)
        gl.glDrawArrays(GL_TRIANGLE_STRIP, 0, 4)
        self._program.disableAttributeArray(0)
        self._quad.release()
        if vao_bound:
            self._vao.release()
        for unit, texture in enumerate(self._textures):
            texture.release(unit)
        self._program.release()
        return True

    def _upload(self, planes: tuple[Plane, Plane, Plane], context: QOpenGLContext) -> None:
        """The planes into three textures, as they lie in memory (rows ``pitch`` bytes apart)."""
        core = context.format().profile() == context.format().OpenGLContextProfile.CoreProfile
        # A core profile has no luminance textures; GL 2 and GLES 2 have no red ones.
        texture_format = QOpenGLTexture.TextureFormat.R8_UNorm if core else QOpenGLTexture.TextureFormat.LuminanceFormat
        pixel_format = QOpenGLTexture.PixelFormat.Red if core else QOpenGLTexture.PixelFormat.Luminance
        if len(self._textures) != 3 or any(
                (t.width(), t.height()) != (p.width, p.height) for t, p in zip(self._textures, planes, strict=True)):
            for texture in self._textures:
                texture.destroy()
            self._textures = []
            for plane in planes:
                texture = QOpenGLTexture(QOpenGLTexture.Target.Target2D)
                texture.setFormat(texture_format)
                texture.setSize(plane.width, plane.height)
                texture.setMinMagFilters(QOpenGLTexture.Filter.Linear, QOpenGLTexture.Filter.Linear)
                texture.setWrapMode(QOpenGLTexture.WrapMode.ClampToEdge)
                texture.allocateStorage(pixel_format, QOpenGLTexture.PixelType.UInt8)
                self._textures.append(texture)
        for texture, plane in zip(self._textures, planes, strict=True):
            options = QOpenGLPixelTransferOptions()
            options.setRowLength(plane.pitch)  # one byte a pixel: the pitch in pixels
            options.setAlignment(min(8, plane.pitch & -plane.pitch))
            texture.setData(pixel_format, QOpenGLTexture.PixelType.UInt8, plane.data, options)
