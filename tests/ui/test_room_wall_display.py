"""The room-wall display (``rtcc-desktop room-wall``) against the real mock: it signs in as the
wall's device from a credentials file, plays what an operator pushes (the picture's strip read
back: the right camera, fresh), says who put it there and for which case, drops a tile within a
second of its owner ending sharing and says so, keeps playing and says "not connected" while the
API is unreachable, catches up when it returns, and a display started again with the backend
down shows the last wall it kept.

The display reaches the mock through ``ApiCut``, a loopback forwarder that can cut the API and the
event stream while the video streams keep flowing (an API server down, its media servers not)."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication, QScreen
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import Camera, RoomTilePush, RoomWall
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.room_wall.device_login import CredentialsError, read_credentials
from rtcc_desktop.room_wall.display_state import NOT_CONNECTED
from rtcc_desktop.video.live_state import LiveState as L
from tests.conftest import start_mock
from tests.contract.helpers import live_camera
from ui.room_wall.display import RoomWallDisplay
from ui.room_wall.display_tile import RoomTileBand

CASE = "2026-007731"
PURPOSE = "Robbery in progress at the corner store"


class ApiCut:
    """127.0.0.1:port forwarding to the mock. ``down()`` closes the open API and event-stream
    connections and closes new ones at once; video streams (``/api/v1/streams/``) pass always."""

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.up = True
        self._lock = threading.Lock()
        self._api: set[socket.socket] = set()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            first = client.recv(65536)
        except OSError:
            client.close()
            return
        stream = b" /api/v1/streams/" in first.split(b"\r\n", 1)[0]
        if not first or (not self.up and not stream):
            client.close()
            return
        try:
            server = socket.create_connection(("127.0.0.1", self.target))
            server.sendall(first)
        except OSError:
            client.close()
            return
        if not stream:
            with self._lock:
                self._api.update((client, server))
        threading.Thread(target=self._pump, args=(server, client), daemon=True).start()
        self._pump(client, server)

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        with self._lock:
            self._api.discard(source)
            self._api.discard(sink)

    def down(self) -> None:
        self.up = False
        with self._lock:
            cut, self._api = list(self._api), set()
        for s in cut:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self.listener.close()
        self.down()


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    started = start_mock(tmp_path_factory.mktemp("room-wall-display"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def clients(mock: MockProcess) -> Iterator[dict[str, BackendClient]]:
    made = {}
    for role in ("operator", "trainer"):
        client = BackendClient(mock.url)
        client.sign_in(role, "demo")
        made[role] = client
    yield made
    for client in made.values():
        client.close()


@pytest.fixture(scope="module")
def cameras(clients: dict[str, BackendClient]) -> list[Camera]:
    everything = clients["operator"].all_cameras()
    return [live_camera(everything, skip) for skip in range(6)]


@pytest.fixture
def cut(mock: MockProcess) -> Iterator[ApiCut]:
    proxy = ApiCut(int(mock.url.rsplit(":", 1)[1]))
    yield proxy
    proxy.close()


@pytest.fixture
def credentials(tmp_path: Path) -> Path:
    path = tmp_path / "room-wall.credentials"
    path.write_text("# the front wall's display\nusername = wall-front\npassword = demo\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def displays() -> Iterator[list[RoomWallDisplay]]:
    made: list[RoomWallDisplay] = []
    yield made
    for display in made:
        display.shutdown()
        for window in display.windows:
            window.deleteLater()


def open_display(qtbot: QtBot, url: str, credentials: Path, cache: Path, displays: list[RoomWallDisplay],
                 screens: int = 2) -> RoomWallDisplay:
    """A display on ``screens`` attached screens (offscreen there is one QScreen: each window covers it)."""
    primary = QGuiApplication.primaryScreen()
    attached: Callable[[], list[QScreen]] = lambda: [primary] * screens  # noqa: E731
    display = RoomWallDisplay(BackendProfile("Test", url), "front", lambda: read_credentials(credentials),
                              windowed=True, cache_folder=cache, screens=attached)
    displays.append(display)
    display.start()
    return display


def front(client: BackendClient) -> RoomWall:
    return next(w for w in client.room_walls() if w.name == "front")


def push(client: BackendClient, camera: Camera, screen: int, tile: int) -> RoomWall:
    wall = front(client)
    return client.push_room_tile(wall.id, screen, tile, RoomTilePush(camera_id=camera.id, case_number=CASE,
                                                                     purpose=PURPOSE), wall.version)


def clear_wall(client: BackendClient) -> None:
    wall = front(client)
    for screen in wall.screens:
        for tile in screen.tiles:
            if tile.camera_id is not None:
                wall = client.clear_room_tile(wall.id, screen.index, tile.index, wall.version)


def tile_of(display: RoomWallDisplay, screen: int, index: int) -> RoomTileBand:
    tile = display.views[screen].tile_at(index)
    assert isinstance(tile, RoomTileBand)
    return tile


def plays(display: RoomWallDisplay, screen: int, index: int, camera: Camera) -> bool:
    if len(display.views) <= screen:
        return False
    feed = tile_of(display, screen, index).feed
    reading = feed.shown.buffer.read_strip() if feed.state is L.playing else None
    return reading is not None and reading.camera_number == camera.id


def test_a_pushed_camera_plays_with_who_and_why_and_goes_within_a_second_of_consent_ending(
        qtbot: QtBot, clients: dict[str, BackendClient], cameras: list[Camera], cut: ApiCut, credentials: Path,
        tmp_path: Path, displays: list[RoomWallDisplay]) -> None:
    operator, trainer = clients["operator"], clients["trainer"]
    clear_wall(operator)
    display = open_display(qtbot, cut.url, credentials, tmp_path / "cache", displays, screens=3)
    qtbot.waitUntil(lambda: display.session is not None and display.mirror.freshness == "current", timeout=15_000)
    # Three attached screens for the seeded wall's two: the third says so, the first two show theirs.
    assert [w.room_screen for w in display.windows] == [0, 1, None]
    assert display.windows[2].placeholder.text() == "No room screen 3 on this wall"
    assert display.windows[0].view is display.views[0] and display.views[1].model.layout.name == "3x3"

    camera = cameras[0]
    push(operator, camera, 0, 1)
    qtbot.waitUntil(lambda: plays(display, 0, 1, camera), timeout=15_000)
    tile = tile_of(display, 0, 1)
    reading = tile.feed.shown.buffer.read_strip()
    assert reading is not None and reading.age_ms(int(time.time() * 1000)) < 2000
    words = tile.status_line()
    assert f"camera {camera.id}" in words and "live" in words
    assert "put there by operator" in words
    assert tile.feed.purpose is not None and tile.feed.purpose.case_number == CASE
    assert display.state.notice == "" and not display.windows[0].corner.isVisible()

    try:
        revoked = time.monotonic()
        trainer.training_consent(camera.id, "revoke")
        qtbot.waitUntil(lambda: tile.feed.state is L.ended, timeout=5_000)
        took = time.monotonic() - revoked
        assert "The owner ended live sharing" in tile.status_line()
        assert not tile.feed.shown.buffer.has_picture(), "the owner's camera is still pictured"
        assert took < 1.0, f"the room tile outlived the owner's consent by {took:.2f} s"
    finally:
        trainer.training_consent(camera.id, "grant")


def test_api_down_keeps_playing_says_so_catches_up_and_a_restart_shows_the_kept_wall(
        qtbot: QtBot, clients: dict[str, BackendClient], cameras: list[Camera], cut: ApiCut, credentials: Path,
        tmp_path: Path, displays: list[RoomWallDisplay]) -> None:
    operator = clients["operator"]
    clear_wall(operator)
    first, meanwhile = cameras[1], cameras[2]
    push(operator, first, 0, 0)
    display = open_display(qtbot, cut.url, credentials, tmp_path / "cache", displays)
    qtbot.waitUntil(lambda: plays(display, 0, 0, first), timeout=15_000)

    cut.down()
    qtbot.waitUntil(lambda: display.state.notice == NOT_CONNECTED, timeout=10_000)
    corner = display.windows[0].corner
    assert corner.isVisible() and corner.text().startswith(NOT_CONNECTED)
    feed = tile_of(display, 0, 0).feed
    seq = feed.shown.buffer.seq
    push(operator, meanwhile, 0, 2)  # made while the display cannot hear of it
    qtbot.wait(1500)
    assert feed.state is L.playing and feed.shown.buffer.seq > seq + 10, "the tile stopped playing"
    assert plays(display, 0, 0, first) and display.views[0].model.tile(2) is None

    cut.up = True
    qtbot.waitUntil(lambda: plays(display, 0, 2, meanwhile), timeout=20_000)
    qtbot.waitUntil(lambda: display.state.notice == "", timeout=5_000)
    assert plays(display, 0, 0, first)

    # A power cut: the display starts again with the backend unreachable and shows the wall it kept.
    display.shutdown()
    cut.down()
    again = open_display(qtbot, cut.url, credentials, tmp_path / "cache", displays)
    qtbot.waitUntil(lambda: len(again.views) == 2 and again.views[0].model.tile(2) is not None, timeout=5_000)
    assert again.mirror.freshness == "cached" and again.state.notice == NOT_CONNECTED
    assert again.windows[0].corner.isVisible()
    assert [again.views[0].model.tile(i).camera_id for i in (0, 2)] == [first.id, meanwhile.id]  # type: ignore[union-attr]
    assert "put there by operator" in tile_of(again, 0, 2).status_line()

    cut.up = True  # and once the backend answers, it plays them again by itself
    qtbot.waitUntil(lambda: plays(again, 0, 0, first) and plays(again, 0, 2, meanwhile), timeout=25_000)
    assert again.state.notice == ""


def test_a_credentials_file_others_may_read_is_refused_in_words(tmp_path: Path) -> None:
    path = tmp_path / "room-wall.credentials"
    path.write_text("username = wall-front\npassword = demo\n", encoding="utf-8")
    path.chmod(0o644)
    with pytest.raises(CredentialsError, match=r"may be read by other users.*chmod 600"):
        read_credentials(path)
    path.chmod(0o600)
    assert read_credentials(path) == ("wall-front", "demo")
    path.write_text("user: wall-front\n", encoding="utf-8")
    with pytest.raises(CredentialsError, match="line 1"):
        read_credentials(path)
    with pytest.raises(CredentialsError, match="no credentials file"):
        read_credentials(tmp_path / "missing")


def test_a_credentials_file_replaced_between_its_check_and_its_reading_is_not_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The file's owner and mode were checked on its name, then the name opened: a file put in
    its place in between (one others may read, written by someone who may write the folder) was
    read and used."""
    from rtcc_desktop.room_wall import device_login

    path = tmp_path / "room-wall.credentials"
    path.write_text("username = wall-front\npassword = demo\n", encoding="utf-8")
    path.chmod(0o600)
    swapped = tmp_path / "swapped"
    swapped.write_text("username = someone-else\npassword = theirs\n", encoding="utf-8")
    swapped.chmod(0o644)
    real_open = os.open

    def swap_then_open(name: object, flags: int, *args: object) -> int:
        os.replace(swapped, path)
        return real_open(name, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(device_login.os, "open", swap_then_open)
    with pytest.raises(CredentialsError, match="was replaced while it was read"):
        read_credentials(path)
