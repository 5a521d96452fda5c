"""RTSP through the relay, against a real RTSP server (gst-rtsp-server in front of the mock's
feeds): Debian's libVLC cannot open rtsp:// itself. Pixels are read back from the frame strip,
processes from /proc. The tests that say what a tile does run once per relay engine
(the built-in relay, the default, and ffmpeg)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from mock_backend.rtsp_service import RtspService
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video import engine
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.live_view import LiveView, Want
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.rtsp_relay import engines as relay_engines
from rtcc_desktop.video.rtsp_relay import relay
from rtcc_desktop.video.rtsp_relay.engines import make_relay
from rtcc_desktop.video.rtsp_relay.relay import ENGINE_VARIABLE
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from tests.conftest import module_mock, start_mock
from tests.contract.helpers import pts_leads_ms, video_pes

S = PlayerState
ROOT = Path(__file__).resolve().parents[2]
CASE, PURPOSE = "2026-000610", "RTSP relay test"


@dataclass
class RtspServer:
    """The mock's RTSP server in front of a mock; restartable on the same port."""

    upstream: str
    service: RtspService = field(default_factory=RtspService)

    @property
    def port(self) -> int:
        return self.service.port

    def start(self) -> None:
        self.service.start(self.upstream, self.service.port)

    def stop(self) -> None:
        self.service.stop()

    def url_for(self, http_url: str, credentials: str = "", mount: str = "") -> str:
        path = "/api/" + http_url.split("/api/", 1)[1]
        if credentials:
            return f"rtsp://{credentials}@127.0.0.1:{self.port}/secure{path}"
        return f"rtsp://127.0.0.1:{self.port}{mount}{path}"


@dataclass
class Rig:
    mock: MockProcess
    rtsp: RtspServer
    client: BackendClient
    cameras: list[int]

    def source(self, index: int = 0, credentials: str = "", mangle: str = "", mount: str = "") -> StreamSource:
        camera_id = self.cameras[index]
        grant = self.client.request_stream(camera_id, CASE, PURPOSE, profile="sub")
        url = self.rtsp.url_for(grant.url, credentials, mount) + mangle
        return StreamSource(camera_id, url, "sub", CASE, grant.expires_at.timestamp(), "rtsp")


@pytest.fixture(scope="module")
def rig(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Rig]:
    assert not engine.native_inputs()["RTSP"], "these tests are about a libVLC without RTSP (Debian's)"
    mock = start_mock(tmp_path_factory.mktemp("rtsp-mock"), "--grant-ttl", "3600")
    rtsp = RtspServer(mock.url)
    rtsp.start()
    client = open_session(BackendProfile("Test", mock.url), "operator", "demo").client
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    live = [c.id for c in client.all_cameras() if c.has_live_consent(now) and c.status.value == "online"]
    yield Rig(mock, rtsp, client, live)
    rtsp.stop()
    mock.stop()


@pytest.fixture(params=["builtin", "ffmpeg"])
def relay_engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The relay engine a test's players use (set as a user would, in the environment)."""
    monkeypatch.setenv(ENGINE_VARIABLE, request.param)
    return str(request.param)


