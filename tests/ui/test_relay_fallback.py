"""Issue #22, "fall back by itself": a camera the built-in RTSP client cannot negotiate with is
played through the ffmpeg engine on the same tile, without the operator or an environment
variable; what worked (engine and transport) is remembered per camera URL for the next start;
the tile and ``probe`` say which engine plays it; the camera's own answer (401) and an engine
fixed by ``RTCC_RELAY_ENGINE`` are never retried through the other engine.

The cameras are quirks in front of the mock's real gst-rtsp-server (fake_camera.CameraProxy),
so the picture read back from the frame strip is the camera's own."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rtcc_desktop.config import BackendProfile
from rtcc_desktop.session import open_session
from rtcc_desktop.video import engine
from rtcc_desktop.video.live_view import Want
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.rtsp_relay.relay import ENGINE_VARIABLE
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from tests.ui import test_rtsp_relay
from tests.ui.test_rtsp_relay import CASE, PURPOSE, Rig, probe_cli, stop
from tests.unit.fake_camera import (
    CameraProxy,
    FakeCamera,
    Forward,
    Quirk,
    pass_through,
    reply,
    sessionless,
    tcp_refused_with_400,
)
from ui.wall.tile import VideoTile
from ui.wall.tile_feed import TileFeed
from ui.wall.viewing_purpose import ViewingPurpose

S = PlayerState
rig = test_rtsp_relay.rig  # the mock and its gst-rtsp-server, for this module
BUILTIN_AGENT = "rtcc-desktop relay"
VIA_FFMPEG = "via ffmpeg (the built-in client could not negotiate with this camera)"


@pytest.fixture
def automatic(monkeypatch: pytest.MonkeyPatch) -> None:
    """No engine chosen for the workstation: as installed."""
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)


@pytest.fixture
def proxies() -> Iterator[list[CameraProxy]]:
    made: list[CameraProxy] = []
    yield made
    for proxy in made:
        proxy.close()


def quirky(rig: Rig, proxies: list[CameraProxy], quirk: Quirk, index: int, mount: str = "") -> StreamSource:
    """A source for camera ``index`` through a new quirky camera in front of the rig's server."""
    proxy = CameraProxy(rig.rtsp.port, quirk)
    proxies.append(proxy)
    source = rig.source(index, mount=mount)
    return StreamSource(source.camera_id, proxy.url(source.url), "sub", CASE, source.expires_at, "rtsp")


def shows_camera(player: StreamPlayer, camera_id: int) -> bool:
    reading = player.buffer.read_strip(int(time.time() * 1000))
    return reading is not None and reading.camera_number == camera_id


def test_a_camera_the_builtin_client_cannot_negotiate_with_plays_through_ffmpeg_on_its_tile(
        qtbot: QtBot, rig: Rig, proxies: list[CameraProxy], automatic: None) -> None:
    """A camera that names no session (ffmpeg tolerates it, the built-in client does not): the
    tile plays it through ffmpeg by itself and says so; the next start goes straight to ffmpeg."""
    source = quirky(rig, proxies, sessionless, 0)
    proxy = proxies[0]
    session = open_session(BackendProfile("Test", rig.mock.url), "operator", "demo")
    feed = TileFeed(session)
    tile = VideoTile(0, feed)
    feed.camera = next(c for c in rig.client.all_cameras() if c.id == source.camera_id)
    feed.purpose = ViewingPurpose(CASE, PURPOSE)
    player = feed.shown
    started = time.monotonic()
    feed.live.start(lambda _profile, granted, _refused: granted(source), Want("sub"))  # the grant: the quirky camera
    qtbot.waitUntil(lambda: player.state is S.playing, timeout=12_000)
    assert time.monotonic() - started < 6.0
    qtbot.waitUntil(lambda: shows_camera(player, source.camera_id), timeout=3_000)
    assert player.relay_engine == "ffmpeg"
    assert player.detail == VIA_FFMPEG
    assert tile.status_line().endswith(f"live, {VIA_FFMPEG}"), tile.status_line()
    agents = proxy.user_agents()
    assert agents[0] == BUILTIN_AGENT and agents[-1].startswith("Lavf"), agents
    feed.stop("")
    qtbot.waitUntil(lambda: player.state is S.stopped, timeout=5_000)
    feed.release()
    # The same camera again (another tile): straight to the engine that worked.
    seen = len(proxy.requests)
    again = StreamPlayer()
    again.play(source)
    qtbot.waitUntil(lambda: again.state is S.playing, timeout=10_000)
    assert again.relay_engine == "ffmpeg" and again.detail == VIA_FFMPEG
    assert proxy.user_agents()[seen:] and all(a.startswith("Lavf") for a in proxy.user_agents()[seen:])
    stop(qtbot, again)


