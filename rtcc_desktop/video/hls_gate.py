"""HLS passes through the app: libVLC opens nothing but the gate.

A grant's playlist URL is checked before anything opens it (``stream_source.stream_url_problem``),
but what the playlist points at is the backend's to say, and libVLC's adaptive demuxer opens
whatever it names (a segment, a key or a rendition at ``file:///``, at a host on the agency's
network, at any port) and follows any redirect a segment answers with. So libVLC is given a
loopback address of the gate instead. The gate fetches each playlist (the first, the ones a
master playlist names, every refresh of a live one), checks every address in it against the
grant's origin (scheme, host, port: the backend's own) and writes each as one of its own: a
playlist is fetched and checked again, anything else (segments, keys, init sections) is fetched
and its bytes handed on as they come. The gate follows no redirect. A playlist naming anything
else is refused whole, in words (``on_refused``), and libVLC gets a 502: nothing of it is opened.

The gate listens on 127.0.0.1 only; each playback gets its own unguessable key, so another local
user cannot use it to reach the backend. Connections are kept open both ways (libVLC refreshes a
live playlist and fetches a segment every segment's duration). A refusal is lasting: retrying
fetches the same playlist. No Qt: the player routes the words.
"""

from __future__ import annotations

import contextlib
import http.client
import logging
import re
import secrets
import select
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from rtcc_desktop.config import Origin, origin_of
from rtcc_desktop.video.hls_playlist import PlaylistRefused, gate_playlist
from rtcc_desktop.video.tls_trust import ssl_context

__all__ = ["GatedPlaylist", "HlsGate", "PlaylistRefused", "gate_playlist", "hls_gate", "origin_of"]

log = logging.getLogger(__name__)

MAX_PLAYLIST = 1 << 20  # bytes; a live playlist is a few hundred
MAX_NESTED = 64  # playlists a master playlist may name (renditions, variants)
MAX_RESOURCES = 512  # the newest segments, keys and init sections a playback may fetch (a live list rolls)
MAX_RESOURCE = 256 << 20  # bytes of one segment: a few seconds of a camera's main stream are a few MB
RESOURCE_TIMEOUT_S = 30.0  # a whole segment, however its bytes come
# A connection to the gate idle this long is closed (libVLC asks again within a segment's
# duration): connections a local program opens and leaves do not hold a thread each for ever.
IDLE_TIMEOUT_S = 60.0
# A whole playlist fetch: a backend may hold the first request until its packager has a segment
# (the mock holds it up to 6 s).
FETCH_TIMEOUT_S = 8.0
# Connections to the gate at once: libVLC keeps one or two a playback (playlist, segments), a
# wall of 64 HLS tiles beside a room wall's own stays well under it (see _Server for past it).
MAX_CONNECTIONS = 512
# A playlist the gate refuses is fetched again before the refusal stands: segmenters that rewrite
# theirs in place (ffmpeg without temp_file, in its single-file mode always) leave it empty or cut
# short for a moment, mid-address too, and a web server hands out what it finds. A playlist that
# is refused for what it says is refused each time.
REFETCHES = 2
REFETCH_PAUSE_S = 0.2


@dataclass
class _Playback:
    origin: Origin
    playlists: list[str]  # upstream addresses; the position is the gate's name for each
    on_refused: Callable[[str], None]
    ca_bundle: str | None  # whom the playback trusts at https:// (the backend profile's CA; None: the system's)
    known: dict[str, int] = field(default_factory=dict)
    # Segments, keys, init sections: upstream address by the gate's number, the newest kept.
    resources: dict[int, str] = field(default_factory=dict)
    resource_numbers: dict[str, int] = field(default_factory=dict)
    next_resource: int = 0
    refused: str = ""


class GatedPlaylist:
    """One playback's way through the gate: ``url`` for libVLC; ``close`` when it ends."""

    def __init__(self, gate: HlsGate, key: str, url: str) -> None:
        self._gate, self.key, self.url = gate, key, url

    def close(self) -> None:
        self._gate.forget(self.key)


_ROUTE = re.compile(r"/([A-Za-z0-9_-]{16,64})/(?:(\d{1,3})\.m3u8|r(\d{1,9})/([A-Za-z0-9._-]{0,80}))")
# What a segment's reply may pass on to libVLC besides its body.
_PASSED = ("Content-Type", "Content-Range", "Accept-Ranges")
_RANGE = re.compile(r"bytes=(\d{0,15})-(\d{0,15})")  # one range, as libVLC asks for EXT-X-BYTERANGE


