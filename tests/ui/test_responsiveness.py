"""A backend that answers after 5 s must not stall the UI thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from tests.ui.tick_gaps import TickGaps
from ui.background import run_in_background


class SlowHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        time.sleep(5)
        body = b'{"name": "slow", "version": "1", "environment": "training"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def slow_backend() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), SlowHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_ui_thread_keeps_processing_events_while_the_backend_is_slow(qtbot: QtBot, slow_backend: str) -> None:
    client = BackendClient(slow_backend, timeout=(3, 10), retries=0)
    results: list[object] = []
    ticks = TickGaps()
    ticks.start()
    gaps = ticks.gaps
    started = time.perf_counter()
    run_in_background(client.info, results.append, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=15_000)
    ticks.stop()
    assert time.perf_counter() - started >= 4.9  # it really waited on the backend...
    assert getattr(results[0], "name", None) == "slow"
    assert len(gaps) > 300  # ...while the UI thread kept ticking every ~10 ms
    assert max(gaps) < 0.050, f"UI thread stalled for {max(gaps) * 1000:.0f} ms"
