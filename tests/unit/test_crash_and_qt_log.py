"""A native crash leaves the Python stacks in crash.log beside the log, and Qt's own messages
(a qWarning, as QtWebEngine or the platform plugin writes them) land in the log file, redacted.
Each in a child process: a crash ends its process, and a Qt message handler is per process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CRASH = """
import faulthandler, logging
from rtcc_desktop import log_setup
log_setup.setup_logging(logging.INFO)
print(log_setup.enable_crash_log(), flush=True)
def inside_libvlc():
    faulthandler._sigsegv()
inside_libvlc()
"""

QT = """
import logging
from PySide6.QtCore import QCoreApplication, qWarning
from rtcc_desktop import log_setup
log_setup.setup_logging(logging.INFO)
log_setup.route_qt_messages()
app = QCoreApplication(["qt-log"])
qWarning("js: fetch https://tiles.example/a?access_token=Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe failed")
"""


def run(script: str, tmp: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RTCC_LOG_DIR": str(tmp / "log"), "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def test_a_native_crash_writes_its_stacks_to_crash_log(tmp_path: Path) -> None:
    out = run(CRASH, tmp_path)
    assert out.returncode != 0
    crash = tmp_path / "log" / "crash.log"
    assert out.stdout.strip() == str(crash)
    text = crash.read_text()
    assert "--- rtcc-desktop pid" in text
    assert "Fatal Python error: Segmentation fault" in text and "inside_libvlc" in text


def test_qt_messages_go_to_the_log_file_redacted(tmp_path: Path) -> None:
    out = run(QT, tmp_path)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "log" / "rtcc-desktop.log").read_text()
    assert "qt.default WARNING js: fetch https://tiles.example/a?access_token=*** failed" in text
    assert "Zx9Yw8" not in text and "Zx9Yw8" not in out.stderr
