"""The camera registry."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from rtcc_desktop.api.schemas.common import AwareDatetime, Latitude, Longitude, Model


class OwnerKind(StrEnum):
    residence = "residence"
    business = "business"
    public = "public"


class Enrollment(StrEnum):
    registered = "registered"  # police know where it is; footage must be requested
    integrated = "integrated"  # connected; may share live video on the owner's terms


class Sharing(StrEnum):
    registry_only = "registry_only"
    on_request = "on_request"
    alarm_only = "alarm_only"
    live = "live"


class CameraStatus(StrEnum):
    online = "online"
    offline = "offline"


class Camera(Model):
    id: int = Field(ge=1)
    label: str = Field(description="Owner-supplied text: untrusted, escape before display")
    owner_kind: OwnerKind
    address: str = Field(description="Owner-supplied text: untrusted, escape before display")
    lat: Latitude
    lon: Longitude
    heading: float | None = Field(default=None, ge=0, lt=360, description="Degrees from north")
    fov: float | None = Field(default=None, gt=0, le=360, description="Field of view, degrees")
    enrollment: Enrollment
    sharing: Sharing
    live_until: AwareDatetime | None = Field(
        default=None, description="End of a time-limited live consent; null = no limit"
    )
    status: CameraStatus
    updated_at: AwareDatetime

    def has_live_consent(self, now: datetime) -> bool:
        """True when the owner shares live video right now (the rule the server
        enforces; the client uses it to enable or explain 'Show on wall')."""
        if self.enrollment is not Enrollment.integrated or self.sharing is not Sharing.live:
            return False
        return self.live_until is None or self.live_until > now


class CameraPage(Model):
    items: list[Camera]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page; null at the end")
    total: int = Field(description="Cameras matching the filter")
