"""The built-in relay's RTSP client against cameras that misbehave in ways the mock's
gst-rtsp-server does not: a scripted RTSP server on loopback (the camera is outside the
machine; this imitates its side of the conversation, byte for byte)."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import pytest

from rtcc_desktop.video.rtsp_relay.auth import Credentials
from rtcc_desktop.video.rtsp_relay.sdp import control_url, parse_sdp
from rtcc_desktop.video.rtsp_relay.session import MAX_REDIRECTS, RtspSession
from rtcc_desktop.video.rtsp_relay.target import RtspError, parse_target, redirected
from tests.unit.fake_camera import (
    SDP,
    FakeCamera,
    basic_camera,
    camera_script,
    md5,
    redirect_to,
    reply,
    rtp,
)


def test_digest_answers_as_rfc_2617_computes_it() -> None:
    """The RFC's own worked example (section 3.5), qop=auth."""
    credentials = Credentials("Mufasa", "Circle Of Life")
    assert credentials.choose(['Basic realm="x"', 'Digest realm="testrealm@host.com", qop="auth,auth-int", '
                               'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'])
    header = credentials.header("GET", "/dir/index.html", cnonce="0a4f113b")
    assert header is not None and header.startswith("Digest ")
    assert 'response="6629fae49393a05397450978507c4ef1"' in header and "nc=00000001" in header
    assert 'opaque="5ccc069c403ebaf9f0171e9517f40e41"' in header


def test_sdp_and_control_urls_as_cameras_write_them() -> None:
    video = next(m for m in parse_sdp(SDP) if m.kind == "video")
    assert (video.encoding, video.payload_type, video.clock_rate, video.control) == ("H264", 96, 90000, "trackID=0")
    assert "sprop-parameter-sets" in video.fmtp
    assert control_url("rtsp://cam/live", "trackID=0") == "rtsp://cam/live/trackID=0"
    assert control_url("rtsp://cam/live/", "trackID=0") == "rtsp://cam/live/trackID=0"
    assert control_url("rtsp://cam/live", "rtsp://cam/other/0") == "rtsp://cam/other/0"
    target = parse_target("rtsp://ad%40min:p%3Ass@cam.example:8554/Streaming/Channels/101")
    assert (target.user, target.password, target.port) == ("ad@min", "p:ss", 8554)
    assert target.url == "rtsp://cam.example:8554/Streaming/Channels/101"  # no credentials sent


def test_digest_camera_interleaved_noise_and_keepalive() -> None:
    """A Digest camera whose stream carries, between packets: RTCP on another channel, a stray
    request of its own, a reply to our keep-alive and a run of garbage. Every video packet on
    the negotiated channel arrives; keep-alives go out every half session timeout, and their
    replies do not pass for video."""
    realm, nonce = "IP Camera", "a1b2c3"

    def respond(method: str, headers: dict[str, str]) -> bytes:
        authorization = headers.get("authorization", "")
        uri = authorization.split('uri="', 1)[1].split('"', 1)[0] if 'uri="' in authorization else ""
        good = md5(f"{md5(f'admin:{realm}:s3cret')}:{nonce}:{md5(f'{method}:{uri}')}")
        if f'response="{good}"' not in authorization:
            return reply("401 Unauthorized", f'WWW-Authenticate: Digest realm="{realm}", nonce="{nonce}"\r\n')
        return camera_script(method, headers)

    def after_play(connection: socket.socket) -> None:
        connection.sendall(rtp(1, b"\x41\x01") + b"$\x03\x00\x04abcd" + rtp(2, b"\x41\x02"))
        connection.sendall(b"ANNOUNCE rtsp://127.0.0.1/live RTSP/1.0\r\nCSeq: 9\r\n\r\n" + rtp(3, b"\x41\x03"))
        time.sleep(1.3)  # a keep-alive is due after 1 s (timeout=2)
        keepalives.append(connection.recv(4096).decode())
        connection.sendall(reply(headers="Session: 4F2A\r\n").replace(b"{cseq}", b"5") + b"\xff\xfe garbage"
                           + rtp(4, b"\x41\x04"))
        time.sleep(0.2)

    keepalives: list[str] = []
    camera = FakeCamera(respond, after_play)
    session = RtspSession(camera.url("admin:s3cret@"), "tcp", 2.0)
    media = session.start()
    assert media.encoding == "H264" and session.rtp_channel == 2
    packets = session.packets(idle_timeout_s=3.0)
    got = [next(packets).payload for _ in range(4)]
    assert got == [b"\x41\x01", b"\x41\x02", b"\x41\x03", b"\x41\x04"]
    # OPTIONS first (answered once the 401 is), then in with the same credentials.
    assert [method for method, _ in camera.requests] == ["OPTIONS", "OPTIONS", "DESCRIBE", "SETUP", "PLAY"]
    assert keepalives[0].split(" ")[0] in ("OPTIONS", "GET_PARAMETER") and "Session: 4F2A" in keepalives[0]
    assert all("s3cret" not in str(headers) for _, headers in camera.requests)
    setup = next(headers for method, headers in camera.requests if method == "SETUP")
    assert 'uri="rtsp://127.0.0.1/live/trackID=0"' in setup["authorization"]  # Content-Base + control
    # The camera goes on answering keep-alives but sends no more video: that is no live stream.
    with pytest.raises(RtspError, match="no video from the camera"):
        next(packets)
    session.close()


