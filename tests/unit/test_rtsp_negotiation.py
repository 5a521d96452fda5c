"""The built-in relay negotiates with a camera as mature RTSP clients do (issue #22), each case
against a scripted camera on loopback (tests/unit/fake_camera.py):

- transport: TCP interleaved first, UDP when the camera refuses it (400, 461, 500, 501, 503,
  or a Transport reply that ignores the request) or sends no video over it; UDP -> TCP when UDP
  packets never arrive; the preferred transport of the child's request goes first; the child
  reports which transport played and what was tried;
- OPTIONS first (servers that answer nothing else before it; its Public picks the
  keep-alive), Session timeouts, Content-Base / Content-Location and control URLs, percent-
  encoded credentials, several video sections or formats, a slow DESCRIBE;
- structured failures: kinds and RTSP statuses, and the operator's words for them.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from rtcc_desktop.video.rtsp_relay.builtin import CHILD, BuiltinRelay
from rtcc_desktop.video.rtsp_relay.engines import EngineChoice, Route
from rtcc_desktop.video.rtsp_relay.relay import RelayProblem, classify, read_record
from rtcc_desktop.video.rtsp_relay.session import RtspSession
from rtcc_desktop.video.rtsp_relay.target import RtspError
from tests.unit.fake_camera import SDP, FakeCamera, TransportCamera, camera_script, md5, reply, rtp


def run_child(url: str, transport: str | None = None, timeout_s: float = 3) -> tuple[bytes, list[dict[str, object]]]:
    """The relay's child against ``url`` until the camera hangs up: its MPEG-TS and records."""
    request: dict[str, object] = {"url": url, "timeout_s": timeout_s, "app_pid": os.getpid()}
    if transport:
        request["transport"] = transport
    child = subprocess.run([sys.executable, "-I", "-S", str(CHILD)], input=(json.dumps(request) + "\n").encode(),
                           capture_output=True, timeout=30)
    records = [r for line in child.stderr.decode().splitlines() if (r := read_record(line)) is not None]
    assert records, child.stderr
    return child.stdout, records


def played_over(records: list[dict[str, object]]) -> str:
    playing = [r for r in records if r["event"] == "playing"]
    assert playing, records
    return str(playing[0]["transport"])


# -- transport -----------------------------------------------------------------------------------

@pytest.mark.parametrize("refusal", ["400 Bad Request", "461 Unsupported Transport", "500 Internal Server Error",
                                     "501 Not Implemented", "503 Service Unavailable", "udp-reply"])
def test_a_camera_refusing_tcp_plays_over_udp(refusal: str) -> None:
    """rtsp-server-perl answers an interleaved SETUP with 400; others with 5xx, or with a UDP
    transport as if TCP had not been asked for."""
    camera = TransportCamera(tcp=refusal)
    started = time.monotonic()
    ts, records = run_child(camera.url())
    assert played_over(records) == "udp" and len(ts) >= 188
    assert camera.setups == ["tcp", "udp"] and time.monotonic() - started < 3
    camera.close()


def test_a_camera_that_hangs_up_after_refusing_tcp_is_asked_for_udp_on_a_new_connection() -> None:
    camera = TransportCamera(tcp="400 Bad Request", hang_up=True)
    ts, records = run_child(camera.url())
    assert played_over(records) == "udp" and len(ts) >= 188
    assert camera.setups == ["tcp", "udp"]
    assert [m for m, _h in camera.camera.requests].count("DESCRIBE") == 2  # the UDP SETUP on a new connection
    camera.close()


def test_no_video_over_tcp_moves_to_udp_within_seconds() -> None:
    camera = TransportCamera(tcp="silent")
    started = time.monotonic()
    ts, records = run_child(camera.url())
    assert played_over(records) == "udp" and len(ts) >= 188
    assert camera.setups == ["tcp", "udp"] and time.monotonic() - started < 4.5
    camera.close()


def test_udp_packets_that_never_arrive_move_to_tcp_and_the_preferred_transport_goes_first() -> None:
    """The child asked for UDP first (what worked for this camera before): a firewall now drops it."""
    camera = TransportCamera(udp="silent")
    ts, records = run_child(camera.url(), transport="udp")
    assert played_over(records) == "tcp" and len(ts) >= 188
    assert camera.setups == ["udp", "tcp"]
    camera.close()


def test_a_camera_slow_to_send_over_tcp_that_refuses_udp_gets_tcp_again_and_plays() -> None:
    """2 s of nothing over TCP moves on to UDP; a refusal there brings TCP back, waited for longer."""
    camera = TransportCamera(tcp="ok", udp="461 Unsupported Transport", delay_s=2.6)
    ts, records = run_child(camera.url(), timeout_s=4)
    assert played_over(records) == "tcp" and len(ts) >= 188
    assert camera.setups == ["tcp", "udp", "tcp"]
    camera.close()


