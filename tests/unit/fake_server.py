"""A real HTTP server on loopback whose answers a test scripts, to see how the
client copes with a misbehaving backend (no mocking of requests)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | dict | list = b""
    content_type: str = "application/json"
    delay: float = 0.0
    declared_length: int | None = None  # lie about Content-Length to truncate


@dataclass
class Script:
    routes: dict[tuple[str, str], Callable[[BaseHTTPRequestHandler], Reply]] = field(default_factory=dict)
    hits: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)

    def on(self, method: str, path: str, reply: Reply | Callable[[BaseHTTPRequestHandler], Reply]) -> None:
        self.routes[(method, path)] = reply if callable(reply) else (lambda _h, r=reply: r)

    def count(self, method: str, path: str) -> int:
        return sum(1 for m, p, _ in self.hits if (m, p) == (method, path))


def _handler(script: Script) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            path = self.path.split("?", 1)[0]
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            script.hits.append((self.command, path, dict(self.headers)))
            route = script.routes.get((self.command, path))
            reply = route(self) if route else Reply(404, {"error": {"code": "not_found", "message": "nope"}})
            if reply.delay:
                time.sleep(reply.delay)
            body = reply.body
            if isinstance(body, dict | list):
                body = json.dumps(body)
            data = body.encode() if isinstance(body, str) else body
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(reply.declared_length or len(data)))
            self.end_headers()
            self.wfile.write(data)
            if reply.declared_length:
                self.close_connection = True

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def fake_backend() -> Iterator[tuple[str, Script]]:
    script = Script()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(script))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", script
    finally:
        server.shutdown()
        server.server_close()
