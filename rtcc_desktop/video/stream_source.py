"""Where one live view comes from: the backend's grant, as the players use it.

The one place a ``StreamGrant`` (the API's answer) becomes a ``StreamSource`` (what a
player plays), so the camera's clear-text Basic setting and the expiry are read one way.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from dataclasses import dataclass

from rtcc_desktop.api.schemas import StreamGrant


@dataclass(frozen=True)
class StreamSource:
    """Where one live view comes from, as granted by the backend."""

    camera_id: int
    url: str
    profile: str
    case_number: str
    expires_at: float | None = None  # Unix seconds
    protocol: str = "http-ts"
    allow_basic_without_tls: bool = False  # the camera's setting: RTSP Basic over plain rtsp://
    ca_bundle: str | None = None  # the backend profile's CA: trusted at https:// instead of the system's store

    def expires_within(self, seconds: float) -> bool:
        return self.expires_at is not None and self.expires_at - time.time() < seconds


def source_from(grant: StreamGrant, cleartext_basic_cameras: Collection[int] = (),
                ca_bundle: str | None = None) -> StreamSource:
    return StreamSource(grant.camera_id, grant.url, grant.profile, grant.case_number,
                        grant.expires_at.timestamp(), grant.protocol,
                        allow_basic_without_tls=grant.camera_id in cleartext_basic_cameras, ca_bundle=ca_bundle)
