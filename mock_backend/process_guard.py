"""The mock's child processes (ffmpeg encoders and packagers, the RTSP server) die with it.

PR_SET_PDEATHSIG=SIGKILL between fork and exec; Linux fires it when the *thread* that forked
the child ends, so the mock spawns from its event-loop (main) thread. The client has its own
copy (``rtcc_desktop/child_process.py``): the mock shares only the API schemas with it."""

from __future__ import annotations

import contextlib
import ctypes
import signal


def die_with_parent() -> None:  # a ``preexec_fn``: runs in the child
    with contextlib.suppress(Exception):  # not Linux: nothing to arm
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
