"""The HLS gate (rtcc_desktop/video/hls_gate.py) against HLS that nobody here wrote: live
playlists and segments from ffmpeg's HLS muxer (MPEG-TS, fMP4 with an init section, byte
ranges of one file, a master playlist of variants) and GStreamer's hlssink2, served by nginx,
npm's http-server and CPython's http.server (tests/interop/hls_deployment.py). For each row a
tile must play through the gate and show the right camera (its frame strip read back), and the
web server's own log must show that the gate fetched what the playlist named."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from tests.interop.hls_deployment import SEGMENTERS, HlsDeployment, start_hls
from tests.interop.test_servers import probe_cli, strip_within

S = PlayerState
BY_NAME = {segmenter.name: segmenter for segmenter in SEGMENTERS}
# Each segmenter from nginx; the plain MPEG-TS and GStreamer's from the other servers too; byte
# ranges from CPython's http.server, which ignores Range (the gate cuts its whole file to the range).
ROWS = [
    ("ffmpeg-ts", "nginx"), ("ffmpeg-ts", "http-server"), ("ffmpeg-ts", "python-http.server"),
    ("ffmpeg-fmp4", "nginx"),
    ("ffmpeg-byterange", "nginx"), ("ffmpeg-byterange", "python-http.server"),
    ("ffmpeg-master", "nginx"),
    ("gstreamer-hlssink2", "nginx"), ("gstreamer-hlssink2", "http-server"),
]
MOVING_S = 2.0  # between two readings of a live picture's capture time (a start may hold its first for ~1 s)


@pytest.fixture(scope="module")
def hls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HlsDeployment]:
    started = start_hls(tmp_path_factory.mktemp("hls"))
    try:
        yield started
    finally:
        started.deployment.stop()


@pytest.mark.parametrize(("segmenter", "server"), ROWS, ids=[f"{a}-{b}" for a, b in ROWS])
def test_a_tile_plays_hls_through_the_gate(qtbot: QtBot, hls: HlsDeployment, segmenter: str, server: str) -> None:
    source = BY_NAME[segmenter]
    url = hls.servers[server].url(source)
    player = StreamPlayer()
    try:
        player.play(StreamSource(source.camera_id, url, "sub", "2026-000630", None, "hls"))
        qtbot.waitUntil(lambda: player.state in (S.playing, S.failed), timeout=20_000)
        assert player.state is S.playing, player.detail
        reading = strip_within(qtbot, player, 5)
        assert reading is not None and reading.camera_number == source.camera_id, reading
        qtbot.wait(int(MOVING_S * 1000))
        later = player.buffer.read_strip(int(time.time() * 1000))
        assert later is not None and later.camera_number == source.camera_id, later
        assert later.captured_ms - reading.captured_ms >= 500, (reading, later)  # it moved on
        assert player.video_codec() == "H.264"
    finally:
        player.stop()
        qtbot.waitUntil(lambda: player.state is S.stopped, timeout=5_000)
        player.release()


@pytest.mark.parametrize("segmenter", ["ffmpeg-ts", "gstreamer-hlssink2"])
def test_probe_plays_hls_from_nginx_through_the_gate(hls: HlsDeployment, segmenter: str) -> None:
    source = BY_NAME[segmenter]
    result, _said = probe_cli(hls.servers["nginx"].url(source))
    assert result["ok"], result["reason"]
    assert result["protocol"] == "hls" and result["camera_number"] == source.camera_id, result
