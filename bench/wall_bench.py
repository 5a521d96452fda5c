"""Video-wall benchmark against the mock on this machine (same cores for both).

Figures, each read from real decoded pixels (the frame strip) or the OS:
- glass-to-glass latency: capture time in the strip vs the moment libVLC hands
  the picture over for painting; p50/p95/p99 and the longest gap between frames;
- drop -> first frame: grant request + connect + first picture, p50/p95;
- CPU of this process (players + tiles painting) for 4..64 ``sub`` tiles and 16
  ``main`` tiles on a 1920x1080 wall, each tile shown the way the app shows it
  (``TileFeed.show``, its decode size from the wall's ``fit``), and - when the display
  is an Xvfb - the X server's CPU, against the reference: one
  ``ffmpeg -threads 1 -i URL -vf scale=W:H:flags=bilinear,format=bgra -f null -`` per
  tile at the size that tile's pictures are decoded to (ffmpeg producing exactly the
  pixels the wall shows), and plain ``ffmpeg -f null`` decoding; app, reference and
  plain decoding interleaved in rounds, so the machine's drifting load reaches all
  alike; the rest of the machine's CPU in each round (the mock's encoders, other users)
  says how noisy it was. Each tile's achieved frame rate and the share of its pictures
  painted 1:1 (decoded to its size) rather than scaled;
- RSS after 10 and after 1,000 tile switches.
Tiles beyond 16 reuse the first 16 cameras (the mock fans one encoder out to
many viewers, as a media server does); 64 encoders would measure the mock.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/wall_bench.py [--latency-s 60] [--runs 3] [--quick]
           [--sections latency,first,cpu,rss] [--layouts "4 sub,16 main"]
  under Xvfb: xvfb-run -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb .venv/bin/python bench/wall_bench.py
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
from dataclasses import dataclass
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
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from rtcc_desktop.video.stream_source import source_from
from ui.wall.tile import VideoTile
from ui.wall.viewing_purpose import ViewingPurpose
from ui.wall.wall_view import WallView

CASE, PURPOSE = "2026-009001", "Wall benchmark"
S = PlayerState
L = LiveState
# label, layout, tiles, profile: the CPU rows (tiles beyond 16 reuse the first 16 cameras)
CPU_ROWS = (("4 sub", "2x2", 4, "sub"), ("9 sub", "3x3", 9, "sub"), ("16 sub", "4x4", 16, "sub"),
            ("25 sub", "5x5", 25, "sub"), ("36 sub", "8x8", 36, "sub"), ("64 sub", "8x8", 64, "sub"),
            ("16 main", "4x4", 16, "main"))
SECTIONS = ("latency", "first", "cpu", "rss")


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


@dataclass
class WallRound:
    """One round of the wall: CPU, and per tile its decode size, frame rate and paints."""

    cores: float
    ui_cores: float  # the UI thread's share of ``cores`` (painting); the rest is libVLC's threads
    x_cores: float | None  # the X server's, under Xvfb
    rest_cores: float  # everything else on the machine meanwhile
    sizes: list[tuple[int, int]]  # what each tile's pictures are decoded to
    fps: list[float]
    painted_1to1: int
    painted_scaled: int


def cpu_of_wall(app: QApplication, view: WallView, cameras: list[Camera], profile: str,
                seconds: float) -> WallRound:
    """The wall showing ``cameras`` (one a tile) as the app shows them: ``TileFeed.show``,
    decoded to the size the wall gave each tile (``WallView.apply_profiles`` -> ``TileFeed.fit``)."""
    purpose = ViewingPurpose(CASE, PURPOSE)
    tiles = view.visible_tiles[: len(cameras)]
    for tile, camera in zip(tiles, cameras, strict=True):
        # ``profile`` for every tile (the app would play ``main`` in the 2x2's wide tiles; the
        # bench keeps one profile a row so each row decodes the same streams).
        tile.feed.show(camera, purpose, profile)
    pump(app, 30, lambda: all(at_its_size(t) for t in tiles))
    pump(app, 2)
    players = [t.feed.shown for t in tiles]
    seqs = [p.buffer.seq for p in players]
    paints = [(t.painted_1to1, t.painted_scaled) for t in tiles]
    x_server = xvfb_pid()
    x0 = _proc_cpu(x_server) if x_server else 0.0
    busy0 = machine_busy()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    ui0 = _ui_thread_cpu()
    start = time.perf_counter()
    pump(app, seconds)
    elapsed = time.perf_counter() - start
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    ui_cores = (_ui_thread_cpu() - ui0) / elapsed
    busy = (machine_busy() - busy0) / elapsed
    x_cores = (_proc_cpu(x_server) - x0) / elapsed if x_server else None
    cores = (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) / elapsed
    # A tile whose shown player changed meanwhile (a size switch) would count another's frames.
    fps = [(t.feed.shown.buffer.seq - s) / elapsed if t.feed.shown is p else float("nan")
           for t, p, s in zip(tiles, players, seqs, strict=True)]
    one = sum(t.painted_1to1 - a for t, (a, _) in zip(tiles, paints, strict=True))
    scaled = sum(t.painted_scaled - b for t, (_, b) in zip(tiles, paints, strict=True))
    sizes = [t.feed.shown.buffer.size for t in tiles]
    for tile in tiles:
        tile.feed.clear()
    pump(app, 1.5)
    return WallRound(cores, ui_cores, x_cores, busy - cores - (x_cores or 0.0), sizes, fps, one, scaled)


def at_its_size(tile: VideoTile) -> bool:
    """Playing, its pictures decoded to the size its feed was fitted to."""
    shown = tile.feed.shown
    return tile.feed.state is L.playing and shown.buffer.has_picture() and shown.size == tile.feed.live.want.size


def cpu_of_ffmpeg(urls: list[str], seconds: float, sizes: list[tuple[int, int]] | None = None) -> tuple[float, float]:
    """Cores used by one ``ffmpeg -threads 1 ... -f null`` per stream, and the rest of the machine's
    meanwhile; ``sizes``: each scales to its tile's size and converts to BGRA as it decodes."""
    procs = []
    for n, url in enumerate(urls):
        extra = [] if sizes is None else ["-vf", f"scale={sizes[n][0]}:{sizes[n][1]}:flags=bilinear,format=bgra"]
        procs.append(subprocess.Popen([ffmpeg_exe(), "-nostdin", "-loglevel", "quiet", "-threads", "1", "-i", url,
                                       *extra, "-f", "null", "-"], stdin=subprocess.DEVNULL))
    time.sleep(2)  # both sides measured in steady state
    start = time.perf_counter()
    begin = [_proc_cpu(p.pid) for p in procs]
    busy0 = machine_busy()
    time.sleep(seconds)
    end = [_proc_cpu(p.pid) for p in procs]
    elapsed = time.perf_counter() - start
    busy = (machine_busy() - busy0) / elapsed
    for p in procs:
        p.terminate()
    for p in procs:
        p.wait()
    cores = sum(e - b for b, e in zip(begin, end, strict=True)) / elapsed
    return cores, busy - cores


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (every core, every process), from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def xvfb_pid() -> int | None:
    """The Xvfb process serving this app's display, if the app draws on one (its CPU is the wall's)."""
    display = os.environ.get("DISPLAY", "")
    if not display or QApplication.platformName() != "xcb":
        return None
    number = ":" + display.rsplit(":", 1)[-1].split(".")[0]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if args and Path(args[0].decode(errors="replace")).name == "Xvfb" and number.encode() in args:
            return int(entry.name)
    return None