def test_a_camera_that_refuses_tcp_with_400_plays_by_itself(qtbot: QtBot, rig: Rig, proxies: list[CameraProxy],
                                                           automatic: None) -> None:
    """400 (not 461) to a TCP SETUP, RTP over UDP only: both engines gave up on it, as each forced
    TCP. It plays now, through whichever engine negotiates it, and the tile says which."""
    source = quirky(rig, proxies, tcp_refused_with_400, 1)
    player = StreamPlayer()
    player.play(source)
    qtbot.waitUntil(lambda: player.state is S.playing, timeout=12_000)
    qtbot.waitUntil(lambda: shows_camera(player, source.camera_id), timeout=3_000)
    assert player.detail == ("" if player.relay_engine == "builtin" else VIA_FFMPEG)
    stop(qtbot, player)


@pytest.mark.parametrize("chosen", ["", "builtin", "ffmpeg"])
def test_a_camera_refusing_the_password_gets_one_attempt_and_no_other_engine(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, chosen: str) -> None:
    """401 is the camera's answer: the other engine would hear the same."""
    if chosen:
        monkeypatch.setenv(ENGINE_VARIABLE, chosen)
    else:
        monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    challenge = 'WWW-Authenticate: Digest realm="cam", nonce="1f"\r\n'
    camera = FakeCamera(lambda _m, _h: reply("401 Unauthorized", challenge), connections=4)
    player = StreamPlayer()
    player.play(StreamSource(1, camera.url("user:wrong@"), "sub", CASE, None, "rtsp"))
    qtbot.waitUntil(lambda: player.state is S.failed, timeout=6_000)
    qtbot.wait(500)  # a second attempt would have begun by now
    assert "user name or password" in player.detail
    assert camera.conversations == 1
    agents = {headers.get("user-agent", "")[:4] for _method, headers in camera.requests}
    assert agents == ({"Lavf"} if chosen == "ffmpeg" else {BUILTIN_AGENT[:4]}), agents
    player.release()
    camera.close()


def test_an_engine_chosen_for_the_workstation_is_not_swapped(qtbot: QtBot, rig: Rig, proxies: list[CameraProxy],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, "builtin")
    source = quirky(rig, proxies, sessionless, 2)
    player = StreamPlayer()
    player.play(source)
    qtbot.waitUntil(lambda: player.state is S.failed, timeout=10_000)
    assert "no session" in player.detail, player.detail  # the relay's words, not libVLC's "could not be played"
    assert set(proxies[0].user_agents()) == {BUILTIN_AGENT}
    player.release()


@pytest.mark.parametrize("chosen", ["", "ffmpeg"])
def test_the_transport_that_worked_is_where_the_next_start_begins(
        qtbot: QtBot, rig: Rig, proxies: list[CameraProxy], monkeypatch: pytest.MonkeyPatch, chosen: str) -> None:
    """A camera that refuses TCP (461): the first start finds UDP, the next one begins there."""
    if chosen:
        monkeypatch.setenv(ENGINE_VARIABLE, chosen)
    else:
        monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    source = quirky(rig, proxies, pass_through, 6, mount="/udp-only")
    proxy = proxies[0]

    def setups(since: int) -> list[str]:
        return ["TCP" if "/TCP" in h.get("transport", "").upper() else "UDP"
                for m, h in proxy.requests[since:] if m == "SETUP"]

    first = StreamPlayer()
    first.play(source)
    qtbot.waitUntil(lambda: first.state is S.playing, timeout=10_000)
    assert setups(0)[0] == "TCP" and setups(0)[-1] == "UDP"
    qtbot.wait(400)  # a relay may say which transport plays after the first picture
    stop(qtbot, first)
    seen = len(proxy.requests)
    second = StreamPlayer()
    started = time.monotonic()
    second.play(source)
    qtbot.waitUntil(lambda: second.state is S.playing, timeout=10_000)
    assert setups(seen) == ["UDP"], setups(seen)
    assert time.monotonic() - started < 3.0
    stop(qtbot, second)


