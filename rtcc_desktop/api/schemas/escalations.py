"""Escalations that a supervisor decides."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from rtcc_desktop.api.schemas.common import AwareDatetime, CaseNumber, EntityId, InputModel, Model


class EscalationKind(StrEnum):
    over_limit_request = "over_limit_request"
    exigent_live = "exigent_live"


class EscalationStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    denied = "denied"


class ExigentRequest(InputModel):
    """Emergency live view of a camera that is not live-shared."""

    camera_id: EntityId
    case_number: CaseNumber
    justification: str = Field(min_length=10, max_length=2000)


class Decision(InputModel):
    approve: bool
    reason: str = Field(min_length=5, max_length=2000, description="Mandatory, goes to the audit log")


class Escalation(Model):
    id: int
    kind: EscalationKind
    status: EscalationStatus
    case_number: str
    justification: str
    reasons: list[str] = Field(default_factory=list, description="Why it needs a supervisor")
    request_id: int | None = None
    camera_id: int | None = None
    requested_by: str
    created_at: AwareDatetime
    decided_by: str | None = None
    decision_reason: str | None = None
    decided_at: AwareDatetime | None = None
    live_until: AwareDatetime | None = Field(
        default=None, description="Exigent live access granted until (owner consented)"
    )
    owner_response: str | None = Field(
        default=None, description="Exigent only: 'consented' or 'declined' once the owner answered"
    )


class EscalationList(Model):
    items: list[Escalation]