def _proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def _ui_thread_cpu() -> float:
    """CPU seconds of this process's main thread, the UI thread (schedstat: nanoseconds)."""
    pid = os.getpid()
    return int(Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()[0]) / 1e9


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


def cpu_rows(app: QApplication, view: WallView, client: BackendClient, cams: list[Camera],
             rows: list[tuple[str, str, int, str]], runs: int, seconds: float) -> list[dict[str, object]]:
    results = []
    table: list[list[object]] = []
    for label, layout, count, profile in rows:
        cameras = (cams[:16] * 4)[:count]
        urls = [source_from(client.request_stream(c.id, CASE, PURPOSE, profile=profile)).url for c in cameras]
        view.set_layout(layout)
        pump(app, 0.5)  # the wall fits every tile (WallView.apply_profiles -> TileFeed.fit)
        walls: list[WallRound] = []
        refs: list[tuple[float, float]] = []
        plains: list[tuple[float, float]] = []
        for _ in range(runs):  # interleaved: app, reference, plain decoding, again
            walls.append(cpu_of_wall(app, view, cameras, profile, seconds))
            refs.append(cpu_of_ffmpeg(urls, seconds, walls[-1].sizes))
            plains.append(cpu_of_ffmpeg(urls, seconds))
        shown = [w.cores + (w.x_cores or 0.0) for w in walls]  # the wall's cost: the app and its X server
        ratio = [a / r for a, (r, _) in zip(shown, refs, strict=True)]
        ratio_plain = [a / d for a, (d, _) in zip(shown, plains, strict=True)]
        # What a display path would reach that decoded and scaled exactly as cheaply as the
        # reference and added only the X server's work of putting these pictures on the screen.
        floor = [(r + (w.x_cores or 0.0)) / r for w, (r, _) in zip(walls, refs, strict=True)]
        fps = [f for w in walls for f in w.fps]
        paints = sum(w.painted_1to1 + w.painted_scaled for w in walls)
        share = sum(w.painted_1to1 for w in walls) / paints if paints else float("nan")
        rest = [w.rest_cores for w in walls] + [r for _, r in refs] + [r for _, r in plains]
        sizes = sorted({size for w in walls for size in w.sizes})
        results.append({
            "tiles": label, "layout": layout, "decoded_to": [f"{w}x{h}" for w, h in sizes],
            "app_cores": [w.cores for w in walls], "ui_thread_cores": [w.ui_cores for w in walls],
            "x_server_cores": [w.x_cores for w in walls], "display_floor_ratio": floor,
            "reference_cores": [r for r, _ in refs], "decode_only_cores": [d for d, _ in plains],
            "ratio": ratio, "ratio_to_decode": ratio_plain, "ratio_median": statistics.median(ratio),
            "fps_min": min(fps), "fps_median": statistics.median(fps), "painted_1to1_share": share,
            "rest_of_machine_cores": rest})
        x_cores = [w.x_cores for w in walls if w.x_cores is not None]
        table.append([label, "/".join(f"{w}x{h}" for w, h in sizes), f"{statistics.median(w.cores for w in walls):.2f}",
                      f"{statistics.median(w.cores - w.ui_cores for w in walls):.3f}",
                      f"{statistics.median(w.ui_cores for w in walls):.3f}",
                      f"{statistics.median(x_cores):.3f}" if x_cores else "-",
                      f"{statistics.median(r for r, _ in refs):.3f}", _spread(ratio), _spread(floor),
                      f"{statistics.median(d for d, _ in plains):.2f}", _spread(ratio_plain),
                      f"{min(fps):.1f}/{statistics.median(fps):.1f}", f"{share * 100:.1f} %",
                      f"{min(rest):.2f}-{max(rest):.2f}"])
    print_table(["tiles", "decoded to", "app cores", "libVLC threads", "UI thread", "X server", "ffmpeg scale+bgra",
                 "ratio (target <= 1.3)", "display floor",
                 "ffmpeg decode", "ratio to decode", "tile fps min/median", "painted 1:1",
                 "rest of machine"], table)
    print("ratio: (app + X server) / reference, median of the rounds [lowest-highest]; display floor: (reference + "
          "X server) / reference, where a path that decoded and scaled as cheaply as ffmpeg and added only the X "
          "server's work would be; rest of machine: the cores everything else used during the rounds (the mock's "
          "encoders, other users), the noise")
    return results


