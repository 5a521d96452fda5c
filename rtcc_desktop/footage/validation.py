"""Live validation of a footage request as the operator types, with the contract's words."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rtcc_desktop.api.schemas import haversine_m, limit_violations
from rtcc_desktop.api.schemas.common import is_case_number


@dataclass
class Check:
    errors: list[str] = field(default_factory=list)  # must be fixed before sending
    over_limit: list[str] = field(default_factory=list)  # allowed with a justification (escalation)

    @property
    def needs_justification(self) -> bool:
        return bool(self.over_limit)


def check_request(
    case_number: str,
    window_start: datetime,
    window_end: datetime,
    reason: str,
    incident: tuple[float, float] | None,
    cameras: list[Any],
    justification: str = "",
) -> Check:
    """``cameras`` are objects with ``lat``/``lon`` (Camera)."""
    check = Check()
    if not is_case_number(case_number.strip()):
        check.errors.append("Case number: capital letters, digits and dashes, 4–32 characters (e.g. 2026-001234).")
    if window_end <= window_start:
        check.errors.append("The window must end after it starts.")
    if len(reason.strip()) < 10:
        check.errors.append("Reason: describe the crime being investigated (at least 10 characters).")
    if not cameras:
        check.errors.append("Choose at least one camera.")
    if incident is None:
        check.errors.append("Set the incident location.")
    if check.errors:
        return check
    assert incident is not None
    radius = max(haversine_m(incident[0], incident[1], c.lat, c.lon) for c in cameras)
    check.over_limit = limit_violations(window_end - window_start, radius, len(cameras))
    if check.over_limit and not justification.strip():
        check.errors.append("Beyond the normal limits: write a justification; a supervisor will decide.")
    return check
