"""Live feeds: one encoder per camera and profile, fanned out to every viewer.

An encoder starts with its first viewer and stops a moment after its last
(the linger covers a tile switching profile or reconnecting). Like a media
server, the hub keeps the current GOP - the stream from the last keyframe on,
behind the latest PAT/PMT - and sends it to a joining viewer first, so its
first picture does not wait for the next keyframe.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mock_backend.process_guard import die_with_parent
from mock_backend.synthetic_feed import feed_command

log = logging.getLogger(__name__)

TS_PACKET = 188
_LINGER_S = 2.0
_QUEUE_CHUNKS = 256  # ~4 s of main stream; a viewer further behind is dropped
_GOP_CAP = 8 * 1024 * 1024


def _random_access(packet: bytes) -> bool:
    """True for a TS packet whose adaptation field marks a keyframe."""
    afc = (packet[3] >> 4) & 0x3
    return afc in (2, 3) and packet[4] > 0 and bool(packet[5] & 0x40)


def _pid(packet: bytes) -> int:
    return ((packet[1] & 0x1F) << 8) | packet[2]


@dataclass(eq=False)
class Viewer:
    queue: asyncio.Queue[bytes | None] = field(default_factory=lambda: asyncio.Queue(_QUEUE_CHUNKS))
    closed: bool = False
    # Start at the next keyframe instead of the cached GOP, as an IP camera starts an RTSP
    # session (the mock's RTSP server asks for this: see rtsp_server.py).
    waiting_for_keyframe: bool = False

    def cut(self) -> None:
        """End this viewer's stream now (revocation, slow reader, feed gone)."""
        if self.closed:
            return
        self.closed = True
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(None)


class Feed:
    def __init__(self, camera_id: int, profile: str, label_file: Path, on_idle: Callable[[Feed], None]) -> None:
        self.camera_id, self.profile = camera_id, profile
        self._label_file = label_file
        self._on_idle = on_idle
        self.viewers: set[Viewer] = set()
        self._tables: dict[int, bytes] = {}  # PAT (pid 0) and PMT, latest of each
        self._pmt_pid: int | None = None
        self._gop: list[bytes] = []
        self._gop_bytes = 0
        self._proc: asyncio.subprocess.Process | None = None
        self._task: asyncio.Task[None] | None = None
        self._linger: asyncio.TimerHandle | None = None

    async def start(self) -> None:
        self._proc = await asyncio.create_subprocess_exec(
            *feed_command(self.camera_id, self.profile, self._label_file),
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        self._task = asyncio.create_task(self._pump())

    def add(self, viewer: Viewer) -> None:
        if self._linger is not None:
            self._linger.cancel()
            self._linger = None
        self.viewers.add(viewer)
        if viewer.waiting_for_keyframe:
            if self._tables:  # PAT/PMT now: a demuxer can describe the stream before the picture comes
                viewer.queue.put_nowait(b"".join(self._tables.values()))
        elif self._gop:
            viewer.queue.put_nowait(b"".join([*self._tables.values(), *self._gop]))

    def remove(self, viewer: Viewer) -> None:
        self.viewers.discard(viewer)
        if not self.viewers and self._linger is None:
            self._linger = asyncio.get_running_loop().call_later(_LINGER_S, self._on_idle, self)

    async def stop(self) -> None:
        if self._linger is not None:
            self._linger.cancel()
        for viewer in list(self.viewers):
            viewer.cut()
        if self._proc is not None and self._proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self._proc.kill()
            await self._proc.wait()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _pump(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        pending = b""
        while True:
            data = await self._proc.stdout.read(64 * 1024)
            if not data:
                break
            pending += data
            usable = len(pending) - len(pending) % TS_PACKET
            chunk, pending = pending[:usable], pending[usable:]
            if chunk:
                self._remember(chunk)
                self._fan_out(chunk)
        log.info("feed %s/%s ended (ffmpeg exit %s)", self.camera_id, self.profile, self._proc.returncode)
        for viewer in list(self.viewers):
            viewer.cut()

    def _remember(self, chunk: bytes) -> None:
        start = 0  # first packet of chunk not yet appended to the GOP
        for off in range(0, len(chunk), TS_PACKET):
            packet = chunk[off:off + TS_PACKET]
            pid = _pid(packet)
            if pid == 0 or pid == self._pmt_pid:
                self._tables[pid] = packet
                if pid == 0 and self._pmt_pid is None:
                    # PAT: first programme's PMT pid sits after the 8-byte section header.
                    self._pmt_pid = ((packet[15] & 0x1F) << 8) | packet[16]
            elif _random_access(packet):
                self._gop, self._gop_bytes, start = [], 0, off
        piece = chunk[start:]
        if self._gop_bytes + len(piece) <= _GOP_CAP:
            self._gop.append(piece)
            self._gop_bytes += len(piece)

    def _fan_out(self, chunk: bytes) -> None:
        keyframe_at: int | None = -1  # not looked for yet
        for viewer in list(self.viewers):
            piece = chunk
            if viewer.waiting_for_keyframe:
                if keyframe_at == -1:
                    keyframe_at = next((off for off in range(0, len(chunk), TS_PACKET)
                                        if _random_access(chunk[off:off + TS_PACKET])), None)
                if keyframe_at is None:
                    continue
                viewer.waiting_for_keyframe = False
                piece = b"".join(self._tables.values()) + chunk[keyframe_at:]
            try:
                viewer.queue.put_nowait(piece)
            except asyncio.QueueFull:
                log.warning("viewer of camera %s too slow; dropped", self.camera_id)
                viewer.cut()
                self.remove(viewer)



class StreamHub:
    def __init__(self, work_dir: Path) -> None:
        self._dir = work_dir
        self._feeds: dict[tuple[int, str], Feed] = {}
        self._lock = asyncio.Lock()

    async def join(self, camera_id: int, profile: str, label: str,
                   at_keyframe: bool = False) -> tuple[Feed, Viewer]:
        async with self._lock:
            feed = self._feeds.get((camera_id, profile))
            if feed is None:
                self._dir.mkdir(parents=True, exist_ok=True)
                label_file = self._dir / f"label-{camera_id}.txt"
                label_file.write_text(label, encoding="utf-8")
                feed = Feed(camera_id, profile, label_file, self._idle)
                await feed.start()
                self._feeds[(camera_id, profile)] = feed
            viewer = Viewer(waiting_for_keyframe=at_keyframe)
            feed.add(viewer)
            return feed, viewer

    def _idle(self, feed: Feed) -> None:
        if not feed.viewers and self._feeds.get((feed.camera_id, feed.profile)) is feed:
            del self._feeds[(feed.camera_id, feed.profile)]
            asyncio.get_running_loop().create_task(feed.stop())

    async def stop_camera(self, camera_id: int) -> None:
        """Cut every viewer of the camera and stop its encoders (camera went offline)."""
        async with self._lock:
            feeds = [f for key, f in self._feeds.items() if key[0] == camera_id]
            for f in feeds:
                del self._feeds[(f.camera_id, f.profile)]
        for f in feeds:
            await f.stop()

    async def close(self) -> None:
        feeds, self._feeds = list(self._feeds.values()), {}
        for f in feeds:
            await f.stop()