def relay_commands(port: int) -> dict[int, bytes]:
    """Relays (of either engine) pulling from this RTSP server and their command lines, read
    from /proc once, as `ps` shows them to any local user."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:  # gone since the listing
            continue
        # A relay names its camera (never with credentials) on its command line.
        name = f"rtcc relay rtsp://127.0.0.1:{port}/".encode()
        if any(name in part for part in raw.split(b"\0")):
            found[int(entry.name)] = raw
    return found


def relay_pids(port: int) -> list[int]:
    return list(relay_commands(port))


def play(qtbot: QtBot, source: StreamSource) -> StreamPlayer:
    player = StreamPlayer()
    player.play(source)
    return player


def stop(qtbot: QtBot, player: StreamPlayer) -> None:
    player.stop()
    qtbot.waitUntil(lambda: player.state is S.stopped, timeout=5_000)
    player.release()


def test_an_rtsp_camera_plays_through_the_relay(qtbot: QtBot, rig: Rig, relay_engine: str) -> None:
    player = play(qtbot, rig.source(0))
    started = time.monotonic()
    qtbot.waitUntil(lambda: player.state is S.playing, timeout=10_000)
    first_frame_s = time.monotonic() - started
    qtbot.wait(500)
    reading = player.buffer.read_strip(int(time.time() * 1000))
    assert reading is not None and reading.camera_number == rig.cameras[0]
    assert reading.age_ms(int(time.time() * 1000)) < 1500
    assert player.relay_pid in relay_pids(rig.rtsp.port)
    assert player.relay_engine == relay_engine
    assert first_frame_s < 3.0
    stop(qtbot, player)
    assert relay_pids(rig.rtsp.port) == []


def test_the_relay_hands_on_whole_frames_that_say_how_long_they_are(rig: Rig, relay_engine: str) -> None:
    """The relay's own command line against the real server: libVLC can pass each frame on as
    soon as it is whole, rather than when the next begins."""
    relay = make_relay(rig.source(1).url, lambda problem: None)
    assert relay.engine == relay_engine
    process = subprocess.Popen(relay.argv(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(relay.script())
    process.stdin.close()
    data = b""
    try:
        deadline = time.monotonic() + 10
        while len(video_pes(data)) < 10 and time.monotonic() < deadline:
            data += os.read(process.stdout.fileno(), 65536)
    finally:
        process.kill()
        process.wait()
    frames = video_pes(data)
    assert len(frames) >= 10, "the relay sent no video"
    assert all(declared == carried for declared, carried in frames), frames[:5]
    # Each frame's clock reference is its own time: a player holds no frame beyond its jitter
    # buffer (GStreamer's mpegtsmux, tried once, put every frame 125 ms behind its PCR).
    leads = pts_leads_ms(data)
    assert leads and all(abs(lead) < 2 for lead in leads), leads[:5]


def test_the_builtin_relay_unless_ffmpeg_is_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert relay_engines.preferred_engine() == "builtin"
    monkeypatch.setenv(ENGINE_VARIABLE, "FFmpeg ")
    assert relay_engines.preferred_engine() == "ffmpeg"
    monkeypatch.setenv(ENGINE_VARIABLE, "gstreamer")  # an engine this version no longer has
    assert relay_engines.preferred_engine() == "builtin"


def test_a_relay_that_cannot_start_says_so(qtbot: QtBot, rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    """ffmpeg chosen on a machine without one: the tile says so in words, once (retrying
    cannot help)."""
    monkeypatch.setattr(relay, "find_ffmpeg", lambda: None)
    monkeypatch.setenv(ENGINE_VARIABLE, "ffmpeg")
    player = play(qtbot, rig.source(3))
    qtbot.waitUntil(lambda: player.state is S.failed, timeout=5_000)
    assert "ffmpeg is missing" in player.detail
    player.release()


def test_an_h265_camera_plays_through_the_relay(qtbot: QtBot, rig: Rig, relay_engine: str) -> None:
    player = play(qtbot, rig.source(5, mount="/h265"))
    qtbot.waitUntil(lambda: player.state is S.playing, timeout=10_000)
    qtbot.wait(500)
    assert player.video_codec() == "H.265"
    reading = player.buffer.read_strip(int(time.time() * 1000))
    assert reading is not None and reading.camera_number == rig.cameras[5]
    stop(qtbot, player)


def test_wrong_credentials_are_named_within_five_seconds(qtbot: QtBot, rig: Rig, relay_engine: str) -> None:
    good = play(qtbot, rig.source(1, credentials="camera:secret"))
    qtbot.waitUntil(lambda: good.state is S.playing, timeout=10_000)
    # The password is on no process's command line while it plays (ps shows them to anyone).
    commands = relay_commands(rig.rtsp.port)
    assert good.relay_pid in commands
    assert not [pid for pid, command in commands.items() if b"secret" in command]
    stop(qtbot, good)
    # A quote in the password reaches the camera as part of the password (401), not as a
    # broken list ffmpeg cannot read.
    bad = play(qtbot, rig.source(1, credentials="camera:Hunter2'-wrong"))
    qtbot.waitUntil(lambda: bad.state is S.failed, timeout=5_000)
    assert "user name or password" in bad.detail and "Hunter2" not in bad.detail
    bad.release()
    missing = play(qtbot, rig.source(1, mangle="-no-such-profile"))
    qtbot.waitUntil(lambda: missing.state is S.failed, timeout=5_000)
    assert missing.detail  # said in words, whatever the server answered for a bad path
    stop(qtbot, missing)


@pytest.mark.parametrize("mount", ["/udp-only", "/with-audio"])
def test_cameras_that_refuse_tcp_or_send_audio_play(qtbot: QtBot, rig: Rig, relay_engine: str, mount: str) -> None:
    """A camera that answers RTP over TCP with 461 is played over UDP (at once, not after a
    backoff); a camera's audio track is left out (the app plays no audio) and the video plays."""
    player = play(qtbot, rig.source(6, mount=mount))
    started = time.monotonic()
    qtbot.waitUntil(lambda: player.state is S.playing, timeout=10_000)
    assert time.monotonic() - started < 4.0
    qtbot.wait(300)
    reading = player.buffer.read_strip(int(time.time() * 1000))
    assert reading is not None and reading.camera_number == rig.cameras[6]
    assert player.relay_engine == relay_engine
    stop(qtbot, player)


