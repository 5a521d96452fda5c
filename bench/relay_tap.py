"""Where a relayed frame's latency comes from, read from the bytes rather than the screen.

For each path, the MPEG-TS stream a player would receive is read here: the moment each video
PES (one frame) begins to arrive is recorded, and the same bytes are decoded by ffmpeg to read
the frame's capture time from its strip. Frame k of the stream is decoded frame k (no B-frames,
no drops), so "arrival - capture" is how long the frame took to reach a player, before any
player buffering:
- the mock's HTTP-TS feed as a player gets it (the reference);
- the app's ffmpeg relay pulling the mock's RTSP server (gst-rtsp-server);
- the same ffmpeg copy pulling the HTTP feed instead (what ffmpeg costs without RTSP);
- the app's built-in relay pulling the same RTSP server: it ends a frame at the RTP marker bit,
  where ffmpeg's parser waits for the next frame to begin.
Usage: .venv/bin/python bench/relay_tap.py [--seconds 6] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._machine import machine, print_table
from bench._rtsp_rig import mock_with_rtsp
from rtcc_desktop.api.schemas.frame_strip import read_strip
from rtcc_desktop.child_process import find_ffmpeg
from rtcc_desktop.video.rtsp_relay.builtin import BuiltinRelay
from rtcc_desktop.video.rtsp_relay.relay import Relay

WIDTH, HEIGHT = 320, 180  # the `sub` profile
TS = 188


def _video_pes_start(packet: bytes) -> bool:
    if packet[0] != 0x47 or not packet[1] & 0x40 or not packet[3] & 0x10:
        return False
    start = 5 + packet[4] if packet[3] & 0x20 else 4
    return packet[start:start + 3] == b"\x00\x00\x01" and 0xE0 <= packet[start + 3] <= 0xEF


def tap(command: list[str], stdin: bytes, exe: str, seconds: float) -> list[float]:
    """Per frame, ms from capture to the first byte of its PES leaving ``command``'s stdout."""
    source = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert source.stdin is not None
    source.stdin.write(stdin)
    source.stdin.close()
    decoder = subprocess.Popen([exe, "-hide_banner", "-loglevel", "error", "-i", "pipe:0", "-f", "rawvideo",
                                "-pix_fmt", "gray", "pipe:1"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert source.stdout is not None and decoder.stdin is not None and decoder.stdout is not None
    captured: list[int | None] = []

    def read_frames() -> None:
        assert decoder.stdout is not None
        while len(frame := decoder.stdout.read(WIDTH * HEIGHT)) == WIDTH * HEIGHT:
            reading = read_strip(frame, WIDTH, HEIGHT, WIDTH, int(time.time() * 1000), bpp=1)
            captured.append(reading.captured_ms if reading else None)

    reader = threading.Thread(target=read_frames, daemon=True)
    reader.start()
    arrivals: list[float] = []
    pending = b""
    deadline = time.monotonic() + seconds
    try:
        while time.monotonic() < deadline:
            data = os.read(source.stdout.fileno(), 65536)
            if not data:
                break
            now_ms = time.time() * 1000
            decoder.stdin.write(data)
            decoder.stdin.flush()
            pending += data
            whole = len(pending) // TS * TS
            arrivals += [now_ms for off in range(0, whole, TS) if _video_pes_start(pending[off:off + TS])]
            pending = pending[whole:]
    finally:
        source.kill()
        source.wait()
        decoder.stdin.close()
        reader.join(timeout=5)
        decoder.kill()
        decoder.wait()
    pairs = list(zip(arrivals, captured, strict=False))[15:]  # the first second: start-up bursts
    return [arrival - cap for arrival, cap in pairs if cap is not None]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seconds", type=float, default=6.0)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    exe = find_ffmpeg()
    assert exe is not None, "ffmpeg is missing"
    with mock_with_rtsp(300) as rig:
        client, rtsp_base, cams = rig.client, rig.rtsp_base, rig.cameras
        grant_count = iter(range(10_000))

        def http_url() -> str:
            return client.request_stream(cams[next(grant_count) % len(cams)], "2026-009011", "Relay tap",
                                         profile="sub").url

        def rtsp_url() -> str:
            return rtsp_base + "/api/" + http_url().split("/api/", 1)[1]

        def copy_of(url: str) -> tuple[list[str], bytes]:
            relay = Relay(url, lambda problem: None)
            command = relay.command(exe)
            at = command.index("-protocol_whitelist") + 1
            command[at] += ",http"  # the relay opens RTSP only; this copy reads the mock's HTTP
            return command, relay.script()

        def built_in(url: str) -> tuple[list[str], bytes]:
            relay = BuiltinRelay(url, lambda problem: None)
            return relay.argv(), relay.script()

        # What a player reads from the mock, passed on as it arrives.
        curl = [sys.executable, "-c", "import sys, urllib.request\n"
                "r, w = urllib.request.urlopen(sys.argv[1]), sys.stdout.buffer\n"
                "while chunk := r.read1(65536):\n    w.write(chunk); w.flush()"]
        paths: dict[str, Callable[[], tuple[list[str], bytes]]] = {
            "mock HTTP-TS feed": lambda: ([*curl, http_url()], b""),
            "ffmpeg relay pulling the RTSP server": lambda: copy_of(rtsp_url()),
            "same ffmpeg copy of the HTTP feed": lambda: copy_of(http_url()),
            "built-in relay pulling the RTSP server": lambda: built_in(rtsp_url()),
        }
        info = machine()
        print("machine:", json.dumps(info))
        results: dict[str, dict[str, float]] = {}
        for name, command in paths.items():
            medians, p95s = [], []
            for _ in range(a.runs):
                lags = sorted(tap(*command(), exe, a.seconds))
                medians.append(statistics.median(lags))
                p95s.append(lags[int(len(lags) * 0.95)])
            results[name] = {"p50_ms": statistics.median(medians), "p95_ms": statistics.median(p95s)}
        print(f"\nCapture -> a frame's first byte reaching a player ({a.runs} runs of {a.seconds:.0f} s, medians)")
        print_table(["path", "p50 ms", "p95 ms"],
                    [[name, f"{r['p50_ms']:.1f}", f"{r['p95_ms']:.1f}"] for name, r in results.items()])
        print(json.dumps({"bench": "relay_tap", "machine": info, "runs": a.runs, "results": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
