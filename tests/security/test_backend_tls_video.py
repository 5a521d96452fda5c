"""Live video from an https:// backend trusts what the API client trusts. A backend profile's CA
bundle (an agency's own CA) replaced the system's store for the API alone: libVLC (MPEG-TS
streams, "The stream could not be played.") and the HLS gate ("No picture from the camera
within 15 s") verified the backend with the system's store, so on such a deployment every tile
failed while sign-in, the map and the queue worked. Both now verify with the profile's bundle
alone (rtcc_desktop/video/tls_trust.py, hls_gate.py); the gate says in words when a certificate
is not trusted, and a bundle that cannot be read fails the tile in words before anything is
fetched.

The backend is a scripted HTTPS server on loopback with a certificate of its own
(tests/security/scripted_http.py); the video is real (ffmpeg), the players real libVLC."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mock_backend.ffmpeg_tool import ffmpeg_exe
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from tests.conftest import start_mock
from tests.security.scripted_http import Raw, Scripted, make_cert, scripted_server
from tests.ui.hls_media import PLAYLIST, SEGMENT_TYPE, serve_vod
from tests.ui.test_rtsp_relay import probe_cli
from tests.ui.test_wall import open_wall
from ui.wall.viewing_purpose import ViewingPurpose

S = PlayerState
CASE = "2026-000778"
STREAM = "/api/v1/streams/tok/sub.ts"


@pytest.fixture
def cert(tmp_path: Path) -> tuple[Path, Path]:
    return make_cert(tmp_path)


@pytest.fixture
def backend(cert: tuple[Path, Path], tmp_path: Path) -> Iterator[Scripted]:
    with scripted_server(cert) as server:
        media = tmp_path / "media"
        media.mkdir()
        serve_vod(server, media, 6)
        stream = media / "stream.ts"  # a camera's MPEG-TS as the backend relays it (http-ts grants)
        subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=15", "-t", "20",
                        "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-f", "mpegts", str(stream)],
                       check=True, timeout=60)
        server.on("GET", STREAM, Raw(200, stream.read_bytes(), SEGMENT_TYPE))
        yield server


def played(qtbot: QtBot, backend: Scripted, ca_bundle: str | None, protocol: str = "hls") -> StreamPlayer:
    player = StreamPlayer()
    url = f"https://127.0.0.1:{backend.port}{PLAYLIST if protocol == 'hls' else STREAM}"
    player.play(StreamSource(7, url, "sub", CASE, None, protocol, ca_bundle=ca_bundle))
    qtbot.waitUntil(lambda: player.state in (S.playing, S.failed), timeout=20_000)
    return player


def plays(qtbot: QtBot, backend: Scripted, ca_bundle: str, protocol: str) -> None:
    player = played(qtbot, backend, ca_bundle, protocol)
    try:
        assert player.state is S.playing, player.detail
    finally:
        player.release()


@pytest.mark.parametrize("protocol", ["http-ts", "hls"])
def test_video_from_a_backend_with_the_agency_s_own_ca_plays(qtbot: QtBot, backend: Scripted,
                                                             cert: tuple[Path, Path], protocol: str) -> None:
    plays(qtbot, backend, str(cert[0]), protocol)
    assert backend.hits and all(hit.tls for hit in backend.hits)


@pytest.mark.parametrize("protocol", ["http-ts", "hls"])
def test_a_bundle_of_another_ca_does_not_let_the_backend_pass(qtbot: QtBot, backend: Scripted, tmp_path: Path,
                                                              protocol: str) -> None:
    other = tmp_path / "other"
    other.mkdir()
    player = played(qtbot, backend, str(make_cert(other)[0]), protocol)
    try:
        assert player.state is S.failed
        assert backend.hits == []  # the handshake failed: nothing was asked of it
    finally:
        player.release()


def test_a_certificate_nobody_trusts_is_said_in_words_and_not_retried(qtbot: QtBot, backend: Scripted) -> None:
    player = played(qtbot, backend, None)
    try:
        assert player.state is S.failed
        assert player.detail.startswith("The backend's certificate is not trusted (self-signed certificate)."), \
            player.detail
        assert "CA bundle" in player.detail and player.lasting
        assert backend.hits == []  # the handshake failed: nothing was asked of it
    finally:
        player.release()


@pytest.mark.parametrize("protocol", ["http-ts", "hls"])
@pytest.mark.parametrize("content", [None, b"not a certificate\n"])
def test_a_ca_bundle_that_cannot_be_read_fails_the_tile_in_words(qtbot: QtBot, backend: Scripted, tmp_path: Path,
                                                                 protocol: str, content: bytes | None) -> None:
    bundle = tmp_path / "agency-ca.pem"
    if content is not None:
        bundle.write_bytes(content)
    player = played(qtbot, backend, str(bundle), protocol)
    try:
        assert player.state is S.failed and player.lasting
        assert player.detail.startswith("The backend profile's CA bundle could not be read"), player.detail
        assert backend.hits == []
    finally:
        player.release()


@pytest.mark.parametrize("protocol", ["http-ts", "hls"])
def test_a_ca_bundle_the_agency_replaced_is_read_again(qtbot: QtBot, backend: Scripted, cert: tuple[Path, Path],
                                                       tmp_path: Path, protocol: str) -> None:
    """The gate and libVLC's trust directory kept the bundle as first read, for the life of the
    app: after the agency rotated its CA (the same file, new contents) the backend's new
    certificate was refused with words asking for what had been done."""
    bundle = tmp_path / "agency-ca.pem"
    bundle.write_bytes(cert[0].read_bytes())
    plays(qtbot, backend, str(bundle), protocol)
    rotated = tmp_path / "rotated"
    rotated.mkdir()
    new_cert = make_cert(rotated)
    with scripted_server(new_cert) as renewed:
        media = tmp_path / "media"  # the backend fixture's segments and stream, served again
        serve_vod(renewed, rotated, 6)
        renewed.on("GET", STREAM, Raw(200, (media / "stream.ts").read_bytes(), SEGMENT_TYPE))
        bundle.write_bytes(new_cert[0].read_bytes())
        plays(qtbot, renewed, str(bundle), protocol)


@pytest.fixture(scope="module", params=["http-ts", "hls"])
def tls_mock(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MockProcess, Path]]:
    """The mock served over TLS with a certificate of its own, its grants of one protocol."""
    folder = tmp_path_factory.mktemp(f"tls-{request.param}")
    cert, key = make_cert(folder)
    mock = start_mock(folder / "mock", "--tls-cert", str(cert), "--tls-key", str(key),
                      "--stream-protocol", str(request.param), "--grant-ttl", "600")
    yield mock, cert
    mock.stop()


def test_a_wall_tile_plays_from_a_mock_behind_the_agency_s_own_ca(qtbot: QtBot,
                                                                  tls_mock: tuple[MockProcess, Path]) -> None:
    """The whole way: a profile with the CA bundle signs in to the mock served over TLS, the wall
    asks for a grant, and the tile plays the grant's https:// stream."""
    mock, cert = tls_mock
    assert mock.url.startswith("https://")
    rig = open_wall(qtbot, mock.url, ViewingPurpose(CASE, "TLS test of the wall"), ca_bundle=str(cert))
    try:
        now = datetime.now(UTC)
        cam = next(c for c in rig.hub.directory if c.has_live_consent(now) and c.status.value == "online")
        [index] = rig.panel.show_cameras([cam.id])
        tile = rig.panel.view.tile_at(index)
        qtbot.waitUntil(lambda: tile.feed.state in (LiveState.playing, LiveState.failed), timeout=25_000)
        assert tile.feed.state is LiveState.playing, tile.status_line()
        source = tile.feed.shown.source
        assert source is not None and source.url.startswith("https://") and source.ca_bundle == str(cert)
    finally:
        rig.panel.shutdown()
        rig.window.close()


def test_probe_trusts_the_ca_bundle_it_is_given(tls_mock: tuple[MockProcess, Path]) -> None:
    """``probe --ca-bundle``, as a profile's ca_bundle; without it, an HLS grant's certificate is
    named as not trusted (libVLC says no more than that the stream could not be played)."""
    mock, cert = tls_mock
    client = open_session(BackendProfile("Test", mock.url, ca_bundle=str(cert)), "operator", "demo").client
    now = datetime.now(UTC)
    cam = next(c for c in client.all_cameras() if c.has_live_consent(now) and c.status.value == "online")
    grant = client.request_stream(cam.id, CASE, "TLS probe test", profile="sub")
    trusted = json.loads(probe_cli(grant.url, "--seconds", "1", "--json", "--ca-bundle", str(cert))
                         .stdout.strip().splitlines()[-1])
    assert trusted["ok"] and trusted["camera_number"] == cam.id, trusted
    if grant.protocol == "hls":
        untrusted = json.loads(probe_cli(grant.url, "--seconds", "1", "--json").stdout.strip().splitlines()[-1])
        assert not untrusted["ok"]
        assert str(untrusted["reason"]).startswith("The backend's certificate is not trusted"), untrusted
