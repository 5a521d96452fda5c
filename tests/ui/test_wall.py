"""The video wall against the real mock: real H.264 decoded by libVLC, read back from pixels."""

from __future__ import annotations

import http.server
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Camera, CameraStatus, Enrollment
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from rtcc_desktop.video import picture_size
from rtcc_desktop.video.frame_buffer import decode_size
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.live_view import LiveView, Want
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from rtcc_desktop.video.stream_source import source_from
from ui.cameras.camera_hub import CameraHub
from ui.main_window import MainWindow
from ui.wall.install import install_wall_panel
from ui.wall.viewing_purpose import ViewingPurpose
from ui.wall.wall_panel import WallPanel

S = PlayerState  # one player's connection
L = LiveState  # a tile's live view
PURPOSE = ViewingPurpose("2026-000501", "Armed robbery in progress, test")


@dataclass
class Wall:
    window: MainWindow
    panel: WallPanel
    hub: CameraHub
    session: Session
    trainer: Session

    def live(self, n: int, skip: int = 0) -> list[Camera]:
        cams = [c for c in self.hub.directory if self.hub.directory.live_viewable(c.id)
                and c.status is CameraStatus.online]
        return cams[skip:skip + n]


def open_wall(qtbot: QtBot, backend_url: str, purpose: ViewingPurpose = PURPOSE, ca_bundle: str | None = None) -> Wall:
    """An operator's main window with the wall, signed in to ``backend_url`` (trusting
    ``ca_bundle`` there, as a profile does), cameras loaded."""
    session = open_session(BackendProfile("Test", backend_url, ca_bundle=ca_bundle), "operator", "demo")
    trainer = open_session(BackendProfile("Test", backend_url, ca_bundle=ca_bundle), "trainer", "demo")
    window = MainWindow(session)
    qtbot.addWidget(window)
    hub = CameraHub(session, window)
    window.server_event.connect(hub.on_event)
    panel = install_wall_panel(window, hub)
    panel.purpose = purpose
    window.resize(1400, 900)
    window.show()
    window.show_panel("wallPanel")
    window.start()
    with qtbot.waitSignal(hub.loaded, timeout=15_000):
        hub.reload()
    qtbot.waitUntil(lambda: window.events.connection_state == "connected", timeout=10_000)
    return Wall(window, panel, hub, session, trainer)


@pytest.fixture
def wall(qtbot: QtBot, mock_backend: MockProcess) -> Iterator[Wall]:
    w = open_wall(qtbot, mock_backend.url)
    yield w
    w.panel.shutdown()
    w.window.close()


def playing(panel: WallPanel, indexes: list[int]) -> bool:
    return all(panel.view.tile_at(i).feed.state is L.playing for i in indexes)


