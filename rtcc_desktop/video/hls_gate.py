"""HLS playlists pass through the app before libVLC reads them.

A grant's playlist URL is checked before anything opens it (``stream_source.stream_url_problem``),
but what the playlist points at is the backend's to say, and libVLC's adaptive demuxer opens
whatever it names: a segment, a key or a rendition at ``file:///``, at a host on the agency's
network, at any port. So libVLC is given a loopback address of the gate instead; the gate fetches
each playlist (the first, the ones a master playlist names, and every refresh of a live one),
checks every address in it against the grant's origin (scheme, host, port: the backend's own),
writes them out absolute, and hands the playlists on through itself. A playlist naming anything
else is refused whole, in words (``on_refused``), and libVLC gets a 502, so nothing of it is
opened. Segments go from libVLC to the backend directly: their addresses were checked.

The gate listens on 127.0.0.1 only; each playback gets its own unguessable key, so another local
user cannot use it to reach the backend. A refusal is lasting: retrying fetches the same playlist.
Standard library only, and no Qt: the player routes the words.
"""

from __future__ import annotations

import http.client
import logging
import re
import secrets
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urljoin, urlsplit

log = logging.getLogger(__name__)

MAX_PLAYLIST = 1 << 20  # bytes; a live playlist is a few hundred
MAX_NESTED = 64  # playlists a master playlist may name (renditions, variants)
# A whole playlist fetch: past the player's first-picture wait (6 s), since a backend may hold the
# first request until its packager has a segment (the mock holds it up to 6 s).
FETCH_TIMEOUT_S = 8.0
_PORTS = {"http": 80, "https": 443}
# Tags whose URI is a playlist (handed on through the gate); every other URI is a resource
# libVLC fetches itself (a key, an init section, a part).
_PLAYLIST_TAGS = ("EXT-X-MEDIA", "EXT-X-I-FRAME-STREAM-INF", "EXT-X-RENDITION-REPORT", "EXT-X-STREAM-INF")
# Tags of attributes (RFC 8216 and its successors); libVLC reads a URI only from some of these.
_ATTRIBUTE_TAGS = frozenset({
    "EXT-X-KEY", "EXT-X-MAP", "EXT-X-MEDIA", "EXT-X-STREAM-INF", "EXT-X-I-FRAME-STREAM-INF", "EXT-X-SESSION-KEY",
    "EXT-X-SESSION-DATA", "EXT-X-START", "EXT-X-DATERANGE", "EXT-X-PART", "EXT-X-PART-INF", "EXT-X-PRELOAD-HINT",
    "EXT-X-RENDITION-REPORT", "EXT-X-SERVER-CONTROL", "EXT-X-SKIP", "EXT-X-DEFINE", "EXT-X-CONTENT-STEERING"})
# One attribute: a name, '=', a quoted string (no quote, no backslash in it) or a plain token, and
# the ',' or the end after it; spaces around are read past (and not written out).
_ATTRIBUTE = re.compile(r'\s*([A-Z0-9-]+)=("[^"\\]*"|[^",\s\\]+)\s*(?:,|\Z)')
_PRINTABLE = re.compile(r"[^\x21-\x7e]")
# Not in an address the gate writes out: libVLC reads a quote or a backslash in a URI attribute
# as quoting (an address has both percent-encoded).
_NOT_WRITTEN = re.compile(r'[^\x21-\x7e]|["\\]')

Origin = tuple[str, str, int]  # scheme, host (lower case), port


class PlaylistRefused(ValueError):
    """A playlist names an address the gate does not let libVLC open; the message says which."""


def origin_of(url: str) -> Origin:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _PORTS.get(scheme, 0)


def _where(url: str) -> str:
    """An address as the operator reads it: its kind and host, never its path (a grant token)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file" or not scheme:
        return "a file on this computer"
    if scheme not in _PORTS:
        return f"an address of another kind ({_PRINTABLE.sub('?', scheme)[:20]}:)"
    try:
        port = parts.port
    except ValueError:
        return "an address with no valid port"
    host = _PRINTABLE.sub("?", parts.hostname or "")[:60]
    return f"{scheme}://{host}:{port or _PORTS[scheme]}" + (" with a user name in it" if parts.username else "")


def _checked(uri: str, base: str, origin: Origin) -> str:
    """``uri`` from a playlist at ``base``, absolute, if it is at the grant's origin."""
    try:
        absolute = urljoin(base, uri.strip())
        parts = urlsplit(absolute)
    except ValueError:  # an unbalanced '[', an IPv4 address in brackets: no address Python can read
        raise PlaylistRefused("Refused the HLS stream: its playlist points at an address that is not valid; only "
                              "the backend's own addresses are played.") from None
    try:
        same = origin_of(absolute) == origin and parts.port != 0
    except ValueError:  # a port that is no number
        same = False
    if not same or parts.username is not None or parts.password is not None or _NOT_WRITTEN.search(absolute):
        raise PlaylistRefused(f"Refused the HLS stream: its playlist points at {_where(absolute)}; only the "
                              "backend's own addresses are played.")
    return absolute


