"""Request limits: beyond them a footage request needs a supervisor.

Part of the contract so client and server explain an over-limit request with
the same words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


@dataclass(frozen=True)
class RequestLimits:
    min_window: timedelta = timedelta(minutes=15)
    max_window: timedelta = timedelta(hours=12)
    max_radius_m: float = 800.0
    max_cameras: int = 25


LIMITS = RequestLimits()


def limit_violations(
    window: timedelta, radius_m: float, n_cameras: int, limits: RequestLimits = LIMITS, case_cameras: int = 0
) -> list[str]:
    """Readable reasons why a request exceeds the normal limits (empty: within)."""
    reasons: list[str] = []
    minutes = window.total_seconds() / 60
    if window < limits.min_window:
        reasons.append(
            f"time window of {minutes:.0f} min is shorter than the "
            f"{limits.min_window.total_seconds() / 60:.0f} min minimum"
        )
    if window > limits.max_window:
        reasons.append(
            f"time window of {minutes / 60:.1f} h is longer than the "
            f"{limits.max_window.total_seconds() / 3600:.0f} h maximum"
        )
    if radius_m > limits.max_radius_m:
        reasons.append(
            f"cameras up to {radius_m:.0f} m from the incident exceed the "
            f"{limits.max_radius_m:.0f} m search radius"
        )
    if n_cameras > limits.max_cameras:
        reasons.append(f"{n_cameras} cameras exceed the limit of {limits.max_cameras} per request")
    elif case_cameras > limits.max_cameras:
        reasons.append(f"with this case's earlier requests, {case_cameras} cameras exceed the limit of "
                       f"{limits.max_cameras} per request (a request split in parts is still one request)")
    return reasons


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres.

    Part of the contract because the radius limit is only meaningful if client
    and server measure it the same way."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
