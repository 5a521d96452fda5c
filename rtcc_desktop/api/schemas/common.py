"""Pieces every resource shares: the error shape and common field types."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

API_PREFIX = "/api/v1"

# Case numbers look like "2026-001234" or "MPD-26-0042": letters, digits and dashes.
CASE_NUMBER_PATTERN = r"^[A-Z0-9][A-Z0-9-]{3,31}$"
_CASE_NUMBER = re.compile(CASE_NUMBER_PATTERN)


def is_case_number(text: str) -> bool:
    """What the contract takes as a case number (requests, live views, escalations)."""
    return _CASE_NUMBER.match(text) is not None


# No real timestamp is within a day of either end of the calendar, and arithmetic on one there (a
# footage window around it, its local time) overflows: a backend's "0001-01-01" or "9999-12-31"
# is refused where it is read, not as an OverflowError wherever it is shown.
_EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
_LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


def _require_tz(value: datetime) -> datetime:
    # A naive timestamp is ambiguous across a shift change and a DST switch; the
    # contract speaks UTC-aware times only.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("timestamp must include a timezone (e.g. 2026-11-24T03:00:00Z)")
    if not _EARLIEST <= value <= _LATEST:
        raise ValueError("timestamp is not within years 0001-9999 by a day or more")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_require_tz)]
CaseNumber = Annotated[str, Field(pattern=CASE_NUMBER_PATTERN, description="Case or incident number")]
# Ids are positive 31-bit integers, so no input can overflow a server's integer columns.
EntityId = Annotated[int, Field(ge=1, le=2**31 - 1)]
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]


class Model(BaseModel):
    """Base for contract models: unknown fields are ignored on read (forward
    compatible with newer servers), and models are immutable values."""

    model_config = ConfigDict(frozen=True, extra="ignore")


class InputModel(BaseModel):
    """Base for request bodies: unknown fields are rejected so typos surface."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class ErrorBody(Model):
    code: str = Field(description="Stable machine-readable error code")
    message: str = Field(description="Human-readable explanation an operator can act on")


class ErrorResponse(Model):
    error: ErrorBody
