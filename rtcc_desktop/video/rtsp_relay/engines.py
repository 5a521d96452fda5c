"""Which RTSP relay plays a stream: the built-in one (the default) or ffmpeg.

Both copy the camera's video into MPEG-TS on a pipe without re-encoding, take the URL on stdin
and die with the app; they differ in one frame and a little CPU (``bench/sources_bench.py``):
- the built-in relay (``builtin``) ends each frame at the RTP marker bit, as a native
  RTSP client does: 1 ms added to glass-to-glass latency;
- ffmpeg's parser hands a frame on only when the next one begins: one frame interval late
  (67 ms at 15 fps), for a little less CPU.
``RTCC_RELAY_ENGINE=ffmpeg`` chooses ffmpeg; ``builtin`` or ``auto`` (the default) the
built-in relay, which needs nothing but the app itself.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable

from rtcc_desktop.video.rtsp_relay.builtin import BuiltinRelay
from rtcc_desktop.video.rtsp_relay.relay import ENGINE_VARIABLE, Relay, RelayProblem

ENGINES: dict[str, type[Relay]] = {"builtin": BuiltinRelay, "ffmpeg": Relay}
DEFAULT_ENGINE = "builtin"


def wanted_engine() -> str:
    """What ``RTCC_RELAY_ENGINE`` asks for, lower case ("auto" when unset)."""
    return os.environ.get(ENGINE_VARIABLE, "auto").strip().lower()


def preferred_engine() -> str:
    """The engine the next relay uses: the one ``RTCC_RELAY_ENGINE`` names, else the default."""
    wanted = wanted_engine()
    return wanted if wanted in ENGINES else DEFAULT_ENGINE


def make_relay(url: str, on_exit: Callable[[RelayProblem], None], transport: str = "tcp",
               allow_basic_without_tls: bool = False) -> Relay:
    return ENGINES[preferred_engine()](url, on_exit, transport, allow_basic_without_tls)


def check_builtin(timeout_s: float = 10.0) -> tuple[bool, str]:
    """Start the built-in relay's child once with ``--check`` (doctor): it runs, as a tile would
    start it (in the bundle too), or why not."""
    command = [*BuiltinRelay("rtsp://check.invalid/", lambda problem: None).argv()[:-1], "--check"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    if done.returncode == 0:
        return True, done.stdout.strip()
    return False, (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
