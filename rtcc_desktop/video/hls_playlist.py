"""An HLS playlist as the gate hands it to libVLC (``hls_gate``): every address in it checked
against the grant's origin and written as one of the gate's, or the playlist refused in words.

libVLC's reading of a playlist differs from the spec's and from release to release (unquoted
attributes, digits and spaces in names, a bare ``#EXT-X-STREAM-INF``, a line ending at a NUL), so
the gate reads it the spec's way, refuses what does not parse so, and writes it out canonically:
what libVLC then reads is what was checked. The backend's own address is the app's one rule
(``config.origin_of``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from rtcc_desktop.config import DEFAULT_PORTS, Origin, origin_of

# Tags whose URI is a playlist (checked again when fetched); every other URI is a resource whose
# bytes the gate hands on (a key, an init section, a part).
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

class PlaylistRefused(ValueError):
    """A playlist names an address the gate does not let libVLC open; the message says which."""


def _where(url: str) -> str:
    """An address as the operator reads it: its kind and host, never its path (a grant token)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file" or not scheme:
        return "a file on this computer"
    if scheme not in DEFAULT_PORTS:
        return f"an address of another kind ({_PRINTABLE.sub('?', scheme)[:20]}:)"
    try:
        port = parts.port
    except ValueError:
        return "an address with no valid port"
    host = _PRINTABLE.sub("?", parts.hostname or "")[:60]
    return f"{scheme}://{host}:{port or DEFAULT_PORTS[scheme]}" + (" with a user name in it" if parts.username else "")


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


def gate_playlist(text: str, base: str, origin: Origin, nested: Callable[[str], str],
                  resource: Callable[[str], str] = str) -> str:
    """The playlist ``text`` fetched from ``base`` as libVLC is given it: every address checked
    and absolute, the playlists it names as ``nested`` gives them and everything else as
    ``resource`` does (both: through the gate)."""
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
                            value = f'"{nested(absolute) if tag in _PLAYLIST_TAGS else resource(absolute)}"'
                    written.append(f"{name}={value}")
                stripped = f"#{tag}:" + ",".join(written)
            out.append(stripped)
            if tag == "EXT-X-STREAM-INF":  # with attributes or without, the next address is a variant
                next_is_playlist = True
        else:
            absolute = _checked(stripped, base, origin)
            out.append(nested(absolute) if next_is_playlist else resource(absolute))
            next_is_playlist = False
    return "\n".join(out) + "\n"
