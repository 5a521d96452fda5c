"""The built-in RTSP relay's own CPU, without a player: what a change to the relay's child costs.

``bench/sources_bench.py`` measures the target (16 players with their relays against 16 direct
players); its ratio moves with the players' and the machine's noise, so a change to the child
shows better here: N relays pull the mock's RTSP server (gst-rtsp-server) and a thread per relay
reads its pipe as libVLC would. Per relay: cores, wake-ups per second (context switches, from
/proc) and bytes per second out. ``--child`` names other copies of ``child.py`` (for example
an older one, extracted with its package by ``git archive``) measured in the same rounds,
interleaved, so the machine's drifting load reaches every copy alike; ``--engines ffmpeg``
adds the ffmpeg relay as a reference.
``--transport udp`` has the relays ask for RTP over UDP first (the mock's server offers both).
Usage: .venv/bin/python bench/relay_cpu.py [--streams 16] [--seconds 20] [--rounds 3]
       [--child NAME=PATH ...] [--ffmpeg] [--transport tcp|udp]
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
from rtcc_desktop.video.rtsp_relay.builtin import CHILD, BuiltinRelay
from rtcc_desktop.video.rtsp_relay.relay import Relay

CASE, PURPOSE = "2026-009012", "Relay CPU benchmark"


def _tasks(pid: int) -> list[Path]:
    try:
        return list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return []


def _cpu_s(pid: int) -> float:
    """CPU seconds of every thread of ``pid`` (schedstat: nanoseconds, where /proc's ticks
    count in hundredths of a second, too coarse for 3 ms a second)."""
    total = 0
    for task in _tasks(pid):
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return total / 1e9


def _switches(pid: int) -> int:
    """Voluntary context switches of every thread: each is a thread going to sleep on a read
    or a wait, so one wake-up."""
    total = 0
    for task in _tasks(pid):
        try:
            text = (task / "status").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in text.splitlines() if line.startswith("voluntary_ctxt_switches:"))
    return total


def _drain(fd: int, counted: list[int]) -> None:
    while data := os.read(fd, 1 << 16):
        counted[0] += len(data)


def measure(argv_for: Callable[[str], tuple[list[str], bytes]], urls: list[str], seconds: float) -> dict[str, float]:
    """``len(urls)`` relays started by ``argv_for``, warmed up 3 s, measured ``seconds``."""
    processes: list[subprocess.Popen[bytes]] = []
    counters: list[list[int]] = []
    for url in urls:
        argv, script = argv_for(url)
        read_fd, write_fd = os.pipe()
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=write_fd, stderr=subprocess.DEVNULL)
        os.close(write_fd)
        assert process.stdin is not None
        process.stdin.write(script)
        process.stdin.close()
        counted = [0]
        threading.Thread(target=_drain, args=(read_fd, counted), daemon=True).start()
        processes.append(process)
        counters.append(counted)
    time.sleep(3)
    pids = [p.pid for p in processes]
    t0, s0, b0 = [_cpu_s(pid) for pid in pids], [_switches(pid) for pid in pids], [c[0] for c in counters]
    start = time.perf_counter()
    time.sleep(seconds)
    elapsed = time.perf_counter() - start
    t1, s1, b1 = [_cpu_s(pid) for pid in pids], [_switches(pid) for pid in pids], [c[0] for c in counters]
    alive = sum(p.poll() is None for p in processes)
    for process in processes:
        process.kill()
        process.wait()
    n = len(urls)
    return {"cores_per_relay": sum(b - a for a, b in zip(t0, t1, strict=True)) / elapsed / n,
            "wakeups_per_s": sum(b - a for a, b in zip(s0, s1, strict=True)) / elapsed / n,
            "kib_per_s": sum(b - a for a, b in zip(b0, b1, strict=True)) / elapsed / n / 1024,
            "alive": alive}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--streams", type=int, default=16)
    p.add_argument("--seconds", type=float, default=20.0)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--child", action="append", default=[], metavar="NAME=PATH",
                   help="another child.py to measure beside this tree's")
    p.add_argument("--ffmpeg", action="store_true", help="the ffmpeg relay too, as a reference")
    p.add_argument("--transport", choices=("tcp", "udp"), default="tcp", help="the transport asked for first")
    a = p.parse_args()
    children = {"builtin (this tree)": str(CHILD), **dict(item.split("=", 1) for item in a.child)}
    with mock_with_rtsp(300) as rig:
        def urls() -> list[str]:  # fresh grants for every measurement
            return [rig.rtsp_base + "/api/" + rig.client.request_stream(
                camera, CASE, PURPOSE, profile="sub").url.split("/api/", 1)[1] for camera in rig.cameras[:a.streams]]

        def builtin(child: str) -> Callable[[str], tuple[list[str], bytes]]:
            def argv_for(url: str) -> tuple[list[str], bytes]:
                relay = BuiltinRelay(url, lambda problem: None, a.transport)
                return [sys.executable, "-I", "-S", child, "rtcc relay bench"], relay.script()
            return argv_for

        def ffmpeg(url: str) -> tuple[list[str], bytes]:
            relay = Relay(url, lambda problem: None, a.transport)
            return relay.argv(), relay.script()

        paths: dict[str, Callable[[str], tuple[list[str], bytes]]] = {
            name: builtin(path) for name, path in children.items()}
        if a.ffmpeg:
            paths["ffmpeg relay"] = ffmpeg
        info = machine()
        print("machine:", json.dumps(info))
        rounds: dict[str, list[dict[str, float]]] = {name: [] for name in paths}
        for _ in range(a.rounds):
            for name, argv_for in paths.items():
                rounds[name].append(measure(argv_for, urls(), a.seconds))
        results = {name: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
                   for name, runs in rounds.items()}
        first = next(iter(results.values()))["cores_per_relay"]
        print(f"\n{a.streams} relays over {a.transport.upper()}, {a.rounds} round(s) of {a.seconds:.0f} s (medians)")
        print_table(["relay", "cores per relay", f"cores for {a.streams}", "wake-ups/s", "KiB/s", "vs this tree",
                     "per round"],
                    [[name, f"{r['cores_per_relay']:.5f}", f"{r['cores_per_relay'] * a.streams:.3f}",
                      f"{r['wakeups_per_s']:.1f}", f"{r['kib_per_s']:.1f}", f"{r['cores_per_relay'] / first:.2f}",
                      " ".join(f"{x['cores_per_relay'] * a.streams:.3f}" for x in rounds[name])]
                     for name, r in results.items()])
        print(json.dumps({"bench": "relay_cpu", "machine": info, "streams": a.streams, "transport": a.transport,
                          "seconds": a.seconds,
                          "rounds": a.rounds, "results": results,
                          "per_round": {name: [r["cores_per_relay"] for r in runs] for name, runs in rounds.items()}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
