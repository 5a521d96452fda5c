"""Room wall at scale: N headless seats and 2 room-wall devices against one mock.

Every seat is the real client (``rtcc_desktop.api.client``) with the real event stream
(``rtcc_desktop/api/event_stream.py``), signed in with an account of its own; no widgets. The
two devices are the walls' displays (``wall-front`` on the seeded wall ``front``, 2x2 + 3x3, and
``wall-side`` on a wall ``side``, 3x3, set up by the demo supervisor), each following its wall
with the real ``RoomWallMirror``. Per size (1, 5, 10, 20, 50 seats):

- events: the seats push and clear tiles in turn at 50 changes/s (both walls, each change
  with ``If-Match`` the version the seat last heard of; a 412 is counted and the seat takes the
  version it was given). Delivery of a change = from the change's answer (the pusher's client
  returning) to the last of the seats' event streams yielding its ``room_wall.updated``
  (timestamped on the stream's reader thread). p50/p99 over the changes, median of the runs.
- mirrors: the same load with every seat following both walls through ``RoomWallMirror``, as
  the seat's Room wall panel does: each event naming a newer version costs a ``GET`` of the
  wall (one out at a time per mirror). Delivery again, and "current": until every seat's mirror
  holds that version or a newer one.
- picture: a push every ~1.5 s while the seats follow, alternating a camera the pushing seat is
  watching (its encoder running: the usual "send to room wall" from a seat's tile) and one
  nobody watches (the mock starts its encoder). Measured from the push being sent to the
  device holding the first complete keyframe of the new tile's stream: the device's mirror
  hears the event and fetches the wall, asks for the tile's grant, opens the HTTP-TS stream and
  reads until the first video PES flagged random-access (an IDR) has all its declared bytes.
  Decoding it (a few ms at 320x180) is not in the figure; the first capture of each size is
  decoded with ffmpeg afterwards and its frame strip must name the camera.
- CPU: the mock process's own user+system time over each window from ``/proc/<pid>/stat``
  (its ffmpeg encoders are child processes, not counted) and this process's (all seats).

Seats are threads in this one process, not processes: on 2 cores, 50 Python processes (each an
interpreter, ~40 MB, its own event-stream and fetch threads) would compete with the mock for both
cores and their scheduling would land in the mock's figures; as threads the seats' Python work
is bounded by one interpreter lock (at most about one core), which this bench reports, so the
other core stays the mock's. The price: a seat's timestamps can wait for the lock when the
seats' own work saturates it (see "bench cores" in the table).

Usage: .venv/bin/python bench/seats_bench.py [--quick] [--runs 3] [--seconds 6] [--sizes 1,5,10,20,50]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import requests
from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QTimer, Signal

from bench._machine import machine, print_table
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import BackendError, RoomWallConflictError
from rtcc_desktop.api.event_stream import EventStream
from rtcc_desktop.api.schemas import RoomTilePush, RoomWall, RoomWallCreate, ServerEvent, frame_strip
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.room_wall.mirror import RoomWallMirror

SIZES = (1, 5, 10, 20, 50)
RATE = 50.0  # changes per second, all seats together
PASSWORD = "bench-seat-pass"
CASE, PURPOSE = "2026-024024", "Room wall scale benchmark"
SUB = (320, 180)
GRACE_S = 2.0  # after a window: a change not delivered by then counts as never delivered
PICTURE_GAP_S = 1.5
PICTURE_TIMEOUT_S = 8.0
TARGETS = {"picture_p95_s": 1.0, "delivery_p99_ms": 250.0, "at_seats": 20, "rate_per_s": RATE}
now = time.perf_counter


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def med(values: list[float]) -> float:
    values = [v for v in values if v == v]
    return statistics.median(values) if values else float("nan")


def _ticks(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Cpu:
    """Cores used by the mock process and by this one over a window."""

    def __init__(self, mock_pid: int) -> None:
        self.pid = mock_pid
        self.t0, self.m0, self.b0 = now(), _ticks(mock_pid), _own_cpu()

    def done(self) -> tuple[float, float]:
        elapsed = now() - self.t0
        return (_ticks(self.pid) - self.m0) / elapsed, (_own_cpu() - self.b0) / elapsed


# --- Qt plumbing: mirrors live on the main thread ------------------------------------------------

class _Main(QObject):
    """Runs a callable on the main thread (a signal emitted from any thread is queued to it)."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(lambda fn: fn())


