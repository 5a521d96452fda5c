"""The SSE parser, and the reader's reconnect with Last-Event-ID, against a real local server."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.event_stream import EventStream, SseParser
from rtcc_desktop.api.schemas import ServerEvent


def test_parser_handles_multiline_data_comments_and_ids() -> None:
    parser = SseParser()
    chunks = [b": keep-alive\n\nid: 7\nevent: camera.updated\ndata: {\"a\":\ndata: 1}\n", b"\nid: 8\r\n",
              b"data: {}\r\n\r\n"]
    out = list(parser.lines(chunks))
    assert out == [("7", "camera.updated", '{"a":\n1}'), ("8", "message", "{}")]
    assert parser.last_id == "8"


def test_parser_ignores_an_event_with_no_data() -> None:
    assert list(SseParser().lines([b"event: x\n\n"])) == []


class DroppingSse(BaseHTTPRequestHandler):
    """Sends two events per connection, then drops it; records Last-Event-ID."""

    seen_last_ids: list[str | None] = []
    next_id = 1

    def do_GET(self) -> None:
        DroppingSse.seen_last_ids.append(self.headers.get("Last-Event-ID"))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for _ in range(2):
            i = DroppingSse.next_id
            DroppingSse.next_id += 1
            self.wfile.write(f"id: {i}\nevent: camera.updated\ndata: {{\"id\": {i}}}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"id: 999\nevent: camera.updated\ndata: {not json\n\n")
        self.close_connection = True

    def log_message(self, *args: object) -> None:
        pass


def test_reader_reconnects_with_last_event_id_and_skips_malformed_events() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), DroppingSse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = BackendClient(f"http://127.0.0.1:{server.server_address[1]}")
    events: list[ServerEvent] = []
    problems: list[str] = []
    stream = EventStream(client, on_event=events.append, on_error=problems.append, max_backoff=0.2)
    stream.start()
    deadline = time.monotonic() + 10
    while len(events) < 4 and time.monotonic() < deadline:
        time.sleep(0.02)
    t = time.monotonic()
    stream.stop()
    assert time.monotonic() - t < 1.5, "stop() must return promptly"
    server.shutdown()
    assert [e.id for e in events[:4]] == [1, 2, 3, 4]
    assert DroppingSse.seen_last_ids[:2] == [None, "999"]  # resumes after the last id it saw
    assert problems and "malformed" in problems[0]
