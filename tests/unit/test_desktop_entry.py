"""The .desktop file: valid for desktop-file-validate, installed for a user with the icon, and
naming the app as its windows name themselves (StartupWMClass, the desktop file name)."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "resources" / "rtcc-desktop.desktop"
RTCC = Path(sys.executable).with_name("rtcc-desktop")


def entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def validate(path: Path) -> None:
    if shutil.which("desktop-file-validate") is None:
        pytest.fail("desktop-file-validate missing: scripts/install-system-deps.sh test installs desktop-file-utils")
    done = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_the_shipped_entry_is_valid_and_complete() -> None:
    validate(ENTRY)
    e = entry(ENTRY)
    assert e["Name"] == "RTCC Desktop" and e["Comment"]
    assert e["Exec"] == "rtcc-desktop" and e["Icon"] == "rtcc-desktop" and e["Terminal"] == "false"
    assert e["Categories"] and e["StartupWMClass"] == "RTCC Desktop"
    assert (ROOT / "resources" / "icons" / "rtcc-desktop.svg").is_file()


def test_install_desktop_puts_entry_and_icon_in_the_users_data_dir(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")}
    done = subprocess.run([str(RTCC), "install-desktop"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    installed = tmp_path / "share" / "applications" / "rtcc-desktop.desktop"
    validate(installed)
    e = entry(installed)
    assert e["Exec"] == str(RTCC)  # this copy of the app, wherever the menu starts it from
    assert (tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "rtcc-desktop.svg").read_bytes() == \
        (ROOT / "resources" / "icons" / "rtcc-desktop.svg").read_bytes()
    done = subprocess.run([str(RTCC), "install-desktop", "--uninstall"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0 and not installed.exists()


def test_exec_values_are_quoted_as_the_spec_says() -> None:
    from rtcc_desktop.desktop_entry import exec_value

    assert exec_value("/opt/rtcc/rtcc-desktop", "--demo") == "/opt/rtcc/rtcc-desktop --demo"
    assert exec_value("/home/a b/rtcc-desktop") == '"/home/a b/rtcc-desktop"'
    assert exec_value("/srv/100%/x$y") == '"/srv/100%%/x\\\\$y"'


PROBE = """
import subprocess, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget
from ui.app import build_app
app, _ = build_app(None, ["rtcc-desktop"])
w = QWidget(); w.setWindowTitle("rtcc-wmclass-probe"); w.show()
def probe():
    print(subprocess.run(["xprop", "-name", "rtcc-wmclass-probe", "WM_CLASS"], capture_output=True, text=True).stdout)
    print("desktop file name:", app.desktopFileName())
    app.quit()
QTimer.singleShot(500, probe)
app.exec()
"""


@pytest.mark.skipif(shutil.which("xvfb-run") is None or shutil.which("xprop") is None, reason="no Xvfb/xprop")
def test_the_apps_windows_match_the_entry(tmp_path: Path) -> None:
    """On X11 the desktop matches a window to the entry by WM_CLASS (StartupWMClass), on Wayland by
    the app id (the desktop file name)."""
    env = {**os.environ, "RTCC_CONFIG_DIR": str(tmp_path / "config"), "RTCC_DATA_DIR": str(tmp_path / "data")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert "desktop file name: rtcc-desktop" in done.stdout, done.stdout + done.stderr
    assert f'"{entry(ENTRY)["StartupWMClass"]}"' in done.stdout.split("WM_CLASS", 1)[1], done.stdout
