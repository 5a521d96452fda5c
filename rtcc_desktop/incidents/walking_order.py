"""The order an officer walks a door-knock list in: from the incident, every address once, the
shortest walk found (straight lines between stops: the blocks of a city grid stretch them alike).

Nearest neighbour, then 2-opt until no reversal shortens the walk: within a few per cent of the
best order on the lists a canvass has; brute force checks it in tests. Distances are metres on a
local flat projection (within a kilometre it differs from the great circle by far less than a
doorstep), computed as arrays: a dense downtown circle holds hundreds of addresses, and the list
must be ready as the operator reads the summary.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from rtcc_desktop.api.schemas.limits import haversine_m

Point = tuple[float, float]  # lat, lon
_M_PER_DEG_LAT = 111_320.0
_MAX_PASSES = 50


def walk_length_m(start: Point, stops: Sequence[Point], order: Sequence[int]) -> float:
    path = [start, *(stops[i] for i in order)]
    return sum(haversine_m(*a, *b) for a, b in pairwise(path))


def _distances(start: Point, stops: Sequence[Point]) -> npt.NDArray[np.float64]:
    points = np.array([start, *stops], dtype=np.float64)
    y = (points[:, 0] - start[0]) * _M_PER_DEG_LAT
    x = (points[:, 1] - start[1]) * _M_PER_DEG_LAT * math.cos(math.radians(start[0]))
    return np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])


def walking_order(start: Point, stops: Sequence[Point]) -> list[int]:
    """Indexes of ``stops`` in walking order from ``start`` (an open walk: no return)."""
    n = len(stops)
    if n <= 1:
        return list(range(n))
    dist = _distances(start, stops)  # point 0 is the start; stop i is point i + 1
    path = np.zeros(n + 1, dtype=np.int64)
    left = np.ones(n + 1, dtype=bool)
    left[0] = False
    for k in range(1, n + 1):
        row = np.where(left, dist[path[k - 1]], np.inf)
        path[k] = int(np.argmin(row))
        left[path[k]] = False
    for _ in range(_MAX_PASSES):  # 2-opt: reverse path[i..j] when that shortens the walk
        improved = False
        for i in range(1, n):
            a, b = path[i - 1], path[i]
            c = path[i + 1:]
            d = np.append(path[i + 2:], -1)  # after the last stop: nothing (an open walk)
            has_d = d >= 0
            d_safe = np.where(has_d, d, 0)
            before = dist[a, b] + np.where(has_d, dist[c, d_safe], 0.0)
            after = dist[a, c] + np.where(has_d, dist[b, d_safe], 0.0)
            gain = before - after
            best = int(np.argmax(gain))
            if gain[best] > 1e-9:
                j = i + 1 + best
                path[i:j + 1] = path[i:j + 1][::-1].copy()
                improved = True
        if not improved:
            break
    return [int(p) - 1 for p in path[1:]]
