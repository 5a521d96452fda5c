"""The RTSP relay's built-in engine: the app's own RTSP client in a child process.

``child`` pulls the camera over RTSP with nothing but Python's standard library,
ends each frame at the RTP marker bit and writes it as MPEG-TS (``ts_writer``). Same
contract as the ffmpeg relay (URL on stdin, pipe out, dies with the app, failures in the same
words); what differs is one frame interval of latency and the CPU (``bench/sources_bench.py``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from rtcc_desktop.video.rtsp_relay.relay import CONNECT_TIMEOUT_S, Relay, display_url

CHILD = Path(__file__).with_name("child.py")
BUNDLE_COMMAND = "rtsp-relay"  # the frozen app's own sub-command for the same child


class BuiltinRelay(Relay):
    engine = "builtin"

    def argv(self) -> list[str]:
        # The last argument names the camera without credentials, so `ps` says what it is.
        label = f"rtcc relay {display_url(self.url)}"
        if getattr(sys, "frozen", False):  # the bundle has no Python to run a file with
            return [sys.executable, BUNDLE_COMMAND, label]
        # -I: the user's PYTHONPATH and site folder cannot change what the relay runs. -S and the
        # file rather than -m: no site-packages scan, no package finders; a 4x4 wall starts 16
        # of these at once, and start-up is most of what a relay costs before its first frame.
        return [sys.executable, "-I", "-S", str(CHILD), label]

    def spawn(self) -> tuple[list[str], Callable[[], None] | None]:
        # No preexec_fn and no setpriv: the child arms its own death signal (the child's
        # die_with_app), so Python vforks it (0.3 ms on the UI thread, where a fork of the app
        # took 40-80 ms) and no further program runs per relay.
        return self.argv(), None

    def script(self) -> bytes:
        request = {"url": self.checked_url(), "transport": self.transport, "timeout_s": CONNECT_TIMEOUT_S,
                   "app_pid": os.getpid(), "allow_basic_without_tls": self.allow_basic_without_tls}
        return (json.dumps(request) + "\n").encode()
