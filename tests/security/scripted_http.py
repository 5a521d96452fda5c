"""A real HTTP server on loopback whose every reply a test scripts, down to the headers (a
``Location``, a ``Content-Length: abc``, a body longer than announced). One port may speak
both plain HTTP and TLS (the first byte of a connection tells which), so a redirect from
https:// to http:// on the same host and port can be tried. It also serves as a forward
proxy: a request for another host arrives with that host in its target, and is recorded."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from rtcc_desktop.api.client import BackendClient

TOKENS = {"access_token": "secret-access-token", "refresh_token": "r1", "expires_in": 900, "username": "op",
          "role": "operator"}
BEARER = f"Bearer {TOKENS['access_token']}"


@dataclass
class Raw:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)
    length: bool = True  # send Content-Length (for a bytes body) unless headers name one; else close-delimited


def json_reply(data: Any, status: int = 200) -> Raw:
    return Raw(status, json.dumps(data).encode(), {"Content-Type": "application/json"})


@dataclass
class Hit:
    method: str
    target: str  # as sent: a path, or an absolute URL when this server is used as a proxy
    headers: dict[str, str]
    tls: bool


@dataclass
class Scripted:
    url: str  # http://127.0.0.1:port
    port: int
    routes: dict[tuple[str, str], Callable[[], Raw]] = field(default_factory=dict)
    hits: list[Hit] = field(default_factory=list)
    sent: list[int] = field(default_factory=list)  # body bytes written, per reply

    @property
    def https_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def on(self, method: str, path: str, reply: Raw | Callable[[], Raw]) -> None:
        self.routes[(method, path)] = reply if callable(reply) else (lambda r=reply: r)

    def hits_for(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.target.split("?", 1)[0] == path]


def _handler(state: Scripted) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            state.hits.append(Hit(self.command, self.path, dict(self.headers),
                                  isinstance(self.connection, ssl.SSLSocket)))
            route = state.routes.get((self.command, self.path.split("?", 1)[0]))
            reply = route() if route else Raw(404, b'{"error": {"code": "not_found", "message": "nope"}}',
                                              {"Content-Type": "application/json"})
            self.send_response(reply.status)
            headers = dict(reply.headers)
            if isinstance(reply.body, bytes) and reply.length and "Content-Length" not in headers:
                headers["Content-Length"] = str(len(reply.body))
            if "Content-Length" not in headers:
                headers["Connection"] = "close"
            if headers.get("Connection") == "close":
                self.close_connection = True
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            written = 0
            try:
                for chunk in [reply.body] if isinstance(reply.body, bytes) else reply.body:
                    self.wfile.write(chunk)
                    written += len(chunk)
            except OSError:  # the client hung up: what it refused to read is not sent
                self.close_connection = True
            state.sent.append(written)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: object) -> None:
            pass

    return Handler


class _DualServer(ThreadingHTTPServer):
    daemon_threads = True
    tls: ssl.SSLContext | None = None

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is not None:
            try:
                first = request.recv(1, socket.MSG_PEEK)
                if first == b"\x16":  # a TLS ClientHello
                    request = self.tls.wrap_socket(request, server_side=True)
            except (OSError, ssl.SSLError):
                return
        self.RequestHandlerClass(request, client_address, self)


def make_cert(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    return cert, key


@contextmanager
def scripted_server(cert: tuple[Path, Path] | None = None) -> Iterator[Scripted]:
    """A scripted server on 127.0.0.1; with ``cert``, the same port also answers TLS."""
    server = _DualServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    state = Scripted(f"http://127.0.0.1:{port}", port)
    server.RequestHandlerClass = _handler(state)
    if cert is not None:
        server.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.tls.load_cert_chain(*cert)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def signing_in_server(cert: tuple[Path, Path] | None = None) -> Iterator[Scripted]:
    """A scripted backend that lets anyone sign in (``TOKENS``); the test scripts the rest."""
    with scripted_server(cert) as server:
        server.on("POST", "/api/v1/auth/token", json_reply(TOKENS))
        yield server


def signed_in(url: str, ca_bundle: Path | None = None) -> BackendClient:
    """A client signed in to a scripted backend, with no retries (each reply is the test's)."""
    client = BackendClient(url, ca_bundle=str(ca_bundle) if ca_bundle else None, retries=0)
    client.sign_in("op", "pw")
    return client
