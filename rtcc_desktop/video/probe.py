"""``rtcc-desktop probe URL``: open one stream headless and say how it plays.

For an installer or a support desk: which protocol, which path (libVLC natively or the
RTSP relay, and then which engine and transport played it: the built-in client, or ffmpeg when
the built-in client could not negotiate with the camera, as a tile does), codec, resolution,
frame rate achieved, time to the first picture and, when the picture carries the frame strip,
the camera number and how old the picture is.
Exit 0 when video played, 1 with a one-line reason when it did not. Credentials in the
URL are never printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from rtcc_desktop.terminal_text import inert
from rtcc_desktop.video import engine
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.rtsp_relay.engines import FALLBACK_WORDS, EngineChoice
from rtcc_desktop.video.rtsp_relay.relay import display_url, needs_relay, redact
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource

S = PlayerState
PROTOCOLS = {"rtsp": "rtsp", "rtsps": "rtsp", "http": "http-ts", "https": "http-ts"}


@dataclass
class ProbeResult:
    url: str
    protocol: str
    path: str  # native / relay
    ok: bool
    relay_engine: str = ""  # builtin / ffmpeg, when relayed
    transport: str = ""  # tcp / udp, when the relay says or was told
    fallback: str = ""  # why this engine plays it rather than the usual one ("" when it is the usual)
    reason: str = ""
    codec: str = ""
    width: int = 0
    height: int = 0
    fps: float = 0.0
    first_frame_s: float | None = None
    camera_number: int | None = None
    frame_age_ms: int | None = None


def protocol_of(url: str) -> str:
    scheme = urlsplit(url).scheme.lower()
    if url.split("?", 1)[0].endswith(".m3u8"):
        return "hls"
    return PROTOCOLS.get(scheme, scheme)


def probe(url: str, seconds: float, ca_bundle: str | None = None) -> ProbeResult:
    if QCoreApplication.instance() is None:
        QCoreApplication(sys.argv[:1])  # kept alive by Qt for the process
    protocol = protocol_of(url)
    path = "relay" if needs_relay(protocol, engine.native_inputs()) else "native"
    result = ProbeResult(display_url(url), protocol, path, ok=False)
    player = StreamPlayer(choice=EngineChoice())  # what this camera does now, not what it did before
    started = time.monotonic()
    player.play(StreamSource(0, url, "probe", "", None, protocol, ca_bundle=ca_bundle))
    loop = QEventLoop()
    timer = QTimer()
    def settled() -> None:
        if player.state in (S.playing, S.failed):
            loop.quit()

    timer.timeout.connect(settled)
    timer.start(20)
    QTimer.singleShot(int(max(seconds, 8.0) * 1000), loop.quit)
    loop.exec()
    # The engine that played; a failed relay is gone by now, so the last one tried.
    if path == "relay" and player.route is not None:
        result.relay_engine = player.relay_engine or player.route.engine
        result.transport = player.relay_transport or ""
        result.fallback = FALLBACK_WORDS if player.route.instead_of else ""
    if player.state is not S.playing:
        result.reason = redact(player.detail or f"no picture within {max(seconds, 8.0):.0f} s", url)
    else:
        timer.stop()
        result.first_frame_s = round(time.monotonic() - started, 3)
        seq0 = player.buffer.seq
        t0 = time.monotonic()
        QTimer.singleShot(int(seconds * 1000), loop.quit)
        loop.exec()
        result.fps = round((player.buffer.seq - seq0) / (time.monotonic() - t0), 1)
        result.ok = result.fps > 0
        if not result.ok:
            result.reason = "the stream stopped sending pictures"
        result.width, result.height = player.source_size()
        result.codec = player.video_codec()
        reading = player.buffer.read_strip(int(time.time() * 1000))
        if reading is not None:
            result.camera_number = reading.camera_number
            result.frame_age_ms = reading.age_ms(int(time.time() * 1000))
    player.stop()
    QTimer.singleShot(300, loop.quit)
    loop.exec()
    player.release()
    return result


def way(result: ProbeResult) -> str:
    """"relay (builtin) over TCP", "relay (ffmpeg: the built-in client could not negotiate with
    this camera)", "native": the path, and the relay's engine and transport when it took one."""
    if not result.relay_engine:
        return result.path
    fallback = f": {result.fallback}" if result.fallback else ""
    transport = f" over {result.transport.upper()}" if result.transport else ""
    return f"{result.path} ({result.relay_engine}{fallback}){transport}"


def run_probe(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="rtcc-desktop probe", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="rtsp://, http(s):// MPEG-TS or an HLS .m3u8 URL")
    parser.add_argument("--seconds", type=float, default=5.0, help="how long to decode (default 5)")
    parser.add_argument("--json", action="store_true", help="one machine-readable JSON line")
    parser.add_argument("--ca-bundle", metavar="PEM", help="trust this CA at https:// instead of the system's "
                                                           "store, as a backend profile's ca_bundle does")
    args = parser.parse_args(argv)
    try:
        result = probe(args.url, args.seconds, args.ca_bundle)
    except engine.VideoUnavailable as exc:
        print(inert(f"FAIL {exc}"), file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(asdict(result)))
    elif result.ok:
        strip = (f"; camera {result.camera_number}, picture {result.frame_age_ms} ms old"
                 if result.camera_number is not None else "")
        print(inert(f"OK   {result.url} — {result.protocol} via {way(result)}; {result.codec or 'video'} "
                    f"{result.width}x{result.height} at {result.fps} fps; first picture after "
                    f"{result.first_frame_s} s{strip}"))
    else:  # the reason may quote the camera's or the backend's words
        print(inert(f"FAIL {result.url} — {result.protocol} via {way(result)}: {result.reason}"))
    return 0 if result.ok else 1
