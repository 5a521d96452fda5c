"""Starts the mock's RTSP server (``rtsp_server.py`` under Debian's Python with python3-gi)
when the mock runs with ``--stream-protocol rtsp``: grants then point at RTSP URLs."""

from __future__ import annotations

import ctypes
import re
import signal
import subprocess
import sys
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"  # has python3-gi (make sysdeps); the venv's Python does not


def _die_with_parent() -> None:  # the mock shares nothing of the client's code but its schemas
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


class RtspService:
    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.base = ""

    def start(self, upstream: str) -> str:
        """Call on the mock's main thread (PR_SET_PDEATHSIG follows the forking thread)."""
        script = Path(__file__).with_name("rtsp_server.py")
        self.process = subprocess.Popen([SYSTEM_PYTHON, str(script), "--port", "0", "--upstream", upstream],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        preexec_fn=_die_with_parent)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"ready at (rtsp://\S+)", line)
        if not match:
            raise RuntimeError(f"the RTSP server did not start ({line.strip() or 'no output'}); "
                               "run 'make sysdeps' for gst-rtsp-server and python3-gi")
        self.base = match.group(1)
        return self.base

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=5)
