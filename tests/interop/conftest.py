"""RTSP servers of other implementations than the mock's GStreamer one, each on loopback and
fed a synthetic camera (the mock's feed: moving scene, label, frame strip) by ffmpeg, for the
interop matrix (test_servers.py). scripts/install-interop-servers.sh installs them (make test).

Each server runs for one module's tests of it (module-scoped, parametrized indirectly by
server name), with one publisher per stream it serves, and is stopped after them."""

from __future__ import annotations

import base64
import hashlib
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from mock_backend.process_guard import die_with_parent
from mock_backend.synthetic_feed import feed_command

ROOT = Path(__file__).resolve().parents[2]
SERVERS_DIR = Path(__file__).resolve().parent / "servers"
NODE_MODULES = ROOT / ".interop" / "node_modules"
LIVE555_SERVER = ROOT / ".interop" / "live555" / "live555-server"
USER, PASSWORD = "viewer", "interop-secret"
READY_TIMEOUT_S = 15.0
GOP = 15  # the feed's frame rate: one keyframe a second, as the mock's cameras


@dataclass(frozen=True)
class Case:
    """One row of the matrix: a server implementation, a codec, credentials or none, and the
    transport(s) the server offers."""

    server: str
    codec: str  # h264 / h265
    auth: str  # none / basic / digest
    transport: str  # what the server offers: udp / tcp / tcp+udp

    @property
    def id(self) -> str:
        return f"{self.server}-{self.codec}-{self.auth}-{self.transport}"


@dataclass(frozen=True)
class Camera:
    """One published stream: where a viewer opens it and what it must show."""

    url: str  # with credentials when the server asks for them
    camera_id: int  # the number in the picture's frame strip
    codec: str


@dataclass
class Deployment:
    """One server implementation, running, with its published cameras by (codec, auth)."""

    name: str
    version: str
    cameras: dict[tuple[str, str], Camera] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=3)

    def log_tail(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-1500:]}" for log in self.logs)


def free_tcp_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def free_udp_range(count: int) -> int:
    """An even port with ``count`` free UDP ports from it on loopback (for servers that take a
    range of RTP ports rather than asking the system for them)."""
    for _ in range(50):
        base = random.randrange(20000, 60000 - count, 2)
        socks = []
        try:
            for port in range(base, base + count):
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in socks:
                sock.close()
    raise RuntimeError("no free UDP port range on loopback")


def feed_argv(camera_id: int, codec: str, label: Path) -> list[str]:
    """The mock's synthetic camera (its filter graph: scene, label, frame strip) encoded as a
    camera would, H.264 or H.265, ready for an output to be appended."""
    label.write_text(f"interop camera {camera_id}")
    argv = feed_command(camera_id, "sub", label)
    head = argv[: argv.index("-c:v")]
    if codec == "h264":
        encoder = ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-threads", "1"]
    else:
        encoder = ["-c:v", "libx265", "-preset", "ultrafast", "-tune", "zerolatency",
                   "-x265-params", "pools=1:frame-threads=1:log-level=error:repeat-headers=1"]
    return head + encoder + ["-g", str(GOP), "-keyint_min", str(GOP), "-sc_threshold", "0", "-bf", "0",
                             "-b:v", "250k", "-pix_fmt", "yuv420p"]


def clip_argv(camera_id: int, codec: str, label: Path, frames: int, out: Path) -> list[str]:
    """The same camera recorded to a file as fast as it encodes (for a server that plays files):
    frames stamped at 15 fps instead of paced to the wall clock, so the strip names the camera
    while its time word is the recording's."""
    argv = feed_argv(camera_id, codec, label)
    graph = argv.index("-filter_complex") + 1
    paced, _timebase, _stamps, rest = argv[graph].split(",", 3)
    assert paced == "realtime", argv[graph][:80]
    argv[graph] = f"settb=1/1000,setpts=N*1000/{GOP}," + rest
    return [*argv, "-frames:v", str(frames), "-y", str(out)]


def announce_argv(camera_id: int, codec: str, label: Path, url: str) -> list[str]:
    """A publisher pushing the feed into a server with ANNOUNCE/RECORD (RTP over UDP, which
    every server here takes)."""
    return [*feed_argv(camera_id, codec, label), "-f", "rtsp", "-rtsp_transport", "udp", url]


