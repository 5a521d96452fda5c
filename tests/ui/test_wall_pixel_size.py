"""Decoding to the tile's size, with real H.264 from the mock through libVLC: a player asked
for a size gets every picture at exactly the fitted size (frame_buffer.decode_size) with the
frame strip still naming its camera; a wall's tiles, laid out 2x2, 4x4 and focused, are
decoded to their own device-pixel size, paint their steady-state pictures 1:1 (no scaling),
and the strip read back from the *painted* tile names the camera at every layout.

The tiles here are taller than 16:9, so the picture is letterboxed clear of the overlay's
top band (which darkens whatever is under it, the strip included).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Camera, CameraStatus
from rtcc_desktop.api.schemas.frame_strip import StripReading, read_strip
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from rtcc_desktop.video.frame_buffer import decode_size
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer
from rtcc_desktop.video.stream_source import source_from
from ui.wall.tile import VideoTile
from ui.wall.viewing_purpose import ViewingPurpose
from ui.wall.wall_view import WallView

L, S = LiveState, PlayerState
PURPOSE = ViewingPurpose("2026-000701", "Tile-size decoding check, test")


@dataclass
class Backend:
    session: Session
    cameras: list[Camera]


@pytest.fixture
def backend(mock_backend: MockProcess) -> Backend:
    session = open_session(BackendProfile("Test", mock_backend.url), "operator", "demo")
    now = datetime.now(UTC)
    cameras = [c for c in session.client.all_cameras() if c.status is CameraStatus.online and c.has_live_consent(now)]
    return Backend(session, cameras[30:])  # clear of the cameras other wall tests show


@pytest.fixture
def player() -> Iterator[StreamPlayer]:
    p = StreamPlayer()
    yield p
    p.release()


@pytest.mark.parametrize("target", [(960, 540), (478, 400), (237, 133)])
def test_a_player_asked_for_a_size_gets_every_picture_at_its_fit(qtbot: QtBot, backend: Backend,
                                                                 player: StreamPlayer,
                                                                 target: tuple[int, int]) -> None:
    """Upscaled, letterboxed and downscaled to an odd size: libVLC hands over exactly the fit."""
    camera = backend.cameras[0]
    source = source_from(backend.session.client.request_stream(camera.id, PURPOSE.case_number, PURPOSE.purpose,
                                                               profile="sub"))
    sizes: list[tuple[int, int]] = []

    def seen() -> None:  # libVLC's thread: the picture just handed over
        with player.buffer.reading() as frame:
            if frame is not None:
                sizes.append((frame.width, frame.height))

    player.frame_ready.connect(seen)
    player.play(source, target)
    qtbot.waitUntil(lambda: player.state is S.playing and player.buffer.source_size is not None, timeout=15_000)
    qtbot.waitUntil(lambda: len(sizes) >= 5, timeout=5000)
    fitted = decode_size(player.buffer.source_size, target)
    assert fitted[0] == target[0] or fitted[1] == target[1] & ~1  # the tile is filled along one side
    assert player.buffer.size == fitted
    assert set(sizes) == {fitted}, "a picture of another size was handed over"
    reading = player.buffer.read_strip()
    assert reading is not None and reading.camera_number == camera.id
    assert reading.age_ms(int(time.time() * 1000)) < 2000


def device_size(tile: VideoTile) -> tuple[int, int]:
    ratio = tile.devicePixelRatioF()
    return max(2, round(tile.width() * ratio)), max(2, round(tile.height() * ratio))


def painted_strip(tile: VideoTile) -> StripReading | None:
    """The strip read from the tile as painted on screen: its grab, cropped to the picture."""
    source = tile.feed.shown.buffer.source_size
    assert source is not None
    image = tile.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    width, height = decode_size(source, (image.width(), image.height()))
    crop = image.copy((image.width() - width) // 2, (image.height() - height) // 2, width, height)
    data = bytes(crop.constBits())[: crop.bytesPerLine() * crop.height()]
    return read_strip(data, crop.width(), crop.height(), crop.bytesPerLine(), int(time.time() * 1000))


def at_its_size(tile: VideoTile) -> bool:
    """Playing, decoded to the tile's device pixels (the size switch, if any, has finished)."""
    source = tile.feed.shown.buffer.source_size
    return (tile.feed.state is L.playing and source is not None
            and tile.feed.shown.buffer.size == decode_size(source, device_size(tile)))


def test_wall_tiles_decode_to_their_size_paint_1to1_and_show_their_camera(qtbot: QtBot,
                                                                         backend: Backend) -> None:
    view = WallView(backend.session)
    qtbot.addWidget(view)
    view.resize(960, 900)  # 2x2: 479x449 tiles, 4x4: 238x223, focused: 960x900 - all taller than 16:9
    view.show()
    qtbot.waitExposed(view)
    try:
        view.set_layout("2x2")
        qtbot.wait(100)  # the layout gives the tiles their sizes, then the wall tells each feed
        cameras = {}
        for tile, camera in zip(view.visible_tiles, backend.cameras[1:], strict=False):
            tile.feed.show(camera, PURPOSE, view.profile_for(tile))
            cameras[tile.index] = camera
        for layout, focus in (("2x2", None), ("4x4", None), ("4x4", 1)):
            view.set_layout(layout)
            if focus is not None:
                view.toggle_focus(focus)
            shown = [t for t in view.visible_tiles if t.isVisible() and t.index in cameras]
            assert shown, f"no camera shown at {layout}"
            qtbot.waitUntil(lambda shown=shown: all(at_its_size(t) for t in shown), timeout=20_000)
            for tile in shown:
                tile.painted_1to1 = tile.painted_scaled = 0
            qtbot.waitUntil(lambda shown=shown: all(t.painted_1to1 >= 5 for t in shown), timeout=5000)
            for tile in shown:
                where = f"tile {tile.index} at {layout}{' focused' if focus is not None else ''}"
                assert tile.painted_scaled == 0, f"{where}: {tile.painted_scaled} pictures scaled"
                readings: list[StripReading | None] = []
                qtbot.waitUntil(lambda tile=tile, readings=readings: bool(readings.append(painted_strip(tile)))
                                or readings[-1] is not None, timeout=3000)
                reading = readings[-1]
                assert reading is not None and reading.camera_number == cameras[tile.index].id, where
                assert reading.age_ms(int(time.time() * 1000)) < 2000, where
    finally:
        for tile in view.tiles:
            tile.feed.release()
