"""Real, short H.264 clips for fulfilled footage requests.

One base clip is encoded per mock process; each delivered file is a remux of it
carrying the request and camera in its metadata, so every file (and sha256)
is distinct and valid without re-encoding each time."""

from __future__ import annotations

import hashlib
import subprocess
import threading
from pathlib import Path

from mock_backend.ffmpeg_tool import ffmpeg_exe

_lock = threading.Lock()


def _base_clip(folder: Path) -> Path:
    base = folder / "base-clip.mp4"
    with _lock:
        if not base.exists():
            folder.mkdir(parents=True, exist_ok=True)
            tmp = base.with_suffix(".tmp.mp4")
            subprocess.run(
                [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                 "-i", "testsrc2=size=320x180:rate=15", "-t", "3", "-c:v", "libx264", "-preset", "veryfast",
                 "-pix_fmt", "yuv420p", "-movflags", "+faststart", str(tmp)],
                check=True, timeout=60, capture_output=True,
            )
            tmp.replace(base)
    return base


def make_clip(folder: Path, request_id: int, camera_id: int) -> tuple[Path, str, int]:
    """Write the clip for one camera of one request; return (path, sha256, size)."""
    out = folder / f"request-{request_id}-camera-{camera_id}.mp4"
    subprocess.run(
        [ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-y", "-i", str(_base_clip(folder)), "-c", "copy",
         "-metadata", f"comment=RTCC mock footage: request {request_id}, camera {camera_id}",
         "-movflags", "+faststart", str(out)],
        check=True, timeout=60, capture_output=True,
    )
    data = out.read_bytes()
    return out, hashlib.sha256(data).hexdigest(), len(data)
