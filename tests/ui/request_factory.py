"""Build FootageRequest values for model tests and benchmarks."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from rtcc_desktop.api.schemas import FootageRequest, RequestStatus

STATUSES = list(RequestStatus)


def make_requests(n: int, seed: int = 1) -> list[FootageRequest]:
    rng = random.Random(seed)
    now = datetime.now(UTC)
    out = []
    for i in range(1, n + 1):
        created = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 30))
        start = created - timedelta(hours=rng.randrange(1, 48))
        cams = rng.randrange(1, 30)
        out.append(FootageRequest(
            id=i, case_number=f"2026-{rng.randrange(1, 5000):06d}", incident_lat=43.04, incident_lon=-87.91,
            incident_at=start, window_start=start, window_end=start + timedelta(hours=1),
            camera_ids=list(range(1, cams + 1)), reason=rng.choice(["Armed robbery", "Burglary", "Hit and run"]),
            radius_m=300.0, status=rng.choice(STATUSES), created_by=rng.choice(["operator", "op2", "op3"]),
            created_at=created, updated_at=created, due_at=created + timedelta(hours=72),
            owners_pending=cams,
        ))
    return out
