"""The GPU wall path (YUV planes, GL tile) is correct on Mesa: real H.264 from the mock, played
through ``YuvFrameBuffer`` into a ``GlTile``, read back from the tile's framebuffer.

Checked from the painted pixels: the frame strip names the right camera at every tile size
(letterboxed, resized), the picture is the software path's (the same frame, the strips say
so, painted by ``VideoTile`` at the same size) within conversion and filtering noise, and a
locked wall's GL tile shows nothing of the camera. Speed is not measured here: Mesa's
llvmpipe runs the shader on the CPU (docs/architecture.md).

QOpenGLWidget needs a windowing platform with GL (the offscreen platform has none). Where
this process cannot render one, the module runs itself again under ``xvfb-run`` (Xvfb, xcb,
Mesa's GLX) against this process's mock, and each test here reports its twin's outcome.
It is skipped only when no GL context can be made there either.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from mock_backend import synthetic_feed
from rtcc_desktop.api.schemas import Camera, CameraStatus
from rtcc_desktop.api.schemas.frame_strip import StripReading, read_strip, row_height
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.session import Session, open_session
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.live_view import Want
from rtcc_desktop.video.stream_source import StreamSource
from rtcc_desktop.video.yuv_frames import YuvFrameBuffer
from rtcc_desktop.wall.model import WallModel
from ui.wall import render_path
from ui.wall.gl_tile import GlTile
from ui.wall.tile import VideoTile, _fit
from ui.wall.tile_feed import TileFeed
from ui.wall.viewing_purpose import ViewingPurpose

L = LiveState
PURPOSE = ViewingPurpose("2026-000601", "GPU path check, test")
CHILD = "RTCC_GL_TEST_BACKEND"  # set in the run under Xvfb: the parent's mock, and "run here"
CHILD_TIMEOUT_S = 110  # within the parent's per-test timeout (pyproject: 120 s)


# --- where the tests run ---------------------------------------------------------------------
def _gl_widget_problem() -> str | None:
    """Why a QOpenGLWidget cannot render in this process; None when it can."""
    if render_path.gl_renderer() is None:
        return "no GL context can be made"
    from PySide6.QtOpenGLWidgets import QOpenGLWidget

    widget = QOpenGLWidget()
    widget.resize(16, 16)
    widget.show()
    image = widget.grabFramebuffer()
    widget.close()
    widget.deleteLater()
    if image.isNull():
        return "QOpenGLWidget does not render on the Qt platform here"
    return None


@dataclass
class Twin:
    """The outcomes of this module's tests run again under Xvfb (test name -> outcome, text)."""

    outcomes: dict[str, tuple[str, str]]
    output: str

    def report(self, name: str) -> None:
        outcome, text = self.outcomes.get(name, ("missing", ""))
        if outcome == "passed":
            return
        if outcome == "skipped":
            pytest.skip(f"under Xvfb: {text}")
        pytest.fail(f"under Xvfb this test {outcome}:\n{text}\n--- the run's output ---\n{self.output[-4000:]}",
                    pytrace=False)


