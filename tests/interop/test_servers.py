"""The interop matrix of issue #22: `rtcc-desktop probe` and a wall tile against RTSP servers
that nobody here wrote (not the mock's GStreamer server), installed by
scripts/install-interop-servers.sh, each fed a synthetic camera by ffmpeg. For each case the
probe must say it plays (and through which engine) and a tile must show the right camera (its
frame strip read back), with no environment variable choosing the engine.

Cases the client cannot negotiate yet are strict xfails naming the exchange that fails, so
the negotiation fix turns them into passes (and this file must then drop the mark)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas.frame_strip import StripReading
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.rtsp_relay.engines import EngineChoice, Route
from rtcc_desktop.video.rtsp_relay.relay import ENGINE_VARIABLE
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from tests.interop.conftest import PASSWORD, ROOT, Case, Deployment

S = PlayerState
CODEC_NAMES = {"h264": "H.264", "h265": "H.265"}
ENGINES = ("builtin", "ffmpeg")

# Known failures by (server, engine): "default" is the app's own choice (no variable set),
# "ffmpeg" the override. The fix that makes a server play removes its entry here.
# rtsp-server-perl answers `SETUP .../streamid=0` with `Transport: RTP/AVP/TCP;unicast;
# interleaved=0-1` with `RTSP/1.0 400 Bad Request` (headers CSeq and Session only: it finds no
# client_port) and plays RTP over UDP only. The built-in client tries UDP after that 400; the
# ffmpeg engine, when forced, asks for TCP only.
KNOWN_FAILURES = {
    ("rtsp-server-perl", "ffmpeg"):
        "SETUP RTP/AVP/TCP;unicast;interleaved=0-1 -> 400 Bad Request (server is UDP only): "
        "\"The camera's stream could not be started (Error opening input files: Server returned "
        "400 Bad Request).\"",
}
ROWS = [
    Case("rtsp-server-perl", "h264", "none", "udp"),
    Case("rtsp-server-perl", "h265", "none", "udp"),
    Case("rtsp-streaming-server", "h264", "none", "udp"),
    Case("rtsp-streaming-server", "h265", "none", "udp"),
    Case("rtsp-streaming-server", "h264", "basic", "udp"),
    Case("vlc", "h264", "none", "udp"),
    Case("vlc", "h265", "none", "udp"),
    Case("vlc", "h264", "basic", "udp"),
    Case("aio-rtsp-toolkit", "h264", "none", "tcp"),
    Case("aio-rtsp-toolkit", "h265", "none", "tcp"),
    Case("live555", "h264", "none", "tcp+udp"),
    Case("live555", "h265", "none", "tcp+udp"),
    Case("live555", "h264", "digest", "tcp+udp"),
]


def cases(engines: tuple[str, ...], each_transport: bool = False) -> pytest.MarkDecorator:
    """The matrix for one test: each row (its server started once for all its rows) with each
    engine, a known failure marked as a strict xfail. ``each_transport``: a row whose server
    offers TCP and UDP comes once per transport (``transport``; "" where the client chooses)."""
    params = []
    for row in ROWS:
        transports = row.transport.split("+") if each_transport and "+" in row.transport else [""]
        for engine in engines:
            for transport in transports:
                reason = KNOWN_FAILURES.get((row.server, engine), "")
                # raises=AssertionError: a server that did not start is an error, never expected.
                marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)] if reason else []
                ident = row.id if len(engines) == 1 else f"{engine}-{row.id}"
                if each_transport:
                    params.append(pytest.param(row.server, row, engine, transport,
                                               id=f"{ident}-over-{transport}" if transport else ident, marks=marks))
                else:
                    params.append(pytest.param(row.server, row, engine, id=ident, marks=marks))
    names = ("deployment", "row", "engine", "transport") if each_transport else ("deployment", "row", "engine")
    return pytest.mark.parametrize(names, params, indirect=["deployment"], scope="module")


@pytest.fixture(autouse=True)
def no_engine_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every case plays as an installed app does: nobody set the relay engine."""
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)