def relay_problem(url: str) -> tuple[RelayProblem, BuiltinRelay]:
    """How a tile's built-in relay ends against ``url``: the problem it reports."""
    problems: list[RelayProblem] = []
    ended = threading.Event()

    def on_exit(problem: RelayProblem) -> None:
        problems.append(problem)
        ended.set()

    relay = BuiltinRelay(url, on_exit)
    relay.start()
    try:
        assert ended.wait(20), "the relay did not end"
    finally:
        relay.stop()
    return problems[0], relay


@pytest.mark.parametrize(("tcp", "udp", "words"), [
    ("400 Bad Request", "400 Bad Request", "The camera refused TCP and UDP transport (RTSP 400)."),
    ("461 Unsupported Transport", "silent",
     "The camera refused TCP transport; no video arrived over UDP: a firewall may block it."),
])
def test_what_was_tried_is_said_in_words(tcp: str, udp: str, words: str) -> None:
    camera = TransportCamera(tcp=tcp, udp=udp)
    problem, relay = relay_problem(camera.url("admin:S3cret@"))
    assert (problem.kind, problem.message, problem.tried) == ("transport", words, ("tcp", "udp"))
    assert not problem.lasting and relay.lines == [] and relay.transport_used is None
    camera.close()


def test_a_stream_that_played_and_ended_says_so_and_names_its_transport() -> None:
    camera = TransportCamera(tcp="400 Bad Request")
    problem, relay = relay_problem(camera.url())
    assert relay.transport_used == "udp" and problem.kind == "ended"
    assert problem.message.startswith("The camera's stream ended")
    camera.close()


def test_a_stream_that_never_started_does_not_say_it_ended() -> None:
    camera = FakeCamera(lambda m, h: reply(headers="Session: 1\r\n") if m != "DESCRIBE" else
                        reply(headers="Content-Type: application/sdp\r\n", body=SDP))  # SETUP without Transport
    camera.respond = lambda m, h: reply("200 OK") if m == "SETUP" else camera_script(m, h)  # no Session
    problem, relay = relay_problem(camera.url())
    assert relay.transport_used is None and "stream ended" not in problem.message
    assert problem.message.startswith("The camera's stream could not be started") and "no Session" in problem.message
    camera.close()


# -- OPTIONS, sessions, keep-alives ----------------------------------------------------------------

def test_a_server_that_requires_options_first_is_asked_options_first() -> None:
    def respond(method: str, headers: dict[str, str]) -> bytes:
        if method == "DESCRIBE" and "OPTIONS" not in [m for m, _h in camera.requests]:
            return reply("455 Method Not Valid in This State")
        return camera_script(method, headers)

    camera = FakeCamera(respond)
    session = RtspSession(camera.url(), "tcp", 2.0)
    assert session.start().encoding == "H264"
    assert [m for m, _h in camera.requests] == ["OPTIONS", "DESCRIBE", "SETUP", "PLAY"]
    session.close()


@pytest.mark.parametrize(("public", "method"), [("OPTIONS, DESCRIBE, SETUP, PLAY, GET_PARAMETER", "GET_PARAMETER"),
                                                ("OPTIONS, DESCRIBE, SETUP, PLAY", "OPTIONS")])
def test_keep_alives_follow_the_session_timeout_and_what_the_server_supports(public: str, method: str) -> None:
    """``Session: 4F2A;Timeout=2`` (any case, as RFC 2326's grammar is): a keep-alive within
    the second; GET_PARAMETER where OPTIONS' Public lists it, else OPTIONS."""
    keepalives: list[str] = []

    def respond(m: str, headers: dict[str, str]) -> bytes:
        if m == "OPTIONS":
            return reply(headers=f"Public: {public}\r\n")
        if m == "SETUP":
            return reply(headers="Session: 4F2A ; Timeout=2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=2-3\r\n")
        return camera_script(m, headers)

    def after_play(connection: socket.socket) -> None:
        connection.sendall(rtp(1, b"\x41\x01"))
        connection.settimeout(1.6)
        try:
            keepalives.append(connection.recv(4096).decode())
        except OSError:
            pass
        connection.sendall(rtp(2, b"\x41\x02"))

    camera = FakeCamera(respond, after_play)
    session = RtspSession(camera.url(), "tcp", 2.0)
    session.start()
    packets = session.packets(idle_timeout_s=3.0)
    assert [next(packets).payload for _ in range(2)] == [b"\x41\x01", b"\x41\x02"]
    assert keepalives and keepalives[0].startswith(f"{method} ") and "Session: 4F2A\r\n" in keepalives[0]
    session.close()


