"""A scripted RTSP camera on loopback, for the built-in relay's client: it answers each
request with what a test says, byte for byte, as a camera that misbehaves in ways the mock's
gst-rtsp-server does not would (tests/unit/test_rtsp_client.py,
tests/security/test_hostile_cameras.py, tests/security/test_bypasses_rtsp.py)."""

from __future__ import annotations

import hashlib
import re
import socket
import ssl
import subprocess
import threading
import time
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
        self.conversations = 0  # connections accepted
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
        self.conversations += 1
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



Forward = Callable[[], bytes]
Quirk = Callable[[str, dict[str, str], Forward], bytes]


def pass_through(_method: str, _headers: dict[str, str], forward: Forward) -> bytes:
    return forward()


def without_header(message: bytes, name: str) -> bytes:
    """``message`` (an RTSP reply) without the header ``name``."""
    head, sep, body = message.partition(b"\r\n\r\n")
    prefix = name.lower().encode() + b":"
    return b"\r\n".join(line for line in head.split(b"\r\n") if not line.lower().startswith(prefix)) + sep + body


def sessionless(_method: str, _headers: dict[str, str], forward: Forward) -> bytes:
    """A camera that never names its session (no Session header in any reply)."""
    return without_header(forward(), "Session")


def tcp_refused_with_400(method: str, headers: dict[str, str], forward: Forward) -> bytes:
    """A camera answering a TCP-interleaved SETUP with 400 (not 461): it serves UDP only."""
    if method == "SETUP" and "/TCP" in headers.get("transport", "").upper():
        return reply("400 Bad Request")
    return forward()


def _read_message(sock: socket.socket, pending: list[bytes], side: int) -> bytes | None:
    """One RTSP message (head and Content-Length body) from ``sock``; what was read past it
    stays in ``pending[side]``. None when the peer hung up first."""
    data = pending[side]
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        rest += chunk
    pending[side] = rest[length:]
    return head + b"\r\n\r\n" + rest[:length]


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    for sock in (source, sink):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _with_length(message: bytes) -> bytes:
    """``message`` with its Content-Length as long as its body (after a quirk changed it)."""
    head, _, body = message.partition(b"\r\n\r\n")
    message = without_header(head + b"\r\n\r\n", "Content-Length")
    if body:
        message = message[:-2] + f"Content-Length: {len(body)}\r\n\r\n".encode()
    return message + body


class CameraProxy:
    """A camera with a quirk, in front of a real RTSP server (the mock's gst-rtsp-server): each
    request goes upstream and ``quirk(method, headers, forward)`` decides what the client gets
    (``forward()`` sends the request upstream and returns the server's reply). A request the
    client sends without a Session header gets the server's, so a quirk may hide the session.
    Once PLAY is answered, bytes flow both ways as they are (RTP over TCP, keep-alives); over
    UDP the server sends RTP to the client's ports itself (all on loopback). Each request is
    kept in ``requests`` (method, lower-case headers) in the order they came."""

    def __init__(self, upstream_port: int, quirk: Quirk = pass_through) -> None:
        self.upstream_port, self.quirk = upstream_port, quirk
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, upstream_url: str) -> str:
        """``upstream_url`` (on the real server) as this camera's."""
        return upstream_url.replace(f"127.0.0.1:{self.upstream_port}", f"127.0.0.1:{self.port}")

    def user_agents(self) -> list[str]:
        return [headers.get("user-agent", "") for _method, headers in self.requests]

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
        upstream.settimeout(None)
        self._sockets += [client, upstream]
        here, there = f"127.0.0.1:{self.port}", f"127.0.0.1:{self.upstream_port}"
        pending = [b"", b""]  # read past a message: from the client, from upstream
        session: list[str] = []  # the server's session, once it named one
        try:
            while (request := _read_message(client, pending, 0)) is not None:
                head = request.decode("latin-1").replace(here, there)
                lines = head.split("\r\n\r\n", 1)[0].split("\r\n")
                method = lines[0].split(" ", 1)[0]
                headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
                self.requests.append((method, headers))
                if session and "session" not in headers:
                    head = head.replace("\r\n", f"\r\nSession: {session[0]}\r\n", 1)

                def forward(head: str = head) -> bytes:
                    upstream.sendall(head.encode("latin-1"))
                    answer = _read_message(upstream, pending, 1)
                    if answer is None:
                        raise OSError("the server hung up")
                    named = re.search(rb"(?im)^Session:\s*([^;\r\n]+)", answer)
                    if named and not session:
                        session.append(named.group(1).decode("latin-1").strip())
                    return answer

                answer = self.quirk(method, headers, forward).replace(b"{cseq}", headers.get("cseq", "0").encode())
                client.sendall(_with_length(answer.replace(there.encode(), here.encode())))
                if method == "PLAY" and answer.startswith(b"RTSP/1.0 200"):
                    break
            else:
                return
            client.sendall(pending[1])
            if pending[0]:
                upstream.sendall(pending[0])
            threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()
            _pipe(client, upstream)
        except OSError:  # either side hung up
            pass
        finally:
            client.close()
            upstream.close()

    def close(self) -> None:
        self.listener.close()
        for sock in self._sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()


