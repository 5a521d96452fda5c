"""The RTSP relay's second engine, GStreamer, and which engine a relay uses.

Both engines copy the camera's video into MPEG-TS on a pipe, without re-encoding, and take the
URL on stdin. They differ in one frame and in CPU (``bench/sources_bench.py``):
- ffmpeg's parser hands a frame on only when the next one begins: one frame interval late
  (67 ms at 15 fps); the default, as the project was specified, and the cheaper one;
- GStreamer's depayloader ends a frame at the RTP marker bit (4 ms from capture to the player,
  ``bench/relay_tap.py``), but the relay runs Python per frame (``gst_relay_child.py`` under
  the system's Python with python3-gi, Debian's packages, which the mock's RTSP server uses too).
``RTCC_RELAY_ENGINE=gstreamer`` chooses GStreamer, ``ffmpeg`` ffmpeg; ``auto`` (the default)
is ffmpeg, or GStreamer where there is no ffmpeg.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

from rtcc_desktop.child_process import find_ffmpeg
from rtcc_desktop.video.relay import CONNECT_TIMEOUT_S, ENGINE_VARIABLE, Relay, RelayProblem, display_url

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, which has python3-gi; the app's venv has no gi
CHILD = Path(__file__).with_name("gst_relay_child.py")


class GstRelay(Relay):
    """One GStreamer pipeline (rtspsrc ! depayloader ! appsink, then ``mpegts_writer``) pulling
    one RTSP URL."""

    engine = "gstreamer"

    def argv(self) -> list[str]:
        if not gstreamer_may_run():
            raise FileNotFoundError(f"The GStreamer relay cannot run here ({SYSTEM_PYTHON} or {CHILD.name} "
                                    f"is missing); unset {ENGINE_VARIABLE} to relay through ffmpeg.")
        # -I: none of the app's environment (PYTHONPATH, the venv) reaches Debian's Python.
        # The last argument names the camera without credentials, so `ps` says what it is.
        return [SYSTEM_PYTHON, "-I", str(CHILD), f"rtcc relay {display_url(self.url)}"]

    def script(self) -> bytes:
        request = {"url": self.checked_url(), "transport": self.transport, "timeout_s": CONNECT_TIMEOUT_S}
        return (json.dumps(request) + "\n").encode()


def wanted_engine() -> str:
    """What ``RTCC_RELAY_ENGINE`` asks for: "ffmpeg", "gstreamer", or anything else (auto)."""
    return os.environ.get(ENGINE_VARIABLE, "auto").strip().lower()


def preferred_engine() -> str:
    """The engine the next relay uses: ``RTCC_RELAY_ENGINE`` when it names one; else ffmpeg,
    or GStreamer where no ffmpeg is found and GStreamer's child can start."""
    wanted = wanted_engine()
    if wanted in ("ffmpeg", "gstreamer", "builtin"):
        return wanted
    return "gstreamer" if find_ffmpeg() is None and gstreamer_may_run() else "ffmpeg"


def gstreamer_may_run() -> bool:
    """A cheap look (no process started): the system's Python and the child are there."""
    return os.access(SYSTEM_PYTHON, os.X_OK) and CHILD.is_file()


def make_relay(url: str, on_exit: Callable[[RelayProblem], None], transport: str = "tcp") -> Relay:
    from rtcc_desktop.video.builtin_relay import BuiltinRelay

    cls = {"gstreamer": GstRelay, "builtin": BuiltinRelay}.get(preferred_engine(), Relay)
    return cls(url, on_exit, transport)


def check_gstreamer(timeout_s: float = 10.0) -> tuple[bool, str]:
    """Start the child once with ``--check`` (doctor): (usable, version or what is missing)."""
    if not gstreamer_may_run():
        return False, f"{SYSTEM_PYTHON} or {CHILD.name} not found"
    try:
        done = subprocess.run([SYSTEM_PYTHON, "-I", str(CHILD), "--check"], capture_output=True, text=True,
                              timeout=timeout_s)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    if done.returncode == 0:
        return True, done.stdout.strip()
    return False, (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