# -- control URLs -----------------------------------------------------------------------------------

def sdp_with(session_control: str, media_control: str) -> str:
    return SDP.replace("a=control:*\r\n", f"a=control:{session_control}\r\n" if session_control else "").replace(
        "a=control:trackID=0", f"a=control:{media_control}")


@pytest.mark.parametrize(("headers", "session_control", "media_control", "setup", "play"), [
    # RFC 2326 C.1.1: Content-Base, then Content-Location, then the request URL.
    ("Content-Base: rtsp://127.0.0.1:{port}/base/\r\nContent-Location: rtsp://127.0.0.1:{port}/loc/\r\n", "*",
     "trackID=0", "/base/trackID=0", "/base/"),
    ("Content-Location: rtsp://127.0.0.1:{port}/loc/\r\n", "*", "trackID=0", "/loc/trackID=0", "/loc/"),
    ("", "", "trackID=0", "/live/trackID=0", "/live"),
    ("Content-Location: loc/\r\n", "*", "trackID=0", "/loc/trackID=0", "/loc/"),  # relative to the request URL
    # An absolute control URL as it is; an absolute path on the base's host.
    ("Content-Base: rtsp://127.0.0.1:{port}/base/\r\n", "*", "rtsp://127.0.0.1:{port}/elsewhere/v", "/elsewhere/v",
     "/base/"),
    ("Content-Base: rtsp://127.0.0.1:{port}/base/\r\n", "*", "/media/video", "/media/video", "/base/"),
    # The session-level control is the aggregate URL PLAY goes to, absolute or relative.
    ("Content-Base: rtsp://127.0.0.1:{port}/base/\r\n", "rtsp://127.0.0.1:{port}/aggregate", "trackID=0",
     "/base/trackID=0", "/aggregate"),
    ("Content-Base: rtsp://127.0.0.1:{port}/base/\r\n", "session", "trackID=0", "/base/trackID=0", "/base/session"),
])
def test_control_urls_resolve_as_rfc_2326_says(headers: str, session_control: str, media_control: str, setup: str,
                                               play: str) -> None:
    """The camera answers 404 to SETUP and PLAY anywhere but where its description says."""
    def respond(method: str, request: dict[str, str]) -> bytes:
        url = camera.urls[-1]
        if method == "DESCRIBE":
            return reply(headers=headers.format(port=camera.port) + "Content-Type: application/sdp\r\n",
                         body=sdp_with(session_control, media_control).format(port=camera.port))
        if method in ("SETUP", "PLAY") and url != f"rtsp://127.0.0.1:{camera.port}" + (setup if method == "SETUP"
                                                                                       else play):
            return reply("404 Not Found")
        return camera_script(method, request)

    camera = FakeCamera(respond)
    session = RtspSession(camera.url(), "tcp", 2.0)
    session.start()
    session.close()


# -- credentials, descriptions, slow servers ----------------------------------------------------------

def test_percent_encoded_user_names_and_passwords_are_decoded_for_digest() -> None:
    user, password, realm, nonce = "ad@min", "p:ss/w%rd #1", "cam", "n0"

    def respond(method: str, headers: dict[str, str]) -> bytes:
        authorization = headers.get("authorization", "")
        uri = authorization.split('uri="', 1)[1].split('"', 1)[0] if 'uri="' in authorization else ""
        good = md5(f"{md5(f'{user}:{realm}:{password}')}:{nonce}:{md5(f'{method}:{uri}')}")
        if f'response="{good}"' not in authorization or f'username="{user}"' not in authorization:
            return reply("401 Unauthorized", f'WWW-Authenticate: Digest realm="{realm}", nonce="{nonce}"\r\n')
        return camera_script(method, headers)

    camera = FakeCamera(respond)
    session = RtspSession(camera.url("ad%40min:p%3Ass%2Fw%25rd%20%231@"), "tcp", 2.0)
    assert session.start().encoding == "H264"
    assert all("p:ss" not in str(headers) for _m, headers in camera.requests)
    session.close()


def sdp_camera(sdp: str) -> FakeCamera:
    return FakeCamera(lambda m, h: reply(headers="Content-Type: application/sdp\r\n", body=sdp) if m == "DESCRIBE"
                      else camera_script(m, h))


MJPEG_THEN_H264 = ("v=0\r\ns=Camera\r\nt=0 0\r\nm=video 0 RTP/AVP 26\r\na=control:trackID=1\r\n"
                   "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:trackID=2\r\n")