def probe_cli(url: str) -> tuple[dict[str, object], str]:
    env = {k: v for k, v in os.environ.items() if k != ENGINE_VARIABLE}
    done = subprocess.run([sys.executable, "-m", "rtcc_desktop.cli", "probe", url, "--seconds", "1", "--json"],
                          capture_output=True, text=True, timeout=30, cwd=ROOT,
                          env={**env, "QT_QPA_PLATFORM": "offscreen"})
    lines = done.stdout.strip().splitlines()
    assert lines, done.stderr
    return json.loads(lines[-1]), done.stdout + done.stderr


def strip_within(qtbot: QtBot, player: StreamPlayer, seconds: float) -> StripReading | None:
    """The frame strip of the player's newest picture, read within ``seconds`` (None: never)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        qtbot.wait(100)
        reading = player.buffer.read_strip(int(time.time() * 1000))
        if reading is not None:
            return reading
    return None


@cases(("default",))
def test_probe_says_the_camera_plays(deployment: Deployment, row: Case, engine: str) -> None:
    camera = deployment.cameras[(row.codec, row.auth)]
    result, said = probe_cli(camera.url)
    assert PASSWORD not in said
    assert result["relay_engine"] in ENGINES, result
    if result["relay_engine"] == "builtin" and result["ok"]:
        # The one the server offers; TCP (tried first) where it offers both.
        assert result["transport"] == row.transport.split("+")[0], result
    if row.auth == "basic":
        # The probe knows no camera's setting: a password asked for in clear text is not sent,
        # and the probe says why rather than that the stream failed.
        assert not result["ok"] and "clear text (Basic)" in str(result["reason"]), result
        return
    assert result["ok"], result["reason"]
    assert result["camera_number"] == camera.camera_id, result
    assert result["codec"] == CODEC_NAMES[row.codec], result
    assert (result["width"], result["height"]) == (320, 180), result


@cases(("default", "ffmpeg"), each_transport=True)
def test_a_wall_tile_shows_the_camera(qtbot: QtBot, deployment: Deployment, row: Case, engine: str,
                                      transport: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """With no engine chosen, and with ffmpeg forced as a support desk would (the override),
    so the matrix says what each engine does. Where the server offers both transports, once
    over each: the app's memory of what played the camera before (EngineChoice) sends the start
    straight to it, as it does for a camera seen earlier in the session."""
    if engine != "default":
        monkeypatch.setenv(ENGINE_VARIABLE, engine)
    camera = deployment.cameras[(row.codec, row.auth)]
    choice = EngineChoice()
    if transport:
        name = "builtin" if engine == "default" else engine
        choice.played(camera.url, Route(name, transport), transport)
    # A camera whose server asks for Basic over plain rtsp:// plays when its setting says so
    # (cleartext_basic_cameras in the backend profile), as an installer would configure it.
    source = StreamSource(camera.camera_id, camera.url, "sub", "2026-000622", None, "rtsp",
                          allow_basic_without_tls=row.auth == "basic")
    player = StreamPlayer(choice=choice)
    try:
        player.play(source)
        # Reconnecting is a step on the way (a refused transport is retried with the other).
        qtbot.waitUntil(lambda: player.state in (S.playing, S.failed), timeout=10_000)
        assert player.state is S.playing, player.detail
        assert player.relay_engine in (ENGINES if engine == "default" else (engine,))
        if transport and player.relay_engine == "builtin":
            # ffmpeg never says; forced, it is given this transport alone, so it played over it.
            assert player.relay_transport == transport
        reading = strip_within(qtbot, player, 3)
        assert reading is not None and reading.camera_number == camera.camera_id, reading
        assert player.video_codec() == CODEC_NAMES[row.codec]
    finally:
        player.stop()
        qtbot.waitUntil(lambda: player.state is S.stopped, timeout=5_000)
        player.release()
