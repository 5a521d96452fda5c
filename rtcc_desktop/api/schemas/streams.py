"""Live stream grants."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rtcc_desktop.api.schemas.common import AwareDatetime, CaseNumber, InputModel, Model

StreamProfile = Literal["main", "sub"]
StreamProtocol = Literal["http-ts", "hls", "rtsp"]


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
