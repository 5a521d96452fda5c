"""A camera's session description (RFC 4566): its media sections and their control URLs.
Standard library only (this runs in the relay child); the text is the camera's, so numbers in it
are read with limits."""

from __future__ import annotations

import re
from typing import NamedTuple


class Media(NamedTuple):
    kind: str  # "video", "audio", ...
    encoding: str  # upper case: "H264", "H265", "OPUS", ...
    payload_type: int
    clock_rate: int
    fmtp: str
    control: str


def parse_sdp(text: str) -> list[Media]:
    """Every media section of a session description, in order."""
    sections: list[dict[str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("m="):
            fields = line[2:].split()
            sections.append({"kind": fields[0] if fields else "", "pt": fields[3] if len(fields) > 3 else ""})
        elif sections and line.startswith("a="):
            name, _, value = line[2:].partition(":")
            section = sections[-1]
            if name == "rtpmap" and value.split(" ", 1)[0] == section["pt"]:
                section["rtpmap"] = value.split(" ", 1)[1] if " " in value else ""
            elif name == "fmtp" and value.split(" ", 1)[0] == section["pt"]:
                section["fmtp"] = value.split(" ", 1)[1] if " " in value else ""
            elif name == "control":
                section["control"] = value
    media = []
    for section in sections:
        encoding, _, rate = section.get("rtpmap", "").partition("/")
        payload_type = _number(section["pt"], -1)
        if not encoding and payload_type == 26:
            encoding = "JPEG"  # a static payload type, named by number alone
        media.append(Media(section["kind"], encoding.upper(), payload_type,
                           _number(rate.split("/")[0], 90_000),
                           section.get("fmtp", ""), section.get("control", "")))
    return media


def _number(text: str, default: int) -> int:
    """A number in a camera's text, or ``default`` where there is none: ASCII digits only
    ("²" passes isdigit() and int() refuses it) and a few of them (int() refuses thousands).
    A camera's session description must not end the relay with a bare ValueError."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else default


def control_url(base: str, control: str) -> str:
    """A media section's control URL. Relative ones are appended to the base, as ffmpeg and
    GStreamer do (cameras rely on it), rather than resolved the way a browser would."""
    if not control or control == "*":
        return base
    if re.match(r"(?i)rtsps?://", control):
        return control
    return base + ("" if base.endswith("/") else "/") + control