IDR = b"\x65\x88\x84\x00"  # an H.264 keyframe slice (NAL type 5), enough for the relay to pass on


class TransportCamera:
    """A camera that plays over TCP interleaved, UDP, or both, each as a test says: "ok" (it
    sends video that way), "silent" (it sets the stream up and nothing arrives: NAT, a
    firewall, a server that accepts and never sends), "udp-reply" (to a TCP request it answers
    with a UDP transport, ignoring the request), or a status line it refuses with ("400 Bad
    Request"). After PLAY it sends ``frames`` keyframes, one every 20 ms (``delay_s`` first),
    then hangs up. Serves ``connections`` connections one after the other; ``camera.setups``
    lists the transports asked for, in order ("tcp"/"udp"). With ``hang_up`` it closes the
    connection after refusing a SETUP, as some servers do."""

    def __init__(self, tcp: str = "ok", udp: str = "ok", connections: int = 2, frames: int = 5,
                 delay_s: float = 0.0, public: str = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN",
                 hang_up: bool = False) -> None:
        self.tcp, self.udp_mode, self.frames, self.delay_s, self.public = tcp, udp, frames, delay_s, public
        self.server_rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.server_rtp.bind(("127.0.0.1", 0))
        self.setups: list[str] = []
        self._client_port = 0
        self.hang_up = hang_up
        self.camera = FakeCamera(self.respond, self.after_play, connections=connections, send=self.send)

    def send(self, connection: socket.socket, data: bytes) -> None:
        connection.sendall(data)
        if self.hang_up and data[9:10] in (b"4", b"5"):  # "RTSP/1.0 4xx" / "5xx"
            connection.shutdown(socket.SHUT_RDWR)
            # Hung up: nothing the client sent after the refusal is read (under load its next
            # request can be in the socket's buffer before the shutdown).
            raise ConnectionAbortedError("the camera hung up after refusing")

    def url(self, credentials: str = "") -> str:
        return self.camera.url(credentials)

    def respond(self, method: str, headers: dict[str, str]) -> bytes:
        if method == "OPTIONS":
            return reply(headers=f"Public: {self.public}\r\n")
        if method != "SETUP":
            return camera_script(method, headers)
        asked = headers.get("transport", "")
        kind = "tcp" if "/TCP" in asked.upper() else "udp"
        self.setups.append(kind)
        mode = self.tcp if kind == "tcp" else self.udp_mode
        server_port = self.server_rtp.getsockname()[1]
        if mode == "udp-reply":
            return camera_script(method, headers, f"RTP/AVP;unicast;server_port={server_port}-{server_port + 1}")
        if mode not in ("ok", "silent"):
            return reply(mode, "Session: 4F2A\r\n")
        if kind == "tcp":
            return camera_script(method, headers)
        client = asked.split("client_port=", 1)[1].split(";")[0]
        self._client_port = int(client.split("-")[0])
        return camera_script(method, headers, f"RTP/AVP;unicast;client_port={client};"
                                              f"server_port={server_port}-{server_port + 1}")

    def after_play(self, connection: socket.socket) -> None:
        kind = self.setups[-1] if self.setups else "tcp"
        mode = self.tcp if kind == "tcp" else self.udp_mode
        time.sleep(self.delay_s)
        for sequence in range(self.frames):
            if mode == "ok":
                if kind == "tcp":
                    connection.sendall(rtp(sequence, IDR, timestamp=sequence * 3000))
                else:
                    self.server_rtp.sendto(rtp_packet(sequence, IDR, timestamp=sequence * 3000),
                                           ("127.0.0.1", self._client_port))
            time.sleep(0.02)
        if mode == "ok":
            connection.shutdown(socket.SHUT_WR)  # the end of the stream
        if mode == "silent":
            # The connection stays up (keep-alives answered or not), nothing comes: until the
            # client gives up on this transport and hangs up.
            connection.settimeout(8)
            try:
                while connection.recv(4096):
                    pass
            except OSError:
                pass

    def close(self) -> None:
        self.camera.close()
        self.server_rtp.close()
