"""Footage requests to camera owners.

Lifecycle (the server drives it; the client shows it)::

    needs_supervisor --approve--> pending_owner --owners answer--> approved --> fulfilled
          |                           |                       \\-> declined (nobody shared)
          +--deny--> denied           +--deadline--> expired
    pending_owner / needs_supervisor --cancel--> cancelled
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from rtcc_desktop.api.schemas.common import (
    AwareDatetime,
    CaseNumber,
    EntityId,
    InputModel,
    Latitude,
    Longitude,
    Model,
)


class RequestStatus(StrEnum):
    needs_supervisor = "needs_supervisor"
    denied = "denied"
    pending_owner = "pending_owner"
    approved = "approved"
    declined = "declined"
    expired = "expired"
    fulfilled = "fulfilled"
    cancelled = "cancelled"


TERMINAL_STATUSES = frozenset(
    {
        RequestStatus.denied,
        RequestStatus.declined,
        RequestStatus.expired,
        RequestStatus.fulfilled,
        RequestStatus.cancelled,
    }
)

# Which transitions the contract allows; the server refuses others with 409.
TRANSITIONS: dict[RequestStatus, frozenset[RequestStatus]] = {
    RequestStatus.needs_supervisor: frozenset(
        {RequestStatus.pending_owner, RequestStatus.denied, RequestStatus.cancelled}
    ),
    RequestStatus.pending_owner: frozenset(
        {
            RequestStatus.approved,
            RequestStatus.declined,
            RequestStatus.expired,
            RequestStatus.cancelled,
        }
    ),
    RequestStatus.approved: frozenset({RequestStatus.fulfilled}),
}


def can_transition(current: RequestStatus, new: RequestStatus) -> bool:
    return new in TRANSITIONS.get(current, frozenset())


class FootageRequestCreate(InputModel):
    case_number: CaseNumber
    incident_lat: Latitude
    incident_lon: Longitude
    incident_at: AwareDatetime
    window_start: AwareDatetime
    window_end: AwareDatetime
    camera_ids: list[EntityId] = Field(min_length=1, max_length=200)
    reason: str = Field(min_length=10, max_length=2000)
    justification: str | None = Field(
        default=None,
        max_length=2000,
        description="Required when the request exceeds the normal limits",
    )
    client_ref: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9_-]{8,64}$",
        description="Idempotency key: sending the same client_ref again returns the request already created",
    )


class FootageRequestPatch(InputModel):
    status: Literal["cancelled"]


class FootageItem(Model):
    id: str
    camera_id: int
    url: str = Field(description="Download URL (authenticated, audited)")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size_bytes: int = Field(ge=0)
    content_type: str = "video/mp4"


class TimelineEntry(Model):
    at: AwareDatetime
    status: RequestStatus
    note: str = ""


class FootageRequest(Model):
    id: int
    case_number: str
    incident_lat: float
    incident_lon: float
    incident_at: AwareDatetime
    window_start: AwareDatetime
    window_end: AwareDatetime
    camera_ids: list[int]
    reason: str
    justification: str | None = None
    radius_m: float = Field(description="Distance from the incident to the farthest camera")
    limit_reasons: list[str] = Field(default_factory=list)
    status: RequestStatus
    created_by: str
    created_at: AwareDatetime
    updated_at: AwareDatetime
    due_at: AwareDatetime | None = Field(default=None, description="Owners' answer deadline")
    escalation_id: int | None = None
    # Counts only: owners who decline are never named to the requester.
    owners_pending: int = 0
    owners_approved: int = 0
    owners_declined: int = 0
    footage: list[FootageItem] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)


class FootageRequestList(Model):
    items: list[FootageRequest]
    next_cursor: str | None
    total: int
