"""The audit trail."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from rtcc_desktop.api.schemas.common import AwareDatetime, Model

AuditOutcome = Literal["success", "failure"]


class AuditEvent(Model):
    id: int
    at: AwareDatetime
    actor: str
    role: str | None = None
    action: str = Field(description="e.g. auth.login, stream.grant, request.create")
    outcome: AuditOutcome
    case_number: str | None = None
    target: str | None = Field(default=None, description="e.g. camera:12, request:3")
    detail: dict[str, Any] = Field(default_factory=dict)


class AuditPage(Model):
    items: list[AuditEvent]
    next_cursor: str | None
    total: int
