"""Demo mode never leaves an orphaned mock backend: not after a normal exit, not after SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.config import AppSettings
from ui.app import AppController


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes (nobody reaped it yet).
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                pass
    return found


def cmdline(pid: int) -> bytes:
    """A process's arguments; empty once it has gone (a short-lived child can end between
    finding it and reading this)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def test_demo_signs_in_and_stops_its_backend_on_exit(qtbot: QtBot, tmp_path: Path) -> None:
    controller = AppController(AppSettings(), demo_role="supervisor",
                               demo_args=["--ephemeral", "--cameras", "200", "--data-dir", str(tmp_path)])
    controller.start()
    qtbot.waitUntil(lambda: controller.window is not None, timeout=60_000)
    assert controller.window is not None and controller.window.session.role.value == "supervisor"
    assert controller.mock is not None and controller.mock.pid is not None
    pid = controller.mock.pid
    assert alive(pid)
    controller.shutdown()
    deadline = time.monotonic() + 5
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid)


@pytest.mark.timeout(120)
def test_killing_the_app_kills_its_demo_backend(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1",
           "RTCC_CONFIG_DIR": str(tmp_path / "cfg")}
    app = subprocess.Popen([sys.executable, "-m", "ui.launcher", "--demo"], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        mock_pids: list[int] = []
        while time.monotonic() < deadline and not mock_pids:
            mock_pids = [p for p in children_of(app.pid)
                         if b"mock_backend" in cmdline(p)]
            time.sleep(0.2)
        assert mock_pids, "the demo did not start its mock backend"
        os.kill(app.pid, signal.SIGKILL)
        app.wait(5)
        deadline = time.monotonic() + 2
        while any(alive(p) for p in mock_pids) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(p) for p in mock_pids), "orphaned mock backend after SIGKILL"
    finally:
        if app.poll() is None:
            app.kill()