class _Bridge(QObject):
    """An EventStream's callbacks as the signals ``RoomWallMirror.follow`` wants."""

    event = Signal(object)  # type: ignore[assignment]  # the name RoomWallMirror.follow connects to
    state = Signal(str)
    resync = Signal()


def wait(seconds: float) -> None:
    """Serve the main thread's events for ``seconds``."""
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def wait_until(done: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    end = now() + timeout
    while not done():
        if now() > end:
            return False
        wait(step)
    return True


# --- seats and devices ---------------------------------------------------------------------------

@dataclass
class Change:
    seat: int
    wall_id: int
    sent: float
    answered: float = 0.0
    version: int | None = None  # the version this change made; None: refused
    status: str = ""
    conflicts: int = 0  # 412s before this answer


class CountingClient(BackendClient):
    """The real client, counting the wall reads its mirrors make."""

    gets = 0

    def room_wall(self, wall_id: int) -> RoomWall:
        self.gets += 1
        return super().room_wall(wall_id)

    def room_walls(self) -> list[RoomWall]:
        self.gets += 1
        return super().room_walls()


class Member:
    """A signed-in client with its event stream: a seat or a device."""

    def __init__(self, url: str, username: str, password: str, main: _Main, workers: int = 2) -> None:
        self.username = username
        self.client = CountingClient(url)
        self.client.sign_in(username, password)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=username)
        # A seat's own changes go one after another (as the seat panel sends them), each against
        # the version the one before left.
        self.changes = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{username}-changes")
        self.heard: dict[tuple[int, int], float] = {}  # (wall id, version) -> when its event came
        self.version: dict[int, int] = {}  # wall id -> newest version heard or answered
        self.bridge = _Bridge()
        self.main = main
        self.mirrors: dict[str, RoomWallMirror] = {}
        self.retired: list[RoomWallMirror] = []  # unfollowed: answers still on their way may reach them
        self.held: dict[int, list[tuple[float, int]]] = {}  # wall id -> (when, version) as the mirror took it
        self.stream = EventStream(self.client, self._event, on_state=self.bridge.state.emit,
                                  on_resync=self.bridge.resync.emit, read_timeout=30)
        self.connected = threading.Event()
        self.stream.start()

    def _event(self, event: ServerEvent) -> None:  # the reader thread
        t = now()
        if event.type == "room_wall.updated":
            wall_id, version = event.data.get("id"), event.data.get("version")
            if isinstance(wall_id, int) and isinstance(version, int):
                self.heard[(wall_id, version)] = t
                if version > self.version.get(wall_id, 0):
                    self.version[wall_id] = version
        if self.mirrors:
            self.bridge.event.emit(event)

    def run(self, work: Callable[[], Any], ok: Callable[[Any], None], fail: Callable[[BaseException], None]) -> None:
        """The mirror's runner: work on this member's pool, the answer on the main thread."""

        def job() -> None:
            try:
                result = work()
            except BaseException as exc:  # delivered to the mirror, as run_in_background does
                self.main.call.emit(lambda exc=exc: fail(exc))
            else:
                self.main.call.emit(lambda: ok(result))

        self.pool.submit(job)

    def follow(self, name: str) -> RoomWallMirror:
        mirror = RoomWallMirror(self.client, self.run, name)
        mirror.follow(self.bridge)

        def took(wall: RoomWall) -> None:
            self.held.setdefault(wall.id, []).append((now(), wall.version))

        mirror.changed.connect(took)
        self.mirrors[name] = mirror
        mirror.start()
        return mirror

    def unfollow(self) -> None:
        for mirror in self.mirrors.values():
            mirror.changed.disconnect()
            self.bridge.event.disconnect(mirror.apply_event)
            self.bridge.state.disconnect(mirror.on_stream_state)
            self.bridge.resync.disconnect(mirror.on_resync)
            self.retired.append(mirror)
        self.mirrors.clear()

    def holds(self, wall_id: int, version: int) -> float | None:
        """When this member's mirror first held ``version`` of the wall or a newer one."""
        return next((t for t, v in self.held.get(wall_id, []) if v >= version), None)

    def held_version(self, wall_id: int) -> int:
        """The newest version this seat knows of: its events', its answers', its mirror's. (Its
        mirror alone lags its events by a GET: at 50 changes/s most of its changes would be 412s.)"""
        known = [self.version.get(wall_id, 1)]
        known += [m.wall.version for m in self.mirrors.values() if m.wall is not None and m.wall.id == wall_id]
        return max(known)

    def loaded(self) -> bool:
        return all(m.wall is not None for m in self.mirrors.values())

    def close(self) -> None:
        self.stream.stop(timeout=1.0)
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.changes.shutdown(wait=False, cancel_futures=True)
        self.client.close()