def test_a_basic_camera_gets_basic_credentials_where_its_settings_allow_them() -> None:
    """Over plain rtsp:// only with the camera's allow flag (tests/security/test_hostile_cameras.py
    has the refusal without it)."""
    camera = FakeCamera(basic_camera)
    session = RtspSession(camera.url("user:p%20w@"), "tcp", 2.0, allow_basic_without_tls=True)
    assert session.start().encoding == "H264"
    session.close()


def test_a_recorder_s_redirect_is_followed_and_the_credentials_go_along_to_the_same_server() -> None:
    """Same scheme, host and port (another path): the user name and password go along."""
    def respond(method: str, headers: dict[str, str]) -> bytes:
        if method == "DESCRIBE" and camera.urls[-1].endswith("/live"):
            return reply("302 Moved Temporarily", f"Location: rtsp://127.0.0.1:{camera.port}/node/2\r\n")
        return basic_camera(method, headers)

    camera = FakeCamera(respond, connections=2)
    session = RtspSession(camera.url("user:p%20w@"), "tcp", 2.0, allow_basic_without_tls=True)
    assert session.start().encoding == "H264"
    session.close()
    # OPTIONS (the 401, then in) and the redirect, then the same on the new path.
    assert [m for m, _h in camera.requests] == ["OPTIONS", "OPTIONS", "DESCRIBE", "OPTIONS", "OPTIONS", "DESCRIBE",
                                                "SETUP", "PLAY"]
    assert camera.urls[3] == f"rtsp://127.0.0.1:{camera.port}/node/2"


def test_a_redirect_to_another_host_takes_no_credentials_along() -> None:
    camera = FakeCamera(basic_camera)
    recorder = FakeCamera(redirect_to(f"rtsp://localhost:{camera.port}/live"))  # another name: another host
    session = RtspSession(recorder.url("user:p%20w@"), "tcp", 2.0, allow_basic_without_tls=True)
    with pytest.raises(RtspError, match="401"):
        session.start()
    session.close()
    assert camera.requests and not any("authorization" in h for _m, h in camera.requests)


def test_a_redirect_loop_ends() -> None:
    recorder = FakeCamera(lambda m, h: b"", connections=MAX_REDIRECTS + 2)
    recorder.respond = redirect_to(recorder.url())
    session = RtspSession(recorder.url(), "tcp", 2.0)
    with pytest.raises(RtspError, match=f"redirected more than {MAX_REDIRECTS} times"):
        session.start()
    session.close()
    assert [m for m, _h in recorder.requests].count("DESCRIBE") == MAX_REDIRECTS + 1


def test_where_a_redirect_leads() -> None:
    here = parse_target("rtsp://u:p@10.0.0.5:554/Streaming/101")
    relative = redirected(here, "/Streaming/102?token=1")
    assert (relative.url, relative.user, relative.password) == ("rtsp://10.0.0.5:554/Streaming/102?token=1", "u", "p")
    assert redirected(here, "rtsp://10.0.0.6/x").user is None
    assert redirected(here, "rtsp://v:q@10.0.0.6/x").password == "q"  # the recorder may name its own
    with pytest.raises(RtspError, match="not RTSP"):
        redirected(here, "http://10.0.0.5/x")


@pytest.mark.parametrize(("respond", "words"), [
    (lambda m, h: reply("401 Unauthorized", 'WWW-Authenticate: Digest realm="cam", nonce="n1"\r\n'), "401"),
    (lambda m, h: reply("404 Stream Not Found"), "DESCRIBE failed: 404"),
    (lambda m, h: reply("301 Moved Permanently"), "redirect without a Location"),
    (redirect_to("http://127.0.0.1/live"), "not RTSP"),
    (lambda m, h: camera_script(m, h) if m != "SETUP" else reply("461 Unsupported Transport"), "461"),
    (lambda m, h: reply(headers="Content-Type: application/sdp\r\n",
                        body="v=0\r\nm=video 0 RTP/AVP 98\r\na=rtpmap:98 VP8/90000\r\n"), "unsupported codec VP8"),
    (lambda m, h: reply(headers="Content-Type: application/sdp\r\n",
                        body="v=0\r\nm=audio 0 RTP/AVP 0\r\n"), "matches no streams with video"),
    (lambda m, h: b"RTSP/1.0 200 OK\r\nCSeq: {cseq}\r\n" + b"X-Junk: " + b"y" * 70_000, "malformed"),
    (lambda m, h: reply(headers="Content-Length: 99999999\r\n"), "malformed"),
])
def test_a_camera_s_refusals_are_named(respond: Callable[[str, dict[str, str]], bytes], words: str) -> None:
    camera = FakeCamera(respond)
    session = RtspSession(camera.url("user:wrong@"), "tcp", 2.0)
    with pytest.raises(RtspError, match=words) as raised:
        session.start()
    assert "wrong" not in str(raised.value)
    session.close()


def test_a_camera_that_accepts_and_says_nothing_fails_within_the_deadline() -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (the backlog), never answers
    session = RtspSession(f"rtsp://127.0.0.1:{listener.getsockname()[1]}/live", "tcp", 1.0)
    started = time.monotonic()
    with pytest.raises(RtspError, match="timed out"):
        session.start()
    assert time.monotonic() - started < 1.5
    session.close()
    listener.close()


def test_unreachable_addresses_say_which_way() -> None:
    free = socket.create_server(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    with pytest.raises(RtspError, match="Connection refused"):
        RtspSession(f"rtsp://127.0.0.1:{port}/x", "tcp", 1.0).start()
    with pytest.raises(RtspError, match="Failed to resolve"):
        RtspSession("rtsp://camera.invalid/x", "tcp", 1.0).start()
