"""Find an ffmpeg binary: imageio-ffmpeg's bundled one, else the system's."""

from __future__ import annotations

import shutil
from functools import cache


class FfmpegMissing(RuntimeError):
    pass


@cache
def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception:  # not installed, or its binary missing for this platform
        found = shutil.which("ffmpeg")
        if found:
            return found
    raise FfmpegMissing("ffmpeg not found: install the 'imageio-ffmpeg' package or a system ffmpeg")