def test_every_tile_shows_the_camera_it_claims(qtbot: QtBot, wall: Wall) -> None:
    wall.panel.set_layout("2x2")
    cams = wall.live(4)
    used = wall.panel.show_cameras([c.id for c in cams])
    assert used == [0, 1, 2, 3]
    qtbot.waitUntil(lambda: playing(wall.panel, used), timeout=15_000)
    qtbot.wait(500)
    for index, cam in zip(used, cams, strict=True):
        reading = wall.panel.view.tile_at(index).feed.shown.buffer.read_strip()
        assert reading is not None, f"tile {index} has no readable picture"
        assert reading.camera_number == cam.id
        assert reading.age_ms(int(time.time() * 1000)) < 2000
    grabbed = wall.panel.view.tile_at(0).grab().toImage()
    assert grabbed.pixelColor(grabbed.width() // 2, grabbed.height() // 2).value() > 20  # not a black tile


def _band_rows(image: QImage) -> tuple[int, int] | None:
    """First and last row of the synthetic picture's grey band (0x303030, drawn from 55 % to
    80 % of its height), as painted; None when no row is mostly band."""
    rows = []
    for y in range(image.height()):
        xs = range(0, image.width(), 4)
        grey = sum(1 for x in xs if all(abs(v - 48) <= 8 for v in image.pixelColor(x, y).getRgb()[:3]))
        if grey > 0.6 * len(xs):
            rows.append(y)
    return (rows[0], rows[-1]) if rows else None


@pytest.fixture
def sizes_forgotten() -> Iterator[None]:
    """The process-wide memory of picture sizes, empty before and after the test."""
    picture_size.forget_all()
    yield
    picture_size.forget_all()


@pytest.mark.usefixtures("sizes_forgotten")
@pytest.mark.parametrize("remembered_wrong", [False, True])
def test_a_tile_paints_the_whole_picture_at_its_own_shape(qtbot: QtBot, wall: Wall, remembered_wrong: bool) -> None:
    """libVLC offers a padded buffer (320x194 for 320x180) and scales the picture into the
    size we answer. The tile must show all of the picture, unstretched, both when the
    answer is the picture's size (no scaling) and when it is not (a wrong memory)."""
    if remembered_wrong:
        picture_size.remember((320, 194), (320, 192))
        picture_size.remember((1280, 738), (1280, 736))
    wall.panel.set_layout("3x3")
    # The tiles' sizes settle first: a size arriving after the camera starts would restart it,
    # and the restart would already use the corrected memory (what the wrong case checks is gone).
    qtbot.wait(100)
    wall.panel.view.apply_profiles()
    [index] = wall.panel.show_cameras([wall.live(1, skip=14)[0].id])
    tile = wall.panel.view.tile_at(index)
    qtbot.waitUntil(lambda: tile.feed.state is L.playing, timeout=15_000)
    qtbot.wait(300)
    buffer = tile.feed.shown.buffer
    source = buffer.source_size
    assert source is not None and source[0] * 9 == source[1] * 16  # the mock's cameras are 16:9
    # Decoded to the tile's size at the picture's shape, unless the memory of its shape was wrong.
    assert (buffer.size != decode_size(source, buffer.target_size)) is remembered_wrong
    assert picture_size.picture_size(*buffer.offered_size) == source  # and the real size is learnt
    image = tile.grab().toImage()
    scale = min(image.width() / source[0], image.height() / source[1])
    top = (image.height() - source[1] * scale) / 2  # the picture is centred at its own shape
    band = _band_rows(image)
    assert band is not None, "no band found in the painted picture"
    first, last = ((row - top) / (source[1] * scale) for row in (band[0], band[1] + 1))
    assert abs(first - 0.55) < 0.02 and abs(last - 0.80) < 0.02, f"band painted at {first:.3f}-{last:.3f}"


def test_revoked_consent_takes_the_tile_down_within_a_second(qtbot: QtBot, wall: Wall) -> None:
    cam = wall.live(1, skip=9)[0]
    [index] = wall.panel.show_cameras([cam.id])
    feed = wall.panel.view.tile_at(index).feed
    qtbot.waitUntil(lambda: feed.state is L.playing, timeout=15_000)
    revoked = time.perf_counter()
    wall.trainer.client.training_consent(cam.id, "revoke")
    try:
        qtbot.waitUntil(lambda: feed.state is L.ended, timeout=3000)
        assert time.perf_counter() - revoked < 1.0
        assert feed.message == "Owner ended sharing"
        assert not feed.shown.buffer.has_picture()  # no lingering picture of the camera
        assert "Owner ended sharing" in wall.panel.view.tile_at(index).status_line()
    finally:
        wall.trainer.client.training_consent(cam.id, "grant")


def test_a_dead_stream_is_shown_stalled_then_plays_again_by_itself(qtbot: QtBot, wall: Wall) -> None:
    cam = wall.live(1, skip=10)[0]
    [index] = wall.panel.show_cameras([cam.id])
    tile = wall.panel.view.tile_at(index)
    qtbot.waitUntil(lambda: tile.feed.state is L.playing, timeout=15_000)
    killed = time.perf_counter()
    wall.trainer.client.training_set_status(cam.id, "offline")  # the mock stops the camera's encoder
    try:
        qtbot.waitUntil(lambda: tile.feed.state in (L.stalled, L.reconnecting), timeout=2500)
        assert time.perf_counter() - killed < 2.5
        qtbot.waitUntil(lambda: "last frame" in tile.status_line(), timeout=3000)
    finally:
        wall.trainer.client.training_set_status(cam.id, "online")
    qtbot.waitUntil(lambda: tile.feed.state is L.playing, timeout=20_000)
    reading = tile.feed.shown.buffer.read_strip()
    assert reading is not None and reading.camera_number == cam.id


def test_a_refused_grant_shows_its_reason_on_the_tile(qtbot: QtBot, wall: Wall) -> None:
    registry = next(c for c in wall.hub.directory if c.enrollment is Enrollment.registered)
    [index] = wall.panel.show_cameras([registry.id])
    tile = wall.panel.view.tile_at(index)
    # The message comes with the refusal; the player's stop is queued to its own thread, so wait for both.
    qtbot.waitUntil(lambda: "registered only" in tile.status_line() and tile.feed.state is L.denied, timeout=10_000)


def test_backend_down_keeps_running_tiles_and_new_ones_recover(qtbot: QtBot, wall: Wall) -> None:
    first, second = wall.live(2, skip=11)
    [a] = wall.panel.show_cameras([first.id])
    qtbot.waitUntil(lambda: wall.panel.view.tile_at(a).feed.state is L.playing, timeout=15_000)
    client = wall.session.client
    real = client.base_url
    client.base_url = "http://127.0.0.1:9"  # the API is gone; the media stream is not
    try:
        [b] = wall.panel.show_cameras([second.id])
        tile_b = wall.panel.view.tile_at(b)
        qtbot.waitUntil(lambda: "Retrying" in tile_b.feed.message, timeout=15_000)
        assert "127.0.0.1:9" in tile_b.feed.message or "reach" in tile_b.feed.message.lower()
        seq = wall.panel.view.tile_at(a).feed.shown.buffer.seq
        qtbot.wait(1500)
        assert wall.panel.view.tile_at(a).feed.state is L.playing
        assert wall.panel.view.tile_at(a).feed.shown.buffer.seq > seq + 10  # still getting pictures
    finally:
        client.base_url = real
    qtbot.waitUntil(lambda: tile_b.feed.state is L.playing, timeout=15_000)


def test_profile_switch_never_shows_a_black_tile(qtbot: QtBot, wall: Wall) -> None:
    wall.panel.set_layout("4x4")
    cam = wall.live(1, skip=12)[0]
    [index] = wall.panel.show_cameras([cam.id])
    feed = wall.panel.view.tile_at(index).feed
    qtbot.waitUntil(lambda: feed.state is L.playing, timeout=15_000)
    assert feed.shown.source is not None and feed.shown.source.profile == "sub"
    wall.panel.view.toggle_focus(index)
    wall.panel.view.apply_profiles()
    deadline = time.monotonic() + 15
    while not (feed.shown.source and feed.shown.source.profile == "main" and feed.state is L.playing):
        assert feed.shown.buffer.has_picture(), "the tile went blank during the profile switch"
        assert time.monotonic() < deadline
        qtbot.wait(10)
    buffer = feed.shown.buffer  # the main stream (1280 wide), decoded to the focused tile's size
    qtbot.waitUntil(lambda: buffer.read_strip() is not None and buffer.source_size is not None, timeout=3000)
    assert buffer.source_size is not None and buffer.source_size[0] == 1280
    assert buffer.size == decode_size(buffer.source_size, feed.shown.size)
    reading = buffer.read_strip()
    assert reading is not None and reading.camera_number == cam.id


def test_locking_blanks_the_wall_and_unlocking_restores_it(qtbot: QtBot, wall: Wall) -> None:
    cam = wall.live(1, skip=13)[0]
    [index] = wall.panel.show_cameras([cam.id])
    tile = wall.panel.view.tile_at(index)
    qtbot.waitUntil(lambda: tile.feed.state is L.playing, timeout=15_000)
    wall.window.lock("test")
    qtbot.waitUntil(lambda: tile.feed.state is L.stopped, timeout=3000)
    assert tile.blanked and not tile.feed.shown.buffer.has_picture()
    wall.window.unlock()
    qtbot.waitUntil(lambda: tile.feed.state is L.playing, timeout=15_000)


class _Garbage(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "video/mp2t")
        self.end_headers()
        try:
            for _ in range(2000):
                self.wfile.write(os.urandom(4096))
                time.sleep(0.005)
        except OSError:
            pass

    def log_message(self, *args: object) -> None:
        pass


def test_garbage_served_as_a_stream_fails_that_view_only(qtbot: QtBot, wall: Wall) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Garbage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        garbage = StreamSource(1, f"http://127.0.0.1:{server.server_address[1]}/x.ts", "sub", "2026-000502")
        links: list[str] = []

        def fetch(profile: str, granted: Any, refused: Any) -> None:  # as a tile's would, with a new link
            links.append(profile)
            granted(garbage)

        view = LiveView()
        view.start(fetch, Want("sub"))
        qtbot.waitUntil(lambda: view.state is L.failed, timeout=40_000)
        assert view.message and (L.connecting, L.playing) not in view.transitions
        assert len(links) == 1  # the first retry of a valid link reuses it; the policy gives up after two
        # The same players are reused for a real stream afterwards.
        cam = wall.live(1, skip=14)[0]
        grant = wall.session.client.request_stream(cam.id, PURPOSE.case_number, PURPOSE.purpose)
        view.start(lambda _profile, granted, _refused: granted(source_from(grant)), Want("sub"))
        qtbot.waitUntil(lambda: view.state is L.playing, timeout=15_000)
        view.stop()
        qtbot.waitUntil(lambda: view.shown.state is S.stopped, timeout=3000)
        view.release()
    finally:
        server.shutdown()


def test_sixteen_tiles_started_and_stopped_fifty_times(qtbot: QtBot, wall: Wall) -> None:
    cams = wall.live(4, skip=15)
    sources = [source_from(wall.session.client.request_stream(c.id, PURPOSE.case_number, PURPOSE.purpose))
               for c in cams]
    players = [StreamPlayer() for _ in range(16)]
    try:
        for _cycle in range(50):
            for i, player in enumerate(players):
                player.play(sources[i % len(sources)])
            qtbot.wait(60)
            for player in players:
                player.stop()
            qtbot.waitUntil(lambda: all(p.state is S.stopped for p in players), timeout=10_000)
        for i, player in enumerate(players):  # and they still work
            player.play(sources[i % len(sources)])
        qtbot.waitUntil(lambda: all(p.state is S.playing for p in players), timeout=20_000)
    finally:
        for player in players:
            player.release()


def test_selection_is_shared_between_the_wall_and_the_map(qtbot: QtBot, wall: Wall) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    a, b = wall.live(2)
    wall.panel.show_cameras([a.id, b.id], start=0)
    first, second = wall.panel.view.tile_at(0), wall.panel.view.tile_at(1)
    qtbot.waitUntil(lambda: first.feed.camera_id == a.id and second.feed.camera_id == b.id, timeout=10_000)
    wall.hub.select(b.id)  # as a click on the map does
    assert second.is_selected and not first.is_selected
    edge = second.grab().toImage().pixelColor(2, second.height() // 2)
    assert edge.name() == "#ffb020"  # outlined where an operator looks
    QTest.mouseClick(first, Qt.MouseButton.LeftButton)
    assert wall.hub.selected == a.id
    assert first.is_selected and not second.is_selected
    wall.hub.select(None)
    assert not first.is_selected


def test_an_approved_emergency_view_opens_on_the_wall_under_its_case(qtbot: QtBot, wall: Wall) -> None:
    from rtcc_desktop.api.schemas import ExigentRequest, Sharing
    from ui.footage.escalations_view import live_access_open
    from ui.footage.install import install_requests_panel
    from ui.wall.install import connect_exigent_views

    requests = install_requests_panel(wall.window)
    connect_exigent_views(wall.window, requests, wall.panel)
    view = requests.escalations
    qtbot.waitUntil(lambda: view.loaded, timeout=10_000)  # what was open before is not news
    granted: list[Any] = []
    view.live_access_granted.connect(granted.append)
    wall.panel.purpose = None  # no shift purpose: the emergency view brings its own case
    case = "2026-000777"
    not_live = [c for c in wall.hub.directory if c.sharing is Sharing.on_request
                and c.status is CameraStatus.online][20:26]
    supervisor = open_session(BackendProfile("Test", wall.session.profile.url), "supervisor", "demo")
    for cam in not_live:
        esc = wall.session.client.request_exigent(ExigentRequest(
            camera_id=cam.id, case_number=case, justification="Hostage situation, suspect inside"))
        supervisor.client.decide_escalation(esc.id, True, "Life at risk")
    qtbot.waitUntil(lambda: bool(granted), timeout=15_000)  # an owner consented: the operator is told
    assert "Emergency live view" in wall.window.status.currentMessage()
    rows = {view.items.item(i).data(256).camera_id: i for i in range(view.items.count())
            if view.items.item(i).data(256).case_number == case}
    closed = next((e for e in (view.items.item(i).data(256) for i in range(view.items.count()))
                   if e.case_number == case and not live_access_open(e)), None)
    if closed is not None:  # pending or declined: nothing to open
        view.items.setCurrentRow(rows[closed.camera_id])
        assert not view.wall_button.isEnabled()
    assert all(e.case_number == case for e in granted)
    escalation = granted[0]
    view.items.setCurrentRow(rows[escalation.camera_id])
    assert view.wall_button.isEnabled()
    view.wall_button.click()
    tile = wall.panel.view.tile_at(0)
    qtbot.waitUntil(lambda: tile.feed.state is L.playing, timeout=15_000)
    assert tile.feed.purpose is not None and tile.feed.purpose.case_number == case
    qtbot.wait(500)
    reading = tile.feed.shown.buffer.read_strip()
    assert reading is not None and reading.camera_number == escalation.camera_id


def test_a_detached_wall_answers_the_wall_s_keys_and_esc_brings_it_back(qtbot: QtBot, wall: Wall) -> None:
    """A multi-monitor control room: the wall on a screen of its own, full screen, worked
    from the keyboard there."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    panel = wall.panel
    a, b = wall.live(2)
    panel.show_cameras([a.id, b.id], start=0)
    qtbot.waitUntil(lambda: playing(panel, [0, 1]), timeout=10_000)
    panel.toggle_detached()
    detached = panel.detached
    assert detached is not None and panel.view.window() is detached
    qtbot.waitUntil(detached.isFullScreen, timeout=3_000)
    detached.activateWindow()
    qtbot.waitUntil(detached.isActiveWindow, timeout=3_000)
    QTest.keyClick(detached, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # a layout key, there
    qtbot.waitUntil(lambda: panel.layouts.currentText() == "3x3", timeout=3_000)
    first = panel.view.tile_at(0)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=3_000)
    QTest.keyClick(first, Qt.Key.Key_Delete)  # clear the selected tile, there
    qtbot.waitUntil(lambda: first.feed.camera_id is None, timeout=3_000)
    assert panel.view.tile_at(1).feed.camera_id == b.id
    QTest.keyClick(detached, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: panel.detached is None and panel.view.window() is wall.window, timeout=3_000)
    assert playing(panel, [1])
