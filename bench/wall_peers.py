"""The wall's CPU against peers that really put the same wall on the screen (#23).

``wall_bench``'s reference (ffmpeg decode + scale + BGRA into ``-f null``) throws the pixels
away; the app must also show them. This bench measures, interleaved in rounds with the app
and that reference, two tools that display the same tiles on the same Xvfb screen:
- ``vlc``: libVLC's own video output, as the VLC player does it: one player a tile, each
  drawing into its own X window of the tile's size (``set_xwindow``; ``--vout=xcb_x11``,
  swscale scaling the picture to the window), the windows laid out as the grid;
- ``gst``: GStreamer, one pipeline a tile, ``souphttpsrc ! tsdemux ! h264parse ! avdec_h264
  ! videoconvertscale ! ximagesink`` into the same grid of windows (``videoconvertscale``
  converts and scales in one pass, as swscale does).
Each peer is a process of its own (``--peer``); its whole-process CPU comes from /proc, and the
Xvfb server's is counted beside it, as wall_bench counts it beside the app. Same mock ``sub``
streams, same tile sizes (the ones the app decodes to in that round), same decoder threads (1).
Usage (the peers need Debian's vlc-plugin-video-output, gstreamer1.0-x and gstreamer1.0-libav):
  xvfb-run -s "-screen 0 1920x1080x24" env QT_QPA_PLATFORM=xcb .venv/bin/python bench/wall_peers.py
      [--runs 3] [--cpu-s 8] [--layouts "4 sub,16 sub,64 sub"] [--shots DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import wall_bench as wb
from bench._machine import machine, print_table

PEERS = ("vlc", "gst")
WARM_UP_S = 4.0  # a peer's windows mapped, its streams connected and playing
SCREEN = (1920, 1080)


# --- the peer process -------------------------------------------------------------------


def grid(layout: str, sizes: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """x, y, w, h of each tile's window: the layout's cells, each window its tile's size."""
    cols, rows = (int(v) for v in layout.split("x"))
    cell_w, cell_h = SCREEN[0] // cols, SCREEN[1] // rows
    return [((n % cols) * cell_w, (n // cols) * cell_h, w, h) for n, (w, h) in enumerate(sizes)]


def run_peer(kind: str, layout: str, urls: list[str], sizes: list[tuple[int, int]]) -> int:
    """Show ``urls`` in a grid of X windows until stdin closes; each line read on stdin is
    answered with one JSON line: how many pictures each tile has displayed so far."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication(["wall-peer"])
    top = QWidget()
    top.setWindowFlag(Qt.WindowType.FramelessWindowHint)
    top.setStyleSheet("background: black")
    top.setGeometry(0, 0, *SCREEN)
    windows = []
    for x, y, w, h in grid(layout, sizes):
        child = QWidget(top)
        child.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
        child.setGeometry(x, y, w, h)
        windows.append(child)
    top.show()
    app.processEvents()
    counts = _vlc_tiles(urls, windows) if kind == "vlc" else _gst_tiles(urls, windows, sizes)

    def answer() -> None:
        for _ in sys.stdin:
            print(json.dumps(counts()), flush=True)
        QTimer.singleShot(0, app.quit)

    threading.Thread(target=answer, daemon=True).start()
    return app.exec()


def _vlc_tiles(urls: list[str], windows: list) -> object:  # type: ignore[type-arg]
    from rtcc_desktop.video import engine

    vlc = engine.vlc_module()
    # The app's options, less what only the app's own painting needs (--no-xlib, --no-stats:
    # the displayed-picture count is read from the stats), with libVLC drawing into X itself.
    options = [o for o in engine.INSTANCE_OPTIONS if o not in ("--no-xlib", "--no-stats")]
    instance = vlc.Instance([*options, "--vout=xcb_x11"])
    players = []
    for url, window in zip(urls, windows, strict=True):
        player = instance.media_player_new()
        player.set_xwindow(int(window.winId()))
        media = instance.media_new(url, *engine.media_options("http-ts", relayed=False))
        player.set_media(media)
        player.play()
        players.append((player, media))

    def counts() -> list[int]:
        stats = vlc.MediaStats()
        shown = []
        for _player, media in players:
            media.get_stats(stats)
            shown.append(stats.displayed_pictures)
        return shown

    return counts


def _gst_tiles(urls: list[str], windows: list, sizes: list[tuple[int, int]]) -> object:  # type: ignore[type-arg]
    sys.path.append("/usr/lib/python3/dist-packages")  # Debian's PyGObject, outside the venv
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstVideo", "1.0")
    from gi.repository import Gst, GstVideo  # noqa: F401  (GstVideo: the overlay interface)

    Gst.init(None)
    sinks = []
    pipelines = []
    for url, window, (w, h) in zip(urls, windows, sizes, strict=True):
        pipeline = Gst.parse_launch(
            f'souphttpsrc location="{url}" is-live=true ! tsdemux ! h264parse ! avdec_h264 max-threads=1 '
            f"! videoconvertscale method=bilinear ! video/x-raw,width={w},height={h} "
            "! ximagesink name=sink sync=false qos=false force-aspect-ratio=false")
        sink = pipeline.get_by_name("sink")
        sink.set_window_handle(int(window.winId()))
        pipeline.set_state(Gst.State.PLAYING)
        pipelines.append(pipeline)
        sinks.append(sink)

    def counts() -> list[int]:
        return [int(s.get_property("stats").get_value("rendered")) for s in sinks]

    counts.pipelines = pipelines  # type: ignore[attr-defined]  # kept alive with the closure
    return counts


# --- the bench side ----------------------------------------------------------------------


def cpu_of_peer(kind: str, layout: str, urls: list[str], sizes: list[tuple[int, int]], seconds: float,
                shot: Path | None) -> tuple[float, float, list[float]]:
    """Cores of the peer's process and of the X server while it shows the wall, and each
    tile's displayed frame rate; ``shot``: the screen grabbed there once it plays."""
    proc = subprocess.Popen([sys.executable, __file__, "--peer", kind, "--layout", layout,
                             "--urls", json.dumps(urls), "--sizes", json.dumps(sizes)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "xcb"})
    assert proc.stdin is not None and proc.stdout is not None
    try:
        time.sleep(WARM_UP_S)
        x_server = wb.xvfb_pid()
        proc.stdin.write("\n")
        proc.stdin.flush()
        start = time.perf_counter()
        p0, x0 = wb._proc_cpu(proc.pid), wb._proc_cpu(x_server) if x_server else 0.0
        first = json.loads(proc.stdout.readline())
        time.sleep(seconds)
        p1, x1 = wb._proc_cpu(proc.pid), wb._proc_cpu(x_server) if x_server else 0.0
        proc.stdin.write("\n")
        proc.stdin.flush()
        elapsed = time.perf_counter() - start
        last = json.loads(proc.stdout.readline())
        if shot is not None:
            grab_screen(shot)
    finally:
        proc.stdin.close()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    fps = [(b - a) / elapsed for a, b in zip(first, last, strict=True)]
    return (p1 - p0) / elapsed, (x1 - x0) / elapsed, fps


def grab_screen(path: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.primaryScreen().grabWindow(0).save(str(path))


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--peer", choices=PEERS, help=argparse.SUPPRESS)
    p.add_argument("--layout", help=argparse.SUPPRESS)
    p.add_argument("--urls", help=argparse.SUPPRESS)
    p.add_argument("--sizes", help=argparse.SUPPRESS)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--cpu-s", type=float, default=8.0, help="seconds a round measures")
    p.add_argument("--layouts", default="4 sub,16 sub,64 sub")
    p.add_argument("--peers", default=",".join(PEERS))
    p.add_argument("--shots", type=Path, help="save the screen of each peer's first round here")
    a = p.parse_args()
    if a.peer:
        return run_peer(a.peer, a.layout, json.loads(a.urls), [tuple(s) for s in json.loads(a.sizes)])
    peers = [x.strip() for x in a.peers.split(",") if x.strip()]
    rows = [r for r in wb.CPU_ROWS if r[0] in {x.strip() for x in a.layouts.split(",")}]

    from PySide6.QtWidgets import QApplication

    from rtcc_desktop.config import BackendProfile
    from rtcc_desktop.mock_process import MockProcess
    from rtcc_desktop.session import open_session
    from rtcc_desktop.video.stream_source import source_from
    from ui.wall.wall_view import WallView

    app = QApplication(["wall-peers"])
    if not wb.xvfb_pid():
        p.error("run under Xvfb with QT_QPA_PLATFORM=xcb: the peers draw on an X screen")
    mock = MockProcess(
        args=["--ephemeral", "--cameras", "2000", "--data-dir", tempfile.mkdtemp(prefix="rtcc-wall-peers-"),
              "--grant-ttl", "3600"])
    mock.start()
    results: dict[str, object] = {"machine": machine(), "load_average_start": load_average(), "rows": []}
    print("machine:", json.dumps(machine()), "load average:", load_average())
    try:
        session = open_session(BackendProfile("bench", mock.wait_ready()), "operator", "demo")
        client = session.client
        cams = wb.live_cameras(client)
        view = WallView(session)
        view.resize(*SCREEN)
        view.show()
        table: list[list[object]] = []
        for label, layout, count, profile in rows:
            cameras = (cams[:16] * 4)[:count]
            urls = [source_from(client.request_stream(c.id, wb.CASE, wb.PURPOSE, profile=profile)).url
                    for c in cameras]
            view.set_layout(layout)
            wb.pump(app, 0.5)
            rounds: list[dict[str, object]] = []
            for n in range(a.runs):  # interleaved: the app, the reference, each peer, again
                shot = a.shots if a.shots is not None and n == 0 else None
                wall = wb.cpu_of_wall(app, view, cameras, profile, a.cpu_s)
                row: dict[str, object] = {"app": wall.cores, "app_x": wall.x_cores, "app_fps": wall.fps,
                                          "sizes": wall.sizes, "load": load_average()}
                row["reference"] = wb.cpu_of_ffmpeg(urls, a.cpu_s, wall.sizes)[0]
                for kind in peers:
                    cores, x_cores, fps = cpu_of_peer(kind, layout, urls, wall.sizes, a.cpu_s,
                                                      shot / f"peer-{kind}-{count}.png" if shot else None)
                    row[kind], row[f"{kind}_x"], row[f"{kind}_fps"] = cores, x_cores, fps
                rounds.append(row)
                wb.pump(app, 0.2)
            results["rows"].append({"tiles": label, "layout": layout, "rounds": rounds})  # type: ignore[union-attr]
            table.append(_row(label, rounds, peers))
        headers = ["tiles", "tile size", "app+X", "ffmpeg ref"]
        for kind in peers:
            headers += [f"{kind}+X", f"app/{kind}", f"{kind} fps min/med"]
        headers += ["app/ref", "app fps min/med", "load"]
        print_table(headers, table)
        print("cores: whole process + the Xvfb server, medians of the rounds; ratios: median of the "
              "rounds' ratios; ref: ffmpeg decode+scale+bgra to -f null (no X)")
        results["load_average_end"] = load_average()
        for tile in view.tiles:
            tile.feed.release()
    finally:
        mock.stop()
    print(json.dumps(results, default=str))
    return 0


def _row(label: str, rounds: list[dict[str, object]], peers: list[str]) -> list[object]:
    def med(values: list[float]) -> float:
        return statistics.median(values)

    def shown(r: dict[str, object], kind: str) -> float:
        return float(r[kind]) + float(r[f"{kind}_x"] or 0.0)  # type: ignore[arg-type]

    def fps(key: str) -> str:
        values = [f for r in rounds for f in r[key]]  # type: ignore[attr-defined]
        return f"{min(values):.1f}/{med(values):.1f}"

    app = [shown(r, "app") for r in rounds]
    w, h = rounds[0]["sizes"][0]  # type: ignore[index]
    cells: list[object] = [label, f"{w}x{h}", f"{med(app):.2f}", f"{med([r['reference'] for r in rounds]):.2f}"]
    for kind in peers:
        peer = [shown(r, kind) for r in rounds]
        cells += [f"{med(peer):.2f}", f"{med([x / y for x, y in zip(app, peer, strict=True)]):.2f}", fps(f"{kind}_fps")]
    cells += [f"{med([x / float(r['reference']) for x, r in zip(app, rounds, strict=True)]):.2f}",  # type: ignore[arg-type]
              fps("app_fps"), f"{rounds[0]['load']}..{rounds[-1]['load']}"]
    return cells


if __name__ == "__main__":
    sys.exit(main())