@dataclass
class Slot:
    wall_id: int
    wall: str
    screen: int
    tile: int


def change_once(seat: Member, index: int, slot: Slot, camera_id: int, push: bool, resend: int = 1) -> Change:
    """One push or clear with the newest version the seat knows of; a 412 is sent again at once
    (up to ``resend`` times) against the version it gave, as an operator who sees the other's
    change and still wants theirs would, sooner."""
    version = seat.held_version(slot.wall_id)
    conflicts = 0
    while True:
        c = Change(index, slot.wall_id, now(), conflicts=conflicts)
        try:
            if push:
                wall = seat.client.push_room_tile(
                    slot.wall_id, slot.screen, slot.tile,
                    RoomTilePush(camera_id=camera_id, case_number=CASE, purpose=PURPOSE), version)
            else:
                wall = seat.client.clear_room_tile(slot.wall_id, slot.screen, slot.tile, version, "Bench clear")
        except RoomWallConflictError as exc:
            c.answered = now()
            conflicts = c.conflicts = conflicts + 1
            version = exc.current.version
            if version > seat.version.get(slot.wall_id, 0):
                seat.version[slot.wall_id] = version
            if conflicts > resend:
                c.status = "412"
                return c
            continue
        except BackendError as exc:
            c.answered, c.status = now(), f"{exc.status or 'error'}"
            return c
        c.answered, c.version, c.status = now(), wall.version, "ok"
        if wall.version > seat.version.get(slot.wall_id, 0):
            seat.version[slot.wall_id] = wall.version
        return c


