"""Find libVLC and tell which inputs it can open, from the plugins it has.

Debian's libVLC is built without live555, so it cannot open rtsp:// at all;
RTSP then plays through the app's ffmpeg relay instead."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PLUGIN_DIRS = (
    "/usr/lib/x86_64-linux-gnu/vlc/plugins",
    "/usr/lib/aarch64-linux-gnu/vlc/plugins",
    "/usr/lib/vlc/plugins",
    "/usr/lib64/vlc/plugins",
    "/Applications/VLC.app/Contents/MacOS/plugins",
    "C:/Program Files/VideoLAN/VLC/plugins",
)
CAPABILITIES = {
    "HTTP": ("access/libhttp_plugin", "access/libhttps_plugin"),
    "HLS": ("demux/libadaptive_plugin",),
    "RTSP": ("access/liblive555_plugin",),
}


@dataclass(frozen=True)
class LibVlcInfo:
    version: str
    plugin_dir: Path | None
    can_play: dict[str, bool]


def find_plugin_dir() -> Path | None:
    for var in ("PYTHON_VLC_MODULE_PATH", "VLC_PLUGIN_PATH"):
        value = os.environ.get(var)
        if value and Path(value).is_dir():
            return Path(value)
    for candidate in PLUGIN_DIRS:
        if Path(candidate).is_dir():
            return Path(candidate)
    return None


def capabilities(plugin_dir: Path | None) -> dict[str, bool]:
    """Which inputs the plugin set can open (a plugin file exists for it)."""

    def present(stem: str) -> bool:
        if plugin_dir is None:
            return False
        return any((plugin_dir / f"{stem}{ext}").exists() for ext in (".so", ".dll", ".dylib"))

    return {name: any(present(stem) for stem in stems) for name, stems in CAPABILITIES.items()}


def load_libvlc_version() -> str:
    """Raises when libVLC cannot be loaded (python-vlc raises various errors for that)."""
    if os.environ.get("RTCC_DOCTOR_FAKE_NO_LIBVLC") == "1":  # lets tests prove the FAIL path
        raise OSError("libvlc.so.5: cannot open shared object file (simulated)")
    import vlc

    raw = vlc.libvlc_get_version()
    return raw.decode() if isinstance(raw, bytes) else str(raw)


def probe(loader: Callable[[], str] = load_libvlc_version) -> LibVlcInfo:
    version = loader()
    plugin_dir = find_plugin_dir()
    return LibVlcInfo(version=version, plugin_dir=plugin_dir, can_play=capabilities(plugin_dir))
