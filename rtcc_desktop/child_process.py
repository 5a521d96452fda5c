"""Child processes that never outlive the app (the mock backend, RTSP relays).

On Linux a child gets PR_SET_PDEATHSIG between fork and exec: even an app killed
with SIGKILL takes its children with it. Linux delivers the signal when the *thread*
that forked the child ends, so spawn from a long-lived thread (the UI thread), never
from a pool worker that may retire.
"""

from __future__ import annotations

import ctypes
import shutil
import signal
import sys
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen`` (None where the OS has no such thing)."""
    if not sys.platform.startswith("linux"):
        return None

    def arm() -> None:  # runs in the child between fork and exec
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig)

    return arm


def find_ffmpeg() -> str | None:
    """imageio-ffmpeg's binary (a project dependency), else a system ffmpeg."""
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception:  # not installed, or no binary for this platform
        return shutil.which("ffmpeg")
