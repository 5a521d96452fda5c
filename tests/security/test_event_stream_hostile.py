"""The SSE reader against hostile event streams (issue #21), each a scripted server on loopback
(tests/security/scripted_http.py). Findings covered:

- the buffer was quadratic and unbounded: 16 MiB without a newline took 31 s; now lines are
  split as they arrive and a line over 256 KiB is dropped, in bounded time and memory;
- ``data:`` lines accumulated without limit: an event over 1 MiB is dropped and counted;
- a stream without chunked encoding was read to its end before any event was parsed;
- a server that accepts and closes was reconnected every 0.5 s forever (backoff reset on
  connect): it now resets only once an event arrived;
- ``retry:`` was ignored; it now sets the reconnection time;
- an ``id: -5`` was replayed as Last-Event-ID and refused (422) on every reconnect, so live
  updates never came back: only ids the backend takes are kept, and a refused resume starts
  afresh once and tells the consumer to resync;
- a 401 without a recognised session error looped forever: it ends the session;
- line endings split across reads (``\\r`` | ``\\n``) and a leading BOM lost or split events.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator

import pytest

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.event_stream import EventStream, SseParser
from rtcc_desktop.api.schemas import API_PREFIX
from tests.contract.test_events_contract import Collector
from tests.security.scripted_http import Raw, Scripted, json_reply, scripted_server

EVENTS = f"{API_PREFIX}/events"
SSE = {"Content-Type": "text/event-stream"}
MIB = 1024 * 1024


def event(i: int, camera: int | None = None) -> bytes:
    return f"id: {i}\nevent: camera.updated\ndata: {json.dumps({'id': camera or i})}\n\n".encode()


def chunked(pieces: Iterator[bytes]) -> Iterator[bytes]:
    """HTTP/1.1 chunked framing, as the real backend (uvicorn) streams."""
    for piece in pieces:
        yield b"%x\r\n%s\r\n" % (len(piece), piece)
    yield b"0\r\n\r\n"


def held_open(release: threading.Event) -> Iterator[bytes]:
    """Keep a stream open (no reconnect churn) until the test is done with it."""
    release.wait(10)
    yield b""


class Reader:
    """An EventStream on a scripted server, with what it reported."""

    def __init__(self, server: Scripted, **options: float):
        self.got = Collector()
        self.problems: list[str] = []
        self.resyncs = 0
        self.stream = EventStream(BackendClient(server.url), on_event=self.got.on_event,
                                  on_state=self.got.states.append, on_error=self.problems.append,
                                  on_resync=self._resync, **options)

    def _resync(self) -> None:
        self.resyncs += 1

    def wait_for(self, condition: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return True
            time.sleep(0.01)
        return condition()


@pytest.fixture
def server() -> Iterator[Scripted]:
    with scripted_server() as s:
        yield s


@pytest.fixture
def release() -> Iterator[threading.Event]:
    done = threading.Event()
    yield done
    done.set()


def timed(route: Callable[[], Raw], at: list[float]) -> Callable[[], Raw]:
    def serve() -> Raw:
        at.append(time.monotonic())
        return route()
    return serve


# --- size and time -------------------------------------------------------------------------------------
def _measure(server: Scripted, body: Iterator[bytes]) -> tuple[float, int, Reader]:
    """Seconds until the event after ``body`` arrives, and the peak memory allocated meanwhile."""
    sent = [False]

    def route() -> Raw:
        if sent[0]:
            return Raw(204, b"")
        sent[0] = True
        return Raw(200, body, {**SSE, "Transfer-Encoding": "chunked"})

    server.on("GET", EVENTS, route)
    reader = Reader(server)
    tracemalloc.start()
    try:
        t = time.monotonic()
        reader.stream.start()
        arrived = reader.wait_for(lambda: any(e.id == 1 for e in reader.got.events), 6)
        elapsed = time.monotonic() - t
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        reader.stream.stop()
    assert arrived, f"the event after the hostile one never arrived: {reader.problems[:3]}"
    return elapsed, peak, reader


def test_16_mib_without_a_newline_is_dropped_fast_in_bounded_memory(server: Scripted,
                                                                     release: threading.Event) -> None:
    piece = b"x" * (64 * 1024)

    def body() -> Iterator[bytes]:
        yield b"data: "
        for _ in range(256):  # 16 MiB, one line
            yield piece
        yield b"\n\n" + event(1)
        yield from held_open(release)

    elapsed, peak, reader = _measure(server, chunked(body()))
    assert elapsed < 2.0, f"took {elapsed:.1f} s"
    assert peak < 3 * MIB, f"peak {peak / MIB:.1f} MiB for a 16 MiB line"
    assert reader.stream.dropped_events == 1
    assert any("line over 256 KiB" in p for p in reader.problems)


def test_an_event_of_many_data_lines_is_capped(server: Scripted, release: threading.Event) -> None:
    lines = b"data: " + b"0123456789abcdef0123456789" + b"\n"

    def body() -> Iterator[bytes]:
        for _ in range(100):
            yield lines * 1000  # 3.3 MB of data lines in one event
        yield b"\n" + event(1)
        yield from held_open(release)

    _elapsed, peak, reader = _measure(server, chunked(body()))
    assert peak < 3 * MIB, f"peak {peak / MIB:.1f} MiB"
    assert reader.stream.dropped_events == 1
    assert any("event over 1024 KiB" in p for p in reader.problems)
    assert [e.id for e in reader.got.events] == [1]


def test_events_arrive_before_a_close_delimited_stream_ends(server: Scripted, release: threading.Event) -> None:
    def body() -> Iterator[bytes]:
        yield event(1)
        yield from held_open(release)

    server.on("GET", EVENTS, Raw(200, body(), SSE, length=False))
    reader = Reader(server)
    reader.stream.start()
    try:
        assert reader.wait_for(lambda: len(reader.got.events) == 1, 3), "the event waited for the stream to end"
    finally:
        reader.stream.stop()


# --- reconnecting ----------------------------------------------------------------------------------------
def test_a_server_that_accepts_and_closes_is_reconnected_ever_more_slowly(server: Scripted) -> None:
    at: list[float] = []
    server.on("GET", EVENTS, timed(lambda: Raw(200, b": hello\n\n", SSE), at))
    reader = Reader(server)
    reader.stream.start()
    time.sleep(3.2)
    reader.stream.stop()
    gaps = [b - a for a, b in itertools.pairwise(at)]
    # 0.5 s, then 0.5-1 s, then 1-2 s: at most 4 connections where a fixed 0.5 s makes 7.
    assert 2 <= len(at) <= 4, f"{len(at)} connections in 3.2 s: {gaps}"


def test_retry_field_sets_the_reconnection_time(server: Scripted) -> None:
    at: list[float] = []
    server.on("GET", EVENTS, timed(lambda: Raw(200, b"retry: 2000\n: hello\n\n", SSE), at))
    reader = Reader(server)
    reader.stream.start()
    assert reader.wait_for(lambda: len(at) >= 2, 4)
    reader.stream.stop()
    assert 1.9 <= at[1] - at[0] < 3.0, at[1] - at[0]
    assert reader.stream.retry_s == 2.0


def test_an_id_the_backend_cannot_take_is_not_sent_back(server: Scripted, release: threading.Event) -> None:
    bad_ids = [b"-5", b"1e3", b" 12", b"\xd9\xa3", b"99999999999999999999"]  # the backend answers 422 to each

    def route() -> Raw:
        if len(server.hits_for(EVENTS)) > 1:
            return Raw(200, held_open(release), SSE, length=False)
        body = event(3) + b"".join(b"id: %s\nevent: camera.updated\ndata: {\"id\": 4}\n\n" % i for i in bad_ids)
        return Raw(200, body, SSE)

    server.on("GET", EVENTS, route)
    reader = Reader(server)
    reader.stream.start()
    try:
        assert reader.wait_for(lambda: len(server.hits_for(EVENTS)) >= 2, 4)
    finally:
        reader.stream.stop()
    resumed = server.hits_for(EVENTS)[1].headers.get("Last-Event-ID")
    assert resumed == "3", f"resumed from {resumed!r}: only the last valid id goes back"
    assert len(reader.got.events) == 1 + len(bad_ids), "the events themselves still arrive"


def test_a_refused_last_event_id_resyncs_and_live_updates_return(server: Scripted,
                                                                 release: threading.Event) -> None:
    next_id = [7]

    def route() -> Raw:
        if server.hits[-1].headers.get("Last-Event-ID") is not None:
            return json_reply({"error": {"code": "validation_error",
                                         "message": "Last-Event-ID must be an event id this server sent"}}, 422)
        i, next_id[0] = next_id[0], next_id[0] + 1
        if i > 7:  # the second stream stays open: no more resumes to refuse
            return Raw(200, itertools.chain([event(i)], held_open(release)), SSE, length=False)
        return Raw(200, event(i), SSE)

    server.on("GET", EVENTS, route)
    reader = Reader(server)
    reader.stream.start()
    try:
        assert reader.wait_for(lambda: len(reader.got.events) >= 2, 5), reader.problems
    finally:
        reader.stream.stop()
    assert [e.id for e in reader.got.events] == [7, 8]
    assert [h.headers.get("Last-Event-ID") for h in server.hits_for(EVENTS)] == [None, "7", None]
    assert reader.resyncs == 1
    assert any("missed" in p for p in reader.problems)


@pytest.mark.parametrize("reply", [
    Raw(401, b"<html><body>401 Authorization Required</body></html>", {"Content-Type": "text/html"}),
    json_reply({"error": {"code": "invalid_credentials", "message": "Bad token"}}, 401),
], ids=["proxy-html", "json"])
def test_a_401_on_the_stream_ends_the_session(server: Scripted, reply: Raw) -> None:
    server.on("GET", EVENTS, reply)
    reader = Reader(server)
    reader.stream.start()
    try:
        assert reader.wait_for(lambda: "expired" in reader.got.states, 3), reader.problems
        time.sleep(0.7)  # old code's next attempt came at 0.5 s
    finally:
        reader.stream.stop()
    assert len(server.hits_for(EVENTS)) == 1
    assert any("sign in" in p for p in reader.problems)


# --- the format's corners ----------------------------------------------------------------------------
def test_line_endings_split_across_reads_and_a_bom() -> None:
    chunks = [b"\xef\xbb", b"\xbfdata: a\r", b"\ndata: b\r", b"\r", b"data:c\rdata\r\r", b"id: 5\n", b"data: d\n\n"]
    parser = SseParser()
    assert list(parser.lines(chunks)) == [(None, "message", "a\nb"), (None, "message", "c\n"),
                                          ("5", "message", "d")]


def test_the_reader_survives_a_failure_it_did_not_foresee(server: Scripted, release: threading.Event) -> None:
    """Whatever the transport raises that nobody foresaw (here once, from a real client wrapped to
    fail on its first connection), the one thread that brings live updates retries instead of
    dying silently."""
    server.on("GET", EVENTS, Raw(200, itertools.chain([event(3)], held_open(release)), SSE, length=False))
    reader = Reader(server, initial_backoff=0.1)
    real = reader.stream._client
    failures: list[int] = []

    class Flaky:
        def open_event_stream(self, last_event_id: int | None, read_timeout: float) -> object:
            if not failures:
                failures.append(1)
                raise RuntimeError("an error no handler names")
            return real.open_event_stream(last_event_id, read_timeout)

    reader.stream._client = Flaky()
    reader.stream.start()
    try:
        assert reader.wait_for(lambda: len(reader.got.events) >= 1, 5), reader.problems
    finally:
        reader.stream.stop()
    assert failures and [e.id for e in reader.got.events] == [3]