def _spread(values: list[float]) -> str:
    median = statistics.median(values)
    return f"{median:.2f}" if len(values) == 1 else f"{median:.2f} [{min(values):.2f}-{max(values):.2f}]"


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--latency-s", type=float, default=60.0)
    p.add_argument("--cpu-s", type=float, default=12.0, help="seconds a CPU round measures")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--switches", type=int, default=1000)
    p.add_argument("--sections", default=",".join(SECTIONS), help=f"comma-separated, of {', '.join(SECTIONS)}")
    p.add_argument("--layouts", default="", help='CPU rows to run, e.g. "4 sub,16 main" (default: all)')
    p.add_argument("--quick", action="store_true", help="short runs, for a smoke check")
    a = p.parse_args()
    if a.quick:
        a.latency_s, a.cpu_s, a.runs, a.switches = 10, 4, 1, 100
    sections = {x.strip() for x in a.sections.split(",") if x.strip()}
    if unknown := sections - set(SECTIONS):
        p.error(f"unknown sections {sorted(unknown)}; choose from {', '.join(SECTIONS)}")
    wanted = [x.strip() for x in a.layouts.split(",") if x.strip()]
    rows = [r for r in CPU_ROWS if not wanted or r[0] in wanted]
    if unknown_rows := set(wanted) - {r[0] for r in CPU_ROWS}:
        p.error(f"unknown layouts {sorted(unknown_rows)}; choose from {', '.join(r[0] for r in CPU_ROWS)}")
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
        print("machine:", json.dumps(machine()), "display:", QApplication.platformName(),
              "(X server measured)" if xvfb_pid() else "")
        results: dict[str, object] = {"machine": machine(), "platform": QApplication.platformName()}

        if "latency" in sections:
            lat = [latency(app, client, cams[i], a.latency_s) for i in range(a.runs)]
            results["latency"] = lat
            print_table(["run", "frames", "p50 ms", "p95 ms", "p99 ms", "longest gap s"],
                        [[i + 1, r["frames"], round(r["p50_ms"]), round(r["p95_ms"]), round(r["p99_ms"]),
                          round(r["max_gap_s"], 2)] for i, r in enumerate(lat)])
            print(f"glass-to-glass p50 (median of runs): {statistics.median(r['p50_ms'] for r in lat):.0f} ms "
                  f"(target <= 250)\n")

        if "first" in sections:
            ff = first_frames(app, lambda cid: source_from(client.request_stream(cid, CASE, PURPOSE, profile="sub")),
                              [c.id for c in cams[20:40 if not a.quick else 28]])
            results["first_frame_ms"] = ff
            print(f"drop -> first frame over {len(ff)} cameras: p50 {statistics.median(ff):.0f} ms, "
                  f"p95 {pct(ff, 0.95):.0f} ms (target p95 <= 400)\n")

        view = WallView(session)
        view.resize(1920, 1080)
        view.show()
        if "cpu" in sections:
            results["cpu"] = cpu_rows(app, view, client, cams, rows, a.runs, a.cpu_s)
            print()

        if "rss" in sections:
            sub = [source_from(client.request_stream(c.id, CASE, PURPOSE, profile="sub")) for c in cams[:8]]
            view.set_layout("2x2")
            rss = switches(app, view, sub, a.switches)
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
