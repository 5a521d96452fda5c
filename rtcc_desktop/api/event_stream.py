"""Reads the backend's Server-Sent Events on a thread of its own.

Reconnects with capped exponential backoff and resumes with ``Last-Event-ID``,
so a dropped connection loses nothing. Reports through plain callbacks (no Qt
here): the UI layer marshals them onto its own thread.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import requests

from rtcc_desktop.api.errors import BackendError, SessionExpired
from rtcc_desktop.api.schemas import ServerEvent

log = logging.getLogger(__name__)


@dataclass
class SseParser:
    """Incremental parser for the text/event-stream format (WHATWG HTML, 9.2)."""

    last_id: str | None = None
    _data: list[str] = field(default_factory=list)
    _event: str = "message"

    def feed(self, line: str) -> tuple[str | None, str, str] | None:
        """One line in (without its newline); a dispatched (id, type, data) out, or None."""
        if line == "":
            if not self._data:
                self._event = "message"
                return None
            out = (self.last_id, self._event, "\n".join(self._data))
            self._data, self._event = [], "message"
            return out
        if line.startswith(":"):
            return None  # comment: the server's keep-alive
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self.last_id = value
        return None

    def lines(self, chunks: Iterable[bytes]) -> Iterator[tuple[str | None, str, str]]:
        buffer = b""
        for chunk in chunks:
            buffer += chunk
            *complete, buffer = buffer.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
            for raw in complete:
                dispatched = self.feed(raw.decode("utf-8", errors="replace"))
                if dispatched is not None:
                    yield dispatched


class EventStream:
    """``start()`` / ``stop()`` a reader; callbacks run on the reader thread.

    States: connecting, connected, reconnecting, offline (stopped), expired
    (the session ended: sign in again)."""

    def __init__(
        self,
        client: object,
        on_event: Callable[[ServerEvent], None],
        on_state: Callable[[str], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        read_timeout: float = 25.0,
        max_backoff: float = 15.0,
    ):
        self._client = client  # a BackendClient; typed loosely to keep this module testable alone
        self._on_event = on_event
        self._on_state = on_state or (lambda _s: None)
        self._on_error = on_error or (lambda _m: None)
        self._read_timeout = read_timeout
        self._max_backoff = max_backoff
        self.last_event_id: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._response: requests.Response | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="rtcc-event-stream", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        with self._lock:
            response = self._response
        if response is not None:
            _abort(response)
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None
        self._on_state("offline")

    def _run(self) -> None:
        delay = 0.5
        state = "connecting"
        while not self._stop.is_set():
            self._on_state(state)
            try:
                response = self._client.open_event_stream(  # type: ignore[attr-defined]
                    self.last_event_id, self._read_timeout)
            except SessionExpired as exc:
                # Reconnecting cannot help: the user must sign in again.
                self._on_error(exc.message)
                self._on_state("expired")
                return
            except BackendError as exc:
                log.info("event stream: %s", exc.message)
            else:
                with self._lock:
                    self._response = response
                if self._stop.is_set():
                    _abort(response)
                self._on_state("connected")
                delay = 0.5
                self._consume(response)
                with self._lock:
                    self._response = None
            state = "reconnecting"
            if self._stop.wait(delay):
                break
            delay = min(delay * 2, self._max_backoff)

    def _consume(self, response: requests.Response) -> None:
        parser = SseParser()
        try:
            for event_id, type_, data in parser.lines(response.iter_content(chunk_size=None)):
                if self._stop.is_set():
                    return
                self._dispatch(event_id, type_, data)
        except (requests.exceptions.RequestException, OSError, AttributeError, ValueError) as exc:
            # A dropped connection or read timeout: reconnect and resume.
            log.debug("event stream interrupted: %s", exc)
        finally:
            response.close()

    def _dispatch(self, event_id: str | None, type_: str, data: str) -> None:
        try:
            parsed_id = int(event_id) if event_id is not None else None
            payload = json.loads(data)
            if not isinstance(payload, dict):
                raise ValueError("data is not a JSON object")
            event = ServerEvent(id=parsed_id or 0, type=type_, data=payload)
        except ValueError as exc:
            self._on_error(f"Ignored a malformed event from the backend ({type_}): {exc}")
            if event_id is not None and event_id.isdigit():
                self.last_event_id = int(event_id)
            return
        if parsed_id is not None:
            self.last_event_id = parsed_id
        try:
            self._on_event(event)
        except Exception:  # a buggy listener must not kill the reader
            log.exception("event listener failed for %s", type_)


def _abort(response: requests.Response) -> None:
    """Unblock a read in progress: closing the socket is what wakes ``recv``."""
    with contextlib.suppress(Exception):
        # urllib3/http.client internals: the socket under the response.
        sock: Any = response.raw
        for attribute in ("_fp", "fp", "raw", "_sock"):
            sock = getattr(sock, attribute)
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(Exception):
        response.close()