def drive(seats: list[Member], slots: list[Slot], cameras: list[int], seconds: float, start_k: int) -> list[Change]:
    """Changes at RATE per second from the seats in turn, for ``seconds``; waits for the answers."""
    futures = []
    t0 = now()
    k = start_k
    for n in range(int(seconds * RATE)):
        due = t0 + n / RATE
        if (ahead := due - now()) > 0:
            time.sleep(ahead)
        seat_index = n % len(seats)
        slot = slots[k % len(slots)]
        push = (k // len(slots)) % 2 == 0
        futures.append(seats[seat_index].changes.submit(change_once, seats[seat_index], seat_index, slot,
                                                     cameras[k % len(cameras)], push))
        k += 1
    return [f.result() for f in futures]


def delivery(changes: list[Change], seats: list[Member], mirrors: bool) -> dict[str, float]:
    made = [c for c in changes if c.version is not None]
    to_all, to_all_sent, current, missed = [], [], [], 0
    for c in made:
        assert c.version is not None
        arrivals = [s.heard.get((c.wall_id, c.version)) for s in seats]
        if any(a is None for a in arrivals):
            missed += 1
            to_all.append(float("inf"))
            to_all_sent.append(float("inf"))
        else:
            last = max(a for a in arrivals if a is not None)
            to_all.append((last - c.answered) * 1000)
            to_all_sent.append((last - c.sent) * 1000)
        if mirrors:
            held = [s.holds(c.wall_id, c.version) for s in seats]
            current.append(float("inf") if any(h is None for h in held)
                           else (max(h for h in held if h is not None) - c.answered) * 1000)
    answers = [(c.answered - c.sent) * 1000 for c in changes]
    span = max(1e-9, changes[-1].sent - changes[0].sent) if changes else 1.0
    out = {"changes": len(changes), "made": len(made), "made_per_s": len(made) / span,
           "412": sum(c.conflicts for c in changes),
           "refused_412": sum(c.status == "412" for c in changes),
           "other_refusals": sum(c.status not in ("ok", "412") for c in changes), "missed": missed,
           "delivery_p50_ms": pct(to_all, 0.5), "delivery_p99_ms": pct(to_all, 0.99),
           "delivery_from_sent_p99_ms": pct(to_all_sent, 0.99),
           "answer_p50_ms": pct(answers, 0.5), "answer_p99_ms": pct(answers, 0.99)}
    if mirrors:
        out["current_p50_ms"], out["current_p99_ms"] = pct(current, 0.5), pct(current, 0.99)
    return out


# --- the device's first picture ---------------------------------------------------------------------

def _chunks(response: requests.Response) -> Iterator[bytes]:
    raw: Any = response.raw
    if raw.chunked:
        yield from raw.stream(64 * 1024, decode_content=True)
        return
    while chunk := raw.read1(64 * 1024, decode_content=True):
        yield chunk


class FirstPicture:
    """Feeds MPEG-TS bytes; ``done`` once a whole random-access video PES (an IDR) has come."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.video_pid: int | None = None
        self.key: list[int] | None = None  # [declared length, carried] of the keyframe PES being read
        self.done = False
        self.end = 0  # bytes of the stream up to the end of that picture

    def feed(self, data: bytes, offset: int) -> None:
        self.buffer += data
        while len(self.buffer) >= 188 and not self.done:
            if self.buffer[0] != 0x47:
                sync = self.buffer.find(b"\x47", 1)
                del self.buffer[:sync if sync > 0 else len(self.buffer)]
                continue
            self._packet(bytes(self.buffer[:188]))
            del self.buffer[:188]
        if self.done:
            self.end = offset + len(data) - len(self.buffer)

    def _packet(self, p: bytes) -> None:
        pid = ((p[1] & 0x1F) << 8) | p[2]
        if not p[3] & 0x10:
            return
        adaptation = bool(p[3] & 0x20)
        start = 5 + p[4] if adaptation else 4
        payload = p[start:]
        if p[1] & 0x40 and payload[:3] == b"\x00\x00\x01" and 0xE0 <= payload[3] <= 0xEF:
            if self.key is not None:  # the next picture began: the keyframe ended (an unbounded PES)
                self.done = True
                return
            self.video_pid = pid
            random_access = adaptation and p[4] > 0 and bool(p[5] & 0x40)
            if random_access or _has_idr(payload):
                self.key = [int.from_bytes(payload[4:6], "big"), len(payload) - 6]
        elif self.key is not None and pid == self.video_pid:
            self.key[1] += len(payload)
        if self.key is not None and self.key[0] and self.key[1] >= self.key[0]:
            self.done = True


def _has_idr(pes: bytes) -> bool:
    body = pes[9 + pes[8]:] if len(pes) > 9 else b""
    at = body.find(b"\x00\x00\x01")
    while at >= 0 and at + 3 < len(body):
        if body[at + 3] & 0x1F == 5:
            return True
        at = body.find(b"\x00\x00\x01", at + 3)
    return False


def first_picture(url: str, timeout: float) -> tuple[float, float, bytes]:
    """(first byte, whole first keyframe) as perf_counter times, and the bytes up to it."""
    detector = FirstPicture()
    data = bytearray()
    first_byte = 0.0
    end = now() + timeout
    with requests.get(url, stream=True, timeout=(3, 5)) as r:
        r.raise_for_status()
        for chunk in _chunks(r):
            if not first_byte:
                first_byte = now()
            detector.feed(chunk, len(data))
            data += chunk
            if detector.done:
                return first_byte, now(), bytes(data[:detector.end])
            if now() > end:
                break
    raise TimeoutError("no whole keyframe within the timeout")


def decodes_to(ts: bytes, camera_id: int) -> bool:
    """Whether ffmpeg decodes the capture to a frame whose strip names the camera."""
    from mock_backend.ffmpeg_tool import ffmpeg_exe

    width, height = SUB
    raw = subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0", "-frames:v", "1",
                          "-pix_fmt", "bgra", "-f", "rawvideo", "pipe:1"],
                         input=ts, capture_output=True, timeout=30, check=False).stdout
    if len(raw) < width * height * 4:
        return False
    reading = frame_strip.read_strip(raw[:width * height * 4], width, height, width * 4, int(time.time() * 1000))
    return reading is not None and reading.camera_number == camera_id


@dataclass
class PicturePush:
    camera_id: int
    slot: Slot
    warm: bool
    sent: float = 0.0
    answered: float = 0.0
    wall_seen: float = 0.0  # the device's mirror held the wall showing it
    granted: float = 0.0
    first_byte: float = 0.0
    picture: float = 0.0
    capture: bytes = b""
    problem: str = ""
    started: bool = False
    finished: threading.Event = field(default_factory=threading.Event)


class Device:
    """A wall's display: its mirror follows the wall; a tile awaited by a picture push gets its
    grant and its stream read to the first picture."""

    def __init__(self, member: Member, wall: str) -> None:
        self.member = member
        self.mirror = member.follow(wall)
        self.awaited: dict[tuple[int, int, int], PicturePush] = {}  # (screen, tile, camera) -> push
        self.mirror.changed.connect(self._changed)

    def _changed(self, wall: RoomWall) -> None:  # the main thread
        for screen in wall.screens:
            for tile in screen.tiles:
                push = self.awaited.get((screen.index, tile.index, tile.camera_id or 0))
                if push is not None and not push.started:
                    push.started, push.wall_seen = True, now()
                    self.member.pool.submit(self._play, wall.id, screen.index, tile.index, push)

    def _play(self, wall_id: int, screen: int, tile: int, push: PicturePush) -> None:
        try:
            grant = self.member.client.room_tile_grant(wall_id, screen, tile, "sub")
            push.granted = now()
            push.first_byte, push.picture, push.capture = first_picture(grant.url, PICTURE_TIMEOUT_S)
        except (BackendError, requests.RequestException, TimeoutError) as exc:
            push.problem = str(exc)[:200]
        finally:
            push.finished.set()


class Watcher:
    """A seat watching a camera (its stream read and dropped), so the mock's encoder runs."""

    def __init__(self, seat: Member, camera_id: int) -> None:
        self.stop = threading.Event()
        self.flowing = threading.Event()
        grant = seat.client.request_stream(camera_id, CASE, PURPOSE, profile="sub")
        threading.Thread(target=self._read, args=(grant.url,), daemon=True).start()

    def _read(self, url: str) -> None:
        with contextlib.suppress(requests.RequestException), requests.get(url, stream=True, timeout=(3, 5)) as r:
            for _chunk in _chunks(r):
                self.flowing.set()
                if self.stop.is_set():
                    return


def pictures(seats: list[Member], devices: dict[str, Device], slots: list[Slot], cameras: Iterator[int],
             count: int) -> list[PicturePush]:
    done: list[PicturePush] = []
    for n in range(count):
        seat = seats[n % len(seats)]
        slot = slots[(n * 7) % len(slots)]
        push = PicturePush(next(cameras), slot, warm=n % 2 == 0)
        watcher = None
        if push.warm:
            watcher = Watcher(seat, push.camera_id)
            wait_until(watcher.flowing.is_set, 8)
            wait(0.3)
        device = devices[slot.wall]
        device.awaited[(slot.screen, slot.tile, push.camera_id)] = push
        push.sent = now()
        result = seat.changes.submit(change_once, seat, 0, slot, push.camera_id, True)
        wait_until(result.done, 10)
        change = result.result()
        if change.status == "412":  # another's change crossed: an operator sends again
            push.sent = now()
            result = seat.changes.submit(change_once, seat, 0, slot, push.camera_id, True)
            wait_until(result.done, 10)
            change = result.result()
        push.answered = change.answered
        if change.status != "ok":
            push.problem = f"push refused ({change.status})"
            push.finished.set()
        wait_until(push.finished.is_set, PICTURE_TIMEOUT_S + 5)
        if watcher is not None:
            watcher.stop.set()
        del device.awaited[(slot.screen, slot.tile, push.camera_id)]
        done.append(push)
        wait(PICTURE_GAP_S)
    return done


def picture_figures(pushes: list[PicturePush]) -> dict[str, object]:
    def ms(a: str, b: str, which: list[PicturePush]) -> float:
        return med([(getattr(p, b) - getattr(p, a)) * 1000 for p in which])

    ok = [p for p in pushes if p.picture]
    total = [p.picture - p.sent for p in ok] + [float("inf")] * (len(pushes) - len(ok))
    warm = [p.picture - p.sent for p in ok if p.warm]
    cold = [p.picture - p.sent for p in ok if not p.warm]
    return {"pushes": len(pushes), "pictures": len(ok), "problems": sorted({p.problem for p in pushes if p.problem}),
            "picture_p50_s": pct(total, 0.5), "picture_p95_s": pct(total, 0.95),
            "warm_p50_s": med(warm), "warm_max_s": max(warm, default=float("nan")),
            "cold_p50_s": med(cold), "cold_max_s": max(cold, default=float("nan")),
            "steps_p50_ms": {"push answered": ms("sent", "answered", ok),
                             "device holds the wall": ms("answered", "wall_seen", ok),
                             "grant": ms("wall_seen", "granted", ok),
                             "first byte (watched)": ms("granted", "first_byte", [p for p in ok if p.warm]),
                             "first byte (unwatched)": ms("granted", "first_byte", [p for p in ok if not p.warm]),
                             "whole keyframe": ms("first_byte", "picture", ok)}}


# --- the run ----------------------------------------------------------------------------------------

def users_file(folder: Path, seats: int) -> Path:
    path = folder / "users.txt"
    lines = [f"seat{n:02d}:{PASSWORD}:operator" for n in range(1, seats + 1)] + [f"wall-side:{PASSWORD}:wall_device"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def live_cameras(client: BackendClient) -> list[int]:
    """Online cameras shared live with no end in the next hour (a push must stay pushable)."""
    soon = datetime.now(UTC) + timedelta(hours=1)
    return [c.id for c in client.all_cameras() if c.has_live_consent(soon) and c.status.value == "online"]


def slots_of(walls: list[RoomWall]) -> list[Slot]:
    return [Slot(w.id, w.name, s.index, t.index) for w in walls for s in w.screens for t in s.tiles]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default=",".join(map(str, SIZES)))
    p.add_argument("--runs", type=int, default=3, help="rounds, every size once per round")
    p.add_argument("--seconds", type=float, default=6.0, help="each run's window at 50 changes/s")
    p.add_argument("--pictures", type=int, default=12, help="picture pushes per size (over all runs)")
    p.add_argument("--quick", action="store_true", help="1 run of 2 s, 4 picture pushes per size")
    a = p.parse_args()
    if a.quick:
        a.runs, a.seconds, a.pictures = 1, 2.0, 4
    sizes = [int(s) for s in a.sizes.split(",")]
    app = QCoreApplication.instance() or QCoreApplication(["seats-bench"])
    main_thread = _Main()
    info = machine()
    info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]  # a shared machine: how busy it was
    print("machine:", json.dumps(info), flush=True)
    folder = Path(tempfile.mkdtemp(prefix="seats-bench-"))
    mock = MockProcess(args=["--ephemeral", "--cameras", "1500", "--seed", "7", "--cad-rate", "0",
                             "--access-ttl", "7200", "--data-dir", str(folder),
                             "--users-file", str(users_file(folder, max(sizes)))])
    mock.start()
    members: list[Member] = []
    try:
        assert mock.pid is not None and mock.url
        supervisor = BackendClient(mock.url)
        supervisor.sign_in("supervisor", "demo")
        with contextlib.suppress(BackendError):  # set up once per mock
            supervisor.create_room_wall(RoomWallCreate(name="side", title="Side of the room", screens=1, layout="3x3"))
        walls = supervisor.room_walls()
        slots = slots_of(walls)
        cameras = live_cameras(supervisor)
        events_cameras, picture_cameras = cameras[:30], iter(cameras[30:])
        print(f"mock {mock.url}: {len(cameras)} live cameras, walls "
              + ", ".join(f"{w.name} ({'+'.join(s.layout for s in w.screens)})" for w in walls), flush=True)
        devices = {"front": Device(Member(mock.url, "wall-front", "demo", main_thread, workers=4), "front"),
                   "side": Device(Member(mock.url, "wall-side", PASSWORD, main_thread, workers=4), "side")}
        members += [d.member for d in devices.values()]
        seats: list[Member] = []
        # Rounds, every size once per round: a shared machine's load drifts over minutes, and
        # sizes measured one after the other would carry that drift into how the figures grow.
        runs: dict[int, dict[str, list[dict[str, Any]]]] = {n: {"events": [], "mirrors": []} for n in sizes}
        pushes: dict[int, list[PicturePush]] = {n: [] for n in sizes}
        picture_cpu: dict[int, list[tuple[float, float]]] = {n: [] for n in sizes}
        per_round = max(2, -(-a.pictures // a.runs))
        k = 0
        for round_ in range(a.runs):
            for size in sizes:
                while len(seats) < size:
                    seats.append(Member(mock.url, f"seat{len(seats) + 1:02d}", PASSWORD, main_thread))
                    members.append(seats[-1])
                active = seats[:size]
                wait(1.0)  # every stream connected
                for mode in ("events", "mirrors"):
                    if mode == "mirrors":
                        for seat in active:
                            for w in walls:
                                seat.follow(w.name)
                        wait_until(lambda: all(s.loaded() for s in seats), 20)
                    gets = sum(m.client.gets for m in members)
                    cpu = Cpu(mock.pid)
                    # The driver sleeps between changes on a thread of its own: the main thread
                    # serves the mirrors' answers meanwhile.
                    with ThreadPoolExecutor(1) as driver:
                        running = driver.submit(drive, active, slots, events_cameras, a.seconds, k)
                        wait_until(running.done, a.seconds * 4 + 30)
                        changes = running.result()
                    k += len(changes)
                    mock_cores, bench_cores = cpu.done()
                    gets = sum(m.client.gets for m in members) - gets
                    wait(GRACE_S)
                    run = delivery(changes, active, mirrors=mode == "mirrors")
                    run.update(mock_cores=mock_cores, bench_cores=bench_cores, gets_per_s=gets / a.seconds,
                               conflicts_per_s=run["412"] / a.seconds,
                               rate=len(changes) / max(1e-9, changes[-1].sent - changes[0].sent))
                    runs[size][mode].append(run)
                cpu = Cpu(mock.pid)
                pushes[size] += pictures(active, devices, slots, picture_cameras, per_round)
                picture_cpu[size].append(cpu.done())
                for seat in active:
                    seat.unfollow()
                e, m = runs[size]["events"][-1], runs[size]["mirrors"][-1]
                print(f"round {round_ + 1}, {size} seats: delivery p99 {e['delivery_p99_ms']:.0f} ms streams only, "
                      f"{m['delivery_p99_ms']:.0f} ms with mirrors (all current {m['current_p99_ms']:.0f}), "
                      f"mock {e['mock_cores']:.2f}/{m['mock_cores']:.2f} cores, load {os.getloadavg()[0]:.1f}",
                      flush=True)
        results: dict[int, dict[str, Any]] = {}
        for size in sizes:
            figures: dict[str, Any] = {"seats": size}
            for mode, mode_runs in runs[size].items():
                figures[mode] = {key: med([float(r[key]) for r in mode_runs]) for key in mode_runs[0]}
                figures[mode]["missed"] = sum(int(r["missed"]) for r in mode_runs)
                figures[mode]["other_refusals"] = sum(int(r["other_refusals"]) for r in mode_runs)
                figures[mode]["mock_cores_per_seat"] = figures[mode]["mock_cores"] / size
            figures["picture"] = picture_figures(pushes[size])
            figures["picture"].update(mock_cores=med([c[0] for c in picture_cpu[size]]),
                                      bench_cores=med([c[1] for c in picture_cpu[size]]))
            first = next((p for p in pushes[size] if p.capture), None)
            figures["picture"]["decode_check"] = None if first is None else decodes_to(first.capture, first.camera_id)
            results[size] = figures
        info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        report(info, a, results)
    finally:
        for member in members:
            member.close()
        mock.stop()
        app.processEvents()
    return 0


def added_per_seat(results: dict[int, dict[str, Any]], mode: str) -> dict[int, float]:
    """The mock's cores per seat beyond the fewest seats measured (the changes cost the same at
    every size; what each seat adds is its stream and, with mirrors, its GETs)."""
    low = min(results)
    base = results[low][mode]["mock_cores"]
    return {n: (r[mode]["mock_cores"] - base) / (n - low) if n > low else float("nan") for n, r in results.items()}


def report(info: dict[str, object], a: argparse.Namespace, results: dict[int, dict[str, Any]]) -> None:
    def f(v: float, fmt: str = ".0f") -> str:
        return "never" if v == float("inf") else ("-" if v != v else format(v, fmt))

    for mode in ("events", "mirrors"):
        for n, extra in added_per_seat(results, mode).items():
            results[n][mode]["mock_cores_added_per_seat"] = extra

    print(f"\nLoad average (1, 5, 15 min) at start {info['load_average_at_start']}, "
          f"at end {info['load_average_at_end']}")
    print(f"Room wall at scale: {a.runs} round(s), each size once per round for {a.seconds:.0f} s at {RATE:.0f} "
          f"changes/s (medians of the rounds), {max(2, -(-a.pictures // a.runs)) * a.runs} picture pushes per size")
    def row(n: int, r: dict[str, Any], extra: list[str]) -> list[object]:
        return [n, f(r["rate"]), f(r["made_per_s"]), f(r["conflicts_per_s"]), f(r["delivery_p50_ms"]),
                f(r["delivery_p99_ms"]), f(r["delivery_from_sent_p99_ms"]), *extra, f(r["gets_per_s"]),
                f(r["answer_p99_ms"]),
                r["missed"], f(r["mock_cores"], ".2f"), f(r["mock_cores_per_seat"], ".3f"),
                f(r["mock_cores_added_per_seat"], ".4f"), f(r["bench_cores"], ".2f")]

    head = ["seats", "sent/s", "events/s", "412s/s", "delivery p50 ms", "p99 ms", "p99 from sent"]
    tail = ["GETs/s", "answer p99 ms", "missed", "mock cores", "per seat", "added per seat", "bench cores"]
    print("\nEvents only (seats' event streams; the GETs are the two devices' mirrors):")
    print_table([*head, *tail], [row(n, r["events"], []) for n, r in results.items()])
    print("\nSeats following through RoomWallMirror (a GET of the wall per newer event):")
    print_table([*head, "all mirrors current p50 ms", "p99 ms", *tail],
                [row(n, r["mirrors"], [f(r["mirrors"]["current_p50_ms"]), f(r["mirrors"]["current_p99_ms"])])
                 for n, r in results.items()])
    print("\nPush -> the device's first picture (seats following):")
    print_table(["seats", "pictures", "p50 s", "p95 s", "watched p50 s", "unwatched p50 s", "max s",
                 "decoded", "mock cores"],
                [[n, f"{r['picture']['pictures']}/{r['picture']['pushes']}", f(r["picture"]["picture_p50_s"], ".2f"),
                  f(r["picture"]["picture_p95_s"], ".2f"), f(r["picture"]["warm_p50_s"], ".2f"),
                  f(r["picture"]["cold_p50_s"], ".2f"),
                  f(max(r["picture"]["warm_max_s"], r["picture"]["cold_max_s"]), ".2f"),
                  r["picture"]["decode_check"], f(r["picture"]["mock_cores"], ".2f")]
                 for n, r in results.items()])
    steps = {n: r["picture"]["steps_p50_ms"] for n, r in results.items()}
    print("\nPicture steps, p50 ms: " + "; ".join(
        f"{n} seats: " + ", ".join(f"{k} {f(v)}" for k, v in s.items()) for n, s in steps.items()))
    for n, r in results.items():
        if r["picture"]["problems"]:
            print(f"{n} seats, picture problems: {r['picture']['problems']}")
    at = results.get(int(TARGETS["at_seats"]))
    if at is not None:
        print(f"\nAt {TARGETS['at_seats']} seats: picture p95 {f(at['picture']['picture_p95_s'], '.2f')} s "
              f"(target <= {TARGETS['picture_p95_s']}), event delivery p99 {f(at['events']['delivery_p99_ms'])} ms "
              f"streams only, {f(at['mirrors']['delivery_p99_ms'])} ms with the mirrors fetching "
              f"(target <= {TARGETS['delivery_p99_ms']:.0f})")
    print(json.dumps(plain({"bench": "seats", "machine": info, "runs": a.runs, "seconds": a.seconds,
                            "pictures": a.pictures, "targets": TARGETS,
                            "results": {str(n): r for n, r in results.items()}})))


def plain(value: Any) -> Any:
    """JSON without NaN or Infinity: a figure never measured is null, one never reached "never"."""
    if isinstance(value, float):
        return None if value != value else ("never" if value == float("inf") else round(value, 4))
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


if __name__ == "__main__":
    sys.exit(main())
