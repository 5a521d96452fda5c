"""How a camera looks on the map, as compact numbers the page draws from.

The page never receives HTML for a camera: per camera it gets an id, a position,
a category code and an owner-kind bit; labels travel as JSON strings and the page
only ever puts them into ``textContent``. Positions and states go first as typed
arrays, labels after the first frame (bench/map_bench.py has the figures).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from rtcc_desktop.api.schemas import Camera, CameraStatus, OwnerKind, Sharing


class Category(IntEnum):
    """Drawn colour; the order is also the legend's."""

    live = 0  # owner shares live video now
    alarm = 1  # live only while an alarm is active
    on_request = 2  # footage on request (includes a live consent that has lapsed)
    registry = 3  # registered: police know where it is, nothing more


CATEGORY_TEXT = {
    Category.live: "Live-shared now",
    Category.alarm: "Alarm-only",
    Category.on_request: "Footage on request",
    Category.registry: "Registry only",
}
OFFLINE_BIT = 8  # added to the category code
KIND_BITS = {OwnerKind.residence: 1, OwnerKind.business: 2, OwnerKind.public: 4}
ALL_CATEGORIES = (1 << len(Category)) - 1
ALL_KINDS = sum(KIND_BITS.values())


def category(camera: Camera, now: datetime | None = None) -> Category:
    if camera.has_live_consent(now or datetime.now(UTC)):
        return Category.live
    if camera.sharing is Sharing.alarm_only:
        return Category.alarm
    if camera.sharing is Sharing.registry_only:
        return Category.registry
    return Category.on_request


def code(camera: Camera, now: datetime | None = None) -> int:
    return int(category(camera, now)) + (OFFLINE_BIT if camera.status is CameraStatus.offline else 0)


def state_text(camera: Camera, now: datetime | None = None) -> str:
    text = CATEGORY_TEXT[category(camera, now)]
    return f"{text} · offline" if camera.status is CameraStatus.offline else text


def _heading(camera: Camera) -> tuple[float, float]:
    if camera.heading is None:
        return -1.0, 0.0
    return round(camera.heading, 1), round(camera.fov or 60.0, 1)


@dataclass(frozen=True)
class EncodedCameras:
    """Cameras as typed columns: the page's payload and the spatial index's input, made once."""

    ids: npt.NDArray[np.int32]
    lats: npt.NDArray[np.float64]
    lons: npt.NDArray[np.float64]
    codes: npt.NDArray[np.uint8]
    kinds: npt.NDArray[np.uint8]
    headings: npt.NDArray[np.float64]  # -1: unknown
    fovs: npt.NDArray[np.float64]
    labels: list[str]

    def positions_json(self) -> str:
        """Everything but the labels: little-endian typed arrays in base64. 100,000 cameras
        are ~2 MB this way and decode in the page in milliseconds; as JSON numbers they were
        6 MB that V8 had to parse as script source."""
        cols = {
            "n": len(self.ids),
            "id": _b64(self.ids.astype("<i4")),
            "lat": _b64(np.rint(self.lats * 1e6).astype("<i4")),  # microdegrees: ~0.1 m
            "lon": _b64(np.rint(self.lons * 1e6).astype("<i4")),
            "code": _b64(self.codes),
            "kind": _b64(self.kinds),
            "hd": _b64(np.rint(self.headings * 10).astype("<i2")),  # tenths of a degree
            "fov": _b64(np.rint(self.fovs * 10).astype("<i2")),
        }
        return json.dumps(cols, separators=(",", ":"))

    def labels_json(self) -> str:
        # ensure_ascii: owner text crosses into a script as \u escapes only; never raw markup.
        return json.dumps(self.labels, ensure_ascii=True, separators=(",", ":"))


def _b64(array: npt.NDArray[Any]) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


def encode_cameras(cameras: Sequence[Camera], now: datetime | None = None) -> EncodedCameras:
    """Column arrays for ``RTCC.setCameras``. One pass per column over plain attributes:
    100,000 cameras encode in a few hundred ms (bench/map_bench.py)."""
    now = now or datetime.now(UTC)
    n = len(cameras)
    views = [_heading(c) for c in cameras]  # the one rule for heading and cone, shared with updates
    return EncodedCameras(
        ids=np.fromiter((c.id for c in cameras), np.int32, n),
        lats=np.fromiter((c.lat for c in cameras), np.float64, n),
        lons=np.fromiter((c.lon for c in cameras), np.float64, n),
        codes=np.fromiter((code(c, now) for c in cameras), np.uint8, n),
        kinds=np.fromiter((KIND_BITS[c.owner_kind] for c in cameras), np.uint8, n),
        headings=np.fromiter((hd for hd, _fov in views), np.float64, n),
        fovs=np.fromiter((fov for _hd, fov in views), np.float64, n),
        labels=[c.label for c in cameras],
    )


def encode_update(camera: Camera, now: datetime | None = None) -> list[Any]:
    """One row for ``RTCC.updateCameras``: a camera's state in place, positions included
    (an owner may move a camera)."""
    hd, fov = _heading(camera)
    return [camera.id, round(camera.lat, 6), round(camera.lon, 6), code(camera, now),
            KIND_BITS[camera.owner_kind], hd, fov, camera.label]


def why_not_live(camera: Camera, now: datetime | None = None) -> str | None:
    """Why 'Show on wall' is off for this camera, in an operator's words; None when it can be shown."""
    now = now or datetime.now(UTC)
    if camera.status is CameraStatus.offline:
        return "The camera is offline."
    if camera.has_live_consent(now):
        return None
    if camera.sharing is Sharing.live and camera.live_until is not None and camera.live_until <= now:
        return f"The owner's live consent ended at {camera.live_until.astimezone():%H:%M}."
    if camera.sharing is Sharing.live:
        return "The camera is registered, not integrated: there is no live feed."
    if camera.sharing is Sharing.alarm_only:
        return "Alarm-only: the owner shares live video only while an alarm is active."
    if camera.sharing is Sharing.registry_only:
        return "Registry only: the police know where it is; footage must be requested from the owner."
    return "The owner does not share live video: request footage instead."
