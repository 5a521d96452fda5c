"""HLS from the mock (``--stream-protocol hls``) on the wall: libVLC's adaptive demuxer plays it,
and the tile says it runs behind live, which the frame strip shows to be true."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import requests
from pytestqt.qtbot import QtBot

from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from tests.conftest import module_mock
from tests.security.scripted_http import Raw, Scripted, scripted_server
from tests.ui.hls_media import PLAYLIST, PLAYLIST_TYPE, serve_segments, serve_vod, write_segments
from tests.ui.test_wall import open_wall
from ui.wall.tile import BEHIND_LIVE
from ui.wall.viewing_purpose import ViewingPurpose

S = LiveState


hls_mock = module_mock("hls-mock", "--stream-protocol", "hls", "--grant-ttl", "3600")


def test_an_hls_tile_plays_and_says_it_is_behind_live(qtbot: QtBot, hls_mock: MockProcess) -> None:
    rig = open_wall(qtbot, hls_mock.url, ViewingPurpose("2026-000620", "HLS test of the wall"))
    wall, hub, trainer = rig.panel, rig.hub, rig.trainer
    now = datetime.now(UTC)
    cam = next(c for c in hub.directory if c.has_live_consent(now) and c.status.value == "online")
    [index] = wall.show_cameras([cam.id])
    tile = wall.view.tile_at(index)
    qtbot.waitUntil(lambda: tile.feed.state is S.playing, timeout=20_000)
    source = tile.feed.shown.source
    assert source is not None and source.protocol == "hls" and source.url.endswith(".m3u8")
    assert BEHIND_LIVE in tile.status_line()  # said on the tile, not hidden behind a green dot
    qtbot.wait(1000)
    reading = tile.feed.shown.buffer.read_strip(int(time.time() * 1000))
    assert reading is not None and reading.camera_number == cam.id
    assert reading.age_ms(int(time.time() * 1000)) > 1000  # and it is true: segments run behind
    # Consent ends: the playlist and its segments are refused from then on.
    trainer.client.training_consent(cam.id, "revoke")
    try:
        qtbot.waitUntil(lambda: tile.feed.state is S.ended, timeout=3_000)
        playlist = requests.get(source.url, timeout=5)
        assert playlist.status_code == 403
    finally:
        trainer.client.training_consent(cam.id, "grant")
    wall.shutdown()
    rig.window.close()


def test_probe_plays_hls_natively(hls_mock: MockProcess) -> None:
    import json

    from tests.ui.test_rtsp_relay import probe_cli

    client = open_session(BackendProfile("Test", hls_mock.url), "operator", "demo").client
    now = datetime.now(UTC)
    cam = next(c for c in client.all_cameras() if c.has_live_consent(now) and c.status.value == "online")
    grant = client.request_stream(cam.id, "2026-000621", "HLS probe test", profile="sub")
    result = json.loads(probe_cli(grant.url, "--seconds", "2", "--json").stdout.strip().splitlines()[-1])
    assert result["ok"] and result["protocol"] == "hls" and result["path"] == "native"
    assert result["camera_number"] == cam.id and result["frame_age_ms"] > 1000


def playing_from(qtbot: QtBot, backend: Scripted, case: str) -> StreamPlayer:
    """A player of the scripted backend's grant playlist once it plays or fails (the caller releases it)."""
    player = StreamPlayer()
    player.play(StreamSource(7, f"{backend.url}{PLAYLIST}", "sub", case, None, "hls"))
    qtbot.waitUntil(lambda: player.state in (PlayerState.playing, PlayerState.failed), timeout=20_000)
    return player


def test_an_hls_backend_that_holds_its_first_playlist_still_plays(qtbot: QtBot, tmp_path: Path) -> None:
    """A backend holding the first playlist until its packager has segments (the mock holds it up
    to 6 s, a segmenter starting on demand may take as long) and then a segment or two of buffering:
    HLS's first picture comes later than a camera's, by design. The player gave every source 6 s
    and failed the tile ("No picture from the camera within 6 s"), and after two such starts the
    view gave up on it; an HLS source gets HLS_FIRST_FRAME_TIMEOUT_S."""
    playlist = write_segments(tmp_path, 6)
    with scripted_server() as backend:
        def held() -> Raw:
            time.sleep(6.5)
            return Raw(200, playlist.read_bytes(), PLAYLIST_TYPE)

        backend.on("GET", PLAYLIST, held)
        serve_segments(backend, tmp_path)
        player = playing_from(qtbot, backend, "2026-000622")
        try:
            assert player.state is PlayerState.playing, player.detail
        finally:
            player.release()


def test_a_live_playlist_caught_while_its_segmenter_rewrites_it_does_not_end_the_tile(
        qtbot: QtBot, tmp_path: Path) -> None:
    """Segmenters that rewrite their playlist in place (ffmpeg without ``temp_file``, as its
    single-file mode writes it) leave it empty or cut short for a moment, and a web server
    serving the folder hands out what it finds: nginx answered 200 with no body here. The gate
    took such a refresh for "not an HLS playlist" and ended the tile for good; it is the same
    playlist a moment later."""
    write_segments(tmp_path, 30)
    started = time.monotonic()
    fetches = 0

    def live() -> Raw:
        """A rolling window of four segments, one second on each second; every other refresh
        caught mid-rewrite: empty, or cut off in a tag."""
        nonlocal fetches
        fetches += 1
        first = int(time.monotonic() - started)
        lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:1", f"#EXT-X-MEDIA-SEQUENCE:{first}"]
        for n in range(first, first + 4):
            lines += ["#EXTINF:1.000000,", f"seg{n}.ts"]
        text = "\n".join(lines) + "\n"
        if fetches > 1 and fetches % 2 == 0:
            text = "" if fetches % 4 == 0 else text[:text.index("#EXT-X-TARGETDURATION") + 10]
        return Raw(200, text.encode(), PLAYLIST_TYPE)

    with scripted_server() as backend:
        backend.on("GET", PLAYLIST, live)
        serve_segments(backend, tmp_path)
        player = playing_from(qtbot, backend, "2026-000623")
        try:
            assert player.state is PlayerState.playing, player.detail
            seen = fetches
            qtbot.waitUntil(lambda: fetches >= seen + 6 or player.state is not PlayerState.playing, timeout=15_000)
            assert player.state is PlayerState.playing, player.detail
        finally:
            player.release()


def test_each_segment_and_playlist_reaches_the_backend_once(qtbot: QtBot, tmp_path: Path) -> None:
    """The gate keeps its connections to the backend open between requests. Read with
    ``read1``, a reply stayed open in http.client after its last byte, so the next request on
    that connection was sent and then refused locally (``ResponseNotReady``) and sent again on a
    new connection: the backend served every playlist and segment twice."""
    with scripted_server() as backend:
        segments = serve_vod(backend, tmp_path, 8)
        player = playing_from(qtbot, backend, "2026-000624")
        try:
            assert player.state is PlayerState.playing, player.detail
            qtbot.waitUntil(lambda: sum(1 for p in segments if backend.hits_for(p)) >= 4, timeout=10_000)
        finally:
            player.release()
        fetched = {path: len(backend.hits_for(path)) for path in [PLAYLIST, *segments]}
        assert set(fetched.values()) <= {0, 1}, fetched