def digest_answer(challenge: str, credentials: str, method: str, uri: str) -> str:
    """An Authorization header answering a Digest challenge (RFC 2069, as RTSP servers ask)."""
    params = dict(part.split("=", 1) for part in challenge.split(None, 1)[1].replace('"', "").split(", "))
    user, password = credentials.split(":", 1)

    def md5(text: str) -> str:
        return hashlib.md5(text.encode()).hexdigest()

    realm, nonce = params["realm"], params["nonce"]
    response = md5(f"{md5(f'{user}:{realm}:{password}')}:{nonce}:{md5(f'{method}:{uri}')}")
    return (f'Authorization: Digest username="{user}", realm="{realm}", nonce="{nonce}", '
            f'uri="{uri}", response="{response}"\r\n')


def describe_status(url: str, credentials: str = "") -> int:
    """The status of one DESCRIBE (0 when nothing answers), answering a Basic or Digest challenge
    with ``credentials``: a server is ready to be played from once its mount answers 200."""
    host_port = url.split("/")[2].rsplit("@", 1)[-1]
    host, port = host_port.rsplit(":", 1)
    plain = url.replace(url.split("/")[2], host_port)
    auth = ""
    try:
        with socket.create_connection((host, int(port)), timeout=1.0) as sock:
            sock.settimeout(1.0)
            for cseq in (1, 2):
                sock.sendall(f"DESCRIBE {plain} RTSP/1.0\r\nCSeq: {cseq}\r\nAccept: application/sdp\r\n{auth}\r\n"
                             .encode())
                head = sock.recv(4096).decode("latin-1").split("\r\n")
                reply = head[0].split()
                status = int(reply[1]) if len(reply) >= 2 and reply[1].isdigit() else 0
                challenge = next((line.split(":", 1)[1].strip() for line in head
                                  if line.lower().startswith("www-authenticate:")), "")
                if status != 401 or not credentials or auth:
                    return status
                if challenge.startswith("Digest"):
                    auth = digest_answer(challenge, credentials, "DESCRIBE", plain)
                else:
                    auth = f"Authorization: Basic {base64.b64encode(credentials.encode()).decode()}\r\n"
            return status
    except OSError:
        return 0


def wait_until_served(deployment: Deployment, camera: Camera, credentials: str = "") -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    status = 0
    while time.monotonic() < deadline:
        status = describe_status(camera.url, credentials)
        if status == 200:
            return
        if any(p.poll() is not None for p in deployment.processes):
            break
        time.sleep(0.2)
    deployment.stop()
    raise RuntimeError(f"{deployment.name} did not serve {camera.url} (last DESCRIBE: {status})\n"
                       + deployment.log_tail())


