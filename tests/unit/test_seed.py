"""The seed generator: deterministic, on land in Milwaukee, a plausible program mix."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import UTC, datetime

import pytest

from mock_backend.geography import LAT_MAX, LAT_MIN, LON_MAX, LON_MIN, is_on_land, shore_lon
from mock_backend.seed import generate_cameras

NOW = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
ADDRESS = re.compile(r"^\d{3,5} [NSEW] [\w .'-]+, Milwaukee, WI$")


@pytest.fixture(scope="module")
def cams() -> list:
    return generate_cameras(20_000, 7, NOW)


def test_deterministic_per_seed_and_prefix_stable(cams: list) -> None:
    assert generate_cameras(500, 7, NOW) == cams[:500]
    assert generate_cameras(500, 8, NOW) != cams[:500]


def test_every_camera_is_on_land_inside_milwaukee(cams: list) -> None:
    for c in cams:
        assert LAT_MIN <= c.lat <= LAT_MAX and LON_MIN <= c.lon <= LON_MAX
        assert is_on_land(c.lat, c.lon) and c.lon < shore_lon(c.lat)


def test_known_water_and_land_points() -> None:
    assert not is_on_land(43.03, -87.87)  # the lake off the harbour
    assert not is_on_land(43.10, -87.86)  # off Shorewood
    assert is_on_land(43.0419, -87.9097)  # City Hall
    assert is_on_land(43.028, -87.971)  # American Family Field


def test_program_mix(cams: list) -> None:
    n = len(cams)
    kinds = Counter(c.owner_kind for c in cams)
    assert abs(kinds["residence"] / n - 0.72) < 0.03 and abs(kinds["public"] / n - 0.03) < 0.01
    integrated = sum(c.enrollment == "integrated" for c in cams) / n
    assert 0.27 < integrated < 0.33
    assert all(c.sharing in ("on_request", "registry_only") for c in cams if c.enrollment == "registered")
    assert all(c.enrollment == "integrated" and c.sharing == "live" for c in cams if c.owner_kind == "public")
    offline = sum(c.status == "offline" for c in cams) / n
    assert 0.03 < offline < 0.07


def test_consent_windows_only_on_live_cameras_and_in_the_future(cams: list) -> None:
    limited = [c for c in cams if c.live_until is not None]
    assert limited and all(c.sharing == "live" and c.live_until > NOW for c in limited)
    live = [c for c in cams if c.sharing == "live" and c.owner_kind != "public"]
    assert 0.1 < len(limited) / len(live) < 0.3


def test_ids_and_addresses(cams: list) -> None:
    assert [c.id for c in cams] == list(range(1, len(cams) + 1))
    bad = [c.address for c in cams if not ADDRESS.match(c.address)]
    assert not bad, bad[:5]
    assert all(c.heading is None or 0 <= c.heading < 360 for c in cams)


def test_100k_cameras_generate_quickly() -> None:
    t = time.perf_counter()
    assert len(generate_cameras(100_000, 7, NOW)) == 100_000
    assert time.perf_counter() - t < 10
