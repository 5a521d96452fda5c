"""The order an officer walks a door-knock list in: from the incident, every address once, the
shortest walk found (straight lines between stops: the blocks of a city grid stretch them alike).

Nearest neighbour, then 2-opt until no swap shortens the walk: within a few per cent of the best
order on the lists a canvass has (a few to a few dozen stops); brute force checks it in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from rtcc_desktop.api.schemas.limits import haversine_m

Point = tuple[float, float]  # lat, lon
_MAX_PASSES = 50


def walk_length_m(start: Point, stops: Sequence[Point], order: Sequence[int]) -> float:
    path = [start, *(stops[i] for i in order)]
    return sum(haversine_m(*a, *b) for a, b in pairwise(path))


def walking_order(start: Point, stops: Sequence[Point]) -> list[int]:
    """Indexes of ``stops`` in walking order from ``start`` (an open walk: no return)."""
    if len(stops) <= 1:
        return list(range(len(stops)))
    points = [start, *stops]  # 0 is the start; stop i is point i + 1
    dist = [[haversine_m(*a, *b) for b in points] for a in points]
    left = set(range(1, len(points)))
    path = [0]
    while left:
        here = path[-1]
        nearest = min(left, key=lambda p: (dist[here][p], p))
        path.append(nearest)
        left.remove(nearest)
    for _ in range(_MAX_PASSES):  # 2-opt: reverse a stretch when that shortens the walk
        improved = False
        for i in range(1, len(path) - 1):
            for j in range(i + 1, len(path)):
                a, b = path[i - 1], path[i]
                c = path[j]
                d = path[j + 1] if j + 1 < len(path) else None
                before = dist[a][b] + (dist[c][d] if d is not None else 0.0)
                after = dist[a][c] + (dist[b][d] if d is not None else 0.0)
                if after + 1e-9 < before:
                    path[i:j + 1] = reversed(path[i:j + 1])
                    improved = True
        if not improved:
            break
    return [p - 1 for p in path[1:]]