def _attributes(tag: str, text: str) -> list[tuple[str, str]]:
    """A tag's attribute list as the HLS spec writes it (RFC 8216, 4.2): NAME=VALUE, comma
    separated, a value quoted or a plain token. libVLC's own reading differs from release to release
    (a value's quotes toggled at every '"', a backslash inside quotes, digits and spaces in a name
    skipped or ending the list), so anything else refuses the playlist: what the gate writes out
    then reads the same to any of them."""
    found: list[tuple[str, str]] = []
    at = 0
    while at < len(text):
        match = _ATTRIBUTE.match(text, at)
        if match is None:
            raise PlaylistRefused(f"Refused the HLS stream: its playlist has an {tag} tag not written as HLS "
                                  "writes one.")
        found.append((match.group(1), match.group(2)))
        at = match.end()
    return found


def gate_playlist(text: str, base: str, origin: Origin, nested: Callable[[str], str]) -> str:
    """The playlist ``text`` fetched from ``base`` as libVLC is given it: every address checked
    and absolute, the playlists it names as ``nested`` gives them (through the gate)."""
    lines = text.removeprefix("\ufeff").splitlines()  # a BOM: libVLC 3 would not skip the one written out
    if not lines or lines[0].strip() != "#EXTM3U":
        raise PlaylistRefused("Refused the HLS stream: the backend's reply is not an HLS playlist.")
    if "\x00" in text:  # libVLC's line ends at a NUL: "#EXT-X-STREAM-INF\0:..." is a bare EXT-X-STREAM-INF
        raise PlaylistRefused("Refused the HLS stream: its playlist has a NUL character in it.")
    out: list[str] = []
    next_is_playlist = False
    for line in lines:
        stripped = line.strip()
        if not stripped:
            out.append("")
        elif stripped.startswith("#"):
            # libVLC's tag is the name up to the first ':' (none: a tag without attributes). A tag of
            # attributes is written out as the gate read it, each URI checked, absolute and quoted.
            tag, colon, rest = stripped[1:].partition(":")
            if colon and tag in _ATTRIBUTE_TAGS:
                written = []
                for name, value in _attributes(tag, rest):
                    if re.sub("[0-9]", "", name) == "URI":  # some libVLC releases skip a digit in a name
                        absolute = _checked(value.strip('"'), base, origin)
                        if tag == "EXT-X-STREAM-INF":  # some libVLC releases open this one quotes and all
                            value = nested(absolute)
                        else:
                            value = f'"{nested(absolute) if tag in _PLAYLIST_TAGS else absolute}"'
                    written.append(f"{name}={value}")
                stripped = f"#{tag}:" + ",".join(written)
            out.append(stripped)
            if tag == "EXT-X-STREAM-INF":  # with attributes or without, the next address is a variant
                next_is_playlist = True
        else:
            absolute = _checked(stripped, base, origin)
            out.append(nested(absolute) if next_is_playlist else absolute)
            next_is_playlist = False
    return "\n".join(out) + "\n"


@dataclass
class _Playback:
    origin: Origin
    playlists: list[str]  # upstream addresses; the position is the gate's name for each
    on_refused: Callable[[str], None]
    known: dict[str, int] = field(default_factory=dict)
    refused: str = ""


class GatedPlaylist:
    """One playback's way through the gate: ``url`` for libVLC; ``close`` when it ends."""

    def __init__(self, gate: HlsGate, key: str, url: str) -> None:
        self._gate, self.key, self.url = gate, key, url

    def close(self) -> None:
        self._gate.forget(self.key)


