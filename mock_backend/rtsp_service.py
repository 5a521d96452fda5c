"""Starts the mock's RTSP server (``rtsp_server.py`` under Debian's Python with python3-gi):
for the mock with ``--stream-protocol rtsp`` (grants then point at RTSP URLs), and for tests
and benches that put it in front of a mock themselves."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from mock_backend.process_guard import die_with_parent

SYSTEM_PYTHON = "/usr/bin/python3"  # has python3-gi (make sysdeps); the venv's Python does not


class RtspService:
    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.base = ""  # rtsp://127.0.0.1:<port>
        self.port = 0

    def start(self, upstream: str, port: int = 0) -> str:
        """Call on a long-lived thread (PR_SET_PDEATHSIG follows the forking thread)."""
        script = Path(__file__).with_name("rtsp_server.py")
        self.process = subprocess.Popen([SYSTEM_PYTHON, str(script), "--port", str(port), "--upstream", upstream],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        preexec_fn=die_with_parent)
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        match = re.search(r"ready at (rtsp://\S+:(\d+))", line)
        if not match:
            raise RuntimeError(f"the RTSP server did not start ({line.strip() or 'no output'}); "
                               "run 'make sysdeps' for gst-rtsp-server and python3-gi")
        self.base, self.port = match.group(1), int(match.group(2))
        return self.base

    def stop(self) -> None:
        """Kill it (a test's "server died"; it holds no state worth a graceful end)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=5)
