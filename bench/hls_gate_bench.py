"""What the HLS gate costs: the same HLS grants played through the gate (as the app plays them)
and with libVLC reading the playlists itself (the bench swaps the gate for a pass-through, which
the app never does), interleaved, on the mock's HLS (1 s segments from the synthetic feeds).

Figures per path: first picture p50/p95 over several cameras, glass-to-glass age p50 of the
pictures (the frame strip), and the cores of 8 ``sub`` players for a while (the gate runs in
this process, so its work is in the count). No target of its own: HLS runs seconds behind by
design; the gate must not add to that noticeably.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/hls_gate_bench.py [--rounds 3] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from bench._machine import machine, print_table
from bench.wall_bench import live_cameras, pct, pump
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video import stream_player
from rtcc_desktop.video.hls_gate import hls_gate
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource

S = PlayerState
CASE, PURPOSE = "2026-009020", "HLS gate benchmark"


class _PassThrough:
    """What the player asks of the gate, handing libVLC the grant's own playlist address."""

    class _Open:
        def __init__(self, url: str) -> None:
            self.url = url

        def close(self) -> None:
            pass

    def open(self, url: str, _on_refused: Callable[[str], None], _ca_bundle: str | None = None) -> _PassThrough._Open:
        return self._Open(url)


def _with(path: str) -> None:
    gate = hls_gate()
    stream_player.hls_gate = (lambda: gate) if path == "gate" else (lambda: _PassThrough())  # type: ignore[assignment]


def first_and_age(app: QApplication, sources: list[StreamSource]) -> tuple[list[float], list[float]]:
    firsts: list[float] = []
    ages: list[float] = []
    for source in sources:
        player = StreamPlayer()
        seen: list[float] = []

        def on_frame(player: StreamPlayer = player, source: StreamSource = source, seen: list[float] = seen) -> None:
            now_ms = int(time.time() * 1000)
            reading = player.buffer.read_strip(now_ms)
            if reading is not None and reading.camera_number == source.camera_id:
                seen.append(reading.age_ms(now_ms))

        player.frame_ready.connect(on_frame)
        start = time.perf_counter()
        player.play(source)
        pump(app, 20, lambda player=player: player.state in (S.playing, S.failed))
        if player.state is S.playing:
            firsts.append((time.perf_counter() - start) * 1000)
            pump(app, 3)
            ages += seen[len(seen) // 2:]  # the steady part
        player.stop()
        pump(app, 0.3)
        player.release()
    return firsts, ages


def cores_of(app: QApplication, sources: list[StreamSource], seconds: float) -> float:
    players = [StreamPlayer() for _ in sources]
    for player, source in zip(players, sources, strict=True):
        player.play(source)
    pump(app, 25, lambda: all(p.state is S.playing for p in players))
    pump(app, 2)
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    pump(app, seconds)
    elapsed = time.perf_counter() - start
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    for player in players:
        player.stop()
    pump(app, 1)
    for player in players:
        player.release()
    return (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) / elapsed


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--cameras", type=int, default=6, help="first pictures per path and round")
    p.add_argument("--seconds", type=float, default=12.0, help="CPU window per path and round")
    p.add_argument("--quick", action="store_true")
    a = p.parse_args()
    if a.quick:
        a.rounds, a.cameras, a.seconds = 1, 3, 5
    app = QApplication(["hls-gate-bench"])
    mock = MockProcess(args=["--ephemeral", "--cameras", "300", "--stream-protocol", "hls", "--grant-ttl", "3600",
                             "--data-dir", tempfile.mkdtemp(prefix="rtcc-hls-bench-")])
    mock.start()
    try:
        client = open_session(BackendProfile("bench", mock.wait_ready()), "operator", "demo").client
        cams = [c.id for c in live_cameras(client)]

        def sources(ids: list[int]) -> list[StreamSource]:  # fresh grants: nothing carried over
            out = []
            for camera_id in ids:
                g = client.request_stream(camera_id, CASE, PURPOSE, profile="sub")
                out.append(StreamSource(camera_id, g.url, "sub", CASE, g.expires_at.timestamp(), "hls"))
            return out

        print("machine:", json.dumps(machine()))
        paths = ("gate", "libVLC direct")
        found: dict[str, dict[str, list[float]]] = {path: {"first": [], "age": [], "cores": []} for path in paths}
        for n in range(a.rounds):  # interleaved: the machine's drifting load reaches both alike
            for path in paths:
                _with(path)
                ids = cams[(n * 2 + paths.index(path)) * a.cameras:][: a.cameras]
                firsts, ages = first_and_age(app, sources(ids))
                found[path]["first"] += firsts
                found[path]["age"] += ages
                found[path]["cores"].append(cores_of(app, sources(cams[:8]), a.seconds))
        _with("gate")
        rows = []
        results: dict[str, dict[str, float]] = {}
        for path, f in found.items():
            results[path] = {"first_p50_ms": statistics.median(f["first"]), "first_p95_ms": pct(f["first"], 0.95),
                             "age_p50_ms": statistics.median(f["age"]), "cores_8": statistics.median(f["cores"]),
                             "played": len(f["first"])}
            r = results[path]
            rows.append([path, f"{r['first_p50_ms']:.0f}", f"{r['first_p95_ms']:.0f}", f"{r['age_p50_ms']:.0f}",
                         f"{r['cores_8']:.3f}", f"{len(f['first'])}/{a.rounds * a.cameras}"])
        print_table(["path", "first picture p50 ms", "p95 ms", "picture age p50 ms", "cores, 8 players", "played"],
                    rows)
        print(json.dumps({"bench": "hls_gate", "machine": machine(), "rounds": a.rounds, "results": results}))
    finally:
        mock.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
