"""API benchmark: seed time, full paged camera listing through the client, and
stream-grant throughput/latency, for 2,000 and 100,000 seeded cameras.

Prints a table, then one JSON line with the same figures and the machine.
Medians of several runs; the machines are shared and noisy.
Usage: .venv/bin/python bench/api_bench.py [--sizes 2000 100000] [--runs 5] [--grant-seconds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._machine import machine, print_table
from mock_backend.app import build_state
from mock_backend.settings import MockSettings
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.mock_process import MockProcess


def seed_seconds(n: int, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        state = build_state(MockSettings(cameras=n, db_path=None))
        times.append(time.perf_counter() - t)
        state.db.close()
    return statistics.median(times)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def measure(n: int, runs: int, grant_seconds: float) -> dict[str, float]:
    result: dict[str, float] = {"cameras": n, "seed_s": seed_seconds(n, runs)}
    with MockProcess(args=["--ephemeral", "--cameras", str(n), "--data-dir", tempfile.mkdtemp()]) as mock:
        client = BackendClient(mock.url)
        client.sign_in("operator", "demo")
        listings = []
        cams = []
        for _ in range(runs):
            t = time.perf_counter()
            cams = client.all_cameras(limit=5000)
            listings.append(time.perf_counter() - t)
        assert len(cams) == n, (len(cams), n)
        result["list_all_s"] = statistics.median(listings)
        now = datetime.now(UTC)
        live = [c.id for c in cams if c.has_live_consent(now) and c.status.value == "online"]
        latencies: list[float] = []
        start = time.perf_counter()
        i = 0
        while time.perf_counter() - start < grant_seconds:
            t = time.perf_counter()
            client.request_stream(live[i % len(live)], "2026-BENCH-1", "benchmark of stream grants")
            latencies.append(time.perf_counter() - t)
            i += 1
        elapsed = time.perf_counter() - start
        result["grants_per_s"] = len(latencies) / elapsed
        result["grant_p50_ms"] = percentile(latencies, 50) * 1000
        result["grant_p99_ms"] = percentile(latencies, 99) * 1000
        result["grants"] = len(latencies)
    return result


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="+", default=[2000, 100_000])
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--grant-seconds", type=float, default=3.0)
    a = p.parse_args()
    results = [measure(n, a.runs, a.grant_seconds) for n in a.sizes]
    info = machine()
    print(f"API benchmark on {info['cpu']} ({info['cores']} cores, {info['mem_gib']} GiB), "
          f"Python {info['python']}; medians of {a.runs} runs")
    print_table(
        ["cameras", "seed s", "list all s", "grants/s", "grant p50 ms", "grant p99 ms"],
        [[r["cameras"], f"{r['seed_s']:.2f}", f"{r['list_all_s']:.2f}", f"{r['grants_per_s']:.0f}",
          f"{r['grant_p50_ms']:.1f}", f"{r['grant_p99_ms']:.1f}"] for r in results],
    )
    print(json.dumps({"bench": "api", "machine": info, "runs": a.runs, "results": results}))


if __name__ == "__main__":
    main()
