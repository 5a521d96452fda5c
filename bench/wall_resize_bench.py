"""How fast the wall shows every tile at its new size after a layout change or a focus.

A 1920x1080 wall (``WallView`` + ``WallFeeds`` on a ``WallModel``, as the Wall panel puts them
together) of live mock streams goes through a loop of layouts and focus changes
(2x2 -> 3x3 -> 4x4 -> 1+5 -> 1+7 -> 2x2 -> focus -> back -> 4x4 ...). After each change,
per tile:
- resized: a tile that kept its camera; the time from the change to the first picture
  delivered by the tile's shown player at the tile's new size and profile
  (``FrameBuffer.size`` is the decode size for the tile's device pixels, the buffer's ``seq``
  moved), observed on the UI thread where the tile is repainted (a queued slot on the
  feed's ``frame``/``changed`` signals; no polling sleeps), and the first paint of it 1:1;
- opened: a tile that became visible and was given a camera: the time to its first picture;
- blank paints: paints of a tile that has a camera but no picture, from the change until the
  tile shows its new size (target: 0 for a tile that kept its camera).
Medians and p95 over every change of every run; the machine; the last line is JSON.

``--profiles sub`` (the default) keeps every tile on the ``sub`` stream, so a change is the
size switch alone (the same link replayed at the new size on the standby player), and a
reader in the bench keeps each camera's encoder running: the mock starts an encoder with its
first viewer and stops it 2 s after its last, and starting ffmpeg encoders on these 2 cores
would be measured instead of the wall. ``--profiles app`` lets the wall choose ``main`` for
wide tiles as the app does (a new grant, and the mock's ``main`` encoder started on demand).
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/wall_resize_bench.py [--runs 3] [--quick]
           [--profiles sub|app]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QApplication

from bench._machine import machine, print_table
from bench.wall_bench import CASE, PURPOSE, live_cameras, pct, pump
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video.frame_buffer import decode_size
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.wall.model import WallModel
from ui.wall.tile import VideoTile
from ui.wall.viewing_purpose import ViewingPurpose
from ui.wall.wall_feeds import WallFeeds
from ui.wall.wall_view import WallView

L = LiveState
# ("layout", name) or ("focus", tile index): toggling the same index again goes back.
STEPS = (("layout", "2x2"), ("layout", "3x3"), ("layout", "4x4"), ("layout", "1+5"), ("layout", "1+7"),
         ("layout", "2x2"), ("focus", 0), ("focus", 0), ("layout", "4x4"), ("focus", 5), ("focus", 5),
         ("layout", "3x3"), ("layout", "2x2"))
TARGET_S = 0.6


def at_new_size(view: WallView, tile: VideoTile, seq0: int) -> bool:
    """The tile's shown player has delivered a picture since the change, decoded to the tile's
    current device pixels, of the profile the wall wants for it."""
    feed = tile.feed
    shown = feed.shown
    if feed.state is not L.playing or not shown.buffer.has_picture() or shown.buffer.seq <= seq0:
        return False
    source = shown.source
    if source is None or source.profile != view.profile_for(tile):
        return False
    shape = shown.buffer.source_size or shown.buffer.size
    return shown.buffer.size == decode_size(shape, WallView.pixel_size(tile))


@dataclass
class TileWatch:
    tile: VideoTile
    kept: bool  # the tile had its camera and picture before the change
    seqs: tuple[int, int]  # each player's seq at the change
    start: float
    shown_s: float | None = None
    painted_s: float | None = None
    painted_at_shown: int = 0
    blank_at_start: int = 0


class Probe(QObject):
    """Watches one change on the UI thread: each tile's feed signals arrive queued, and each
    paint of a tile is looked at right after it."""

    def __init__(self, view: WallView) -> None:
        super().__init__()
        self.view = view
        self.watches: list[TileWatch] = []
        for tile in view.tiles:
            self._wire(tile)
        view.tile_created.connect(self._wire)

    def _wire(self, tile: VideoTile) -> None:
        queued = Qt.ConnectionType.QueuedConnection
        tile.feed.frame.connect(self.check, queued)
        tile.feed.changed.connect(self.check, queued)
        tile.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.watches:
            QTimer.singleShot(0, self.check)  # once the paint (and its counters) is done
        return False

    def begin(self, kept: list[VideoTile], opened: list[VideoTile], start: float) -> None:
        self.watches = [TileWatch(t, t in kept, tuple(p.buffer.seq for p in t.feed.live.players), start,  # type: ignore[arg-type]
                                  blank_at_start=t.painted_blank) for t in (*kept, *opened)]

    def done(self) -> bool:
        return all(w.painted_s is not None for w in self.watches)

    @Slot()
    def check(self) -> None:
        now = time.perf_counter()
        for w in self.watches:
            if w.shown_s is None:
                players = w.tile.feed.live.players
                seq0 = w.seqs[players.index(w.tile.feed.shown)]
                if at_new_size(self.view, w.tile, seq0):
                    w.shown_s = now - w.start
                    w.painted_at_shown = w.tile.painted_1to1
            elif w.painted_s is None and w.tile.painted_1to1 > w.painted_at_shown:
                w.painted_s = now - w.start


@dataclass
class Change:
    step: str
    resized: list[float] = field(default_factory=list)
    resized_painted: list[float] = field(default_factory=list)
    opened: list[float] = field(default_factory=list)
    missed: int = 0  # tiles not at their size within the wait
    blank_paints: int = 0  # paints without a picture on tiles that kept their camera


def run_steps(app: QApplication, model: WallModel, view: WallView, probe: Probe, camera_ids: list[int],
              wait_s: float, settle_s: float) -> list[Change]:
    changes = []
    for kind, arg in STEPS:
        # A tile hidden under a focused one keeps its camera (and its picture) too.
        before = {t.index for t in view.visible_tiles
                  if t.feed.camera is not None and t.feed.shown.buffer.has_picture()}
        start = time.perf_counter()
        if kind == "layout":
            model.set_layout(str(arg))
        else:
            model.toggle_focus(int(arg))
        visible = [t for t in view.visible_tiles if t.isVisible()]
        kept = [t for t in visible if t.index in before]
        free = [t for t in visible if t.feed.camera is None]
        if free:
            model.show_cameras([c for c in camera_ids if model.index_of(c) is None][: len(free)],
                               start=free[0].index)
        opened = [t for t in visible if t not in kept]
        probe.begin(kept, opened, start)
        probe.check()
        pump(app, wait_s, probe.done)
        name = f"{kind} {arg}" if kind == "layout" else f"focus {arg}" + (" (back)" if model.focused is None else "")
        change = Change(f"{len(changes) + 1:2d} {name}")
        for w in probe.watches:
            if w.shown_s is None:
                change.missed += 1
            elif w.kept:
                change.resized.append(w.shown_s)
                if w.painted_s is not None:
                    change.resized_painted.append(w.painted_s)
            else:
                change.opened.append(w.shown_s)
            if w.kept:
                change.blank_paints += w.tile.painted_blank - w.blank_at_start
        probe.watches = []
        changes.append(change)
        pump(app, settle_s)
    return changes


def keep_encoders_running(urls: list[str], stop: threading.Event) -> None:
    """One reader per stream that throws the bytes away: the mock's encoder for it stays up."""
    def read(url: str) -> None:
        while not stop.is_set():
            try:
                with urllib.request.urlopen(url, timeout=10) as stream:
                    while not stop.is_set() and stream.read(65536):
                        pass
            except (OSError, http.client.HTTPException):  # the mock stopped, or cut a slow reader
                stop.wait(0.5)

    for url in urls:
        threading.Thread(target=read, args=(url,), daemon=True).start()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--wait-s", type=float, default=8.0, help="longest wait for a change to complete")
    p.add_argument("--settle-s", type=float, default=1.5, help="steady state between changes")
    p.add_argument("--profiles", choices=("sub", "app"), default="sub",
                   help="sub: every tile on the sub stream (the size switch alone); app: the app's choice")
    p.add_argument("--quick", action="store_true", help="one run, for a smoke check")
    a = p.parse_args()
    if a.quick:
        a.runs = 1
    app = QApplication(["wall-resize-bench"])
    data_dir = Path(tempfile.mkdtemp(prefix="rtcc-wall-resize-bench-"))
    mock = MockProcess(args=["--ephemeral", "--cameras", "2000", "--data-dir", str(data_dir), "--grant-ttl", "3600"])
    mock.start()
    try:
        url = mock.wait_ready()
        session = open_session(BackendProfile("bench", url), "operator", "demo")
        cams = live_cameras(session.client)[:16]
        print("machine:", json.dumps(machine()), "display:", QApplication.platformName())
        model = WallModel(CameraDirectory(cams))
        view = WallView(session, model=model)
        keepers = threading.Event()
        if a.profiles == "sub":
            view.profile_for = lambda _tile: "sub"  # type: ignore[method-assign, assignment]
            keep_encoders_running([session.client.request_stream(c.id, CASE, PURPOSE, profile="sub").url
                                   for c in cams], keepers)
            time.sleep(3)  # the encoders up
        feeds = WallFeeds(model, view)
        view.resize(1920, 1080)
        view.show()
        model.set_purpose(ViewingPurpose(CASE, PURPOSE))
        probe = Probe(view)
        ids = [c.id for c in cams]
        all_changes: list[Change] = []
        for run in range(a.runs):
            model.set_layout("1x1")
            model.set_layout("2x2")
            model.show_cameras(ids[:4])
            pump(app, 15, lambda: all(t.feed.state is L.playing for t in view.visible_tiles))
            pump(app, a.settle_s)
            changes = run_steps(app, model, view, probe, ids, a.wait_s, a.settle_s)
            all_changes.extend(changes)
            resized = [s for c in changes for s in c.resized]
            print(f"run {run + 1}: resized p50 {statistics.median(resized) * 1000:.0f} ms, "
                  f"p95 {pct(resized, 0.95) * 1000:.0f} ms over {len(resized)} tiles")
        rows = []
        for step in dict.fromkeys(c.step for c in all_changes):
            of = [c for c in all_changes if c.step == step]
            resized = [s for c in of for s in c.resized]
            opened = [s for c in of for s in c.opened]
            rows.append([step, len(resized), _ms(resized, 0.5), _ms(resized, 0.95), len(opened), _ms(opened, 0.5),
                         _ms(opened, 0.95), sum(c.missed for c in of), sum(c.blank_paints for c in of)])
        print_table(["change", "resized tiles", "p50 ms", "p95 ms", "opened tiles", "p50 ms", "p95 ms", "missed",
                     "blank paints"], rows)
        resized = [s for c in all_changes for s in c.resized]
        painted = [s for c in all_changes for s in c.resized_painted]
        opened = [s for c in all_changes for s in c.opened]
        missed = sum(c.missed for c in all_changes)
        blanks = sum(c.blank_paints for c in all_changes)
        print(f"resized tiles: new size shown p50 {_ms(resized, 0.5)} ms, p95 {_ms(resized, 0.95)} ms "
              f"(target p95 <= {TARGET_S * 1000:.0f}); painted 1:1 p95 {_ms(painted, 0.95)} ms; "
              f"opened tiles p95 {_ms(opened, 0.95)} ms; missed {missed}; blank paints {blanks} (target 0)")
        result = {"machine": machine(), "platform": QApplication.platformName(), "runs": a.runs,
                  "profiles": a.profiles,
                  "resized_p50_s": statistics.median(resized) if resized else None,
                  "resized_p95_s": pct(resized, 0.95), "resized_painted_p95_s": pct(painted, 0.95),
                  "opened_p50_s": statistics.median(opened) if opened else None,
                  "opened_p95_s": pct(opened, 0.95), "missed": missed, "blank_paints": blanks,
                  "target_p95_s": TARGET_S, "met": pct(resized, 0.95) <= TARGET_S and missed == 0 and blanks == 0,
                  "changes": [c.__dict__ for c in all_changes]}
        feeds.shutdown()
        keepers.set()
        pump(app, 1)
        print(json.dumps(result, default=str))
    finally:
        mock.stop()
    return 0


def _ms(values: list[float], q: float) -> str:
    return f"{pct(values, q) * 1000:.0f}" if values else "-"


if __name__ == "__main__":
    sys.exit(main())
