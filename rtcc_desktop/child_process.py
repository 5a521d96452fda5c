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
from functools import cache

_PR_SET_PDEATHSIG = 1


def die_with_parent(sig: int = signal.SIGTERM) -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess.Popen`` (None where the OS has no such thing)."""
    if not sys.platform.startswith("linux"):
        return None

    def arm() -> None:  # runs in the child between fork and exec
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, sig)

    return arm


@cache  # looked up once, not on the UI thread at every relay start (a PATH scan)
def _setpriv() -> str | None:
    return shutil.which("setpriv")


def without_fork(argv: list[str], sig: int = signal.SIGKILL) -> tuple[list[str], Callable[[], None] | None]:
    """``argv`` and the ``preexec_fn`` that make a child die with the app, cheaply.

    A ``preexec_fn`` makes Python fork the whole app to run it: 17 ms for an app with Qt and
    libVLC loaded, 40-80 ms for the full app, on the UI thread, per child (a 4x4 RTSP wall
    starts 16). Without one, Python uses vfork: 0.3 ms. So where util-linux's ``setpriv`` is
    there, it sets the death signal between vfork and exec instead (the signal still follows
    the spawning thread, and survives the exec)."""
    if not sys.platform.startswith("linux"):
        return argv, None
    setpriv = _setpriv()
    if setpriv is None:
        return argv, die_with_parent(sig)
    return [setpriv, "--pdeathsig", signal.Signals(sig).name.removeprefix("SIG"), "--", *argv], None


def find_ffmpeg() -> str | None:
    """imageio-ffmpeg's binary (a project dependency), else a system ffmpeg."""
    try:
        import imageio_ffmpeg

        return str(imageio_ffmpeg.get_ffmpeg_exe())
    except Exception:  # not installed, or no binary for this platform
        return shutil.which("ffmpeg")