ONE_SECTION_TWO_FORMATS = ("v=0\r\ns=Camera\r\nt=0 0\r\nm=video 0 RTP/AVP 26 98\r\na=rtpmap:98 H265/90000\r\n"
                           "a=control:trackID=3\r\n")


@pytest.mark.parametrize(("sdp", "encoding", "track"), [(MJPEG_THEN_H264, "H264", "trackID=2"),
                                                       (ONE_SECTION_TWO_FORMATS, "H265", "trackID=3")])
def test_h264_or_h265_is_picked_among_several_video_streams(sdp: str, encoding: str, track: str) -> None:
    camera = sdp_camera(sdp)
    session = RtspSession(camera.url(), "tcp", 2.0)
    media = session.start()
    setup = camera.urls[[m for m, _h in camera.requests].index("SETUP")]
    assert media.encoding == encoding and setup.endswith(track)
    session.close()


def test_a_camera_offering_only_mjpeg_and_mpeg4_is_told_by_name() -> None:
    camera = sdp_camera("v=0\r\ns=Camera\r\nt=0 0\r\nm=video 0 RTP/AVP 26\r\na=control:trackID=1\r\n"
                        "m=video 0 RTP/AVP 97\r\na=rtpmap:97 MP4V-ES/90000\r\na=control:trackID=2\r\n"
                        "m=audio 0 RTP/AVP 0\r\n")
    session = RtspSession(camera.url(), "tcp", 2.0)
    with pytest.raises(RtspError) as raised:
        session.start()
    session.close()
    assert (raised.value.kind, raised.value.offers) == ("no_video", ("MJPEG", "MPEG-4"))
    record: dict[str, object] = {"event": "failed", "kind": "no_video", "status": None, "detail": str(raised.value),
              "offers": list(raised.value.offers)}
    words = classify([], camera.url(), 1, record).message
    assert "MJPEG, MPEG-4" in words and "format this app cannot play" in words


def test_a_server_slow_to_answer_describe_is_waited_for_up_to_the_deadline() -> None:
    def send(connection: socket.socket, data: bytes) -> None:
        if b"application/sdp" in data:
            time.sleep(2.5)  # within the 4 s deadline
        connection.sendall(data)

    camera = FakeCamera(camera_script, send=send)
    session = RtspSession(camera.url(), "tcp", 4.0)
    assert session.start().encoding == "H264"
    session.close()


# -- structured failures ----------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "kind"), [("401 Unauthorized", "credentials"), ("403 Forbidden", "credentials"),
                                              ("404 Not Found", "not_found"), ("503 Service Unavailable",
                                                                               "unavailable")])
def test_a_refusal_carries_its_kind_and_status(status: str, kind: str) -> None:
    camera = FakeCamera(lambda m, h: reply(status) if m == "DESCRIBE" else camera_script(m, h))
    session = RtspSession(camera.url("user:S3cret@"), "tcp", 2.0)
    with pytest.raises(RtspError) as raised:
        session.start()
    session.close()
    assert (raised.value.kind, raised.value.status) == (kind, int(status[:3]))
    assert "S3cret" not in str(raised.value)


def test_the_child_reports_a_refusal_as_a_record_with_its_status() -> None:
    camera = FakeCamera(lambda m, h: reply("404 Stream Not Found") if m == "DESCRIBE" else camera_script(m, h))
    problem, relay = relay_problem(camera.url("user:S3cret@"))
    assert (problem.kind, problem.status, problem.lasting) == ("not_found", 404, True)
    assert "no stream at that address" in problem.message and relay.lines == []
    camera.close()


def test_the_childs_record_says_how_the_camera_asked_for_its_password() -> None:
    """The engine fallback hands a plain rtsp:// camera's password to ffmpeg (which answers Basic
    whenever asked) only where the built-in client saw the camera ask for Digest."""
    def digest_then_no_transport(method: str, headers: dict[str, str]) -> bytes:
        if method == "DESCRIBE" and not headers.get("authorization", "").startswith("Digest "):
            return reply("401 Unauthorized", 'WWW-Authenticate: Digest realm="cam", nonce="abc"\r\n')
        if method == "SETUP":
            return reply("461 Unsupported Transport")
        return camera_script(method, headers)

    camera = FakeCamera(digest_then_no_transport)
    problem, _relay = relay_problem(camera.url("user:S3cret@"))
    camera.close()
    assert (problem.kind, problem.auth) == ("transport", "digest")
    then = EngineChoice().after(camera.url("user:S3cret@"), Route("builtin", "tcp"), problem, False)
    assert then is not None and then.engine == "ffmpeg"
