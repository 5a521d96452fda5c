"""How a camera looks on the map, as compact numbers the page draws from.

The page never receives HTML for a camera: per camera it gets an id, a position,
a category code and an owner-kind bit; labels travel as JSON strings and the page
only ever puts them into ``textContent``. 100,000 cameras encode in ~0.3 s and
parse in the page in well under that (bench/map_bench.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

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


def encode_cameras(cameras: Iterable[Camera], now: datetime | None = None) -> dict[str, list[Any]]:
    """Column arrays for ``RTCC.setCameras``; positions to 1e-6° (~0.1 m)."""
    now = now or datetime.now(UTC)
    cols: dict[str, list[Any]] = {k: [] for k in ("id", "lat", "lon", "code", "kind", "hd", "fov", "label")}
    for cam in cameras:
        hd, fov = _heading(cam)
        cols["id"].append(cam.id)
        cols["lat"].append(round(cam.lat, 6))
        cols["lon"].append(round(cam.lon, 6))
        cols["code"].append(code(cam, now))
        cols["kind"].append(KIND_BITS[cam.owner_kind])
        cols["hd"].append(hd)
        cols["fov"].append(fov)
        cols["label"].append(cam.label)
    return cols


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
