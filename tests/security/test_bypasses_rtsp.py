"""Ways round the built-in RTSP relay's defences against hostile cameras (issue #21, after
tests/security/test_hostile_cameras.py), each against a scripted camera on loopback
(tests/unit/fake_camera.py) or the relay's own child process. Findings covered:

- an rtsps:// camera gone silent after PLAY held the relay for ever: the TLS socket, blocking
  with the kernel's receive timeout, read on after each timeout, so "no video" never came;
- an RTCP BYE for any source ended the stream: over UDP, anyone forging the camera's address
  could cut it without knowing the stream's SSRC;
- a fragmented NAL unit begun in one frame was continued by the next frame's fragments: two
  frames glued into one NAL unit (and a "keyframe" made of them);
- a jump of the camera's RTP clock froze the MPEG-TS clock: the PCR, never taken back, stood
  still for as long as a jump back was (an hour's jump: an hour without a picture), and a jump
  ahead put the PCR hours ahead;
- a camera whose RTP sequence count started again lower had every packet taken as "late" and
  dropped until the count caught up (up to 32767 packets: minutes with no picture);
- numbers in the session description that int() refuses (a superscript digit, thousands of
  digits) ended the relay with a bare ValueError; a payload type over 127 set up a stream whose
  packets could never match;
- a camera that never read its socket, once the buffers were full, held a keep-alive on plain
  TCP for ever: the relay relayed nothing and never ended;
- a camera flooding its RTP port faster than the relay read kept it in its read loop: no idle
  timeout, no keep-alive, no RTCP.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from itertools import pairwise

import pytest

from rtcc_desktop.video.rtsp_relay.builtin import CHILD
from rtcc_desktop.video.rtsp_relay.depacketizer import H264Depacketizer, H265Depacketizer
from rtcc_desktop.video.rtsp_relay.session import RtspSession
from rtcc_desktop.video.rtsp_relay.target import RtspError
from tests.security.test_hostile_cameras import client_ports, udp_camera
from tests.unit.fake_camera import (
    SDP,
    FakeCamera,
    camera_script,
    interleaved,
    reply,
    rtcp_bye,
    rtp,
    rtp_packet,
    tls_context,
)

FRAME_TICKS = 6000  # 15 fps at 90 kHz
IDR, SLICE = b"\x65\x88\x84", b"\x41\x9a\x02"


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> ssl.SSLContext:
    return tls_context(tmp_path_factory.mktemp("camera-tls"))


# -- a silent rtsps:// camera -------------------------------------------------------------------

@pytest.mark.parametrize("before", ["a video packet", "a camera's request"])
def test_an_rtsps_camera_gone_silent_times_out(tls: ssl.SSLContext, before: str) -> None:
    """One video packet (and maybe a request of the camera's own), then silence on an open
    connection: "no video" after the idle timeout (1 s). Before, the relay waited until the
    camera hung up, here after 4 s; a camera that never does held it for ever."""
    def after_play(connection: socket.socket) -> None:
        connection.sendall(rtp(1, SLICE, ssrc=7))
        if before == "a camera's request":
            connection.sendall(b"SET_PARAMETER rtsp://127.0.0.1/live RTSP/1.0\r\nCSeq: 1\r\n\r\n")
        time.sleep(4)
        connection.close()

    camera = FakeCamera(camera_script, after_play, tls=tls)
    session = RtspSession(camera.url(), "tcp", 2.0)
    session.start()
    try:
        packets = session.packets(idle_timeout_s=1.0)
        assert next(packets).payload == SLICE
        started = time.monotonic()
        with pytest.raises(RtspError, match="no video from the camera"):
            next(packets)
        assert time.monotonic() - started < 2.5
    finally:
        session.close()


# -- RTCP BYE -----------------------------------------------------------------------------------

def test_an_interleaved_bye_for_another_source_does_not_end_the_stream() -> None:
    def after_play(connection: socket.socket) -> None:
        connection.sendall(rtp(1, SLICE, ssrc=7) + interleaved(rtcp_bye(8), 3) + rtp(2, SLICE, ssrc=7)
                           + interleaved(rtcp_bye(9, 7), 3) + rtp(3, SLICE, ssrc=7))
        time.sleep(1)

    camera = FakeCamera(camera_script, after_play)
    session = RtspSession(camera.url(), "tcp", 2.0)
    session.start()
    try:
        packets = session.packets(idle_timeout_s=2.0)
        assert [next(packets).sequence for _ in range(2)] == [1, 2]
        with pytest.raises(RtspError, match="end of stream"):  # the BYE that names the stream's SSRC
            next(packets)
    finally:
        session.close()


def test_a_udp_bye_for_another_source_does_not_end_the_stream() -> None:
    """Sent from the camera's own RTCP port, as a forger of its address would: a BYE that does
    not name the stream's SSRC (which the forger does not know) is not the end."""
    camera, server_rtp, server_rtcp = udp_camera("0000ABCD")
    session = RtspSession(camera.url(), "udp", 2.0)
    try:
        session.start()
        low, high = client_ports(camera)
        packets = session.packets(idle_timeout_s=2.0)
        server_rtcp.sendto(rtcp_bye(0x1234), ("127.0.0.1", high))
        server_rtp.sendto(rtp_packet(1, SLICE, ssrc=0xABCD), ("127.0.0.1", low))
        time.sleep(0.1)  # both wait: the BYE is read first
        assert next(packets).sequence == 1
        server_rtcp.sendto(rtcp_bye(0xABCD), ("127.0.0.1", high))
        with pytest.raises(RtspError, match="end of stream"):
            next(packets)
    finally:
        session.close()
        server_rtp.close()
        server_rtcp.close()


# -- the depacketizer ---------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["h264", "h265"])
def test_a_fragment_is_not_continued_by_the_next_frame(codec: str) -> None:
    """An IDR's first fragment at one timestamp, its "rest" at the next: no NAL unit of both."""
    if codec == "h264":
        depacketizer: H264Depacketizer | H265Depacketizer = H264Depacketizer([])

        def fragment(kind: int, flags: int, body: bytes) -> bytes:
            return bytes([0x60 | 28, flags | kind]) + body
        idr, slice_kind, whole = 5, 1, SLICE
    else:
        depacketizer = H265Depacketizer([])

        def fragment(kind: int, flags: int, body: bytes) -> bytes:
            return bytes([49 << 1, 1, flags | kind]) + body
        idr, slice_kind, whole = 19, 1, bytes([1 << 1, 1, 0x02])
    assert depacketizer.push(fragment(idr, 0x80, b"first frame"), 1000, False) == []
    assert depacketizer.push(fragment(slice_kind, 0x00, b"second"), 7000, False) == []
    assert depacketizer.push(fragment(slice_kind, 0x40, b" frame"), 7000, True) == []
    (unit,) = depacketizer.push(whole, 13000, True)
    assert unit.data == b"\x00\x00\x00\x01" + whole and not unit.keyframe
    # A fragment whole within its frame still comes out.
    depacketizer.push(fragment(idr, 0x80, b"a"), 19000, False)
    (unit,) = depacketizer.push(fragment(idr, 0x40, b"b"), 19000, True)
    assert unit.keyframe and unit.data.endswith(b"ab")


# -- the relay's output clock -------------------------------------------------------------------

def relay_output(frames: list[tuple[int, int, bytes]]) -> bytes:
    """What the relay's child writes for a camera that plays ``frames`` (sequence number, RTP
    timestamp, NAL unit; one packet each, marked) and then hangs up."""
    def after_play(connection: socket.socket) -> None:
        connection.sendall(b"".join(rtp(sequence, nal, ssrc=7, timestamp=timestamp)
                                    for sequence, timestamp, nal in frames))
        connection.shutdown(socket.SHUT_WR)  # the end of the stream

    camera = FakeCamera(camera_script, after_play)
    request = {"url": camera.url(), "transport": "tcp", "timeout_s": 3, "app_pid": os.getpid()}
    child = subprocess.run([sys.executable, "-I", "-S", str(CHILD)], input=(json.dumps(request) + "\n").encode(),
                           capture_output=True, timeout=20)
    camera.close()
    assert b"end of stream" in child.stderr, child.stderr
    return child.stdout


def pcr_and_pts(ts: bytes) -> list[tuple[int, int]]:
    """Each frame's (PCR, PTS) in the relay's MPEG-TS: its first video packet carries both."""
    found = []
    for start in range(0, len(ts) - 187, 188):
        packet = ts[start:start + 188]
        if packet[0] != 0x47 or (packet[1] & 0x1F, packet[2]) != (0x01, 0x00) or not packet[1] & 0x40:
            continue  # not the start of a video PES
        assert packet[3] & 0x20 and packet[5] & 0x10, "no PCR in a frame's first packet"
        pcr = int.from_bytes(packet[6:12], "big") >> 15
        pes = packet[5 + packet[4]:]
        assert pes[:4] == b"\x00\x00\x01\xe0"
        p = pes[9:14]
        pts = (p[0] >> 1 & 7) << 30 | p[1] << 22 | (p[2] >> 1) << 15 | p[3] << 7 | p[4] >> 1
        found.append((pcr, pts))
    return found


def test_a_jump_of_the_camera_s_clock_keeps_the_stream_s_clock_going() -> None:
    """Five frames, the camera's clock an hour back, five, six hours ahead, five: every frame
    one frame interval after the last, PTS with PCR. Before: the PCR stood still after the
    jump back (for an hour) and leapt six hours after the jump ahead."""
    frames, timestamp, sequence = [], 1_000_000, 100
    for jump in (0, -3600 * 90_000, 6 * 3600 * 90_000):
        timestamp += jump
        for _ in range(5):
            frames.append((sequence, timestamp, IDR if sequence == 100 else SLICE))
            timestamp, sequence = timestamp + FRAME_TICKS, sequence + 1
    stamps = pcr_and_pts(relay_output(frames))
    assert len(stamps) == 15
    assert all(pcr == pts for pcr, pts in stamps)
    steps = [later[0] - earlier[0] for earlier, later in pairwise(stamps)]
    assert steps == [FRAME_TICKS] * 14


def test_a_camera_whose_sequence_count_starts_again_lower_keeps_playing() -> None:
    """Sequence numbers 1000-1004, then 200-204 (the camera's count started again) and 204
    once more: ten frames. Before: the five after the restart were dropped as late."""
    frames = [(sequence, 90_000 + FRAME_TICKS * i, IDR if i == 0 else SLICE)
              for i, sequence in enumerate([*range(1000, 1005), *range(200, 205)])]
    frames.append((204, 90_000 + FRAME_TICKS * 10, SLICE))  # a repeat: late, dropped
    assert len(pcr_and_pts(relay_output(frames))) == 10


# -- numbers in the session description ---------------------------------------------------------

def sdp_camera(sdp: str) -> FakeCamera:
    return FakeCamera(lambda method, headers: reply(body=sdp) if method == "DESCRIBE"
                      else camera_script(method, headers))


def test_a_clock_rate_of_thousands_of_digits_is_no_clock_rate() -> None:
    """int() refuses over 4300 digits: the relay died with a bare ValueError. A rate that is no
    number is the video default, 90 kHz."""
    camera = sdp_camera(SDP.replace("H264/90000", "H264/" + "9" * 5000))
    session = RtspSession(camera.url(), "tcp", 2.0)
    try:
        assert session.start().clock_rate == 90_000
    finally:
        session.close()


@pytest.mark.parametrize("payload_type", ["\u00b2", "9" * 5000, "300"], ids=["superscript", "5000 digits", "300"])
def test_a_payload_type_that_is_no_number_rtp_carries_is_named(payload_type: str) -> None:
    """A superscript digit (isdigit() says yes, int() says no), thousands of digits, more than
    RTP's 7 bits: a named refusal ("no video this app can play"), not a ValueError or a stream
    that times out for ever as "no video from the camera"."""
    camera = sdp_camera(SDP.replace("96", payload_type))
    session = RtspSession(camera.url(), "tcp", 2.0)
    with pytest.raises(RtspError, match="matches no streams with video"):
        session.start()
    session.close()
    assert [method for method, _headers in camera.requests] == ["OPTIONS", "DESCRIBE"]


# -- a camera that stops reading ----------------------------------------------------------------

def test_a_camera_that_never_reads_its_socket_cannot_hold_a_keep_alive_for_ever() -> None:
    """Video keeps coming, but the camera reads nothing the relay sends: once the socket's
    buffers are full, a keep-alive (8 KB here, the camera's Session id) could not go out. On
    plain TCP the relay blocked in it for ever, relaying nothing and never ending; now the send
    gives up as a read does and the stream ends by name, so the app can start it again."""
    long_session = "S" * 8000

    def camera(method: str, headers: dict[str, str]) -> bytes:
        if method == "SETUP":
            return reply(headers=f"Session: {long_session};timeout=2\r\n"
                                 "Transport: RTP/AVP/TCP;unicast;interleaved=2-3\r\n")
        return camera_script(method, headers)

    def after_play(connection: socket.socket) -> None:
        connection.settimeout(0.2)
        for n in range(200):  # 20 s of video at 10 fps, and never a read
            try:
                connection.sendall(rtp(n, SLICE, ssrc=7, timestamp=n * 9000))
            except TimeoutError:  # the relay is not reading either
                pass
            except OSError:
                return
            time.sleep(0.1)

    camera_side = FakeCamera(camera, after_play)
    # Before the relay connects: the accepted socket takes it, so the camera's window stays small.
    camera_side.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1)
    session = RtspSession(camera_side.url(), "tcp", 2.0)
    session.start()
    assert session.sock is not None
    session.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1)  # the kernel's least
    outcome: list[BaseException | None] = []

    def play() -> None:
        try:
            for _packet in session.packets(idle_timeout_s=3.0):
                pass
            outcome.append(None)
        except BaseException as exc:  # the thread reports whatever ended it
            outcome.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=play, daemon=True)
    thread.start()
    thread.join(8.0)
    try:
        assert outcome, f"the relay was still stuck {time.monotonic() - started:.0f} s after PLAY"
        assert isinstance(outcome[0], RtspError) and outcome[0].kind == "ended", outcome[0]
        assert "stopped reading" in str(outcome[0])
    finally:
        session.close()


