"""A camera's session description (RFC 4566): its media sections and their control URLs.
Standard library only (this runs in the relay child); the text is the camera's, so numbers in it
are read with limits."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

# What an operator calls the formats cameras offer besides H.264/H.265 (their rtpmap names).
FORMAT_NAMES = {"JPEG": "MJPEG", "MP4V-ES": "MPEG-4", "H263-1998": "H.263", "H263-2000": "H.263", "H263": "H.263",
                "H264": "H.264", "H265": "H.265", "HEVC": "H.265"}
MAX_FORMATS = 16  # payload types of one media section a camera may list; they list one or two


class Media(NamedTuple):
    kind: str  # "video", "audio", ...
    encoding: str  # upper case: "H264", "H265", "OPUS", ...
    payload_type: int
    clock_rate: int
    fmtp: str
    control: str


def parse_sdp(text: str) -> list[Media]:
    """Every format of every media section, in order: a section listing several payload types
    ("m=video 0 RTP/AVP 26 96") gives one Media for each, with the section's control URL."""
    sections: list[dict[str, str]] = []
    formats: list[list[str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("m="):
            fields = line[2:].split()
            sections.append({"kind": fields[0] if fields else ""})
            formats.append(fields[3:3 + MAX_FORMATS])
        elif sections and line.startswith("a="):
            name, _, value = line[2:].partition(":")
            section = sections[-1]
            listed, _, rest = value.partition(" ")
            if name in ("rtpmap", "fmtp") and listed in formats[-1]:
                section.setdefault(f"{name} {listed}", rest)
            elif name == "control":
                section["control"] = value
    media = []
    for section, payload_types in zip(sections, formats, strict=True):
        for text_type in payload_types:
            encoding, _, rate = section.get(f"rtpmap {text_type}", "").partition("/")
            number = _number(text_type, -1)
            if not encoding and number == 26:
                encoding = "JPEG"  # a static payload type, named by number alone
            media.append(Media(section["kind"], encoding.upper(), number,
                               _number(rate.split("/")[0], 90_000),
                               section.get(f"fmtp {text_type}", ""), section.get("control", "")))
    return media


def session_control(text: str) -> str:
    """The session-level ``a=control`` (before any m= line): the aggregate control URL, which
    PLAY goes to; "" when there is none."""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("m="):
            break
        if line.startswith("a=control:"):
            return line[len("a=control:"):].strip()
    return ""


def format_name(encoding: str) -> str:
    return FORMAT_NAMES.get(encoding, encoding or "unnamed")


def _number(text: str, default: int) -> int:
    """A number in a camera's text, or ``default`` where there is none: ASCII digits only
    ("²" passes isdigit() and int() refuses it) and a few of them (int() refuses thousands).
    A camera's session description must not end the relay with a bare ValueError."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else default


def content_base(request_url: str, content_base_header: str, content_location: str) -> str:
    """The base of the description's control URLs (RFC 2326 C.1.1): Content-Base, else
    Content-Location, else the request URL; a relative one is resolved against the request URL.
    One that is not RTSP (a camera's mistake, or an http:// of its web page) is ignored."""
    for candidate in (content_base_header.strip(), content_location.strip()):
        if candidate:
            resolved = urljoin(request_url, candidate)
            if urlsplit(resolved).scheme.lower() in ("rtsp", "rtsps"):
                return resolved
    return request_url


def control_url(base: str, control: str) -> str:
    """A media section's (or the session's) control URL. "*" or none: the base itself; an
    absolute URL as it is; an absolute path ("/live/track1") on the base's host; a relative one
    is appended to the base, as ffmpeg and GStreamer do (cameras rely on it), rather than
    resolved the way a browser would."""
    control = control.strip()
    if not control or control == "*":
        return base
    if re.match(r"(?i)rtsps?://", control):
        return control
    if control.startswith("/"):
        return urljoin(base, control)
    return base + ("" if base.endswith("/") else "/") + control
