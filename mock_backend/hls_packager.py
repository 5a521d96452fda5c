"""HLS, served for every grant (grants point at it with ``--stream-protocol hls``).

Per grant and profile, an ffmpeg packages the mock's own HTTP MPEG-TS feed (so the grant check,
the revocation cut and the frame strip carry over) into 1 s segments with a short rolling
playlist. Started by the first playlist request, stopped when nobody has asked for the playlist
for a while or when the grant ends.

The feed reaches ffmpeg on its stdin, read by a thread of the mock from the address the mock
itself listens on: a command line is readable by every user of the machine (``ps``), so it names
neither the grant token (the folder is a random name too) nor any address a client chose."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import logging
import secrets
import shutil
import socket
import ssl
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from mock_backend.ffmpeg_tool import ffmpeg_exe
from mock_backend.process_guard import die_with_parent

SEGMENT_S = 1  # the feeds have a keyframe every second
IDLE_STOP_S = 10.0
log = logging.getLogger(__name__)


@dataclass
class _Job:
    folder: Path
    process: subprocess.Popen[bytes]
    feed: _FeedPump
    last_access: float = field(default_factory=time.monotonic)


class _FeedPump:
    """Copies the feed at ``source_url`` into ffmpeg's stdin until either side ends."""

    def __init__(self, source_url: str, sink: IO[bytes], tls: ssl.SSLContext | None) -> None:
        self._url = urlsplit(source_url)
        self._sink, self._tls = sink, tls
        self._conn: http.client.HTTPConnection | None = None
        threading.Thread(target=self._run, name="hls-feed", daemon=True).start()

    def _run(self) -> None:
        try:
            host = self._url.hostname or "127.0.0.1"
            self._conn = conn = (http.client.HTTPSConnection(host, self._url.port, timeout=10, context=self._tls)
                                 if self._url.scheme == "https" else
                                 http.client.HTTPConnection(host, self._url.port, timeout=10))
            conn.request("GET", self._url.path)
            resp = conn.getresponse()
            if resp.status != 200:  # the grant was refused: ffmpeg gets an empty input and ends
                return
            while chunk := resp.read1(65536):
                self._sink.write(chunk)
                self._sink.flush()
        except (OSError, http.client.HTTPException) as exc:  # the feed ended, or ffmpeg did
            log.debug("HLS feed pump ended: %s", exc)
        finally:
            with contextlib.suppress(OSError):
                self._sink.close()
            self.close()

    def close(self) -> None:
        """End the feed connection (a read blocked on a quiet feed returns at once)."""
        conn = self._conn
        if conn is not None and conn.sock is not None:
            with contextlib.suppress(OSError):
                conn.sock.shutdown(socket.SHUT_RDWR)
            conn.close()


class HlsPackager:
    def __init__(self, root: Path, tls: ssl.SSLContext | None = None) -> None:
        """``tls``: how the feed pumps trust the mock's own https:// (its certificate), when it serves TLS."""
        self.root, self.tls = root, tls
        self.jobs: dict[tuple[str, str], _Job] = {}

    def _start(self, source_url: str, profile: str) -> _Job:
        folder = self.root / secrets.token_hex(8) / profile
        folder.mkdir(parents=True)
        cmd = [ffmpeg_exe(), "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0", "-c", "copy", "-f", "hls",
               "-hls_time", str(SEGMENT_S), "-hls_list_size", "4",
               "-hls_flags", "delete_segments+program_date_time+omit_endlist+independent_segments+temp_file",
               "-hls_base_url", f"{profile}/", "-hls_segment_filename", str(folder / "seg%05d.ts"),
               str(folder / "index.m3u8")]
        # temp_file: the playlist and segments are written aside and renamed into place, so a
        # reader never gets one half written.
        # Started from the event loop's (main) thread, so PR_SET_PDEATHSIG holds for the mock's life.
        process = subprocess.Popen(cmd, stdin=subprocess.PIPE, preexec_fn=die_with_parent)
        assert process.stdin is not None
        return _Job(folder, process, _FeedPump(source_url, process.stdin, self.tls))

    async def playlist(self, token: str, profile: str, source_url: str) -> bytes | None:
        """The playlist once it lists a segment (None if it does not within 6 s). Its bytes, read
        once: ffmpeg replaces the file every segment, so a file sent by its path could change
        between its size and its content."""
        key = (token, profile)
        job = self.jobs.get(key)
        if job is None or job.process.poll() is not None:
            if job is not None:
                self._end(job)
            job = self.jobs[key] = self._start(source_url, profile)
        job.last_access = time.monotonic()
        path = job.folder / "index.m3u8"
        deadline = time.monotonic() + 6
        # A file poll, not a watch: it runs only until the first segment (about a second) and
        # costs a stat per 50 ms. A packager that died (the grant was refused) ends the wait.
        while time.monotonic() < deadline and job.process.poll() is None:
            with contextlib.suppress(FileNotFoundError):  # not yet written, or being replaced
                if b"#EXTINF" in (content := path.read_bytes()):
                    return content
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
            self._end(job)

    @staticmethod
    def _end(job: _Job) -> None:
        job.feed.close()
        job.process.kill()
        job.process.wait()
        shutil.rmtree(job.folder.parent, ignore_errors=True)

    def reap(self) -> None:
        now = time.monotonic()
        for token, profile in [k for k, j in self.jobs.items() if now - j.last_access > IDLE_STOP_S]:
            self.stop(token, profile)

    def close(self) -> None:
        for token, profile in list(self.jobs):
            self.stop(token, profile)
