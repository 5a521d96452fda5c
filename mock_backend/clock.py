"""Time in one place: epoch seconds in the database, aware UTC datetimes on the wire."""

from __future__ import annotations

import time
from datetime import UTC, datetime


def now() -> float:
    return time.time()


def to_dt(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


def to_dt_required(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, UTC)


def from_dt(value: datetime) -> float:
    return value.timestamp()
