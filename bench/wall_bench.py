"""Video-wall benchmark against the mock on this machine (same cores for both).

Figures, each read from real decoded pixels (the frame strip) or the OS:
- glass-to-glass latency: capture time in the strip vs the moment libVLC hands
  the picture over for painting; p50/p95/p99 and the longest gap between frames;
- drop -> first frame: grant request + connect + first picture, p50/p95;
- CPU of this process (players + tiles painting offscreen) for 4..64 ``sub``
  tiles and 16 ``main`` tiles, against ``ffmpeg -f null`` decoding the same
  streams in the same run (ratio), and the frame rate each tile achieved;
- RSS after 10 and after 1,000 tile switches.
Tiles beyond 16 reuse the first 16 cameras (the mock fans one encoder out to
many viewers, as a media server does); 64 encoders would measure the mock.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/wall_bench.py [--latency-s 60] [--runs 3] [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from bench._machine import machine, print_table
from mock_backend.ffmpeg_tool import ffmpeg_exe
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import Camera
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from ui.wall.tile_feed import source_from
from ui.wall.viewing_purpose import ViewingPurpose
from ui.wall.wall_view import WallView

CASE, PURPOSE = "2026-009001", "Wall benchmark"
S = PlayerState


def pump(app: QApplication, seconds: float, until: object = None) -> None:
    """Run the event loop like the app does (idle between events; no busy polling,
    which would be counted as the wall's CPU)."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    if until is not None:
        poll = QTimer()
        poll.timeout.connect(lambda: until() and loop.quit())  # type: ignore[operator]
        poll.start(50)
    loop.exec()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def live_cameras(client: BackendClient) -> list[Camera]:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    return [c for c in client.all_cameras() if c.has_live_consent(now) and c.status.value == "online"]


def latency(app: QApplication, client: BackendClient, cam: Camera, seconds: float) -> dict[str, float]:
    player = StreamPlayer()
    ages: list[float] = []
    gaps: list[float] = []
    last = [0.0]

    def on_frame() -> None:  # libVLC's thread, right after the picture is handed over
        now = time.time()
        reading = player.buffer.read_strip(int(now * 1000))
        if reading is not None and reading.camera_number == cam.id:
            ages.append(reading.age_ms(int(now * 1000)))
        if last[0]:
            gaps.append(now - last[0])
        last[0] = now

    player.frame_ready.connect(on_frame)
    player.play(source_from(client.request_stream(cam.id, CASE, PURPOSE, profile="sub")))
    pump(app, 15, lambda: player.state is S.playing)
    ages.clear()
    gaps.clear()
    pump(app, seconds)
    player.stop()
    pump(app, 1)
    player.release()
    return {"p50_ms": statistics.median(ages), "p95_ms": pct(ages, 0.95), "p99_ms": pct(ages, 0.99),
            "frames": len(ages), "max_gap_s": max(gaps) if gaps else float("nan")}


def first_frames(app: QApplication, source_for: Callable[[int], StreamSource], camera_ids: list[int]) -> list[float]:
    """Drop -> first picture per camera; ``source_for`` asks for the grant, as a tile does."""
    player = StreamPlayer()
    times = []
    for camera_id in camera_ids:
        start = time.perf_counter()
        player.play(source_for(camera_id))
        pump(app, 10, lambda: player.state is S.playing)
        times.append((time.perf_counter() - start) * 1000)
        player.stop()
        pump(app, 0.3)
    player.release()
    return times


def cpu_of_wall(app: QApplication, view: WallView, sources: list[StreamSource], seconds: float,
                cameras: dict[int, Camera]) -> dict[str, float]:
    purpose = ViewingPurpose(CASE, PURPOSE)
    tiles = view.visible_tiles
    for tile, source in zip(tiles, sources, strict=False):
        # The tile's camera, so it paints the picture and its overlay as an operator sees them
        # (a tile without one paints only "Drop a camera here").
        tile.feed.camera = cameras[source.camera_id]
        tile.feed.purpose = purpose
        tile.feed.shown.play(source)
    pump(app, 20, lambda: all(t.feed.shown.state is S.playing for t in tiles[: len(sources)]))
    pump(app, 2)
    seqs = [t.feed.shown.buffer.seq for t in tiles[: len(sources)]]
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    pump(app, seconds)
    elapsed = time.perf_counter() - start
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    fps = [(t.feed.shown.buffer.seq - s) / elapsed for t, s in zip(tiles, seqs, strict=False)]
    for tile in tiles:
        tile.feed.shown.stop()
    pump(app, 1.5)
    cpu = (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) / elapsed
    return {"cpu_cores": cpu, "fps_min": min(fps), "fps_median": statistics.median(fps)}


def cpu_of_ffmpeg(urls: list[str], seconds: float, convert: bool = False) -> float:
    """Cores used by one ``ffmpeg -f null`` per stream; ``convert`` adds the same
    conversion to 32-bit RGB the wall needs for painting (a second reference)."""
    extra = ["-pix_fmt", "bgra"] if convert else []
    procs = [subprocess.Popen([ffmpeg_exe(), "-nostdin", "-loglevel", "quiet", "-threads", "1", "-i", url,
                               *extra, "-f", "null", "-"], stdin=subprocess.DEVNULL) for url in urls]
    time.sleep(2)  # both sides measured in steady state
    start = time.perf_counter()
    begin = [_proc_cpu(p.pid) for p in procs]
    time.sleep(seconds)
    end = [_proc_cpu(p.pid) for p in procs]
    elapsed = time.perf_counter() - start
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait()
    return sum(e - b for b, e in zip(begin, end, strict=True)) / elapsed


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def switches(app: QApplication, view: WallView, sources: list[StreamSource], total: int) -> dict[str, float]:
    tiles = view.visible_tiles[:4]
    marks: dict[int, float] = {}
    for n in range(1, total + 1):
        tile = tiles[n % len(tiles)]
        tile.feed.shown.play(sources[n % len(sources)])
        pump(app, 0.04)
        if n % 50 == 0:  # now and then let the pictures arrive, as an operator would see them
            pump(app, 1.0, lambda: all(t.feed.shown.state is S.playing for t in tiles))
        if n in (10, total):
            pump(app, 2.0)
            marks[n] = rss_mib()
    for tile in tiles:
        tile.feed.shown.stop()
    pump(app, 1)
    return {"rss_after_10_mib": marks[10], f"rss_after_{total}_mib": marks[total],
            "growth_pct": (marks[total] / marks[10] - 1) * 100}


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--latency-s", type=float, default=60.0)
    p.add_argument("--cpu-s", type=float, default=8.0)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--switches", type=int, default=1000)
    p.add_argument("--quick", action="store_true", help="short runs, for a smoke check")
    a = p.parse_args()
    if a.quick:
        a.latency_s, a.cpu_s, a.runs, a.switches = 10, 4, 1, 100
    app = QApplication(["wall-bench"])
    data_dir = Path(tempfile.mkdtemp(prefix="rtcc-wall-bench-"))
    mock = MockProcess(args=["--ephemeral", "--cameras", "2000", "--data-dir", str(data_dir),
                             "--grant-ttl", "3600"])
    mock.start()
    try:
        url = mock.wait_ready()
        session = open_session(BackendProfile("bench", url), "operator", "demo")
        client = session.client
        cams = live_cameras(client)
        print("machine:", json.dumps(machine()))
        results: dict[str, object] = {"machine": machine()}

        lat = [latency(app, client, cams[i], a.latency_s) for i in range(a.runs)]
        results["latency"] = lat
        print_table(["run", "frames", "p50 ms", "p95 ms", "p99 ms", "longest gap s"],
                    [[i + 1, r["frames"], round(r["p50_ms"]), round(r["p95_ms"]), round(r["p99_ms"]),
                      round(r["max_gap_s"], 2)] for i, r in enumerate(lat)])
        print(f"glass-to-glass p50 (median of runs): {statistics.median(r['p50_ms'] for r in lat):.0f} ms "
              f"(target <= 250)\n")

        ff = first_frames(app, lambda cid: source_from(client.request_stream(cid, CASE, PURPOSE, profile="sub")),
                          [c.id for c in cams[20:40 if not a.quick else 28]])
        results["first_frame_ms"] = ff
        print(f"drop -> first frame over {len(ff)} cameras: p50 {statistics.median(ff):.0f} ms, "
              f"p95 {pct(ff, 0.95):.0f} ms (target p95 <= 400)\n")

        view = WallView(session)
        view.resize(1920, 1080)
        view.show()
        sub = [source_from(client.request_stream(c.id, CASE, PURPOSE, profile="sub")) for c in cams[:16]]
        main_ = [source_from(client.request_stream(c.id, CASE, PURPOSE, profile="main")) for c in cams[:16]]
        rows = []
        cpu_results = []
        for label, layout, sources in (("4 sub", "2x2", sub[:4]), ("9 sub", "3x3", sub[:9]),
                                       ("16 sub", "4x4", sub), ("25 sub", "5x5", (sub * 2)[:25]),
                                       ("36 sub", "8x8", (sub * 3)[:36]), ("64 sub", "8x8", (sub * 4)[:64]),
                                       ("16 main", "4x4", main_)):
            view.set_layout(layout)
            pump(app, 0.5)
            app_runs, ff_runs, rgb_runs, fps_min = [], [], [], []
            for _ in range(a.runs):
                r = cpu_of_wall(app, view, sources, a.cpu_s, {c.id: c for c in cams})
                app_runs.append(r["cpu_cores"])
                fps_min.append(r["fps_min"])
                ff_runs.append(cpu_of_ffmpeg([s.url for s in sources], a.cpu_s))
                rgb_runs.append(cpu_of_ffmpeg([s.url for s in sources], a.cpu_s, convert=True))
            ratio = statistics.median(x / y for x, y in zip(app_runs, ff_runs, strict=True))
            ratio_rgb = statistics.median(x / y for x, y in zip(app_runs, rgb_runs, strict=True))
            cpu_results.append({"tiles": label, "app_cores": app_runs, "ffmpeg_cores": ff_runs,
                                "ffmpeg_bgra_cores": rgb_runs, "ratio": ratio, "ratio_bgra": ratio_rgb,
                                "fps_min": fps_min})
            rows.append([label, f"{statistics.median(app_runs):.2f}", f"{statistics.median(ff_runs):.2f}",
                         f"{ratio:.2f}", f"{statistics.median(rgb_runs):.2f}", f"{ratio_rgb:.2f}",
                         f"{statistics.median(fps_min):.1f}"])
        results["cpu"] = cpu_results
        print_table(["tiles", "app cores", "ffmpeg null", "ratio (target <= 1.3)", "ffmpeg null+bgra",
                     "ratio to bgra", "min tile fps"], rows)
        print()

        view.set_layout("2x2")
        rss = switches(app, view, sub[:8], a.switches)
        results["rss"] = rss
        print(f"RSS after 10 switches {rss['rss_after_10_mib']:.0f} MiB, after {a.switches} "
              f"{rss[f'rss_after_{a.switches}_mib']:.0f} MiB: growth {rss['growth_pct']:.1f} % (target <= 10 %)")
        for tile in view.tiles:
            tile.feed.release()
        print(json.dumps(results, default=str))
    finally:
        mock.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
