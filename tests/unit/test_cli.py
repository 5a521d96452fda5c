"""``rtcc-desktop`` on the command line, through the real entry point (the installed console
script) in a subprocess: ``--help`` lists every sub-command with its help, each sub-command takes
its own options (``doctor --json``, ``probe --help``, a real ``mock-backend`` that serves), bad
input is refused in words with exit 2, and the windowed app started from it writes the log file
and crash log in ``$RTCC_LOG_DIR``. The app's own option forms the docs use (``--demo --role
trainer``, ``--role=...``, ``--log-level`` before anything) split and parse as before."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ui.launcher import build_parser, split_command

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(sys.executable).parent / "rtcc-desktop"


def env_for(tmp: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "RTCC_CONFIG_DIR": str(tmp / "config"), "RTCC_DATA_DIR": str(tmp / "data"),
           "RTCC_LOG_DIR": str(tmp / "log"), "QT_QPA_PLATFORM": "offscreen", **extra}
    env.pop("RTCC_LOG_LEVEL", None)
    return {**env, **extra}


def run(tmp: Path, *args: str, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.exists(), f"{SCRIPT}: the project is not installed in this venv (make venv)"
    return subprocess.run([str(SCRIPT), *args], env=env_for(tmp, **extra), cwd=tmp, capture_output=True,
                          text=True, timeout=timeout)


def test_help_lists_every_sub_command_with_its_help(tmp_path: Path) -> None:
    out = run(tmp_path, "--help")
    assert out.returncode == 0, out.stderr
    listed = re.findall(r"^    (\S+)\s{2,}(\S.*)$", out.stdout, re.MULTILINE)
    assert [name for name, _ in listed] == ["doctor", "probe", "install-desktop", "room-wall", "mock-backend"]
    assert all(len(text) > 20 for _, text in listed)
    for option in ("--demo", "--role", "--log-level", "--version"):
        assert option in out.stdout
    assert str(tmp_path / "log" / "rtcc-desktop.log") in "".join(out.stdout.split())  # where the log is (wrapped)


@pytest.mark.parametrize(("command", "usage"), [("doctor", "usage: rtcc-desktop doctor"),
                                                ("probe", "usage: rtcc-desktop probe"),
                                                ("room-wall", "usage: rtcc-desktop room-wall"),
                                                ("mock-backend", "usage: rtcc-mock-backend")])
def test_each_sub_command_has_its_own_help(tmp_path: Path, command: str, usage: str) -> None:
    out = run(tmp_path, command, "--help")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(usage)


def test_doctor_takes_its_options_and_the_log_level(tmp_path: Path) -> None:
    out = run(tmp_path, "--log-level", "debug", "doctor", "--no-webengine", "--json")
    findings = {f["name"]: f for f in json.loads(out.stdout)}
    assert {"Python", "Qt", "libVLC", "Backend"} <= findings.keys()
    assert "QtWebEngine" not in findings  # --no-webengine reached the doctor
    assert out.returncode == (1 if any(f["level"] == "FAIL" for f in findings.values()) else 0)


def test_mock_backend_serves(tmp_path: Path) -> None:
    import requests

    proc = subprocess.Popen([str(SCRIPT), "mock-backend", "--ephemeral", "--port", "0", "--cameras", "5",
                             "--cad-rate", "0", "--data-dir", str(tmp_path / "mock")],
                            env=env_for(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert proc.stdout is not None
        url = ""
        deadline = time.monotonic() + 60
        while not url and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            found = re.search(r"ready at (http://\S+)", line)
            url = found.group(1) if found else ""
        assert url, "the mock never said it was ready"
        assert requests.get(f"{url}/api/v1/info", timeout=10).json()["environment"] == "training"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.parametrize(("args", "env", "words"), [
    (["frobnicate"], {}, "invalid choice: 'frobnicate' (choose from 'doctor', 'probe', 'install-desktop', "
                         "'room-wall', 'mock-backend')"),
    (["--log-level", "loud"], {}, "argument --log-level: invalid choice: 'loud'"),
    (["doctor"], {"RTCC_LOG_LEVEL": "loud"}, "log level 'loud' is not one of debug, info, warning, error"),
    (["--demo", "probe", "rtsp://x/"], {}, "--demo opens the app; it does not go with the command 'probe'"),
    (["mock-backend", "--tls-cert", "cert.pem"], {}, "--tls-cert and --tls-key go together"),
    (["mock-backend", "--tls-cert", "cert.pem", "--tls-key", "key.pem"], {}, "--tls-cert: no such file: cert.pem"),
    (["mock-backend", "--tls-cert", "/dev/null", "--tls-key", "/dev/null", "--stream-protocol", "rtsp"], {},
     "--tls-cert serves http-ts and hls grants; --stream-protocol rtsp needs plain HTTP"),
])
def test_bad_input_is_refused_in_words(tmp_path: Path, args: list[str], env: dict[str, str], words: str) -> None:
    out = run(tmp_path, *args, **env)
    assert out.returncode == 2 and words in out.stderr, out.stderr


@pytest.mark.parametrize(("args", "own", "command"), [
    ([], [], []),
    (["--demo"], ["--demo"], []),
    (["--demo", "--role", "trainer"], ["--demo", "--role", "trainer"], []),
    (["--role=supervisor", "--demo", "--log-level", "debug"], ["--role=supervisor", "--demo", "--log-level", "debug"],
     []),
    (["doctor", "--backend", "https://rtcc.example.gov", "--json"], [],
     ["doctor", "--backend", "https://rtcc.example.gov", "--json"]),
    (["--log-level", "debug", "probe", "rtsp://u:p@cam/1", "--seconds", "10"], ["--log-level", "debug"],
     ["probe", "rtsp://u:p@cam/1", "--seconds", "10"]),
])
def test_the_app_and_a_command_split_where_the_docs_use_them(args: list[str], own: list[str],
                                                             command: list[str]) -> None:
    assert split_command(args) == (own, command)
    parsed = build_parser().parse_args(own + command[:1])
    assert parsed.command == (command[0] if command else None)
    if "--demo" in args:
        assert parsed.demo and parsed.role == ("trainer" if "trainer" in args else
                                               "supervisor" if "--role=supervisor" in args else "operator")


def test_the_app_writes_its_log_and_crash_log(tmp_path: Path) -> None:
    """The sign-in dialog, started as a user would: the log file says so, redacted as configured."""
    log = tmp_path / "log" / "rtcc-desktop.log"
    proc = subprocess.Popen([str(SCRIPT), "--log-level", "debug"], env=env_for(tmp_path), cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if log.exists() and "starting (pid" in log.read_text():
                break
            time.sleep(0.2)
        assert log.exists(), proc.stderr.read() if proc.poll() is not None and proc.stderr else "no log file"
        text = log.read_text()
        assert f"starting (pid {proc.pid}); log file {log}" in text
        crash = (tmp_path / "log" / "crash.log").read_text()
        assert f"--- rtcc-desktop pid {proc.pid} started" in crash
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "starting (pid" in err  # stderr shows the log lines as before