def wait_listening(deployment: Deployment, *ports: int) -> None:
    """Until the server accepts connections on each port (publishers are started after)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    for port in ports:
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or any(p.poll() is not None for p in deployment.processes):
                    deployment.stop()
                    raise RuntimeError(f"{deployment.name} is not listening on {port}\n"
                                       + deployment.log_tail()) from None
                time.sleep(0.1)


def spawn(deployment: Deployment, tmp: Path, name: str, argv: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
    log = tmp / f"{name}.log"
    deployment.logs.append(log)
    with log.open("wb") as out:
        # Killed with the test run too (SIGKILL): no server or publisher outlives it.
        process = subprocess.Popen(argv, stdout=kwargs.pop("stdout", out), stderr=out,  # type: ignore[call-overload]
                                   stdin=kwargs.pop("stdin", subprocess.DEVNULL), preexec_fn=die_with_parent,
                                   **kwargs)
    deployment.processes.append(process)
    return process


def package_version(name: str) -> str:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Version}", name], capture_output=True, text=True)
    return done.stdout.strip() or "?"


def start_perl(tmp: Path) -> Deployment:
    """Debian's rtsp-server-perl (RTSP::Server): publishers ANNOUNCE on one port, viewers on
    another; RTP to viewers over UDP only; no viewer authentication (its PLAY says TODO)."""
    if shutil.which("rtsp-server-perl") is None:
        pytest.fail("rtsp-server-perl is missing: run scripts/install-interop-servers.sh (make test does)")
    deployment = Deployment("rtsp-server-perl", package_version("rtsp-server-perl"))
    viewers, publishers = free_tcp_port(), free_tcp_port()
    # Every address it binds is named: it listens on 0.0.0.0 by default.
    spawn(deployment, tmp, "rtsp-server-perl",
          ["perl", str(SERVERS_DIR / "rtsp_server_perl.pl"), str(free_udp_range(64)),
           "--clientport", str(viewers), "--serverport", str(publishers),
           "--client_listen_address", "127.0.0.1", "--source_listen_address", "127.0.0.1", "--loglevel", "2"])
    wait_listening(deployment, viewers, publishers)
    for number, codec in ((201, "h264"), (202, "h265")):
        spawn(deployment, tmp, f"publisher-{codec}",
              announce_argv(number, codec, tmp / f"label-{codec}.txt", f"rtsp://127.0.0.1:{publishers}/{codec}"))
        deployment.cameras[(codec, "none")] = Camera(f"rtsp://127.0.0.1:{viewers}/{codec}", number, codec)
    return deployment


def start_rtsp_streaming_server(tmp: Path) -> Deployment:
    """rtsp-streaming-server (npm, JavaScript; a port of the Perl server): publishers ANNOUNCE
    on one port, viewers on another; RTP over UDP only (461 for TCP); Basic authentication of
    viewers through its hook, so an instance with credentials and one without."""
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "rtsp-streaming-server").is_dir():
        pytest.fail("rtsp-streaming-server is missing: run scripts/install-interop-servers.sh (make test does)")
    package = (NODE_MODULES / "rtsp-streaming-server" / "package.json").read_text()
    version = package.split('"version"', 1)[1].split('"')[1]
    deployment = Deployment("rtsp-streaming-server", version)
    script = str(SERVERS_DIR / "rtsp_streaming_server.js")
    env = {**os.environ, "NODE_PATH": str(NODE_MODULES)}
    for auth, number, codecs in (("none", 211, ("h264", "h265")), ("basic", 213, ("h264",))):
        viewers, publishers = free_tcp_port(), free_tcp_port()
        # Credentials in the environment, not on a command line every local user can read.
        spawn(deployment, tmp, f"rtsp-streaming-server-{auth}",
              [node, script, str(publishers), str(viewers), str(free_udp_range(400))],
              env={**env, "INTEROP_CREDENTIALS": f"{USER}:{PASSWORD}" if auth == "basic" else ""})
        wait_listening(deployment, viewers, publishers)
        for offset, codec in enumerate(codecs):
            spawn(deployment, tmp, f"publisher-{auth}-{codec}",
                  announce_argv(number + offset, codec, tmp / f"label-{auth}-{codec}.txt",
                                f"rtsp://127.0.0.1:{publishers}/{codec}"))
            credentials = f"{USER}:{PASSWORD}@" if auth == "basic" else ""
            deployment.cameras[(codec, auth)] = Camera(f"rtsp://{credentials}127.0.0.1:{viewers}/{codec}",
                                                       number + offset, codec)
    return deployment


def start_vlc(tmp: Path) -> Deployment:
    """VLC's own RTSP server (libVLC's stream output; not live555, not GStreamer), serving an
    MPEG-TS feed it reads on stdin: RTP over UDP only (461 for TCP); Basic authentication when
    given a user. One instance per stream (its options are per instance)."""
    import vlc

    deployment = Deployment("vlc", vlc.libvlc_get_version().decode().split()[0])
    for codec, auth, number in (("h264", "none", 221), ("h265", "none", 222), ("h264", "basic", 223)):
        port = free_tcp_port()
        feed = spawn(deployment, tmp, f"feed-{codec}-{auth}",
                     [*feed_argv(number, codec, tmp / f"label-{codec}-{auth}.txt"), "-f", "mpegts",
                      "-flush_packets", "1", "pipe:1"], stdout=subprocess.PIPE)
        spawn(deployment, tmp, f"vlc-{codec}-{auth}",
              [sys.executable, str(SERVERS_DIR / "vlc_rtsp_server.py"), str(port), str(free_udp_range(2))],
              stdin=feed.stdout,
              env={**os.environ, "INTEROP_CREDENTIALS": f"{USER}:{PASSWORD}" if auth == "basic" else ""})
        assert feed.stdout is not None
        feed.stdout.close()  # the server's stdin now; the feed sees a broken pipe when it ends
        credentials = f"{USER}:{PASSWORD}@" if auth == "basic" else ""
        deployment.cameras[(codec, auth)] = Camera(f"rtsp://{credentials}127.0.0.1:{port}/cam", number, codec)
    return deployment


def start_aio(tmp: Path) -> Deployment:
    """aio-rtsp-toolkit (PyPI; asyncio): plays the files of a folder, looped, over RTP over
    TCP interleaved only (461 for UDP); no authentication. Its cameras are ten-second
    recordings of the feed (a file server has no live input)."""
    from importlib.metadata import PathDistribution

    found = sorted((ROOT / ".interop" / "python").glob("aio_rtsp_toolkit-*.dist-info"))
    if not found:
        pytest.fail("aio-rtsp-toolkit is missing: run scripts/install-interop-servers.sh (make test does)")
    deployment = Deployment("aio-rtsp-toolkit", PathDistribution(found[0]).version)
    media = tmp / "media"
    media.mkdir()
    for number, codec in ((231, "h264"), (232, "h265")):
        subprocess.run(clip_argv(number, codec, tmp / f"label-{codec}.txt", 10 * GOP, media / f"{codec}.mp4"),
                       check=True, capture_output=True, timeout=60)
    port = free_tcp_port()
    spawn(deployment, tmp, "aio-rtsp-toolkit",
          [sys.executable, str(SERVERS_DIR / "aio_rtsp_server.py"), str(media), str(port)])
    wait_listening(deployment, port)
    for number, codec in ((231, "h264"), (232, "h265")):
        deployment.cameras[(codec, "none")] = Camera(f"rtsp://127.0.0.1:{port}/{codec}.mp4", number, codec)
    return deployment


def start_live555(tmp: Path) -> Deployment:
    """live555's RTSPServer (the server most IP cameras and encoders embed), built by the install
    script with tests/interop/servers/live555_server.cpp as its main: plays Annex B files, each
    viewer from the start, over RTP/UDP and RTP over TCP interleaved alike; Digest (only)
    authentication of viewers when given a user, so an instance with credentials and one
    without. Its cameras are twenty-second recordings of the feed."""
    if not LIVE555_SERVER.is_file():
        pytest.fail("live555's RTSP server is missing: run scripts/install-interop-servers.sh (make test does)")
    deployment = Deployment("live555", "2024.06.26")
    for auth, streams in (("none", ((241, "h264"), (242, "h265"))), ("digest", ((243, "h264"),))):
        media = tmp / f"media-{auth}"
        media.mkdir()
        for number, codec in streams:
            subprocess.run(clip_argv(number, codec, tmp / f"label-{auth}-{codec}.txt", 20 * GOP,
                                     media / f"{codec}.{codec}"), check=True, capture_output=True, timeout=60)
        port = free_tcp_port()
        spawn(deployment, tmp, f"live555-{auth}", [str(LIVE555_SERVER), str(port), str(media)],
              env={**os.environ, "INTEROP_CREDENTIALS": f"{USER}:{PASSWORD}" if auth == "digest" else ""})
        wait_listening(deployment, port)
        credentials = f"{USER}:{PASSWORD}@" if auth == "digest" else ""
        for number, codec in streams:
            deployment.cameras[(codec, auth)] = Camera(f"rtsp://{credentials}127.0.0.1:{port}/{codec}", number, codec)
    return deployment


STARTERS = {"rtsp-server-perl": start_perl, "rtsp-streaming-server": start_rtsp_streaming_server,
            "vlc": start_vlc, "aio-rtsp-toolkit": start_aio, "live555": start_live555}


@pytest.fixture(scope="module")
def deployment(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """The server named by the test's parameter, running with its cameras published."""
    name = str(request.param)
    tmp = tmp_path_factory.mktemp(name)
    started = STARTERS[name](tmp)
    try:
        for (_codec, auth), camera in started.cameras.items():
            wait_until_served(started, camera, f"{USER}:{PASSWORD}" if auth != "none" else "")
        yield started
    finally:
        started.stop()
