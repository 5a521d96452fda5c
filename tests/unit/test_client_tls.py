"""TLS: verification is on by default; an agency CA bundle makes a private certificate work."""

from __future__ import annotations

import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import TlsError

INFO = b'{"name": "tls", "version": "1", "environment": "production"}'


class InfoHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(INFO)))
        self.end_headers()
        self.wfile.write(INFO)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def tls_backend(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), InfoHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()


def test_unknown_certificate_is_a_tls_error_that_mentions_the_ca_bundle(tls_backend: tuple[str, Path]) -> None:
    url, _ = tls_backend
    with pytest.raises(TlsError) as err:
        BackendClient(url, retries=0).info()
    assert "certificate" in err.value.message and "CA bundle" in err.value.message


def test_the_agency_ca_bundle_makes_it_work(tls_backend: tuple[str, Path]) -> None:
    url, cert = tls_backend
    assert BackendClient(url, ca_bundle=str(cert)).info().name == "tls"