@pytest.mark.parametrize(("mount", "words"), [("/audio-only", "has no video"),
                                              ("/vp8", "format this app cannot play")])
def test_a_camera_without_video_the_app_plays_is_named(qtbot: QtBot, rig: Rig, relay_engine: str, mount: str,
                                                        words: str) -> None:
    player = play(qtbot, rig.source(7, mount=mount))
    started = time.monotonic()
    qtbot.waitUntil(lambda: player.state is S.failed, timeout=5_000)
    assert time.monotonic() - started < 5.0
    assert words in player.detail, player.detail
    player.release()


def test_an_address_with_a_line_break_is_refused_in_words(qtbot: QtBot, rig: Rig, relay_engine: str) -> None:
    """A line break would start a directive of its own in the relay's concat list."""
    source = rig.source(2)
    player = play(qtbot, StreamSource(source.camera_id, source.url + "\nfile 'rtsp://elsewhere/x'", "sub",
                                      CASE, source.expires_at, "rtsp"))
    qtbot.waitUntil(lambda: player.state is S.failed, timeout=5_000)
    assert "control characters" in player.detail and player.relay_pid is None
    player.release()


def test_a_dead_rtsp_server_stalls_the_tile_then_it_recovers(qtbot: QtBot, rig: Rig, relay_engine: str) -> None:
    source = rig.source(2)
    view = LiveView()
    view.start(lambda _profile, granted, _refused: granted(source), Want("sub"))
    qtbot.waitUntil(lambda: view.state is LiveState.playing, timeout=10_000)
    rig.rtsp.stop()
    killed = time.monotonic()
    qtbot.waitUntil(lambda: view.state in (LiveState.stalled, LiveState.reconnecting), timeout=5_000)
    assert time.monotonic() - killed < 2.5
    rig.rtsp.start()  # same port
    qtbot.waitUntil(lambda: view.state is LiveState.playing, timeout=20_000)
    reading = view.shown.buffer.read_strip(int(time.time() * 1000))
    assert reading is not None and reading.camera_number == rig.cameras[2]
    view.stop()
    qtbot.waitUntil(lambda: view.shown.state is S.stopped, timeout=5_000)
    view.release()


def test_sixteen_rtsp_tiles_started_and_stopped_leave_no_relay(qtbot: QtBot, rig: Rig, relay_engine: str) -> None:
    sources = [rig.source(i % 8) for i in range(16)]
    players = [StreamPlayer() for _ in sources]
    for _round in range(20):
        for player, source in zip(players, sources, strict=True):
            player.play(source)
        qtbot.wait(150)
        for player in players:
            player.stop()
        qtbot.waitUntil(lambda: all(p.state is S.stopped for p in players), timeout=10_000)
    assert relay_pids(rig.rtsp.port) == []
    for player in players:
        player.release()
    # The mock's camera still answers after the churn. It used to serve every client from one
    # thread, which a DESCRIBE whose client had left held: nobody was answered for about 45 s.
    after = StreamPlayer()
    after.play(rig.source(0))
    qtbot.waitUntil(lambda: after.state is S.playing, timeout=5_000)
    stop(qtbot, after)


