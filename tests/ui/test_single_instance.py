"""One copy of the app per user and config dir, with real processes (the ``rtcc-desktop`` entry
point, ui.launcher, offscreen, each test with its own config dir): a second start asks the
first to raise its window, which it does, and exits 0 saying so on stderr; after the first copy
is killed (its lock file and socket left behind) the next start runs; a copy with another
config dir runs beside it."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVES = "single instance: this copy serves"
START_S = 60.0


class App:
    def __init__(self, env: dict[str, str]):
        self.proc = subprocess.Popen([sys.executable, "-m", "ui.launcher"], cwd=ROOT, env=env, text=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.put(line)

    def wait_for(self, text: str, timeout: float = START_S) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if text in line:
                return line
        raise AssertionError(f"no {text!r} on stderr within {timeout} s (exit {self.proc.poll()})")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


def app_env(tmp_path: Path, name: str) -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RTCC_CONFIG_DIR": str(tmp_path / name / "config"),
           "RTCC_DATA_DIR": str(tmp_path / name / "data"), "RTCC_LOG_DIR": str(tmp_path / name / "log"),
           "RTCC_SITE_CONFIG_DIR": str(tmp_path / "no-site"), "XDG_RUNTIME_DIR": str(tmp_path / "run")}
    (tmp_path / "run").mkdir(exist_ok=True, mode=0o700)
    return env


@pytest.fixture
def apps() -> Iterator[list[App]]:
    started: list[App] = []
    yield started
    for app in started:
        app.stop()


def test_a_second_start_raises_the_first_and_exits_0(tmp_path: Path, apps: list[App]) -> None:
    env = app_env(tmp_path, "a")
    first = App(env)
    apps.append(first)
    first.wait_for(SERVES)
    second = subprocess.run([sys.executable, "-m", "ui.launcher"], cwd=ROOT, env=env, text=True,
                            capture_output=True, timeout=START_S)
    assert second.returncode == 0, second.stderr
    assert f"already running for this user and {env['RTCC_CONFIG_DIR']} (pid {first.proc.pid})" in second.stderr
    first.wait_for("raising it", timeout=10)
    assert first.proc.poll() is None


def test_after_a_crash_the_next_start_runs_and_another_config_dir_runs_beside(tmp_path: Path,
                                                                               apps: list[App]) -> None:
    env = app_env(tmp_path, "a")
    first = App(env)
    apps.append(first)
    first.wait_for(SERVES)
    os.kill(first.proc.pid, signal.SIGKILL)  # leaves its lock file and socket behind
    first.proc.wait(10)
    assert list((tmp_path / "run").glob("rtcc-desktop-*"))
    again = App(env)
    apps.append(again)
    again.wait_for(SERVES)
    other = App(app_env(tmp_path, "b"))
    apps.append(other)
    other.wait_for(SERVES)
    assert again.proc.poll() is None and other.proc.poll() is None
