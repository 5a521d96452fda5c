"""The process-wide libVLC instance, created on first use."""

from __future__ import annotations

import threading
from typing import Any

# Measured on the project's machines (DESIGN.md): no audio, no X11 from
# libVLC (we paint), one decoder thread per stream for many small tiles.
INSTANCE_OPTIONS = ("--no-audio", "--no-xlib", "--quiet", "--avcodec-threads=1", "--no-video-title-show",
                    "--no-stats", "--no-osd", "--no-snapshot-preview")
# Glass-to-glass on loopback HTTP-TS is this plus ~65 ms (bench/wall_bench.py): 150 gives
# ~215 ms against a 250 ms target, steady with 16 other streams playing and a core busy
# elsewhere. 300 gave 345 ms; the default 1000 tripled that; 100 (~150 ms) left no margin
# for a jittery network in an earlier measurement (DESIGN.md).
NETWORK_CACHING_MS = 150
# A relayed stream (fd://, a pipe) is buffered by libVLC's file-caching (default 1000 ms).
# 100 measured ~350 ms glass-to-glass through gst-rtsp-server and the relay; 50 made libVLC's
# clock drop and resync for seconds (bench/sources_bench.py).
RELAY_CACHING_MS = 100
EXTRA_MEDIA_OPTIONS: tuple[str, ...] = ()  # per-media ``:option=value`` strings added to every stream

_lock = threading.Lock()
_instance: Any = None


class VideoUnavailable(RuntimeError):
    """libVLC could not be loaded: the wall explains this instead of showing video."""


def vlc_module() -> Any:
    try:
        import vlc
    except (ImportError, OSError) as exc:
        raise VideoUnavailable(
            f"Live video needs libVLC, which could not be loaded ({exc}). "
            "Run 'rtcc-desktop doctor' for how to install it."
        ) from exc
    return vlc


def instance() -> Any:
    """The shared ``vlc.Instance`` (thread-safe to create; libVLC instances are)."""
    global _instance
    with _lock:
        if _instance is None:
            vlc = vlc_module()
            created = vlc.Instance(list(INSTANCE_OPTIONS))
            if created is None:
                raise VideoUnavailable("libVLC loaded but refused to start; run 'rtcc-desktop doctor'.")
            _instance = created
        return _instance


_native: dict[str, bool] | None = None


def native_inputs() -> dict[str, bool]:
    """Which inputs this libVLC opens itself (from its plugins), looked up once."""
    global _native
    if _native is None:
        from rtcc_desktop.video.libvlc_plugins import capabilities, find_plugin_dir

        _native = capabilities(find_plugin_dir())
    return _native
