"""The doctor's checks: each returns Findings and never raises."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Callable

from rtcc_desktop.child_process import find_ffmpeg
from rtcc_desktop.doctor.result import Finding
from rtcc_desktop.resources import resources_dir
from rtcc_desktop.video.libvlc_plugins import capabilities, find_plugin_dir, load_libvlc_version, probe
from rtcc_desktop.video.rtsp_relay.engines import check_builtin, preferred_engine
from rtcc_desktop.video.rtsp_relay.relay import ENGINE_VARIABLE

RELAY_NOTE = "RTSP plays through the app's relay instead"


def check_python(version: tuple[int, int] = sys.version_info[:2]) -> Finding:
    text = ".".join(map(str, version))
    if version < (3, 11):
        return Finding("Python", "FAIL", f"{text} is too old", "use Python 3.11 or newer")
    return Finding("Python", "OK", text)


def pyside_rule(pyside: str, python: tuple[int, int]) -> Finding:
    # PySide6 6.12.0 on Python 3.11 corrupts None's refcount in QPainter.drawImage /
    # QWidget.update and aborts (measured on the project's machines, docs/architecture.md).
    if pyside.startswith("6.12.0") and python[:2] == (3, 11):
        return Finding("PySide6", "FAIL", f"{pyside} on Python 3.11 crashes (none_dealloc) when painting video",
                       "pip install 'PySide6<6.12', or use Python 3.12")
    return Finding("PySide6", "OK", pyside)


def check_qt() -> list[Finding]:
    try:
        import PySide6
        from PySide6.QtCore import qVersion
    except Exception as exc:
        return [Finding("Qt", "FAIL", f"PySide6 cannot be imported: {exc}", "make venv (pip install PySide6)")]
    return [Finding("Qt", "OK", qVersion()), pyside_rule(PySide6.__version__, sys.version_info[:2])]


def check_libvlc(loader: Callable[[], str] = load_libvlc_version) -> list[Finding]:
    try:
        info = probe(loader)
    except Exception as exc:  # python-vlc raises OSError/ImportError/AttributeError/NameError
        hint = ("apt-get install libvlc5 vlc-plugin-base" if sys.platform.startswith("linux")
                else "install VLC 3.0 from videolan.org")
        return [Finding("libVLC", "FAIL", f"not found ({exc}); video cannot play", hint)]
    plays = ", ".join(name for name, ok in info.can_play.items() if ok) or "nothing"
    findings = [Finding("libVLC", "OK", f"{info.version}; plays natively: {plays} (plugins: {info.plugin_dir})")]
    for name in ("HTTP", "HLS"):
        if not info.can_play[name]:
            findings.append(Finding(f"libVLC {name}", "FAIL", f"the {name} input plugin is missing",
                                    "apt-get install vlc-plugin-base"))
    if not info.can_play["RTSP"]:
        findings.append(Finding(
            "libVLC RTSP", "WARN", f"this libVLC has no live555 and cannot open rtsp:// natively; {RELAY_NOTE}",
            "nothing needed; for native RTSP install a VLC build with live555 (e.g. from videolan.org)"))
    return findings


_WEBENGINE_SCRIPT = """
import sys
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import QApplication
from PySide6.QtWebEngineCore import QWebEnginePage
app = QApplication(["rtcc-doctor"])
page = QWebEnginePage()
page.loadFinished.connect(lambda ok: (print("LOADED" if ok else "FAILED"), app.quit()))
page.load(QUrl("data:text/html,<p>ok</p>"))
QTimer.singleShot(15000, lambda: (print("TIMEOUT"), app.quit()))
app.exec()
"""


PROBE_SCRIPTS = {"webengine": _WEBENGINE_SCRIPT}  # run in a child process, so a crash cannot take doctor down


def check_webengine(timeout: float = 25.0) -> Finding:
    env = {**os.environ}
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    try:
        # Frozen (the desktop bundle) there is no "python -c": the bundle's executable runs this
        # same script when asked (packaging/rtcc_desktop_main.py).
        cmd = [sys.executable, "doctor-probe", "webengine"] if getattr(sys, "frozen", False) else \
            [sys.executable, "-c", _WEBENGINE_SCRIPT]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        return Finding("QtWebEngine", "FAIL", "did not start within the time limit", "make sysdeps")
    if "LOADED" in out.stdout:
        return Finding("QtWebEngine", "OK", "starts and renders a page")
    tail = (out.stderr.strip().splitlines() or ["no output"])[-1][:200]
    return Finding("QtWebEngine", "FAIL", f"cannot start: {tail}",
                   "make sysdeps (system libraries); as root set QTWEBENGINE_DISABLE_SANDBOX=1")


def check_map_assets() -> Finding:
    vendor = resources_dir() / "vendor"
    found = {p.name for p in vendor.rglob("*")} if vendor.is_dir() else set()
    if {"leaflet.js", "leaflet.css"} <= found:
        return Finding("Map assets", "OK", f"vendored Leaflet in {vendor}")
    return Finding("Map assets", "WARN", f"vendored Leaflet not found in {vendor}; the map will not load offline",
                   "reinstall the app, or run scripts/vendor-map-assets.sh in a checkout")


def check_ffmpeg() -> Finding:
    exe = find_ffmpeg()
    if not exe:
        return Finding("ffmpeg", "WARN", "not found; the mock backend cannot make video and RTSP relays cannot run",
                       "pip install imageio-ffmpeg, or apt-get install ffmpeg")
    try:
        first = subprocess.run([exe, "-version"], capture_output=True, text=True, timeout=10).stdout.splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError) as exc:
        return Finding("ffmpeg", "WARN", f"{exe} does not run: {exc}", "reinstall imageio-ffmpeg")
    return Finding("ffmpeg", "OK", f"{first} ({exe})")


def check_protocols(can_play: dict[str, bool] | None = None, ffmpeg: str | None = "",
                    builtin: tuple[bool, str] | None = None) -> Finding:
    """How each camera protocol will play here: natively in libVLC, or through which relay."""
    if can_play is None:  # from the plugin files, as the libVLC line found them; no second libVLC load
        can_play = capabilities(find_plugin_dir())
    if ffmpeg == "":
        ffmpeg = find_ffmpeg()
    ways = {"HTTP-TS": "native" if can_play.get("HTTP") else "cannot play",
            "HLS": "native" if can_play.get("HLS") else "cannot play"}
    if can_play.get("RTSP"):
        ways["RTSP"] = "native"
    else:
        ways["RTSP"] = rtsp_relay_way(ffmpeg, check_builtin() if builtin is None else builtin)
    text = "; ".join(f"{name} {how}" for name, how in ways.items())
    if any(how.startswith("cannot") for how in ways.values()):
        return Finding("Camera protocols", "WARN", text,
                       f"apt-get install vlc-plugin-base; for RTSP unset {ENGINE_VARIABLE} "
                       "(the built-in relay) or pip install imageio-ffmpeg (the ffmpeg relay)")
    return Finding("Camera protocols", "OK", text)


def rtsp_relay_way(ffmpeg: str | None, builtin: tuple[bool, str]) -> str:
    """Which relay RTSP takes here, and whether the other could be chosen (the built-in relay
    is a frame sooner, ffmpeg's a little cheaper)."""
    builtin_ok, about = builtin
    if preferred_engine() == "ffmpeg":
        if not ffmpeg:
            return f"cannot play ({ENGINE_VARIABLE}=ffmpeg, and no ffmpeg is found)"
        return f"through the ffmpeg relay ({ENGINE_VARIABLE}=ffmpeg; the built-in relay is a frame sooner)"
    if not builtin_ok:
        return f"cannot play (the built-in relay does not start: {about})"
    if ffmpeg:
        return f"through the built-in relay (the ffmpeg relay is also available: {ENGINE_VARIABLE}=ffmpeg)"
    return "through the built-in relay (no ffmpeg for the other relay)"


def check_backend(url: str | None) -> Finding:
    if not url:
        return Finding("Backend", "OK", "none configured (use --backend URL or RTCC_BACKEND_URL to check one)")
    from rtcc_desktop.api.client import BackendClient
    from rtcc_desktop.api.errors import BackendError

    try:
        info = BackendClient(url, timeout=(3, 5), retries=0).info()
    except BackendError as exc:
        return Finding("Backend", "FAIL", exc.message, "check the URL, the network, and the CA bundle setting")
    if info.environment == "training":
        return Finding("Backend", "WARN", f"{url}: {info.name} {info.version} — this is a TRAINING backend",
                       "fine for drills; use the production profile for live operations")
    return Finding("Backend", "OK", f"{url}: {info.name} {info.version} ({info.environment})")


def check_log() -> Finding:
    """Where the app writes its log and crash log, and whether it can (nothing is created)."""
    from rtcc_desktop.log_setup import DIR_ENV, crash_file, log_dir, log_file

    folder = log_dir()
    existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return Finding("Log", "WARN", f"{folder} cannot be written: the app logs to stderr only",
                       f"make {existing or folder} writable by this user, or set {DIR_ENV} to a folder that is")
    size = f", {log_file().stat().st_size // 1024} KiB" if log_file().is_file() else ", not written yet"
    return Finding("Log", "OK", f"{log_file()}{size}; native crashes in {crash_file()}")


def platform_line() -> Finding:
    return Finding("Platform", "OK", f"{platform.system()} {platform.release()} ({platform.machine()})")
