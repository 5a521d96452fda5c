"""Reads the backend's Server-Sent Events on a thread of its own.

Resumes with ``Last-Event-ID``, so a dropped connection loses nothing; if the
backend refuses that id, it starts afresh once and tells the consumer to resync.
Reconnects back off exponentially with jitter, from the server's ``retry:``
time, and back off further until a connection delivers an event: a backend that
accepts and closes at once is not hammered. Reports through plain callbacks (no
Qt here): the UI layer marshals them onto its own thread.
"""

from __future__ import annotations

import contextlib
import logging
import random
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import requests
import urllib3

from rtcc_desktop.api import json_text
from rtcc_desktop.api.errors import BackendError, NotSignedIn, SessionExpired
from rtcc_desktop.api.schemas import ServerEvent
from rtcc_desktop.api.sse import SseParser, valid_event_id

__all__ = ["Backoff", "EventStream", "SseParser"]

log = logging.getLogger(__name__)

READ_BYTES = 64 * 1024  # one read's worth: what memory a burst can cost before parsing
RETRY_BOUNDS_S = (0.1, 60.0)  # a server's ``retry:`` outside these is clamped into them
# Statuses where dropping Last-Event-ID cannot help (auth, a missing route, rate limits).
_NOT_A_REFUSED_ID = frozenset({401, 403, 404, 405, 407, 408, 429})


class Backoff:
    """Delays before reconnecting: ``base`` doubling to ``maximum``, each drawn from
    the upper half of its step (jitter spreads a fleet's reconnects; the lower
    bound keeps the server's ``retry:`` a minimum)."""

    def __init__(self, base: float, maximum: float, rng: random.Random | None = None):
        self.base = base
        self.maximum = maximum
        self.attempt = 0
        self._rng = rng or random.Random()

    def next(self) -> float:
        ceiling = min(max(self.maximum, self.base), self.base * 2 ** min(self.attempt, 30))
        self.attempt += 1
        return self._rng.uniform(max(self.base, ceiling / 2), ceiling)

    def reset(self) -> None:
        self.attempt = 0


class EventStream:
    """``start()`` / ``stop()`` a reader; callbacks run on the reader thread.

    States: connecting, connected, reconnecting, offline (stopped), expired
    (the session ended: sign in again). ``on_resync`` hears that the backend
    would not resume where the reader left off, so events may have been missed
    and the consumer should reload what it shows."""

    def __init__(
        self,
        client: object,
        on_event: Callable[[ServerEvent], None],
        on_state: Callable[[str], None] | None = None,
        on_error: Callable[[str], None] | None = None,
        read_timeout: float = 25.0,
        max_backoff: float = 30.0,
        initial_backoff: float = 0.5,
        on_resync: Callable[[], None] | None = None,
    ):
        self._client = client  # a BackendClient; typed loosely to keep this module testable alone
        self._on_event = on_event
        self._on_state = on_state or (lambda _s: None)
        self._on_error = on_error or (lambda _m: None)
        self._on_resync = on_resync or (lambda: None)
        self._read_timeout = read_timeout
        self._max_backoff = max_backoff
        self._initial_backoff = min(initial_backoff, max_backoff)
        self.retry_s: float | None = None  # the server's reconnection time (``retry:``), clamped
        self.last_event_id: int | None = None
        self.dropped_events = 0  # over the size caps: dropped, not buffered
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
        backoff = Backoff(self._initial_backoff, self._max_backoff)
        state = "connecting"
        while not self._stop.is_set():
            self._on_state(state)
            state = "reconnecting"
            try:
                response = self._client.open_event_stream(  # type: ignore[attr-defined]
                    self.last_event_id, self._read_timeout)
            except BackendError as exc:
                if isinstance(exc, SessionExpired | NotSignedIn) or exc.status == 401:
                    # Reconnecting cannot help: the user must sign in again.
                    self._on_error(exc.message if isinstance(exc, SessionExpired)
                                   else "Your session has ended; please sign in again.")
                    self._on_state("expired")
                    return
                if self._refused_resume(exc):
                    continue  # at once, without Last-Event-ID: a second refusal backs off
                log.info("event stream: %s", exc.message)
            except Exception:  # anything else from the transport: this thread is the only reader
                log.exception("event stream: unexpected failure connecting")
            else:
                with self._lock:
                    self._response = response
                if self._stop.is_set():
                    _abort(response)
                self._on_state("connected")
                try:
                    if self._consume(response):
                        backoff.reset()
                except Exception:  # a reply or a consumer this reader did not foresee: reconnect
                    log.exception("event stream: unexpected failure reading")
                    self._on_error("Live updates hit an unexpected problem; reconnecting.")
                    _abort(response)
                with self._lock:
                    self._response = None
            if self.retry_s is not None:
                backoff.base = self.retry_s
            if self._stop.wait(backoff.next()):
                break

    def _refused_resume(self, exc: BackendError) -> bool:
        """A 4xx to a resume request: forget the id and tell the consumer to resync."""
        status = exc.status or 0
        if self.last_event_id is None or not 400 <= status < 500 or status in _NOT_A_REFUSED_ID:
            return False
        log.warning("event stream: resuming after event %s refused (%s)", self.last_event_id, exc.message)
        self.last_event_id = None
        self._on_error("The backend could not resume live updates where they stopped; "
                       "some changes may have been missed, so the views reload.")
        self._on_resync()
        return True

    def _consume(self, response: requests.Response) -> bool:
        """Read one connection to its end; True if it delivered at least one event."""
        parser = SseParser(on_drop=self._dropped)
        delivered = False
        try:
            for event_id, type_, data in parser.lines(_chunks(response)):
                if self._stop.is_set():
                    break
                delivered = self._dispatch(event_id, type_, data) or delivered
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError, AttributeError,
                ValueError) as exc:
            # A dropped connection or read timeout: reconnect and resume.
            log.debug("event stream interrupted: %s", exc)
        finally:
            response.close()
            if parser.retry_ms is not None:
                low, high = RETRY_BOUNDS_S
                self.retry_s = min(max(parser.retry_ms / 1000, low), high)
        return delivered

    def _dropped(self, reason: str) -> None:
        self.dropped_events += 1
        log.warning("event stream: dropped %s (%d so far)", reason, self.dropped_events)
        self._on_error(f"Ignored {reason} from the backend ({self.dropped_events} so far).")

    def _dispatch(self, event_id: str | None, type_: str, data: str) -> bool:
        parsed_id = valid_event_id(event_id) if event_id is not None else None
        if parsed_id is not None:
            self.last_event_id = parsed_id
        try:
            payload = json_text.loads(data)
            if not isinstance(payload, dict):
                raise ValueError("data is not a JSON object")
            event = ServerEvent(id=parsed_id or 0, type=type_, data=payload)
        except ValueError as exc:
            self._on_error(f"Ignored a malformed event from the backend ({type_[:80]}): {str(exc)[:200]}")
            return False
        try:
            self._on_event(event)
        except Exception:  # a buggy listener must not kill the reader
            log.exception("event listener failed for %s", type_)
        return True


def _chunks(response: requests.Response) -> Iterator[bytes]:
    """The body as it arrives, at most ``READ_BYTES`` at a time.

    ``read1`` returns what one read gives: a stream without chunked encoding
    is not held back until it ends (``iter_content(None)`` would read it to EOF)."""
    raw: Any = response.raw
    if raw.chunked:
        yield from raw.stream(READ_BYTES, decode_content=True)
        return
    while chunk := raw.read1(READ_BYTES, decode_content=True):
        yield chunk


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
