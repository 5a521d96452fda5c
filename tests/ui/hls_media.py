"""Real HLS segments for a scripted backend (tests/security/scripted_http.py): ffmpeg's HLS muxer
writes a test pattern as 1 s MPEG-TS segments, and a backend serves them where a grant's
playlist (``/api/v1/streams/tok/sub.m3u8``) names them."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mock_backend.ffmpeg_tool import ffmpeg_exe
from tests.security.scripted_http import Raw, Scripted

PLAYLIST = "/api/v1/streams/tok/sub.m3u8"
SEGMENT_TYPE = {"Content-Type": "video/mp2t"}
PLAYLIST_TYPE = {"Content-Type": "application/vnd.apple.mpegurl"}


def write_segments(folder: Path, seconds: int) -> Path:
    """``seconds`` one-second segments (seg0.ts, seg1.ts, …) and their VOD playlist, returned."""
    subprocess.run([ffmpeg_exe(), "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=s=320x180:r=15",
                    "-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", "15", "-f", "hls",
                    "-hls_time", "1", "-hls_list_size", "0", "-hls_playlist_type", "vod",
                    "-hls_segment_filename", str(folder / "seg%d.ts"), str(folder / "index.m3u8")],
                   check=True, timeout=60)
    return folder / "index.m3u8"


def serve_segments(backend: Scripted, folder: Path) -> list[str]:
    """Each segment in ``folder`` at its place beside the grant's playlist; their paths."""
    paths = []
    for segment in sorted(folder.glob("seg*.ts")):
        path = f"/api/v1/streams/tok/{segment.name}"
        backend.on("GET", path, Raw(200, segment.read_bytes(), SEGMENT_TYPE))
        paths.append(path)
    return paths


def serve_vod(backend: Scripted, folder: Path, seconds: int) -> list[str]:
    """A VOD playlist of ``seconds`` segments at PLAYLIST, and the segments; their paths."""
    backend.on("GET", PLAYLIST, Raw(200, write_segments(folder, seconds).read_bytes(), PLAYLIST_TYPE))
    return serve_segments(backend, folder)
