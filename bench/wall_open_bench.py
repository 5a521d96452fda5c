"""A 4x4 wall opening at once: 16 ``sub`` tiles started together, per path (HTTP-TS direct,
RTSP through the built-in relay, RTSP through the ffmpeg relay), each time on 16 cameras whose
feeds are not running yet, as when an operator opens a saved wall.

Prints, per path, medians over the runs: when the first, the median and the last tile play,
and how long the UI thread spent starting relays (it must not freeze while a wall opens).
The mock (its 16 encoders starting) shares the machine, so compare the paths in one run.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/wall_open_bench.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from bench._machine import machine, print_table
from bench._rtsp_rig import mock_with_rtsp
from bench.sources_bench import SourceFor, engine_of, sources
from bench.wall_bench import pump
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.rtsp_relay import relay
from rtcc_desktop.video.rtsp_relay.relay import ENGINE_VARIABLE
from rtcc_desktop.video.stream_player import StreamPlayer

PATHS = ("http-ts direct", "rtsp via relay (builtin)", "rtsp via relay (ffmpeg)")
TILES = 16

_spawn_s: list[float] = []  # UI-thread time in Relay.start, per relay
_start = relay.Relay.start


def _timed_start(self: relay.Relay) -> str:
    began = time.perf_counter()
    try:
        return _start(self)
    finally:
        _spawn_s.append(time.perf_counter() - began)


relay.Relay.start = _timed_start  # type: ignore[method-assign]


def open_wall(app: QApplication, source_for: SourceFor, cameras: list[int]) -> dict[str, float]:
    players = [StreamPlayer() for _ in cameras]
    sources = [source_for(c) for c in cameras]  # grants first: the wall has them when it opens
    _spawn_s.clear()
    began = time.monotonic()
    for player, source in zip(players, sources, strict=True):
        player.play(source)
    playing: dict[int, float] = {}
    while len(playing) < len(players) and time.monotonic() - began < 15:
        pump(app, 0.01)
        for i, player in enumerate(players):
            if i not in playing and player.state is PlayerState.playing:
                playing[i] = time.monotonic() - began
    for player in players:
        player.stop()
    pump(app, 1.0)
    for player in players:
        player.release()
    times = sorted(playing.values()) or [float("nan")]
    return {"playing": len(playing), "first_s": times[0], "median_s": statistics.median(times),
            "last_s": times[-1] if len(playing) == len(players) else float("inf"),
            "ui_spawn_s": sum(_spawn_s)}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args()
    app = QApplication(["wall-open-bench"])
    with mock_with_rtsp(2000) as rig:
        print("machine:", json.dumps(machine()))
        paths = sources(rig.client, rig.rtsp_base)
        results: dict[str, list[dict[str, float]]] = {name: [] for name in PATHS}
        fresh = iter(range(0, len(rig.cameras), TILES))
        for _ in range(a.runs):  # in rounds, every path once per round, each on cameras not yet streaming
            for name in PATHS:
                engine = engine_of(name)
                if engine:
                    os.environ[ENGINE_VARIABLE] = engine
                start = next(fresh)
                results[name].append(open_wall(app, paths[name], rig.cameras[start:start + TILES]))
        rows: list[list[object]] = []
        for name in PATHS:
            runs = results[name]
            rows.append([name, f"{min(r['playing'] for r in runs)}/{TILES}",
                         *(f"{statistics.median(r[k] for r in runs):.2f}" for k in ("first_s", "median_s", "last_s")),
                         f"{statistics.median(r['ui_spawn_s'] for r in runs):.3f}"])
        print_table(["path", "playing", "first (s)", "median (s)", "last (s)", "UI thread starting relays (s)"],
                    rows)
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
