"""The map's core: spatial index against brute force, the page's assets and escaping,
the URL policy, search, and how a camera's state becomes a colour code."""

from __future__ import annotations

import base64
import json
import random
import re
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from rtcc_desktop.api.schemas import Camera, haversine_m
from rtcc_desktop.config import AppSettings
from rtcc_desktop.geo.grid_index import GridIndex
from rtcc_desktop.map.basemap import Basemap, UrlPolicy, basemap_from
from rtcc_desktop.map.camera_marks import OFFLINE_BIT, Category, code, encode_cameras, why_not_live
from rtcc_desktop.map.camera_search import search_cameras
from rtcc_desktop.map.page_builder import _script_json, build_page_html
from rtcc_desktop.resources import resource_path

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def cam(i: int, **kw: object) -> Camera:
    base: dict[str, object] = dict(id=i, label=f"Camera {i}", owner_kind="business", address=f"{i} N Water St",
                                   lat=43.04, lon=-87.91, enrollment="integrated", sharing="live", status="online",
                                   updated_at=NOW)
    base.update(kw)
    return Camera.model_validate(base)


def test_grid_index_matches_brute_force_haversine() -> None:
    rng = random.Random(4)
    points = [(i, 42.92 + rng.random() * 0.27, -88.07 + rng.random() * 0.21) for i in range(1, 20_001)]
    index = GridIndex(points)
    for _ in range(60):
        lat, lon = 42.90 + rng.random() * 0.31, -88.09 + rng.random() * 0.25
        radius = rng.choice([0, 50, 300, 799.9, 800, 2500])
        brute = sorted((haversine_m(lat, lon, la, lo), i) for i, la, lo in points
                       if haversine_m(lat, lon, la, lo) <= radius)
        got = index.within(lat, lon, radius)
        assert [h.camera_id for h in got] == [i for _d, i in brute]
        assert all(abs(h.distance_m - d) < 1e-6 for h, (d, _i) in zip(got, brute, strict=True))


def test_grid_index_edges() -> None:
    assert GridIndex().within(43.0, -87.9, 800) == []
    one = GridIndex([(7, 43.0, -87.9)])
    assert [h.camera_id for h in one.within(43.0, -87.9, 0)] == [7]
    assert one.within(43.0, -87.9, -1) == []
    far = GridIndex([(1, -33.9, 151.2), (2, 64.1, -21.9)])  # southern hemisphere and the far north
    assert [h.camera_id for h in far.within(-33.9001, 151.2001, 50)] == [1]
    assert [h.camera_id for h in far.within(64.1, -21.9, 10)] == [2]


def test_categories_and_reasons() -> None:
    assert code(cam(1), NOW) == Category.live
    lapsed = cam(2, live_until=NOW - timedelta(minutes=1))
    assert code(lapsed, NOW) == Category.on_request and "ended" in (why_not_live(lapsed, NOW) or "")
    assert code(cam(3, sharing="alarm_only"), NOW) == Category.alarm
    assert code(cam(4, sharing="registry_only", enrollment="registered"), NOW) == Category.registry
    off = cam(5, status="offline")
    assert code(off, NOW) == Category.live + OFFLINE_BIT and why_not_live(off, NOW) == "The camera is offline."
    assert why_not_live(cam(6), NOW) is None


def test_encoded_cameras_round_trip_and_labels_stay_plain_strings() -> None:
    hostile = "</script><script>alert(1)</script>\u2028"
    cams = [cam(1), cam(2, label=hostile, heading=271.25, fov=95.0, status="offline", lat=42.987654, lon=-87.9),
            cam(3, sharing="alarm_only", owner_kind="residence", heading=0.0),
            cam(4, sharing="registry_only", enrollment="registered", owner_kind="public", lat=-33.9, lon=151.2)]
    encoded = encode_cameras(cams, NOW)
    cols = json.loads(encoded.positions_json())
    assert cols["n"] == 4

    def column(name: str, dtype: str) -> list[float]:
        return np.frombuffer(base64.b64decode(cols[name]), dtype=dtype).tolist()  # type: ignore[no-any-return]

    assert column("id", "<i4") == [1, 2, 3, 4]
    assert [v / 1e6 for v in column("lat", "<i4")] == pytest.approx([c.lat for c in cams], abs=1e-6)
    assert [v / 1e6 for v in column("lon", "<i4")] == pytest.approx([c.lon for c in cams], abs=1e-6)
    assert column("code", "u1") == [code(c, NOW) for c in cams]
    assert column("kind", "u1") == [2, 2, 1, 4]
    assert [v / 10 for v in column("hd", "<i2")] == pytest.approx([-1.0, 271.25, 0.0, -1.0], abs=0.051)  # -1: unknown
    assert [v / 10 for v in column("fov", "<i2")] == [0.0, 95.0, 60.0, 0.0]
    text = encoded.labels_json()
    assert json.loads(text)[1] == hostile and text.isascii()  # a JS string literal, escaped; never markup


def test_script_json_cannot_close_the_script_element() -> None:
    text = _script_json({"name": "</script><script>alert(1)</script><!--"})
    assert "<" not in text and ">" not in text


def test_page_loads_nothing_from_the_internet_but_tiles() -> None:
    html = build_page_html(basemap_from(AppSettings(), env={}), "file:///tmp/qwebchannel.js")
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("file://") for s in sources), sources
    external = set(re.findall(r"https?://[^\"' ]+", html))
    assert external == {"https://tile.openstreetmap.org/{z}/{x}/{y}.png"}
    for asset in ("leaflet.js", "leaflet.css"):
        assert resource_path("vendor", "leaflet", asset).is_file()


def test_vendored_leaflet_matches_its_checksums() -> None:
    import hashlib

    folder = resource_path("vendor", "leaflet")
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_basemap_configuration(tmp_path: object) -> None:
    settings = AppSettings(tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png", tile_attribution="City GIS")
    remote = basemap_from(settings, env={})
    assert remote.url.startswith("https://{s}.tiles.example.org") and remote.attribution == "City GIS"
    local = basemap_from(settings, env={"RTCC_TILE_DIR": str(tmp_path)})
    assert local.url.startswith("file://") and local.url.endswith("/{z}/{x}/{y}.png") and local.local_dir


def test_url_policy_allows_only_our_files_and_the_tile_server(tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    policy = UrlPolicy(Basemap("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "x"), [folder])
    assert policy.allows((folder / "map.html").as_uri())
    assert policy.allows("https://b.tiles.example.org/12/1/2.png")
    assert not policy.allows("http://b.tiles.example.org/12/1/2.png")  # not the configured scheme
    assert not policy.allows("https://evil.example.com/x.js")
    assert not policy.allows("https://tiles.example.org.evil.com/1/2/3.png")
    assert not policy.allows("file:///etc/passwd")
    assert not policy.allows((folder / ".." / "outside.js").as_uri())
    assert not policy.allows("javascript:alert(1)")
    assert policy.allows("qrc:///qtwebchannel/qwebchannel.js") and policy.allows("data:image/png;base64,AA==")


@pytest.mark.parametrize(("text", "expected"), [
    ("water", [3, 2, 1]), ("GARAGE", [2]), ("#3", [3]), ("3", [3]), ("nowhere", []), ("  ", []),
    ("back water", [2]),  # every word, across label and address
])
def test_search(text: str, expected: list[int]) -> None:
    cams = [cam(1, label="Front door"), cam(2, label="Back garage"), cam(3, label="Alley", address="9 S Water St")]
    assert [c.id for c in search_cameras(cams, text)] == expected