def _run_twin(backend_url: str, tmp: Path) -> Twin:
    xvfb_run = shutil.which("xvfb-run")
    if xvfb_run is None:
        pytest.skip("no GL in this process and no xvfb-run to make a display with one")
    report = tmp / "gl-tests.xml"
    env = {**os.environ, CHILD: backend_url, "QT_QPA_PLATFORM": "xcb"}
    env.pop("DISPLAY", None)
    command = [xvfb_run, "-a", "-s", "-screen 0 1280x1024x24 -nolisten tcp",
               sys.executable, "-m", "pytest", __file__, "-q", "-p", "no:cacheprovider", f"--junitxml={report}"]
    try:
        run = subprocess.run(command, env=env, cwd=Path(__file__).parents[2], capture_output=True, text=True,
                             timeout=CHILD_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the run under Xvfb took more than {CHILD_TIMEOUT_S} s: {exc.stdout!s:.2000}", pytrace=False)
    output = run.stdout + run.stderr
    if not report.exists():
        pytest.fail(f"the run under Xvfb wrote no report (exit {run.returncode}):\n{output[-4000:]}", pytrace=False)
    outcomes: dict[str, tuple[str, str]] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        outcome, text = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed", "error": "errored", "skipped": "skipped"}[child.tag]
                text = child.get("message", "") if child.tag == "skipped" else (child.text or child.get("message", ""))
                break
        outcomes[case.get("name", "")] = (outcome, text)
    return Twin(outcomes, output)


@pytest.fixture(scope="module")
def twin(request: pytest.FixtureRequest, qapp: object, tmp_path_factory: pytest.TempPathFactory) -> Twin | None:
    """None: the tests run in this process. Else this module's outcomes under Xvfb."""
    problem = _gl_widget_problem()
    if problem is None:
        return None
    if os.environ.get(CHILD):
        pytest.skip(f"{problem}, even under Xvfb")
    mock = request.getfixturevalue("mock_backend")
    return _run_twin(mock.url, tmp_path_factory.mktemp("gl"))


# --- the picture, read back ---------------------------------------------------------------------
@dataclass
class Rig:
    session: Session
    cameras: list[Camera]
    parent: QWidget
    folder: Path  # the test's own

    def tile(self, path: render_path.Path, size: tuple[int, int], wall: WallModel | None = None,
             camera: Camera | None = None) -> VideoTile | GlTile:
        feed = render_path.make_feed(self.session, self.parent, path=path)
        tile = render_path.make_tile(0, feed, self.parent, wall=wall, path=path)
        tile.resize(*size)
        tile.show()
        feed.show(camera or self.cameras[0], PURPOSE, "sub")
        return tile  # type: ignore[return-value]


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[Rig]:
    backend = os.environ.get(CHILD) or ""
    session = open_session(BackendProfile("Test", backend), "operator", "demo")
    now = datetime.now(UTC)
    cameras = [c for c in session.client.all_cameras() if c.status is CameraStatus.online and c.has_live_consent(now)]
    parent = QWidget()  # the tiles' window: closing it tears their feeds and GL resources down together
    qtbot.addWidget(parent)
    parent.resize(1000, 760)
    parent.show()  # on screen, as on the wall: a hidden GL widget is neither resized nor painted
    qtbot.waitExposed(parent)
    yield Rig(session, cameras, parent, tmp_path)
    for feed in parent.findChildren(TileFeed):
        feed.release()


def painted(tile: VideoTile | GlTile) -> QImage:
    """What the tile put on screen: the GL tile's framebuffer, the software tile's widget."""
    image = tile.grabFramebuffer() if isinstance(tile, GlTile) else tile.grab().toImage()
    return image.convertToFormat(QImage.Format.Format_RGB32)


def picture_rect_pixels(tile: VideoTile | GlTile, image: QImage) -> np.ndarray:
    """The letterboxed picture's pixels (rows, columns, BGRX) as painted."""
    source = tile.feed.shown.buffer.source_size
    assert source is not None
    area = _fit(tile.rect(), *source)
    ratio = image.width() / tile.width()
    crop = image.copy(round(area.x() * ratio), round(area.y() * ratio),
                      round(area.width() * ratio), round(area.height() * ratio))
    rows = np.frombuffer(crop.constBits(), np.uint8, crop.bytesPerLine() * crop.height())
    return rows.reshape(crop.height(), crop.bytesPerLine() // 4, 4)[:, :crop.width()].copy()


def strip_of(pixels: np.ndarray) -> StripReading | None:
    data = np.ascontiguousarray(pixels)
    return read_strip(data.tobytes(), data.shape[1], data.shape[0], data.shape[1] * 4, int(time.time() * 1000))


def wait_for_picture(qtbot: QtBot, tile: VideoTile | GlTile, camera: Camera) -> tuple[QImage, StripReading]:
    """The tile's next painted picture whose strip is readable (the camera's, fresh)."""
    qtbot.waitUntil(lambda: tile.feed.state is L.playing and tile.feed.shown.buffer.source_size is not None,
                    timeout=15_000)
    seen: list[tuple[QImage, StripReading | None]] = []

    def readable() -> bool:
        image = painted(tile)
        seen.append((image, strip_of(picture_rect_pixels(tile, image))))
        return seen[-1][1] is not None

    qtbot.waitUntil(readable, timeout=3000)
    image, reading = seen[-1]
    assert reading is not None
    return image, reading


# --- the checks: each is a test (test_gl_path below) ----------------------------------------------
def check_a_gl_tile_decodes_yuv_planes(qtbot: QtBot, rig: Rig) -> None:
    tile = rig.tile("gl", (480, 400))
    assert isinstance(tile, GlTile)
    assert all(isinstance(p.buffer, YuvFrameBuffer) for p in tile.feed.live._players)
    qtbot.waitUntil(lambda: tile.feed.state is L.playing, timeout=15_000)
    with tile.feed.shown.buffer.reading() as frame:
        assert frame is not None
        y, u, v = frame.planes
        assert (u.width, u.height) == (v.width, v.height) == ((y.width + 1) // 2, (y.height + 1) // 2)
        assert all(p.pitch % 32 == 0 and p.pitch >= p.width for p in frame.planes)
    reading = tile.feed.shown.buffer.read_strip()  # from the luma plane
    assert reading is not None and reading.camera_number == rig.cameras[0].id


def check_the_painted_gl_tile_shows_the_camera_at_every_size(qtbot: QtBot, rig: Rig) -> None:
    """Letterboxed at 16:9 in tiles of several shapes and sizes, resized while playing: the strip
    read from the framebuffer names the camera, and the picture fills its rectangle."""
    camera = rig.cameras[1]
    tile = rig.tile("gl", (480, 400), camera=camera)
    for size in ((480, 400), (960, 720), (256, 200), (640, 480)):
        tile.resize(*size)
        image, reading = wait_for_picture(qtbot, tile, camera)
        assert (image.width(), image.height()) == (round(size[0] * tile.devicePixelRatioF()),
                                                   round(size[1] * tile.devicePixelRatioF()))
        assert reading.camera_number == camera.id, f"at {size}"
        assert reading.age_ms(int(time.time() * 1000)) < 2000
        pixels = picture_rect_pixels(tile, image)
        strip_rows = 2 * row_height(pixels.shape[0])
        below = pixels[strip_rows:].astype(int)  # the camera's background and scene, not the tile's black
        assert below[..., :3].mean() > 30, f"no picture painted at {size}"


def check_the_gl_tile_paints_the_software_path_s_pixels(qtbot: QtBot, rig: Rig) -> None:
    """The same frame (both strips carry its capture time) painted by both paths at the same size:
    BT.601 limited-range conversion and bilinear scaling agree with libVLC's swscale and QPainter."""
    camera = rig.cameras[2]
    gl = rig.tile("gl", (480, 400), camera=camera)
    software = rig.tile("software", (480, 400), camera=camera)
    wait_for_picture(qtbot, gl, camera)
    wait_for_picture(qtbot, software, camera)
    pairs: list[tuple[np.ndarray, np.ndarray]] = []

    def same_frame() -> bool:
        a, b = picture_rect_pixels(gl, painted(gl)), picture_rect_pixels(software, painted(software))
        reading = strip_of(a)
        if reading is not None and reading == strip_of(b):
            pairs.append((a, b))
        return bool(pairs)

    qtbot.waitUntil(same_frame, timeout=10_000)
    a, b = pairs[-1]
    assert a.shape == b.shape
    difference = np.abs(a[..., :3].astype(int) - b[..., :3].astype(int)).max(axis=2)
    mean, p99 = difference.mean(), np.percentile(difference, 99)
    assert mean < 3.0 and p99 < 16, f"GL and software differ: mean {mean:.2f}, 99th percentile {p99:.0f}"
    # and the colours are right, not only close: the scene's grey band (0x303030) in both
    band = slice(int(a.shape[0] * 0.72), int(a.shape[0] * 0.78))
    for pixels in (a, b):
        assert np.abs(pixels[band, :, :3].astype(int) - 48).mean() < 6


def check_a_locked_wall_s_gl_tile_shows_nothing_of_the_camera(qtbot: QtBot, rig: Rig) -> None:
    camera = rig.cameras[3]
    wall = WallModel(CameraDirectory(rig.cameras), rig.parent)
    tile = rig.tile("gl", (480, 400), wall=wall, camera=camera)
    wait_for_picture(qtbot, tile, camera)
    wall.set_locked(True)
    image = painted(tile)
    pixels = picture_rect_pixels(tile, image)
    assert strip_of(pixels) is None
    assert pixels[..., :3].astype(int).mean() < 20  # the tile's black and the words "Wall locked"


@contextmanager
def synthetic_stream(camera_id: int, width: int, height: int, folder: Path) -> Iterator[str]:
    """The mock's synthetic feed (scene, strip) at another size, H.264 in MPEG-TS over HTTP on
    loopback: a camera whose picture rows are not a multiple of 32 bytes."""
    label = folder / "label.txt"
    label.write_text("QCIF camera", encoding="utf-8")
    profile = synthetic_feed.Profile(width, height, 150)
    saved = synthetic_feed.PROFILES.copy()
    synthetic_feed.PROFILES[f"{width}x{height}"] = profile
    try:
        command = synthetic_feed.feed_command(camera_id, f"{width}x{height}", label)
    finally:
        synthetic_feed.PROFILES.clear()
        synthetic_feed.PROFILES.update(saved)
    encoders: list[subprocess.Popen[bytes]] = []

    class Feed(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            encoder = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            encoders.append(encoder)
            self.send_response(200)
            self.send_header("Content-Type", "video/mp2t")
            self.end_headers()
            assert encoder.stdout is not None
            try:
                while chunk := encoder.stdout.read1(65536):
                    self.wfile.write(chunk)
            except OSError:  # the player hung up
                pass
            finally:
                encoder.kill()

        def log_message(self, *_args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/feed.ts"
    finally:
        server.shutdown()
        for encoder in encoders:
            encoder.kill()
            encoder.wait(5)


def check_a_picture_with_padded_rows_is_painted_unsheared(qtbot: QtBot, rig: Rig) -> None:
    """176x144 (QCIF, a common sub-stream): 176 luma and 88 chroma bytes a row, lying 192 and 96
    bytes apart in the buffer. A texture upload that ignored the pitch would shear the picture
    and the strip would not read."""
    camera = rig.cameras[4]
    with synthetic_stream(camera.id, 176, 144, rig.folder) as url:
        feed = render_path.make_feed(rig.session, rig.parent, path="gl")
        tile = render_path.make_tile(0, feed, rig.parent, path="gl")
        tile.resize(480, 480)
        tile.show()
        feed.camera, feed.purpose = camera, PURPOSE
        source = StreamSource(camera.id, url, "sub", PURPOSE.case_number)
        feed.live.start(lambda _profile, granted, _refused: granted(source), Want("sub"))
        _, reading = wait_for_picture(qtbot, tile, camera)
        assert reading.camera_number == camera.id
        with feed.shown.buffer.reading() as frame:
            assert frame is not None
            assert [(p.width, p.pitch) for p in frame.planes][1:] == [(88, 96), (88, 96)]
            assert frame.y.pitch > frame.y.width


CHECKS = {name.removeprefix("check_"): check for name, check in dict(globals()).items() if name.startswith("check_")}


@pytest.mark.parametrize("check", list(CHECKS))
def test_gl_path(check: str, request: pytest.FixtureRequest, twin: Twin | None) -> None:
    if twin is not None:  # ran under Xvfb: that run's outcome of the same test
        twin.report(request.node.name)
        return
    CHECKS[check](request.getfixturevalue("qtbot"), request.getfixturevalue("rig"))
