"""A scripted RTSP camera on loopback, for the built-in relay's client: it answers each
request with what a test says, byte for byte, as a camera that misbehaves in ways the mock's
gst-rtsp-server does not would (tests/unit/test_rtsp_client.py,
tests/security/test_hostile_cameras.py, tests/security/test_bypasses_rtsp.py)."""

from __future__ import annotations

import hashlib
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

SDP = """v=0\r
o=- 0 0 IN IP4 127.0.0.1\r
s=Camera\r
t=0 0\r
a=control:*\r
m=audio 0 RTP/AVP 97\r
a=rtpmap:97 MPEG4-GENERIC/16000/1\r
a=control:trackID=1\r
m=video 0 RTP/AVP 96\r
a=rtpmap:96 H264/90000\r
a=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z2QAHqzZQA==,aOvjyyLA\r
a=control:trackID=0\r
"""

Respond = Callable[[str, dict[str, str]], bytes]


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def send_all(connection: socket.socket, data: bytes) -> None:
    connection.sendall(data)


class FakeCamera:
    """An RTSP server that answers each request with ``respond(method, headers)``: the raw
    bytes to send back (use {cseq}), sent by ``send`` (all at once unless a test drips them).
    After PLAY it runs ``after_play(connection)``. With ``tls`` it speaks rtsps://. Each
    request is kept in ``requests`` (method, lower-case headers) and its URL in ``urls``."""

    def __init__(self, respond: Respond, after_play: Callable[[socket.socket], None] | None = None,
                 connections: int = 1, send: Callable[[socket.socket, bytes], None] = send_all,
                 tls: ssl.SSLContext | None = None) -> None:
        self.respond, self.after_play, self.connections = respond, after_play, connections
        self.send, self.tls = send, tls
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.urls: list[str] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.serve, daemon=True).start()

    def url(self, credentials: str = "", path: str = "/live") -> str:
        return f"{'rtsps' if self.tls else 'rtsp'}://{credentials}127.0.0.1:{self.port}{path}"

    def serve(self) -> None:
        for _ in range(self.connections):
            try:
                self.converse()
            except (OSError, ssl.SSLError):  # the client hung up: the conversation is over
                pass

    def converse(self) -> None:
        connection, _ = self.listener.accept()
        if self.tls is not None:
            connection = self.tls.wrap_socket(connection, server_side=True)
        with connection:
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    chunk = connection.recv(4096)
                    if not chunk:
                        return
                    data += chunk
                head, _, data = data.partition(b"\r\n\r\n")
                lines = head.decode().split("\r\n")
                method, url = [*lines[0].split(" "), ""][:2]
                headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
                self.requests.append((method, headers))
                self.urls.append(url)
                self.send(connection, self.respond(method, headers).replace(b"{cseq}", headers["cseq"].encode()))
                if method == "PLAY" and self.after_play:
                    self.after_play(connection)

    def close(self) -> None:
        self.listener.close()


def tls_context(folder: Path) -> ssl.SSLContext:
    """A server context with a self-signed certificate made in ``folder`` (cameras carry such)."""
    cert, key = folder / "camera.pem", folder / "camera.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=30)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


def reply(status: str = "200 OK", headers: str = "", body: str = "") -> bytes:
    extra = f"Content-Length: {len(body)}\r\n" if body else ""
    return f"RTSP/1.0 {status}\r\nCSeq: {{cseq}}\r\n{headers}{extra}\r\n{body}".encode()


TCP_TRANSPORT = "RTP/AVP/TCP;unicast;interleaved=2-3"


def camera_script(method: str, headers: dict[str, str], transport: str = TCP_TRANSPORT) -> bytes:
    """A camera that plays: its SDP, a session on SETUP (with ``transport``), 200 to the rest."""
    if method == "DESCRIBE":
        return reply(headers="Content-Base: rtsp://127.0.0.1/live/\r\nContent-Type: application/sdp\r\n", body=SDP)
    if method == "SETUP":
        return reply(headers=f"Session: 4F2A;timeout=2\r\nTransport: {transport}\r\n")
    return reply(headers="Session: 4F2A\r\n")


def rtp_packet(sequence: int, payload: bytes, marker: bool = True, ssrc: int = 0, payload_type: int = 96,
               timestamp: int = 0) -> bytes:
    return (bytes([0x80, (0x80 if marker else 0) | payload_type]) + (sequence & 0xFFFF).to_bytes(2, "big")
            + (timestamp & 0xFFFFFFFF).to_bytes(4, "big") + ssrc.to_bytes(4, "big") + payload)


def interleaved(packet: bytes, channel: int = 2) -> bytes:
    """``packet`` framed for RTSP over TCP on ``channel``."""
    return bytes([0x24, channel]) + len(packet).to_bytes(2, "big") + packet


def rtp(sequence: int, payload: bytes, marker: bool = True, channel: int = 2, ssrc: int = 0,
        timestamp: int = 0) -> bytes:
    """An RTP packet interleaved on ``channel`` (RTSP over TCP)."""
    return interleaved(rtp_packet(sequence, payload, marker, ssrc, timestamp=timestamp), channel)


def rtcp_bye(*sources: int) -> bytes:
    """An RTCP BYE for ``sources`` (SSRCs)."""
    return bytes([0x80 | len(sources), 203]) + len(sources).to_bytes(2, "big") + b"".join(
        source.to_bytes(4, "big") for source in sources)


def basic_camera(method: str, headers: dict[str, str]) -> bytes:
    """A camera that asks for Basic (user "user", password "p w")."""
    if headers.get("authorization") != "Basic dXNlcjpwIHc=":  # user:p w
        return reply("401 Unauthorized", 'WWW-Authenticate: Basic realm="cam"\r\n')
    return camera_script(method, headers)


def redirect_to(location: str) -> Respond:
    return lambda _m, _h: reply("302 Moved Temporarily", f"Location: {location}\r\n")
