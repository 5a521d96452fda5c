"""``rtcc-desktop doctor``: real checks on this machine, and the failure paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rtcc_desktop.doctor.checks import check_libvlc, pyside_rule
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.video.libvlc_plugins import capabilities

ROOT = Path(__file__).resolve().parents[2]


def doctor(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.launcher", "doctor", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **env})


def test_full_doctor_on_this_machine() -> None:
    out = doctor()
    lines = out.stdout.splitlines()
    names = {line[5:].split(":", 1)[0] for line in lines}
    assert {"Python", "Qt", "PySide6", "libVLC", "QtWebEngine", "Map assets", "ffmpeg", "Backend"} <= names
    libvlc = next(line for line in lines if line[5:].startswith("libVLC:"))
    assert libvlc.startswith("OK") and "3.0." in libvlc and "HTTP" in libvlc
    assert any(line.startswith("WARN libVLC RTSP") and "relay" in line for line in lines)  # Debian: no live555
    assert any(line.startswith("OK   QtWebEngine") for line in lines)
    assert any(line.startswith("OK   Camera protocols") and "RTSP through the built-in relay" in line
               and "the ffmpeg relay is also available" in line and "HLS native" in line for line in lines)
    assert out.returncode == (1 if any(line.startswith("FAIL") for line in lines) else 0)


def test_missing_libvlc_is_a_fail_with_the_install_hint() -> None:
    out = doctor("--no-webengine", RTCC_DOCTOR_FAKE_NO_LIBVLC="1")
    fail = [line for line in out.stdout.splitlines() if line.startswith("FAIL libVLC")]
    assert fail and "apt-get install libvlc5 vlc-plugin-base" in fail[0]
    assert out.returncode == 1


def test_check_libvlc_with_an_injected_loader() -> None:
    def missing() -> str:
        raise OSError("no libvlc")

    findings = check_libvlc(missing)
    assert findings[0].level == "FAIL" and "no libvlc" in findings[0].detail


def test_pyside_rule() -> None:
    assert pyside_rule("6.12.0", (3, 11)).level == "FAIL"
    assert pyside_rule("6.11.3", (3, 11)).level == "OK"
    assert pyside_rule("6.12.0", (3, 12)).level == "OK"


def test_capabilities_from_a_plugin_directory(tmp_path: Path) -> None:
    (tmp_path / "access").mkdir()
    (tmp_path / "demux").mkdir()
    (tmp_path / "access" / "libhttp_plugin.so").touch()
    (tmp_path / "demux" / "libadaptive_plugin.so").touch()
    assert capabilities(tmp_path) == {"HTTP": True, "HLS": True, "RTSP": False}
    (tmp_path / "access" / "liblive555_plugin.so").touch()
    assert capabilities(tmp_path)["RTSP"] is True
    assert capabilities(None) == {"HTTP": False, "HLS": False, "RTSP": False}


def test_unreachable_backend_fails_and_json_parses() -> None:
    out = doctor("--no-webengine", "--json", "--backend", "http://127.0.0.1:9")
    findings = json.loads(out.stdout)
    backend = next(f for f in findings if f["name"] == "Backend")
    assert backend["level"] == "FAIL" and "Cannot reach" in backend["detail"]
    assert out.returncode == 1


def test_training_backend_is_flagged(mock_backend: MockProcess) -> None:
    out = doctor("--no-webengine", "--backend", mock_backend.url)
    line = next(line for line in out.stdout.splitlines() if line[5:].startswith("Backend"))
    assert line.startswith("WARN") and "TRAINING" in line


def test_protocols_say_what_cannot_play(monkeypatch: pytest.MonkeyPatch) -> None:
    from rtcc_desktop.doctor.checks import check_protocols

    monkeypatch.delenv("RTCC_RELAY_ENGINE", raising=False)
    ready, broken = (True, "built-in RTSP relay, Python 3.11.7"), (False, "No module named rtcc_desktop")
    native = check_protocols({"HTTP": True, "HLS": True, "RTSP": True}, None, broken)
    assert native.level == "OK" and "RTSP native" in native.detail
    no_relay = check_protocols({"HTTP": True, "HLS": True, "RTSP": False}, None, broken)
    assert no_relay.level == "WARN" and "RTSP cannot play (the built-in relay does not start" in no_relay.detail
    relayed = check_protocols({"HTTP": True, "HLS": False, "RTSP": False}, "/usr/bin/ffmpeg", ready)
    assert relayed.level == "WARN" and "HLS cannot play" in relayed.detail
    assert "RTSP through the built-in relay" in relayed.detail
    no_ffmpeg = check_protocols({"HTTP": True, "HLS": True, "RTSP": False}, None, ready)
    assert no_ffmpeg.level == "OK" and "RTSP through the built-in relay (no ffmpeg" in no_ffmpeg.detail


def test_the_relay_engine_can_be_chosen(monkeypatch: pytest.MonkeyPatch) -> None:
    from rtcc_desktop.doctor.checks import rtsp_relay_way

    ready = (True, "built-in RTSP relay")
    monkeypatch.delenv("RTCC_RELAY_ENGINE", raising=False)
    assert rtsp_relay_way("/usr/bin/ffmpeg", ready) == (
        "through the built-in relay (the ffmpeg relay is also available: RTCC_RELAY_ENGINE=ffmpeg)")
    monkeypatch.setenv("RTCC_RELAY_ENGINE", "ffmpeg")
    assert rtsp_relay_way("/usr/bin/ffmpeg", (False, "broken")).startswith("through the ffmpeg relay")
    assert rtsp_relay_way(None, ready) == "cannot play (RTCC_RELAY_ENGINE=ffmpeg, and no ffmpeg is found)"


def test_the_builtin_relay_starts_here() -> None:
    """What doctor runs: the child itself, as a tile starts it."""
    from rtcc_desktop.video.rtsp_relay.engines import check_builtin

    usable, about = check_builtin()
    assert usable and about.startswith("built-in RTSP relay"), about
