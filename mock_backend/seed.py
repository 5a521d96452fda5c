"""Deterministic synthetic camera registry for Milwaukee.

Cameras cluster around neighbourhood centres (plus a uniform spread), stay on
land west of the lake shore, and get plausible owner-chosen labels and
addresses on Milwaukee's street grid. Same (n, seed, now) -> same cameras, and
the first k cameras of a run do not depend on n (one RNG per camera).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from mock_backend import street_names as names
from mock_backend.geography import (
    EW_BASELINE_LON,
    INLAND_MARGIN_LON,
    LAT_MAX,
    LAT_MIN,
    LON_MAX,
    LON_MIN,
    NEIGHBOURHOODS,
    NS_BASELINE_LAT,
    is_on_land,
)

MILES_PER_DEG_LAT = 69.0
MILES_PER_DEG_LON = 69.0 * math.cos(math.radians(43.05))
NUMBERS_PER_MILE = 1600  # Milwaukee: 100 numbers a block, 16 blocks a mile
_WEIGHTS = [w for _, _, w in NEIGHBOURHOODS]
_CUMULATIVE = [sum(_WEIGHTS[: i + 1]) for i in range(len(_WEIGHTS))]


@dataclass(frozen=True, slots=True)
class SeedCamera:
    id: int
    label: str
    owner_kind: str
    address: str
    lat: float
    lon: float
    heading: float | None
    fov: float | None
    enrollment: str
    sharing: str
    live_until: datetime | None
    status: str


def city_position(rng: random.Random) -> tuple[float, float]:
    while True:
        if rng.random() < 0.35:
            lat, lon = rng.uniform(LAT_MIN, LAT_MAX), rng.uniform(LON_MIN, LON_MAX)
        else:
            clat, clon, _ = NEIGHBOURHOODS[_pick(rng.random() * _CUMULATIVE[-1])]
            lat, lon = rng.gauss(clat, 0.014), rng.gauss(clon, 0.019)
        if is_on_land(lat, lon, INLAND_MARGIN_LON):
            return round(lat, 6), round(lon, 6)


def _pick(x: float) -> int:
    for i, c in enumerate(_CUMULATIVE):
        if x <= c:
            return i
    return len(_CUMULATIVE) - 1


def street_address(rng: random.Random, lat: float, lon: float) -> str:
    if rng.random() < 0.5:  # on a north-south street: numbered from the east-west baseline
        prefix = "N" if lat >= NS_BASELINE_LAT else "S"
        miles = abs(lat - NS_BASELINE_LAT) * MILES_PER_DEG_LAT
        if lon < EW_BASELINE_LON:
            k = max(1, round((EW_BASELINE_LON - lon) / names.NUMBERED_STREET_SPACING_LON))
            street = f"{names.ordinal(k)} St"
        else:
            street = rng.choice(names.NAMED_NORTH_SOUTH)
    else:  # on the nearest east-west street: numbered from the river
        prefix = "W" if lon <= EW_BASELINE_LON else "E"
        miles = abs(lon - EW_BASELINE_LON) * MILES_PER_DEG_LON
        street = min(names.EAST_WEST_BY_LAT, key=lambda s: abs(s[0] - lat))[1]
    number = max(100, int(miles * NUMBERS_PER_MILE)) + rng.randrange(0, 99)
    return f"{number} {prefix} {street}, Milwaukee, WI"


def _label(rng: random.Random, kind: str, address: str) -> str:
    street = address.split(",")[0].split(" ", 1)[1]
    if kind == "residence":
        return rng.choice(names.RESIDENCE_LABELS)
    if kind == "business":
        shop = f"{rng.choice(names.OWNER_SURNAMES)} {rng.choice(names.BUSINESS_NAMES)}"
        return f"{shop} – {rng.choice(names.BUSINESS_SPOTS)}"
    return f"{rng.choice(names.PUBLIC_LABELS)} – {street}"


def _terms(rng: random.Random, kind: str, now: datetime) -> tuple[str, str, datetime | None]:
    if kind == "public":
        return "integrated", "live", None
    if rng.random() < 0.70:
        return "registered", ("on_request" if rng.random() < 0.75 else "registry_only"), None
    r = rng.random()
    sharing = "live" if r < 0.5 else "alarm_only" if r < 0.75 else "on_request"
    until = None
    if sharing == "live" and rng.random() < 0.2:
        until = now + timedelta(minutes=rng.randrange(20, 12 * 60))
    return "integrated", sharing, until


def make_camera(camera_id: int, seed: int, now: datetime) -> SeedCamera:
    rng = random.Random(seed * 1_000_003 + camera_id)
    r = rng.random()
    kind = "residence" if r < 0.72 else "business" if r < 0.97 else "public"
    lat, lon = city_position(rng)
    address = street_address(rng, lat, lon)
    enrollment, sharing, until = _terms(rng, kind, now)
    heading = fov = None
    if rng.random() < 0.6:
        heading, fov = float(rng.randrange(0, 360)), float(rng.choice((60, 90, 110, 130)))
    return SeedCamera(
        id=camera_id,
        label=_label(rng, kind, address),
        owner_kind=kind,
        address=address,
        lat=lat,
        lon=lon,
        heading=heading,
        fov=fov,
        enrollment=enrollment,
        sharing=sharing,
        live_until=until,
        status="offline" if rng.random() < 0.05 else "online",
    )


def generate_cameras(n: int, seed: int, now: datetime) -> list[SeedCamera]:
    return [make_camera(i, seed, now) for i in range(1, n + 1)]
