"""HLS, served for every grant (grants point at it with ``--stream-protocol hls``).

Per grant and profile, an ffmpeg reads the mock's own HTTP MPEG-TS feed (so the grant check,
the revocation cut and the frame strip carry over) and writes 1 s segments with a short rolling
playlist. Started by the first playlist request, stopped when nobody has asked for the playlist
for a while or when the grant ends."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from mock_backend.ffmpeg_tool import ffmpeg_exe
from mock_backend.process_guard import die_with_parent

SEGMENT_S = 1  # the feeds have a keyframe every second
IDLE_STOP_S = 10.0


@dataclass
class _Job:
    folder: Path
    process: subprocess.Popen[bytes]
    last_access: float = field(default_factory=time.monotonic)


class HlsPackager:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.jobs: dict[tuple[str, str], _Job] = {}

    def _start(self, token: str, profile: str, source_url: str) -> _Job:
        folder = self.root / token / profile
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        cmd = [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-i", source_url, "-c", "copy", "-f", "hls",
               "-hls_time", str(SEGMENT_S), "-hls_list_size", "4",
               "-hls_flags", "delete_segments+program_date_time+omit_endlist+independent_segments",
               "-hls_base_url", f"{profile}/", "-hls_segment_filename", str(folder / "seg%05d.ts"),
               str(folder / "index.m3u8")]
        # Started from the event loop's (main) thread, so PR_SET_PDEATHSIG holds for the mock's life.
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, preexec_fn=die_with_parent)
        return _Job(folder, process)

    async def playlist(self, token: str, profile: str, source_url: str) -> Path | None:
        """The playlist file once it lists a segment (None if it does not within 6 s)."""
        key = (token, profile)
        job = self.jobs.get(key)
        if job is None or job.process.poll() is not None:
            job = self.jobs[key] = self._start(token, profile, source_url)
        job.last_access = time.monotonic()
        path = job.folder / "index.m3u8"
        deadline = time.monotonic() + 6
        # A file poll, not a watch: it runs only until the first segment (about a second) and
        # costs a stat per 50 ms. A packager that died (the grant was refused) ends the wait.
        while time.monotonic() < deadline and job.process.poll() is None:
            if path.exists() and b"#EXTINF" in path.read_bytes():
                return path
            await asyncio.sleep(0.05)
        return None

    def segment(self, token: str, profile: str, name: str) -> Path | None:
        job = self.jobs.get((token, profile))
        if job is None or not name.startswith("seg") or "/" in name or ".." in name:
            return None
        path = job.folder / name
        return path if path.is_file() else None

    def stop(self, token: str, profile: str) -> None:
        job = self.jobs.pop((token, profile), None)
        if job is not None:
            job.process.kill()
            job.process.wait()
            shutil.rmtree(job.folder, ignore_errors=True)

    def reap(self) -> None:
        now = time.monotonic()
        for token, profile in [k for k, j in self.jobs.items() if now - j.last_access > IDLE_STOP_S]:
            self.stop(token, profile)

    def close(self) -> None:
        for token, profile in list(self.jobs):
            self.stop(token, profile)
