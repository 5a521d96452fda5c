"""The built-in relay's depacketizer, fed real RTP: ffmpeg's RTP muxer packetizing real H.264
and H.265 (single NAL units, aggregates and fragments), over loopback UDP."""

from __future__ import annotations

import itertools
import socket
import subprocess
import threading

import pytest

from rtcc_desktop.video.rtsp_relay.depacketizer import (
    MAX_ACCESS_UNIT,
    START,
    AccessUnit,
    H264Depacketizer,
    depacketizer_for,
)
from tests.unit.test_mpegts_writer import access_units, ffmpeg

DELIMITERS = {"h264": {9}, "h265": {35}}  # access unit delimiters: an RTP packetizer may leave them out


def nal_type(codec: str, nal: bytes) -> int:
    return nal[0] & 0x1F if codec == "h264" else (nal[0] >> 1) & 0x3F


def nals(codec: str, unit: bytes) -> list[bytes]:
    """An access unit's NAL units, delimiters left out."""
    parts = [part.lstrip(b"\x00") for part in unit.split(b"\x00\x00\x01")]
    return [part.rstrip(b"\x00") for part in parts if part and nal_type(codec, part) not in DELIMITERS[codec]]


def rtp_of(codec: str, units: list[bytes], packet_size: int = 600) -> list[bytes]:
    """``units`` sent through ffmpeg's RTP muxer (15 fps), as a camera would send them."""
    receiver = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    receiver.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
    receiver.bind(("127.0.0.1", 0))
    receiver.settimeout(1.0)
    port = receiver.getsockname()[1]
    packets: list[bytes] = []

    def receive() -> None:
        try:
            while True:
                packets.append(receiver.recv(65536))
        except TimeoutError:
            pass

    reader = threading.Thread(target=receive)
    reader.start()
    fmt = "h264" if codec == "h264" else "hevc"
    subprocess.run([ffmpeg(), "-loglevel", "error", "-framerate", "15", "-f", fmt, "-i", "pipe:0", "-c", "copy",
                    "-strict", "experimental", "-f", "rtp", "-payload_type", "96", "-pkt_size", str(packet_size),
                    f"rtp://127.0.0.1:{port}?rtcpport={port}"], input=b"".join(units), check=True, timeout=30)
    reader.join()
    receiver.close()
    return [p for p in packets if len(p) > 12 and p[1] & 0x7F == 96]  # RTP only, not RTCP


def depacketize(codec: str, packets: list[bytes], parameter_sets: list[bytes] | None = None) -> list[AccessUnit]:
    depacketizer = H264Depacketizer(parameter_sets or []) if codec == "h264" else depacketizer_for("H265", "")
    assert depacketizer is not None
    out: list[AccessUnit] = []
    for packet in packets:
        out += depacketizer.push(packet[12:], int.from_bytes(packet[4:8], "big"), bool(packet[1] & 0x80))
    return out


@pytest.mark.parametrize("codec", ["h264", "h265"])
def test_every_frame_comes_back_whole_at_its_marker(codec: str) -> None:
    units = access_units(codec)
    packets = rtp_of(codec, units)
    kinds = {nal_type(codec, p[12:]) for p in packets}
    assert kinds & {28, 49}, "some frames must have been fragmented"  # FU-A / FU
    back = depacketize(codec, packets)
    assert len(back) == len(units)
    assert [nals(codec, unit.data) for unit in back] == [nals(codec, unit) for unit in units]
    assert [unit.keyframe for unit in back] == [k % 15 == 0 for k in range(len(units))]
    steps = {(b.rtp_timestamp - a.rtp_timestamp) % (1 << 32) for a, b in itertools.pairwise(back)}
    assert steps and all(abs(step - 6000) <= 1 for step in steps)  # 90 kHz / 15 fps, as ffmpeg rounds it
    assert all(unit.data.startswith(START) for unit in back)


def test_a_lost_marker_ends_the_frame_when_the_next_one_begins() -> None:
    units = access_units("h264", seconds="0.4")
    packets = rtp_of("h264", units)
    marked = [i for i, p in enumerate(packets) if p[1] & 0x80]
    victim = marked[2]
    packets[victim] = packets[victim][:1] + bytes([packets[victim][1] & 0x7F]) + packets[victim][2:]
    back = depacketize("h264", packets)
    assert [nals("h264", unit.data) for unit in back] == [nals("h264", unit) for unit in units]


def test_a_fragment_missing_its_middle_is_dropped_not_glued() -> None:
    depacketizer = H264Depacketizer([])
    idr = bytes([0x65]) + bytes(range(200))
    fu = [bytes([0x7C, 0x85]) + idr[1:70], bytes([0x7C, 0x05]) + idr[70:140], bytes([0x7C, 0x45]) + idr[140:]]
    assert depacketizer.push(fu[0], 1000, False) == []
    depacketizer.lost()  # the middle packet never came
    assert depacketizer.push(fu[2], 1000, True) == []  # no frame made of a head and a tail
    depacketizer.push(fu[0], 7000, False)
    depacketizer.push(fu[1], 7000, False)
    (unit,) = depacketizer.push(fu[2], 7000, True)
    assert unit.data == START + idr and unit.keyframe


def test_aggregates_unpack_and_parameter_sets_from_the_sdp_lead_a_keyframe_without_them() -> None:
    sps, pps, idr = bytes([0x67, 1, 2, 3]), bytes([0x68, 4]), bytes([0x65, 9, 9, 9])
    stap = bytes([0x18]) + len(pps).to_bytes(2, "big") + pps + len(idr).to_bytes(2, "big") + idr
    truncated = stap + b"\x00\x20\x41"  # a last entry claiming 32 bytes: kept out, the rest kept
    depacketizer = depacketizer_for("H264", "packetization-mode=1; sprop-parameter-sets=Z2QAHqzZQA==,aOvjyyLA")
    assert depacketizer is not None
    (unit,) = depacketizer.push(truncated, 5, True)
    assert unit.data == START + bytes.fromhex("6764001eacd940") + START + bytes.fromhex("68ebe3cb22c0") \
        + START + pps + START + idr
    (unit,) = depacketizer.push(bytes([0x18]) + len(sps).to_bytes(2, "big") + sps + stap[1:], 6, True)
    assert unit.data == START + sps + START + pps + START + idr  # in band: nothing added


def test_a_frame_beyond_any_camera_s_size_is_dropped_and_the_stream_goes_on_at_a_keyframe() -> None:
    depacketizer = H264Depacketizer([])
    piece = bytes([0x7C, 0x05]) + bytes(60_000)
    depacketizer.push(bytes([0x7C, 0x85]) + bytes(60_000), 1, False)
    for _ in range(MAX_ACCESS_UNIT // 60_000 + 2):
        depacketizer.push(piece, 1, False)
    assert depacketizer.push(bytes([0x7C, 0x45]) + bytes(10), 1, True) == []
    assert depacketizer.dropped == 1
    assert depacketizer.push(bytes([0x41, 1]), 2, True) == []  # it refers to the frame dropped
    assert depacketizer.push(bytes([0x65, 1]), 3, True)[0].data == START + bytes([0x65, 1])
    assert depacketizer.push(bytes([0x41, 2]), 4, True)[0].data == START + bytes([0x41, 2])
