"""The built-in relay's RTSP client reads an interleaved RTP or RTCP frame that a camera sends
ahead of a reply, as live555's RTSPServer does with its first RTCP report before the PLAY reply
(found by the interop matrix, tests/interop): the reply is still read, the stream plays. A
scripted camera on loopback sends frame and reply in one write, as live555 does on loopback."""

from __future__ import annotations

import socket

import pytest

from rtcc_desktop.video.rtsp_relay.session import RtspSession
from tests.unit.fake_camera import FakeCamera, camera_script, interleaved, rtp

SENDER_REPORT = bytes([0x80, 200, 0, 6]) + bytes(24)  # an RTCP SR, as live555 sends after PLAY
IDR = bytes([0x65, 0x88, 0x84])


@pytest.mark.parametrize("channel", [3, 2], ids=["rtcp-first", "rtp-first"])
def test_a_frame_ahead_of_the_play_reply_does_not_hide_the_reply(channel: int) -> None:
    frame = interleaved(SENDER_REPORT, channel) if channel == 3 else rtp(1, IDR, channel=2)

    def respond(method: str, headers: dict[str, str]) -> bytes:
        answer = camera_script(method, headers)
        return frame + answer if method == "PLAY" else answer

    def after_play(connection: socket.socket) -> None:
        connection.sendall(b"".join(rtp(sequence, IDR) for sequence in range(2, 12)))
        connection.recv(4096)  # until the client hangs up

    camera = FakeCamera(respond, after_play)
    session = RtspSession(camera.url(), "tcp", timeout_s=2.0)
    try:
        media = session.start()
        packet = next(session.packets(idle_timeout_s=2.0))
    finally:
        session.close()
        camera.close()
    assert media.encoding == "H264"
    assert packet.payload == IDR
