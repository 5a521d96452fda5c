"""The ffmpeg command line of one synthetic camera feed (H.264 in MPEG-TS on stdout).

Each frame shows a scene that visibly moves (a frozen picture must be
noticeable), the camera's label, a wall clock, and the frame strip from
``rtcc_desktop.api.schemas.frame_strip`` stamped with the wall-clock time at
which the frame was made, so a viewer can measure glass-to-glass latency.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from mock_backend.ffmpeg_tool import ffmpeg_exe
from rtcc_desktop.api.schemas import frame_strip

FPS = 15


@dataclass(frozen=True)
class Profile:
    width: int
    height: int
    bitrate_k: int


PROFILES: dict[str, Profile] = {
    "main": Profile(1280, 720, 1500),
    "sub": Profile(320, 180, 250),
}

_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)


def _font() -> Path | None:
    return next((f for f in _FONTS if f.exists()), None)


def _escape(value: str) -> str:
    """Quote a value for a filtergraph option (paths we made; still escaped)."""
    return value.replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")


def _colour(camera_id: int) -> str:
    # A distinct dull background per camera: tiles are told apart at a glance.
    r, g, b = (40 + (camera_id * 53) % 50, 45 + (camera_id * 97) % 45, 60 + (camera_id * 31) % 50)
    return f"0x{r:02x}{g:02x}{b:02x}"


def feed_command(camera_id: int, profile_name: str, label_file: Path, now_us: int | None = None) -> list[str]:
    """ffmpeg arguments for one camera/profile.

    The label is read from ``label_file`` with expansion off: labels come from
    camera owners, and putting them into the filter graph text would let a
    label rewrite the filter graph."""
    p = PROFILES[profile_name]
    base_us = int(time.time() * 1e6) if now_us is None else now_us
    base_ms = (base_us // 1000) % frame_strip.TIME_MODULUS
    rh = frame_strip.row_height(p.height)
    word0 = frame_strip.id_word(camera_id)
    bits = frame_strip.BITS_PER_ROW
    # Frames are paced to the wall clock (realtime), then stamped with it: pts
    # becomes milliseconds since base_us, so T in geq is the capture time.
    strip = (
        f"crop=iw:{2 * rh}:0:0,"
        f"geq=lum='st(0,floor(X*{bits}/W));"
        f"st(1,if(lt(Y,{rh}),{word0},mod({base_ms}+T*1000,{frame_strip.TIME_MODULUS})));"
        f"255*mod(floor(ld(1)/pow(2,ld(0))),2)':cb=128:cr=128"
    )
    size = max(10, p.height // 14)
    text = []
    font = _font()
    if font is not None:
        common = (f"fontfile='{_escape(str(font))}':fontcolor=white:fontsize={size}"
                  ":box=1:boxcolor=black@0.45:boxborderw=4")
        text = [
            f"drawtext={common}:expansion=none:textfile='{_escape(str(label_file))}'"
            f":x={size // 2}:y={2 * rh + size // 2}",
            f"drawtext={common}:text='%{{localtime\\:%H\\\\\\:%M\\\\\\:%S}}  cam {camera_id}  {profile_name}'"
            f":x={size // 2}:y=h-{2 * size}",
        ]
    scene = [
        "drawbox=x=0:y=ih*0.55:w=iw:h=ih*0.25:color=0x303030:t=fill",
        f"drawbox=x='mod(t*{p.width // 6},iw+iw/8)-iw/8':y=ih*0.6:w=iw/8:h=ih/10:color=0xc8a040:t=fill",
    ]
    graph = (
        f"realtime,settb=1/1000,setpts=(RTCTIME-{base_us})/1000,"
        + ",".join(scene + text)
        + f",split[a][b];[b]{strip}[s];[a][s]overlay=0:0"
    )
    return [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error",
        "-f", "lavfi", "-i", f"color=c={_colour(camera_id)}:s={p.width}x{p.height}:r={FPS}",
        "-filter_complex", graph,
        "-fps_mode", "passthrough",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-threads", "1",
        # One keyframe a second: a joining viewer gets at most a second of GOP cache.
        "-g", str(FPS), "-keyint_min", str(FPS), "-sc_threshold", "0",
        "-b:v", f"{p.bitrate_k}k", "-maxrate", f"{p.bitrate_k * 2}k", "-bufsize", f"{p.bitrate_k}k",
        "-pix_fmt", "yuv420p",
        # Names the feed in the stream and on the command line (diagnostics, tests).
        "-metadata", f"service_name=rtcc camera {camera_id} {profile_name}",
        # PES lengths written, as a camera's TS muxer does: without them a demuxer (the RTSP
        # server's tsdemux) learns that a frame ended only when the next began, 67 ms on.
        "-f", "mpegts", "-omit_video_pes_length", "0", "-muxdelay", "0", "-muxpreload", "0", "-flush_packets", "1",
        "pipe:1",
    ]
