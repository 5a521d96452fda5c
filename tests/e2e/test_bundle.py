"""The desktop bundle: build it with build.spec, then run doctor and the demo from it under Xvfb.

Slow (about a minute to build) but part of `make test`: a bundle that only builds proves nothing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def build(work: Path, **env: str) -> Path:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    done = subprocess.run([str(pyinstaller), "--noconfirm", "--log-level", "WARN", "--distpath", str(work / "dist"),
                           "--workpath", str(work / "build"), str(ROOT / "build.spec")],
                          cwd=ROOT, capture_output=True, text=True, timeout=540, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr[-3000:]
    return work / "dist" / "rtcc-desktop"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    work = tmp_path_factory.mktemp("bundle")
    yield build(work)
    shutil.rmtree(work, ignore_errors=True)


def clean_env(tmp: Path) -> dict[str, str]:
    """No venv, no test settings: what a workstation's user would have."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = "/usr/local/bin:/usr/bin:/bin"
    env.update(RTCC_CONFIG_DIR=str(tmp / "config"), RTCC_DATA_DIR=str(tmp / "data"), HOME=str(tmp))
    return env


def test_the_bundle_ships_every_qt_library_it_needs(bundle: Path) -> None:
    report = subprocess.run([sys.executable, str(ROOT / "packaging" / "bundle_report.py"), str(bundle)],
                            capture_output=True, text=True, timeout=120)
    print(report.stdout)
    assert report.returncode == 0, report.stdout
    size_mib = float(re.search(r"(\d+) MiB", report.stdout).group(1))  # type: ignore[union-attr]
    assert size_mib < 900  # pruned: PySide6's full Qt alone would be over 800 MiB
    assert not (bundle / "_internal" / "PySide6" / "Qt" / "qml").exists()
    assert (bundle / "_internal" / "resources" / "vendor" / "leaflet" / "leaflet.js").exists()


def test_doctor_runs_from_the_bundle(bundle: Path, tmp_path: Path) -> None:
    out = subprocess.run([str(bundle / "rtcc-desktop"), "doctor"], env=clean_env(tmp_path), capture_output=True,
                         text=True, timeout=120)
    print(out.stdout)
    lines = {line.split(":")[0][5:]: line[:4].strip() for line in out.stdout.splitlines() if line[:4].strip()}
    for check in ("Qt", "PySide6", "libVLC", "QtWebEngine", "Map assets", "ffmpeg", "Camera protocols"):
        assert lines.get(check) == "OK", f"{check}: {out.stdout}"
    assert str(bundle) in out.stdout  # its map assets and ffmpeg are the bundle's own
    assert "RTSP through the built-in relay" in out.stdout  # its child starts from the bundle (rtsp-relay)


def test_the_bundle_installs_its_desktop_entry(bundle: Path, tmp_path: Path) -> None:
    """The bundle ships the .desktop file and icon, and puts them in the user's menu starting itself."""
    assert (bundle / "_internal" / "resources" / "rtcc-desktop.desktop").is_file()
    assert (bundle / "_internal" / "resources" / "icons" / "rtcc-desktop.svg").is_file()
    env = {**clean_env(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}
    done = subprocess.run([str(bundle / "rtcc-desktop"), "install-desktop"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    installed = (tmp_path / "share" / "applications" / "rtcc-desktop.desktop").read_text(encoding="utf-8")
    assert f"Exec={(bundle / 'rtcc-desktop').resolve()}\n" in installed, installed
    assert (tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "rtcc-desktop.svg").is_file()


def test_the_bundled_demo_signs_in_and_shows_video(bundle: Path, tmp_path: Path) -> None:
    if shutil.which("xvfb-run") is None:
        pytest.fail("xvfb-run is missing: make sysdeps installs it")
    shots = tmp_path / "shots"
    run = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x900x24", str(bundle / "rtcc-desktop"),
                          "screenshot", "--out", str(shots), "--show", "wall", "--delay", "5"],
                         env=clean_env(tmp_path), cwd=tmp_path, capture_output=True, text=True, timeout=180)
    tiles = re.findall(r"tile (\d+) camera (\d+) state (\w+) strip (\w+)", run.stdout)
    assert len(tiles) == 16, run.stdout + run.stderr[-2000:]
    decoded = [t for t in tiles if t[2] == "playing" and t[3] == t[1]]  # the picture is the camera it claims
    assert len(decoded) >= 12, tiles
    picture = shots / "wall-operator.png"
    assert picture.stat().st_size > 100_000  # a real window, not a black or blank frame
    keep = ROOT / "screenshots"  # for a person to look at
    keep.mkdir(exist_ok=True)
    shutil.copy(picture, keep / "bundle-wall-operator.png")


def test_a_bundle_can_ship_its_own_libvlc(tmp_path: Path) -> None:
    """The Windows/macOS way (RTCC_BUNDLE_VLC_DIR + the runtime hook), shown here with a copy of
    the system's libVLC and plugins: the bundle then plays video with the libVLC inside it."""
    from rtcc_desktop.api.client import BackendClient
    from rtcc_desktop.video.libvlc_plugins import find_plugin_dir
    from tests.conftest import start_mock

    system_plugins = find_plugin_dir()
    assert system_plugins is not None
    vlc = tmp_path / "vlc"
    vlc.mkdir()
    for name in ("libvlc.so.5", "libvlccore.so.9"):
        shutil.copy(system_plugins.parents[1] / name, vlc / name)
    shutil.copytree(system_plugins, vlc / "plugins")
    bundled = build(tmp_path / "work", RTCC_BUNDLE_VLC_DIR=str(vlc))
    env = clean_env(tmp_path)
    doctor = subprocess.run([str(bundled / "rtcc-desktop"), "doctor"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert f"plugins: {bundled / '_internal' / 'vlc' / 'plugins'}" in doctor.stdout, doctor.stdout
    mock = start_mock(tmp_path / "mock", "--cameras", "60")
    try:
        client = BackendClient(mock.url)
        client.sign_in("operator", "demo")
        from tests.contract.helpers import live_camera

        cam = live_camera(client.all_cameras())
        grant = client.request_stream(cam.id, "2026-000777", "Bundle libVLC test")
        probe = subprocess.run([str(bundled / "rtcc-desktop"), "probe", grant.url, "--seconds", "2", "--json"],
                               env=env, capture_output=True, text=True, timeout=60)
        assert probe.returncode == 0, probe.stdout + probe.stderr[-2000:]
        found = json.loads(probe.stdout.strip().splitlines()[-1])
        assert found["camera_number"] == cam.id and found["path"] == "native", found
    finally:
        mock.stop()