def test_relays_die_with_an_app_killed_by_sigkill(rig: Rig, tmp_path: Path, relay_engine: str) -> None:
    script = tmp_path / "app.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from PySide6.QtCore import QCoreApplication, QTimer
        from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
        app = QCoreApplication([])
        players = []
        for url in sys.argv[1:]:
            p = StreamPlayer(); p.play(StreamSource(1, url, "sub", "c", None, "rtsp")); players.append(p)
        QTimer.singleShot(0, lambda: print("started", flush=True))
        app.exec()
    """))
    urls = [rig.source(i).url for i in range(3)]
    app = subprocess.Popen([sys.executable, str(script), *urls], stdout=subprocess.PIPE, text=True,
                           env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert app.stdout is not None and app.stdout.readline().strip() == "started"
    deadline = time.monotonic() + 10
    while len(relay_pids(rig.rtsp.port)) < 3 and time.monotonic() < deadline:
        time.sleep(0.1)
    commands = relay_commands(rig.rtsp.port).values()
    assert len(commands) == 3
    assert all((b"rtsp_relay/child.py" in command) == (relay_engine == "builtin") for command in commands)
    app.send_signal(signal.SIGKILL)
    app.wait()
    killed = time.monotonic()
    while relay_pids(rig.rtsp.port) and time.monotonic() - killed < 2:
        time.sleep(0.05)
    assert relay_pids(rig.rtsp.port) == []


rtsp_mock = module_mock("rtsp-mode", "--stream-protocol", "rtsp", "--grant-ttl", "3600")


def test_the_mock_grants_rtsp_and_cuts_it_when_consent_ends(qtbot: QtBot, rtsp_mock: MockProcess) -> None:
    from datetime import UTC, datetime

    op = open_session(BackendProfile("Test", rtsp_mock.url), "operator", "demo").client
    trainer = open_session(BackendProfile("Test", rtsp_mock.url), "trainer", "demo").client
    now = datetime.now(UTC)
    cam = next(c for c in op.all_cameras() if c.has_live_consent(now) and c.status.value == "online")
    grant = op.request_stream(cam.id, CASE, PURPOSE, profile="sub")
    assert grant.protocol == "rtsp" and grant.url.startswith("rtsp://127.0.0.1:")
    player = StreamPlayer()
    player.play(StreamSource(cam.id, grant.url, "sub", CASE, grant.expires_at.timestamp(), grant.protocol))
    qtbot.waitUntil(lambda: player.state is S.playing, timeout=10_000)
    qtbot.wait(300)
    reading = player.buffer.read_strip(int(time.time() * 1000))
    assert reading is not None and reading.camera_number == cam.id
    relay = player.relay_pid
    assert relay is not None
    trainer.training_consent(cam.id, "revoke")
    try:
        revoked = time.monotonic()
        # The mock cuts the upstream HTTP feed, the RTSP server ends the session, the relay exits.
        while relay in relay_pids(int(grant.url.split(":")[2].split("/")[0])) and time.monotonic() - revoked < 5:
            qtbot.wait(50)
        assert time.monotonic() - revoked < 1.5
    finally:
        trainer.training_consent(cam.id, "grant")
    stop(qtbot, player)


def probe_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "rtcc_desktop.cli", "probe", *args], capture_output=True,
                          text=True, timeout=60, cwd=ROOT, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_probe_says_how_each_protocol_plays(rig: Rig) -> None:
    import json

    http_grant = rig.client.request_stream(rig.cameras[3], CASE, PURPOSE, profile="sub")
    http = json.loads(probe_cli(http_grant.url, "--seconds", "2", "--json").stdout.strip().splitlines()[-1])
    assert http["ok"] and http["protocol"] == "http-ts" and http["path"] == "native"
    assert http["camera_number"] == rig.cameras[3] and (http["width"], http["height"]) == (320, 180)
    assert 10 <= http["fps"] <= 20 and http["codec"] == "H.264"
    secure = rig.source(4, credentials="camera:secret").url
    done = probe_cli(secure, "--seconds", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "rtsp via relay (builtin)" in done.stdout and f"camera {rig.cameras[4]}" in done.stdout
    assert "secret" not in done.stdout + done.stderr and "token" not in done.stdout
    wrong = probe_cli(secure.replace("camera:secret", "camera:Hunter2"), "--seconds", "1")
    assert wrong.returncode == 1 and "user name or password" in wrong.stdout and "Hunter2" not in wrong.stdout
    dead = probe_cli("rtsp://127.0.0.1:9/nothing", "--seconds", "1")
    assert dead.returncode == 1 and dead.stdout.startswith("FAIL") and "127.0.0.1:9" in dead.stdout