class HlsGate:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._playbacks: dict[str, _Playback] = {}
        # Kept open to the backend, by its origin and the trust the connection was verified with.
        self._idle: dict[tuple[Origin, ssl.SSLContext], list[http.client.HTTPConnection]] = {}
        self._watchdog = _Watchdog()
        gate = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # libVLC keeps its connection: no thread started per request
            timeout = IDLE_TIMEOUT_S

            def do_GET(self) -> None:  # http.server calls it by this name
                gate._serve(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="hls-gate", daemon=True).start()

    def open(self, url: str, on_refused: Callable[[str], None], ca_bundle: str | None = None) -> GatedPlaylist:
        """The gate's address for the playlist at ``url`` (a grant's, already checked), fetched
        trusting ``ca_bundle`` (the backend profile's; None: the system's store) as the API
        client does. Raises OSError or ssl.SSLError when that bundle cannot be read (the system's
        store is read by the gate's own threads, at the first https:// fetch, not here)."""
        if ca_bundle is not None:
            ssl_context(ca_bundle)
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._playbacks[key] = _Playback(origin_of(url), [url], on_refused, ca_bundle, {url: 0})
        return GatedPlaylist(self, key, self._local(key, 0))

    def forget(self, key: str) -> None:
        with self._lock:
            self._playbacks.pop(key, None)

    def _local(self, key: str, index: int) -> str:
        return f"http://127.0.0.1:{self.port}/{key}/{index}.m3u8"

    def _nested(self, key: str, playback: _Playback, url: str) -> str:
        with self._lock:
            index = playback.known.get(url)
            if index is None:
                if len(playback.playlists) > MAX_NESTED:
                    raise PlaylistRefused(f"Refused the HLS stream: its playlists name more than {MAX_NESTED} others.")
                index = playback.known[url] = len(playback.playlists)
                playback.playlists.append(url)
        return self._local(key, index)

    def _resource(self, key: str, playback: _Playback, url: str) -> str:
        with self._lock:
            number = playback.resource_numbers.get(url)
            if number is None:
                number = playback.resource_numbers[url] = playback.next_resource
                playback.resources[number] = url
                playback.next_resource += 1
                if len(playback.resources) > MAX_RESOURCES:  # the oldest: no live playlist lists it now
                    oldest = min(playback.resources)
                    del playback.resource_numbers[playback.resources.pop(oldest)]
        # The address's last part, kept so that libVLC sees the kind of file it fetches.
        name = re.sub(r"[^A-Za-z0-9._-]", "", urlsplit(url).path.rsplit("/", 1)[-1])[:80]
        return f"http://127.0.0.1:{self.port}/{key}/r{number}/{name}"

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        match = _ROUTE.fullmatch(request.path)
        key = match.group(1) if match else ""
        with self._lock:
            playback = self._playbacks.get(key)
            upstream: str | None = None
            if playback is not None and match is not None:
                if match.group(2) is not None:
                    index = int(match.group(2))
                    upstream = playback.playlists[index] if index < len(playback.playlists) else None
                else:
                    upstream = playback.resources.get(int(match.group(3)))
        if playback is None or upstream is None or playback.refused:
            _answer(request, 502 if playback is not None and playback.refused else 404)
            return
        self._server.named_a_playback(request.connection)
        assert match is not None
        if match.group(2) is not None:
            self._serve_playlist(request, key, playback, upstream)
        else:
            self._serve_resource(request, playback, upstream)

    def _serve_playlist(self, request: BaseHTTPRequestHandler, key: str, playback: _Playback, upstream: str) -> None:
        for attempt in range(REFETCHES + 1):
            try:
                status, body = self._fetch_whole(upstream, playback)
            except ssl.SSLCertVerificationError as exc:  # the same certificate fails each time
                self._refuse(request, playback, f"The backend's certificate is not trusted ({exc.verify_message}). "
                                                "If the agency has its own CA, set it as the backend profile's "
                                                "CA bundle.")
                return
            except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
                log.info("HLS playlist not fetched: %s", exc.__class__.__name__)
                _answer(request, 504)
                return
            if status != 200:
                _answer(request, _passed_on(status))
                return
            try:
                if len(body) > MAX_PLAYLIST:
                    raise PlaylistRefused(f"Refused the HLS stream: its playlist is larger than "
                                          f"{MAX_PLAYLIST >> 10} KiB.")
                text = gate_playlist(body.decode("utf-8", "replace"), upstream, playback.origin,
                                     lambda url: self._nested(key, playback, url),
                                     lambda url: self._resource(key, playback, url))
            except PlaylistRefused as exc:
                if attempt < REFETCHES:
                    time.sleep(REFETCH_PAUSE_S)
                    continue
                self._refuse(request, playback, str(exc))
                return
            _answer(request, 200, text.encode(), {"Content-Type": "application/vnd.apple.mpegurl"})
            return

    def _refuse(self, request: BaseHTTPRequestHandler, playback: _Playback, words: str) -> None:
        """The playback ends, lasting, in ``words``; nothing more of it is fetched."""
        playback.refused = words
        log.warning("%s", words)
        playback.on_refused(words)  # before libVLC hears the 502: the words come first
        _answer(request, 502)

    def _serve_resource(self, request: BaseHTTPRequestHandler, playback: _Playback, upstream: str) -> None:
        """A segment (key, init section) from the backend, its bytes handed on as they come; a
        range libVLC asks for (EXT-X-BYTERANGE) is asked for in turn."""
        ranged = request.headers.get("Range", "")
        headers = {"Range": ranged} if _RANGE.fullmatch(ranged) else {}
        try:
            connection, response = self._open(upstream, playback, RESOURCE_TIMEOUT_S, headers)
        except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
            log.info("HLS segment not fetched: %s", exc.__class__.__name__)
            _answer(request, 504)
            return
        reusable = False
        try:
            if response.status not in (200, 206):  # a redirect is not followed: it would leave the origin
                response.read(MAX_PLAYLIST)
                reusable = response.isclosed() and not response.will_close  # read to its end
                _answer(request, _passed_on(response.status))
                return
            length = response.getheader("Content-Length")
            digits = length is not None and re.fullmatch(r"[0-9]{1,15}", length) is not None
            known = int(length) if length is not None and digits and int(length) <= MAX_RESOURCE else None
            status, skip, count = response.status, 0, known
            extra: dict[str, str] = {}
            if headers and status == 200 and known is not None:
                # A server that ignores Range (CPython's http.server does) sends the whole file:
                # libVLC, which asked for a part, is handed that part, as the server should have.
                window = _window(ranged, known)
                if window is None:
                    _answer(request, 416, headers={"Content-Range": f"bytes */{known}"})
                    return
                status, (skip, count) = 206, (window[0], window[1] - window[0])
                extra = {"Content-Range": f"bytes {window[0]}-{window[1] - 1}/{known}"}
            try:
                request.send_response(status)
                for name in _PASSED:
                    if (value := extra.get(name, response.getheader(name))) is not None:
                        request.send_header(name, value)
                if count is not None:
                    request.send_header("Content-Length", str(count))
                else:  # no length given: the end of the connection ends the body
                    request.send_header("Connection", "close")
                    request.close_connection = True
                request.end_headers()
                read = sent = 0
                while chunk := response.read1(65536):
                    read += len(chunk)
                    if read > MAX_RESOURCE:
                        request.close_connection = True
                        return
                    part = chunk[max(0, skip - (read - len(chunk))):]
                    if count is not None:
                        part = part[:count - sent]
                    sent += len(part)
                    request.wfile.write(part)
                    if count is not None and sent >= count and read < (known or 0):
                        return  # the part is sent; the rest of the file is not read (nor the connection kept)
                if count is not None and sent < count:  # the backend hung up early: libVLC must not wait for more
                    request.close_connection = True
                    return
                reusable = _read_to_its_end(response) and self._watchdog.in_time(connection)
            except (OSError, http.client.HTTPException):  # libVLC hung up, or the backend's body broke off
                request.close_connection = True
        finally:
            self._release(connection, playback, reusable)

    # --- the backend ----------------------------------------------------------------------------

    def _fetch_whole(self, url: str, playback: _Playback) -> tuple[int, bytes]:
        """GET a playlist: no redirects, at most one byte more than MAX_PLAYLIST read, all of it
        within FETCH_TIMEOUT_S (each byte of a drip restarts a socket's own timeout, so the
        watchdog shuts the socket at the deadline)."""
        connection, response = self._open(url, playback, FETCH_TIMEOUT_S, {})
        reusable = False
        try:
            body = bytearray()
            while len(body) <= MAX_PLAYLIST:
                chunk = response.read1(min(65536, MAX_PLAYLIST + 1 - len(body)))
                if not chunk:
                    break
                body += chunk
            if not self._watchdog.in_time(connection):  # the end seen was the watchdog's: cut short
                raise TimeoutError("the playlist did not arrive in time")
            reusable = len(body) <= MAX_PLAYLIST and _read_to_its_end(response)
            return response.status, bytes(body)
        finally:
            self._release(connection, playback, reusable)

    def _open(self, url: str, playback: _Playback, timeout_s: float,
              headers: dict[str, str]) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        """A GET of ``url`` on a connection kept from before, or a new one, under the watchdog
        from here until ``_release``."""
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = {"Accept": "*/*", "Accept-Encoding": "identity", "User-Agent": "rtcc-desktop", **headers}
        tls = ssl_context(playback.ca_bundle)
        for attempt in range(2):
            with self._lock:
                kept = self._idle.get((playback.origin, tls)) or []
                connection = kept.pop() if kept and attempt == 0 else None
            if connection is not None and _unread(connection):  # bytes came while it was kept: not the next reply
                connection.close()
                connection = None
            fresh = connection is None
            if connection is None:
                connection = _connection(parts.scheme, parts.hostname or "", parts.port, timeout_s, tls)
            self._watchdog.watch(connection, timeout_s)
            try:
                if fresh:
                    connection.connect()
                connection.request("GET", target, headers=request_headers)
                return connection, connection.getresponse()
            except (OSError, http.client.HTTPException, ssl.SSLError):
                late = not self._watchdog.in_time(connection)
                self._watchdog.forget(connection)
                connection.close()
                if fresh or late:
                    raise
                # A kept connection the backend closed meanwhile: once more on a new one.
        raise AssertionError("unreachable")

    def _release(self, connection: http.client.HTTPConnection, playback: _Playback, reusable: bool) -> None:
        self._watchdog.forget(connection)
        if not reusable or _unread(connection):
            connection.close()
            return
        with self._lock:
            kept = self._idle.setdefault((playback.origin, ssl_context(playback.ca_bundle)), [])
            if len(kept) < 8:
                kept.append(connection)
                return
        connection.close()


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most MAX_CONNECTIONS at once. Past the bound the oldest
    connection that never named a playback of the gate is closed to make room (another local
    program opening connections and leaving them, or dripping a request a byte at a time, holds
    none of libVLC's places); with every one naming a playback, the newcomer is closed."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self._held_lock = threading.Lock()
        self._held: dict[int, tuple[socket.socket, bool]] = {}  # by id: the connection, whether it named a playback

    def process_request(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        assert isinstance(request, socket.socket)  # a stream server's
        with self._held_lock:
            if len(self._held) >= MAX_CONNECTIONS:
                strangers = [held for held, keyed in self._held.values() if not keyed]
                if not strangers:
                    self.shutdown_request(request)
                    return
                oldest = strangers[0]  # insertion order: the longest held
                del self._held[id(oldest)]
                with contextlib.suppress(OSError):  # its thread's read ends, and the thread with it
                    oldest.shutdown(socket.SHUT_RDWR)
            self._held[id(request)] = (request, False)
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._let_go(request)
            raise

    def process_request_thread(self, request: socket.socket | tuple[bytes, socket.socket],
                               client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            assert isinstance(request, socket.socket)
            self._let_go(request)

    def named_a_playback(self, connection: socket.socket) -> None:
        with self._held_lock:
            if id(connection) in self._held:
                self._held[id(connection)] = (connection, True)

    def _let_go(self, connection: socket.socket) -> None:
        with self._held_lock:
            held = self._held.get(id(connection))
            if held is not None and held[0] is connection:
                del self._held[id(connection)]


def _read_to_its_end(response: http.client.HTTPResponse) -> bool:
    """Whether ``response`` was read to its end and its connection may carry the next request.
    ``read1`` returns nothing once a body's length is read but leaves the response open, and a
    connection with an open response refuses the next one (``ResponseNotReady``) after sending
    it: ``read()`` of the nothing left closes it. A body that ended before its length did (the
    backend hung up) is not an end."""
    if response.length == 0 and not response.isclosed():
        response.read()
    return response.isclosed() and not response.will_close and not response.length


def _unread(connection: http.client.HTTPConnection) -> bool:
    """Bytes wait on the connection past the reply's end (a backend, or a proxy before it,
    sending more than its Content-Length, at once or later): they would be read as the reply to
    the next request on it, which may be another playback's. Such a connection is closed, when
    it is put back and when it is taken again."""
    sock = connection.sock
    if sock is None:
        return True
    if isinstance(sock, ssl.SSLSocket) and sock.pending():
        return True
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):  # closed meanwhile
        return True


def _window(ranged: str, total: int) -> tuple[int, int] | None:
    """The bytes [start, end) of a ``total``-byte body that the Range header ``ranged`` asks for,
    or None when it asks for none of them (RFC 9110 14.1.2: a last byte past the end is the end)."""
    match = _RANGE.fullmatch(ranged)
    if match is None or not (match.group(1) or match.group(2)):
        return None
    if not match.group(1):  # the last N bytes
        return (max(0, total - int(match.group(2))), total) if int(match.group(2)) > 0 and total else None
    first = int(match.group(1))
    last = min(int(match.group(2)), total - 1) if match.group(2) else total - 1
    return (first, last + 1) if first <= last else None


def _passed_on(status: int) -> int:
    """What libVLC is told of the backend's answer other than the content: its refusal as it is
    (consent ended, grant expired: libVLC ends), anything else (a redirect) as a 502."""
    return status if 400 <= status < 600 else 502


def _connection(scheme: str, host: str, port: int | None, timeout_s: float,
                tls: ssl.SSLContext) -> http.client.HTTPConnection:
    if scheme.lower() == "https":
        return http.client.HTTPSConnection(host, port, timeout=timeout_s, context=tls)
    return http.client.HTTPConnection(host, port, timeout=timeout_s)


class _Watchdog:
    """One thread for the whole gate: a connection watched past its deadline has its socket shut,
    and whichever read waits on it ends. A socket's own timeout restarts at every byte, so a
    backend dripping one would hold a fetch as long as it liked."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._deadlines: dict[int, tuple[float, http.client.HTTPConnection]] = {}
        self._late: set[int] = set()
        self._wake = threading.Event()
        threading.Thread(target=self._run, name="hls-gate-watchdog", daemon=True).start()

    def watch(self, connection: http.client.HTTPConnection, timeout_s: float) -> None:
        with self._lock:
            self._deadlines[id(connection)] = (time.monotonic() + timeout_s, connection)
            self._late.discard(id(connection))
        self._wake.set()

    def forget(self, connection: http.client.HTTPConnection) -> None:
        with self._lock:
            self._deadlines.pop(id(connection), None)
            self._late.discard(id(connection))

    def in_time(self, connection: http.client.HTTPConnection) -> bool:
        with self._lock:
            return id(connection) not in self._late

    def _run(self) -> None:
        while True:
            with self._lock:
                now = time.monotonic()
                late = [(key, c) for key, (deadline, c) in self._deadlines.items() if deadline <= now]
                for key, _ in late:
                    del self._deadlines[key]
                    self._late.add(key)
                soonest = min((d for d, _ in self._deadlines.values()), default=now + 60) - now
            for _, connection in late:
                if connection.sock is not None:
                    try:  # socket.socket's own: an SSLSocket's would drop its TLS state under the reader
                        socket.socket.shutdown(connection.sock, socket.SHUT_RDWR)
                    except OSError:  # closed meanwhile
                        pass
            self._wake.wait(max(0.05, min(soonest, 60)))
            self._wake.clear()


def _answer(request: BaseHTTPRequestHandler, status: int, body: bytes = b"",
            headers: dict[str, str] | None = None) -> None:
    try:
        request.send_response(status)
        for name, value in (headers or {}).items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.send_header("Cache-Control", "no-cache")
        request.end_headers()
        request.wfile.write(body)
    except OSError:  # libVLC hung up: its playback ended
        request.close_connection = True


_gate: HlsGate | None = None
_gate_lock = threading.Lock()


def hls_gate() -> HlsGate:
    """The process's gate, started on first use."""
    global _gate
    with _gate_lock:
        if _gate is None:
            _gate = HlsGate()
        return _gate