def test_libvlc_hearing_the_refused_transport_late_does_not_end_the_next_one(
        qtbot: QtBot, rig: Rig, proxies: list[CameraProxy], monkeypatch: pytest.MonkeyPatch) -> None:
    """ffmpeg exits on the camera's 461 to TCP; the relay's report moves the tile to UDP, and
    libVLC's own error for the closed pipe of the TCP attempt, queued behind that report (as it
    is on a loaded machine), belongs to the attempt already replaced: the UDP one plays on."""
    monkeypatch.setenv(ENGINE_VARIABLE, "ffmpeg")  # the engine that exits and is restarted on UDP
    source = quirky(rig, proxies, pass_through, 7, mount="/udp-only")
    player = StreamPlayer()
    error = SimpleNamespace(type=engine.vlc_module().EventType.MediaPlayerEncounteredError)
    reports: list[str] = []

    def libvlc_hears_it_too(_relay: object, problem: object) -> None:  # on the relay's thread, after its report
        reports.append(str(problem))
        player._vlc_event(error)

    player._relay_ended.connect(libvlc_hears_it_too, Qt.ConnectionType.DirectConnection)
    player.play(source)
    qtbot.waitUntil(lambda: player.state in (S.playing, S.failed), timeout=10_000)
    qtbot.wait(1_000)  # past the wait for a relay's report that libVLC's end starts
    assert player.state is S.playing, player.detail
    assert reports and "TCP" in reports[0], reports
    qtbot.waitUntil(lambda: shows_camera(player, source.camera_id), timeout=3_000)
    stop(qtbot, player)


def test_probe_tries_ffmpeg_too_and_says_which_engine_played(rig: Rig, proxies: list[CameraProxy],
                                                            automatic: None) -> None:
    source = quirky(rig, proxies, sessionless, 3)
    done = probe_cli(source.url, "--seconds", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rtsp via relay (ffmpeg: the built-in client could not negotiate with this camera)" in done.stdout
    assert f"camera {source.camera_id}" in done.stdout
    udp = quirky(rig, proxies, pass_through, 4, mount="/udp-only")
    result = json.loads(probe_cli(udp.url, "--seconds", "1", "--json").stdout.strip().splitlines()[-1])
    assert result["ok"] and result["relay_engine"] == "builtin" and result["fallback"] == ""
    assert result["transport"] in ("udp", ""), result  # "" while the relay does not say


def sessionless_and_udp_only(method: str, headers: dict[str, str], forward: Forward) -> bytes:
    return sessionless(method, headers, lambda: tcp_refused_with_400(method, headers, forward))


def test_ffmpeg_standing_in_tries_its_own_transport_order_when_tcp_fails_too(
        qtbot: QtBot, rig: Rig, proxies: list[CameraProxy], automatic: None) -> None:
    """No session named and 400 to a TCP SETUP: the built-in client fails either way, ffmpeg over
    TCP gets the 400, ffmpeg negotiating its own way (UDP first) plays it."""
    source = quirky(rig, proxies, sessionless_and_udp_only, 5)
    player = StreamPlayer()
    started = time.monotonic()
    player.play(source)
    qtbot.waitUntil(lambda: player.state is S.playing, timeout=12_000)
    assert time.monotonic() - started < 8.0
    qtbot.waitUntil(lambda: shows_camera(player, source.camera_id), timeout=3_000)
    assert player.relay_engine == "ffmpeg" and player.detail == VIA_FFMPEG
    stop(qtbot, player)