class _Flood:
    """The RTP socket of a camera flooding it faster than the relay reads: a datagram (RTCP,
    no video) is always there. Hands select the real socket, which holds one datagram."""

    def __init__(self, real: socket.socket) -> None:
        self.real = real

    def fileno(self) -> int:
        return self.real.fileno()

    def recv_into(self, buffer: memoryview) -> int:
        buffer[:len(SENDER_REPORT)] = SENDER_REPORT
        return len(SENDER_REPORT)

    def close(self) -> None:
        self.real.close()


SENDER_REPORT = bytes([0x80, 200, 0x00, 0x06]) + bytes(24)


def test_a_udp_flood_of_no_video_still_times_out() -> None:
    """Datagrams without video, always more than the relay can read: it read them one after
    another and never came back to its clock, so neither the idle timeout nor a keep-alive
    came (a camera flooding it held it for ever). Now a round reads a bounded number."""
    camera, server_rtp, _server_rtcp = udp_camera()
    session = RtspSession(camera.url(), "udp", 2.0)
    session.start()
    assert session.udp is not None
    low, _ = client_ports(camera)
    server_rtp.sendto(SENDER_REPORT, ("127.0.0.1", low))  # select sees it; the flood never takes it
    session.udp = (_Flood(session.udp[0]), session.udp[1])  # type: ignore[assignment]
    outcome: list[BaseException | None] = []

    def play() -> None:
        try:
            next(session.packets(idle_timeout_s=1.0))
            outcome.append(None)
        except BaseException as exc:  # the thread reports whatever ended it
            outcome.append(exc)

    thread = threading.Thread(target=play, daemon=True)
    thread.start()
    thread.join(4.0)
    try:
        assert outcome, "the relay was still reading the flood 4 s later"
        assert isinstance(outcome[0], RtspError) and "no video from the camera" in str(outcome[0])
    finally:
        session.close()
