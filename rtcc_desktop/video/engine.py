"""The process-wide libVLC instance, created on first use."""

from __future__ import annotations

import threading
from typing import Any

# Measured on the project's machines (docs/architecture.md): no audio, no X11 from
# libVLC (we paint), one decoder thread per stream for many small tiles. Every picture is
# scaled to its tile by swscale (frame_buffer.decode_size): bilinear, as Qt's smooth
# painting was, costs 10-15 % less of the decoder threads than libVLC's default bicubic.
INSTANCE_OPTIONS = ("--no-audio", "--no-xlib", "--quiet", "--avcodec-threads=1", "--no-video-title-show",
                    "--no-stats", "--no-osd", "--no-snapshot-preview", "--swscale-mode=1")
# libVLC's jitter buffer for a live stream. Glass-to-glass on loopback HTTP-TS is this plus
# ~5 ms with the live clock below (bench/wall_bench.py: 154 ms). 150 leaves a core-busy
# machine and a jittery network their margin; 100 left none in an earlier measurement
# (docs/architecture.md); the default 1000 is far too slow for a control room.
NETWORK_CACHING_MS = 150
# libVLC assumes it may read HTTP and a pipe (the RTSP relay's fd://) at its own pace, as
# from a file: its clock is then fixed by how the first packets happened to arrive and
# never follows the source. That cost a steady 60 ms on HTTP-TS (214 vs 154 ms) and made
# the relay's latency a matter of luck at start-up (217-348 ms, same stream). A live source
# sets the pace; "clock-synchro" says so, and libVLC then tracks its arrival times. Late
# pictures are still shown rather than dropped: the newest picture, even late, is the
# truest one (dropping them cut 16 main tiles on an overloaded machine from 6.6 to 2.3 fps).
LIVE_CLOCK_OPTIONS = (":clock-synchro=1", ":no-drop-late-frames")
EXTRA_MEDIA_OPTIONS: tuple[str, ...] = ()  # per-media ``:option=value`` strings added to every stream


def media_options(protocol: str, relayed: bool) -> tuple[str, ...]:
    """The ``:option`` strings for one live stream. A relayed stream is read from a pipe
    (file-caching), anything else from the network; both get the same jitter buffer, as
    the relay passes the camera's network jitter on. HLS keeps libVLC's own pacing: its
    segments arrive a second at a time, which is not a live arrival clock."""
    caching = f":file-caching={NETWORK_CACHING_MS}" if relayed else f":network-caching={NETWORK_CACHING_MS}"
    live = () if protocol == "hls" else LIVE_CLOCK_OPTIONS
    return (caching, *live, *EXTRA_MEDIA_OPTIONS)


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
