"""Live stream grants."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from rtcc_desktop.api.schemas.common import AwareDatetime, CaseNumber, InputModel, Model

StreamProfile = Literal["main", "sub"]
StreamProtocol = Literal["http-ts", "hls", "rtsp"]

# The address schemes each protocol may use. libVLC opens whatever it is given (file://,
# v4l2://, screen://: a local file, the webcam, the desktop), so a grant is held to these.
STREAM_SCHEMES: dict[str, tuple[str, ...]] = {
    "http-ts": ("http", "https"),
    "hls": ("http", "https"),
    "rtsp": ("rtsp", "rtsps"),
}


def stream_url_problem(protocol: str, url: str) -> str | None:
    """Why a stream address may not be played (in words), or None when it may."""
    allowed = STREAM_SCHEMES.get(protocol)
    if allowed is None:
        return f"The stream protocol {protocol!r} is not one this app plays."
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return f"The {protocol} stream address cannot be read; it was not opened."
    schemes = " or ".join(f"{scheme}://" for scheme in allowed)
    if parts.scheme.lower() not in allowed:
        given = f"a {parts.scheme.lower()}:// address" if parts.scheme else "an address without a scheme"
        return f"Refused the {protocol} stream: its address is {given}; only {schemes} camera addresses are played."
    if not host:
        return f"Refused the {protocol} stream: its address names no host; only {schemes} camera addresses are played."
    return None


class StreamGrantRequest(InputModel):
    case_number: CaseNumber
    purpose: str = Field(min_length=3, max_length=500, description="Why live video is needed")
    profile: StreamProfile = "sub"


class StreamGrant(Model):
    grant_id: str
    camera_id: int
    profile: StreamProfile
    url: str
    protocol: StreamProtocol
    expires_at: AwareDatetime
    case_number: str

    @model_validator(mode="after")
    def _playable_url(self) -> StreamGrant:
        problem = stream_url_problem(self.protocol, self.url)
        if problem is not None:
            # A custom error: its message is the problem itself (a ValueError's gets "Value error, ").
            raise PydanticCustomError("stream_url", "{problem}", {"problem": problem})
        return self
