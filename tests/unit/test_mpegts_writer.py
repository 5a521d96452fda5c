"""The GStreamer relay's MPEG-TS writer, checked against ffmpeg decoding real H.264 and H.265."""

from __future__ import annotations

import subprocess

import pytest

from rtcc_desktop.child_process import find_ffmpeg
from rtcc_desktop.video.rtsp_relay.ts_writer import PACKET, MpegTsWriter, crc32_mpeg
from tests.contract.helpers import pcr_of, pts_leads_ms, video_pes

# Access unit delimiters, which the encoder is asked to insert, split the stream into frames.
CODECS = {"h264": ("libx264", "h264_metadata", "h264", b"\x00\x00\x00\x01\x09"),
          "h265": ("libx265", "hevc_metadata", "hevc", b"\x00\x00\x00\x01\x46")}


def ffmpeg() -> str:
    exe = find_ffmpeg()
    assert exe is not None, "imageio-ffmpeg is a project dependency"
    return exe


def access_units(codec: str, size: str = "320x180", seconds: str = "2", extra: tuple[str, ...] = ()) -> list[bytes]:
    encoder, bsf, fmt, aud = CODECS[codec]
    raw = subprocess.run([ffmpeg(), "-loglevel", "error", "-f", "lavfi", "-i", f"testsrc2=s={size}:r=15",
                          "-t", seconds, "-g", "15", "-bf", "0", "-c:v", encoder, *extra,
                          "-bsf:v", f"{bsf}=aud=insert", "-f", fmt, "-"], capture_output=True, check=True).stdout
    return [aud + part for part in raw.split(aud) if part]


def decode(ts: bytes) -> tuple[int, str]:
    """Frames ffmpeg decodes from the stream, and what it complained about (warnings too:
    a continuity counter gap or a bad table CRC is a warning)."""
    done = subprocess.run([ffmpeg(), "-hide_banner", "-loglevel", "warning", "-i", "pipe:0", "-f", "framemd5", "-"],
                          input=ts, capture_output=True)
    frames = [line for line in done.stdout.decode().splitlines() if line and not line.startswith("#")]
    return len(frames), done.stderr.decode()


def pcrs(ts: bytes) -> list[int]:
    return [pcr for off in range(0, len(ts), PACKET) if (pcr := pcr_of(ts[off:off + PACKET])) is not None]


@pytest.mark.parametrize("codec", ["h264", "h265"])
def test_every_frame_decodes_whole_and_on_time(codec: str) -> None:
    units = access_units(codec)
    writer = MpegTsWriter(codec)
    ts = b"".join(writer.frame(unit, k * 6000, None, k % 15 == 0) for k, unit in enumerate(units))
    assert len(ts) % PACKET == 0 and all(ts[off] == 0x47 for off in range(0, len(ts), PACKET))
    frames, complaints = decode(ts)
    assert frames == len(units) and complaints == ""
    pes = video_pes(ts)  # the last PES has no successor to end it; every other is whole
    assert len(pes) == len(units) - 1 and all(declared == carried for declared, carried in pes)
    assert set(pts_leads_ms(ts)) == {0.0}  # each frame's PCR is its own time: nothing held back


def test_a_frame_too_long_for_a_pes_length_is_unbounded_and_still_decodes() -> None:
    units = access_units("h264", "1920x1080", "0.2", ("-qp", "0"))
    assert max(map(len, units)) > 0xFFFF
    writer = MpegTsWriter("h264")
    ts = b"".join(writer.frame(unit, k * 6000, None, k == 0) for k, unit in enumerate(units))
    frames, complaints = decode(ts)
    assert frames == len(units) and complaints == ""
    assert any(declared == 0 for declared, _ in video_pes(ts))


def test_the_clock_reference_never_runs_backwards() -> None:
    """Decoding times that step back (a camera's B-frames) must not take the PCR back with them:
    a player would reset its clock."""
    writer = MpegTsWriter("h264")
    unit = access_units("h264", seconds="0.1")[0]
    ts = b"".join(writer.frame(unit, pts, dts, False) for pts, dts in [(9000, 3000), (6000, 6000), (12000, 4500)])
    assert pcrs(ts) == sorted(pcrs(ts))


def test_tables_carry_the_mpeg_crc() -> None:
    assert crc32_mpeg(b"123456789") == 0x0376E6E7  # the CRC-32/MPEG-2 check value
