"""Cameras within a radius, fast: a fixed lat/lon grid over numpy arrays.

The points are sorted by (row, column) cell, so the cells of one grid row that a
query touches are one contiguous slice. A query gathers a few slices and runs the
contract's haversine over just those candidates, vectorised; 100,000 cameras answer
an 800 m query in ~2 ms on a 2-core machine (bench/map_bench.py).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from rtcc_desktop.api.schemas.limits import EARTH_RADIUS_M

# ~1.1 km north-south; a few cells cover the largest request radius (800 m).
CELL_DEG = 0.01
_M_PER_DEG_LAT = math.pi * EARTH_RADIUS_M / 180


@dataclass(frozen=True)
class Hit:
    camera_id: int
    distance_m: float


def haversine_many(lat: float, lon: float, lats: npt.NDArray[np.float64],
                   lons: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The contract's ``haversine_m`` from one point to many, in metres."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons - lon)
    a = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))  # type: ignore[no-any-return]


class GridIndex:
    def __init__(self, points: Iterable[tuple[int, float, float]] = ()) -> None:
        """``points``: (camera id, lat, lon)."""
        rows = list(points)
        ids = np.fromiter((p[0] for p in rows), dtype=np.int64, count=len(rows))
        lats = np.fromiter((p[1] for p in rows), dtype=np.float64, count=len(rows))
        lons = np.fromiter((p[2] for p in rows), dtype=np.float64, count=len(rows))
        self._build(ids, lats, lons)

    @classmethod
    def from_arrays(cls, ids: npt.NDArray[np.integer[Any]], lats: npt.NDArray[np.float64],
                    lons: npt.NDArray[np.float64]) -> GridIndex:
        index = cls()
        index._build(ids.astype(np.int64), lats.astype(np.float64), lons.astype(np.float64))
        return index

    def _build(self, ids: npt.NDArray[np.int64], lats: npt.NDArray[np.float64],
               lons: npt.NDArray[np.float64]) -> None:
        r = np.floor(lats / CELL_DEG).astype(np.int64)
        c = np.floor(lons / CELL_DEG).astype(np.int64)
        self._c0 = int(c.min()) if len(c) else 0
        self._width = int(c.max()) - self._c0 + 1 if len(c) else 1
        key = r * self._width + (c - self._c0)
        order = np.argsort(key, kind="stable")
        self._key = key[order]
        self.ids, self.lats, self.lons = ids[order], lats[order], lons[order]

    def __len__(self) -> int:
        return len(self.ids)

    def within(self, lat: float, lon: float, radius_m: float) -> list[Hit]:
        """Cameras no farther than ``radius_m`` from (lat, lon), nearest first."""
        if not len(self.ids) or radius_m < 0:
            return []
        dlat = radius_m / _M_PER_DEG_LAT
        # Longitude degrees shrink with latitude; use the widest row the circle touches.
        widest = min(89.0, abs(lat) + dlat)
        dlon = radius_m / (_M_PER_DEG_LAT * math.cos(math.radians(widest)))
        r_lo, r_hi = math.floor((lat - dlat) / CELL_DEG), math.floor((lat + dlat) / CELL_DEG)
        c_lo = max(math.floor((lon - dlon) / CELL_DEG) - self._c0, 0)
        c_hi = min(math.floor((lon + dlon) / CELL_DEG) - self._c0, self._width - 1)
        if c_lo > c_hi:
            return []
        slices = []
        for row in range(r_lo, r_hi + 1):
            lo = np.searchsorted(self._key, row * self._width + c_lo, side="left")
            hi = np.searchsorted(self._key, row * self._width + c_hi, side="right")
            if hi > lo:
                slices.append(np.arange(lo, hi))
        if not slices:
            return []
        idx = np.concatenate(slices)
        dist = haversine_many(lat, lon, self.lats[idx], self.lons[idx])
        inside = dist <= radius_m
        idx, dist = idx[inside], dist[inside]
        order = np.lexsort((self.ids[idx], dist))  # nearest first; ties by id, so the order is stable
        return [Hit(int(self.ids[idx[i]]), float(dist[i])) for i in order]