class HlsGate:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._playbacks: dict[str, _Playback] = {}
        gate = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server calls it by this name
                gate._serve(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, name="hls-gate", daemon=True).start()

    def open(self, url: str, on_refused: Callable[[str], None]) -> GatedPlaylist:
        """The gate's address for the playlist at ``url`` (a grant's, already checked)."""
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._playbacks[key] = _Playback(origin_of(url), [url], on_refused, {url: 0})
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

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        match = re.fullmatch(r"/([A-Za-z0-9_-]{16,64})/(\d{1,3})\.m3u8", request.path)
        with self._lock:
            playback = self._playbacks.get(match.group(1)) if match else None
            index = int(match.group(2)) if match else -1
            upstream = playback.playlists[index] if playback and index < len(playback.playlists) else None
        if playback is None or upstream is None or playback.refused:
            _answer(request, 404 if not playback or not playback.refused else 502)
            return
        assert match is not None
        key = match.group(1)
        try:
            status, body = _fetch(upstream)
        except (OSError, http.client.HTTPException, ssl.SSLError) as exc:
            log.info("HLS playlist not fetched: %s", exc.__class__.__name__)
            _answer(request, 504)
            return
        if status != 200:  # the backend's refusal (consent ended, grant expired): libVLC ends
            _answer(request, status if 400 <= status < 600 else 502)
            return
        try:
            if len(body) > MAX_PLAYLIST:
                raise PlaylistRefused(f"Refused the HLS stream: its playlist is larger than {MAX_PLAYLIST >> 10} KiB.")
            text = gate_playlist(body.decode("utf-8", "replace"), upstream, playback.origin,
                                 lambda url: self._nested(key, playback, url))
        except PlaylistRefused as exc:
            playback.refused = str(exc)
            log.warning("%s", exc)
            playback.on_refused(str(exc))  # before libVLC hears the 502: the words come first
            _answer(request, 502)
            return
        _answer(request, 200, text.encode())


def _fetch(url: str) -> tuple[int, bytes]:
    """GET a playlist: no redirects (a hop would leave the checked origin), at most one byte more
    than MAX_PLAYLIST read, all of it within FETCH_TIMEOUT_S (a server dripping a byte at a time
    would otherwise hold the fetch as long as it liked: each byte restarts a socket's timeout)."""
    deadline = time.monotonic() + FETCH_TIMEOUT_S
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port
    connection: http.client.HTTPConnection
    if parts.scheme.lower() == "https":
        connection = http.client.HTTPSConnection(host, port, timeout=FETCH_TIMEOUT_S,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(host, port, timeout=FETCH_TIMEOUT_S)
    # The status line, the headers and a TLS handshake are read inside http.client, each byte
    # restarting the socket's timeout as well: at the deadline the socket is shut, and whichever
    # read waits on it ends.
    late = threading.Event()
    watchdog = threading.Timer(FETCH_TIMEOUT_S, _hang_up, (connection, late))
    watchdog.daemon = True
    watchdog.start()
    try:
        connection.connect()
        if late.is_set():  # the deadline passed before there was a socket to shut
            raise TimeoutError("the playlist did not arrive in time")
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        connection.request("GET", target, headers={"Accept": "application/vnd.apple.mpegurl, */*",
                                                   "Accept-Encoding": "identity", "User-Agent": "rtcc-desktop"})
        response = connection.getresponse()
        body = bytearray()
        while len(body) <= MAX_PLAYLIST:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the playlist did not arrive in time")
            if connection.sock is not None:
                connection.sock.settimeout(left)
            chunk = response.read1(min(65536, MAX_PLAYLIST + 1 - len(body)))
            if not chunk:
                break
            body += chunk
        if late.is_set():  # the end seen was the watchdog's, not the server's: a playlist cut short
            raise TimeoutError("the playlist did not arrive in time")
        return response.status, bytes(body)
    finally:
        watchdog.cancel()
        connection.close()


def _hang_up(connection: http.client.HTTPConnection, late: threading.Event) -> None:
    late.set()
    if connection.sock is not None:
        try:  # socket.socket's own: an SSLSocket's would drop its TLS state under the reading thread
            socket.socket.shutdown(connection.sock, socket.SHUT_RDWR)
        except OSError:  # closed meanwhile
            pass


def _answer(request: BaseHTTPRequestHandler, status: int, body: bytes = b"") -> None:
    try:
        request.send_response(status)
        if body:
            request.send_header("Content-Type", "application/vnd.apple.mpegurl")
        request.send_header("Content-Length", str(len(body)))
        request.send_header("Cache-Control", "no-cache")
        request.end_headers()
        request.wfile.write(body)
    except OSError:  # libVLC hung up: its playback ended
        pass


_gate: HlsGate | None = None
_gate_lock = threading.Lock()


def hls_gate() -> HlsGate:
    """The process's gate, started on first use."""
    global _gate
    with _gate_lock:
        if _gate is None:
            _gate = HlsGate()
        return _gate
