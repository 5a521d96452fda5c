"""The cameras around an incident: every camera in its circle nearest first, and which of them
can go to the wall now. Pure and thread-safe (it only reads the index and the directory), so the
map runs it off the UI thread: a dense 800 m circle holds thousands of cameras."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from rtcc_desktop.api.schemas import Camera
from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.geo.grid_index import GridIndex, Hit
from rtcc_desktop.map.camera_marks import why_not_live


@dataclass(frozen=True)
class Nearby:
    lat: float
    lon: float
    radius_m: int
    hits: list[tuple[Hit, Camera]] = field(default_factory=list)  # nearest first
    live: tuple[int, ...] = ()  # the ids of the hits that can go to the wall now, nearest first
    ids: frozenset[int] = frozenset()  # every hit's camera id

    def other_ids(self) -> list[int]:
        """The cameras that are not live-capable now: footage by request."""
        live = set(self.live)
        return [cam.id for _hit, cam in self.hits if cam.id not in live]


def find_nearby(index: GridIndex, directory: CameraDirectory, lat: float, lon: float, radius_m: int,
                now: datetime) -> Nearby:
    hits = [(hit, cam) for hit in index.within(lat, lon, radius_m)
            if (cam := directory.get(hit.camera_id)) is not None]
    live = tuple(cam.id for _hit, cam in hits if why_not_live(cam, now) is None)
    return Nearby(lat, lon, radius_m, hits, live, frozenset(cam.id for _hit, cam in hits))
