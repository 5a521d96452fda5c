"""Respond's plan, its walking order and its door-knock list (rtcc_desktop/incidents/*).

Covered: the walking order is within 1.2x of the best order found by brute force on small lists
(random and adversarial layouts) and visits every stop once, also with stops on one spot; on a
dense downtown list it is shorter than nearest neighbour with plain 2-opt made; the plan sends exactly the nearest
live cameras that fit the free tiles (alarm-only ones with an alarm running included), one footage
request within the per-request limit nearest first, the rest as a justified second request (an
escalation), the registry-only ones to the canvass, nothing dropped; the requests' window and case
number; the door-knock page and CSV name no owner and no label, escape hostile addresses and make
formula cells inert.
"""

from __future__ import annotations

import itertools
import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from rtcc_desktop.api.schemas import Camera, Canvass, CanvassStop, Incident
from rtcc_desktop.api.schemas.limits import LIMITS, haversine_m
from rtcc_desktop.geo.grid_index import Hit
from rtcc_desktop.incidents.door_knock import DoorKnockList
from rtcc_desktop.incidents.respond import WINDOW_AFTER, WINDOW_BEFORE, plan_response
from rtcc_desktop.incidents.walking_order import walk_length_m, walking_order

NOW = datetime(2026, 12, 3, 21, 30, tzinfo=UTC)
SCENE = (43.0389, -87.9065)


def incident(**changes: object) -> Incident:
    data = {"id": 41, "cad_number": "C26-004512", "kind": "Armed robbery", "priority": 1, "lat": SCENE[0],
            "lon": SCENE[1], "address": "700 N Water St, Milwaukee, WI", "reported_at": NOW - timedelta(minutes=3),
            "source": "cad", "created_at": NOW, "created_by": "cad-feed", **changes}
    return Incident.model_validate(data)


def camera(camera_id: int, sharing: str, enrollment: str = "integrated", status: str = "online",
           label: str = "Nguyen family porch", address: str = "710 N Water St") -> Camera:
    return Camera.model_validate({"id": camera_id, "label": label, "owner_kind": "residence", "address": address,
                                  "lat": SCENE[0] + camera_id * 1e-4, "lon": SCENE[1], "enrollment": enrollment,
                                  "sharing": sharing, "status": status, "updated_at": NOW.isoformat()})


def near(cameras: list[Camera]) -> list[tuple[Hit, Camera]]:
    hits = [(Hit(c.id, haversine_m(*SCENE, c.lat, c.lon)), c) for c in cameras]
    return sorted(hits, key=lambda h: h[0].distance_m)


def best_length(start: tuple[float, float], stops: list[tuple[float, float]]) -> float:
    return min(walk_length_m(start, stops, order) for order in itertools.permutations(range(len(stops))))


@pytest.mark.parametrize("seed", range(12))
def test_the_walking_order_is_within_a_fifth_of_the_best(seed: int) -> None:
    rng = random.Random(seed)
    stops = [(SCENE[0] + rng.uniform(-0.004, 0.004), SCENE[1] + rng.uniform(-0.005, 0.005))
             for _ in range(rng.randint(2, 8))]
    order = walking_order(SCENE, stops)
    assert sorted(order) == list(range(len(stops)))
    assert walk_length_m(SCENE, stops, order) <= 1.2 * best_length(SCENE, stops) + 1e-6


def test_a_street_of_stops_on_both_sides_is_walked_without_zigzag() -> None:
    """Nearest-neighbour alone zigzags across the scene here; the order must not."""
    stops = [(SCENE[0], SCENE[1] + dx * 0.001) for dx in (1, -1.05, 3.2, -3.3)]
    order = walking_order(SCENE, stops)
    assert walk_length_m(SCENE, stops, order) <= 1.2 * best_length(SCENE, stops) + 1e-6


def downtown(seed: int, count: int) -> list[tuple[float, float]]:
    """``count`` addresses within 800 m of the scene on a street grid (a street every 80 m,
    houses on both sides), as a dense downtown canvass has."""
    rng = random.Random(seed)
    stops: list[tuple[float, float]] = []
    while len(stops) < count:
        dy, dx = rng.uniform(-800, 800), rng.uniform(-800, 800)
        if math.hypot(dx, dy) > 800:
            continue
        if rng.random() < 0.5:
            dy = round(dy / 80) * 80 + rng.choice((-6, 6))
        else:
            dx = round(dx / 80) * 80 + rng.choice((-6, 6))
        stops.append((SCENE[0] + dy / 111_320, SCENE[1] + dx / (111_320 * math.cos(math.radians(SCENE[0])))))
    return stops


def test_a_dense_downtown_list_is_walked_shorter_than_nearest_neighbour_and_2_opt() -> None:
    stops = downtown(0, 380)
    order = walking_order(SCENE, stops)
    assert sorted(order) == list(range(len(stops)))  # every address once
    # 21,086 m: nearest neighbour then 2-opt to a local optimum (the order before Or-opt and the
    # moves between near neighbours), on these same stops.
    assert walk_length_m(SCENE, stops, order) <= 21_086


@pytest.mark.parametrize("stops", [
    [], [(SCENE[0] + 0.001, SCENE[1])], [SCENE, SCENE, SCENE],
    [(SCENE[0] + 0.001, SCENE[1])] * 4 + [(SCENE[0], SCENE[1] + 0.002)] * 3,
    [(SCENE[0] + i * 1e-4, SCENE[1]) for i in (5, -3, 2, -7, 9, 1, -1)],  # one street, both ways
])
def test_few_or_coinciding_stops_are_each_walked_once(stops: list[tuple[float, float]]) -> None:
    order = walking_order(SCENE, stops)
    assert sorted(order) == list(range(len(stops)))
    if 1 < len(stops) <= 8:
        assert walk_length_m(SCENE, stops, order) <= 1.2 * best_length(SCENE, stops) + 1e-6


def test_the_plan_puts_every_camera_somewhere_under_its_owner_s_terms() -> None:
    cameras = [camera(1, "live"), camera(2, "registry_only", "registered"), camera(3, "live"),
               camera(4, "on_request"), camera(5, "alarm_only"), camera(6, "alarm_only"), camera(7, "live"),
               camera(8, "on_request", status="offline"), camera(9, "registry_only", "registered")]
    plan = plan_response(incident(), near(cameras), free_tiles=3, radius_m=300, now=NOW, alarm_cameras={5})
    assert plan.live == (1, 3, 5)  # nearest live-shared, the alarm one included, as many as tiles
    assert plan.request == (4, 6, 7, 8) and plan.escalate == ()  # the rest the system can ask, nearest first
    assert plan.canvass == (2, 9)
    assert sorted(plan.live + plan.request + plan.canvass) == list(range(1, 10))  # nothing dropped
    assert plan.summary() == "3 live on the wall · 1 request for 4 cameras · door-knock list of 2 addresses"


def test_cameras_over_the_request_limit_become_a_justified_escalation() -> None:
    count = LIMITS.max_cameras + 7
    cameras = [camera(i, "on_request") for i in range(1, count + 1)]
    plan = plan_response(incident(), near(cameras), free_tiles=4, radius_m=500, now=NOW)
    assert plan.request == tuple(range(1, LIMITS.max_cameras + 1)) and len(plan.escalate) == 7
    first, second = plan.requests()
    assert first.justification is None and second.justification and "7 more cameras" in second.justification
    for body in (first, second):
        assert body.case_number == "C26-004512" and body.incident_at == incident().reported_at
        assert (body.window_start, body.window_end) == (incident().reported_at - WINDOW_BEFORE,
                                                        incident().reported_at + WINDOW_AFTER)
        assert body.client_ref and body.client_ref.startswith("respond-41-")
    assert "1 escalation drafted for 7 more" in plan.summary()


def stops(*addresses: str) -> Canvass:
    items = [CanvassStop(camera_id=i + 1, address=a, lat=SCENE[0] + (i + 1) * 2e-4, lon=SCENE[1],
                         heading=90.0 * i, fov=70.0, distance_m=22.3 * (i + 1)) for i, a in enumerate(addresses)]
    return Canvass(incident_id=41, cad_number="C26-004512", radius_m=300, items=items)


def test_the_door_knock_page_names_no_owner_and_escapes_what_comes_from_outside() -> None:
    hostile = '<script>alert(1)</script> 12 N Water St'
    listing = DoorKnockList.build(incident(), stops("730 N Water St", hostile, "=HYPERLINK(\"http://x\")"))
    page = listing.html("operator", NOW)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Nguyen" not in page and "owner's name" not in page.lower()
    assert page.count("<tr>") == 4 and "C26-004512" in page and "<svg" in page
    assert "E (90°), 70° wide" in page
    text = listing.csv()
    assert "'=HYPERLINK" in text and "Nguyen" not in text
    assert text.splitlines()[0].startswith('"Stop","Address"')
    assert [s.camera_id for s in listing.stops] == [1, 2, 3]  # a straight line out from the scene: in order


def test_the_page_prints_with_an_image_map_for_a_renderer_without_svg() -> None:
    page = DoorKnockList.build(incident(), stops("730 N Water St")).html("operator", NOW, map_src="map.png")
    assert '<img src="map.png"' in page and "<svg" not in page


def test_an_escalation_larger_than_one_request_body_is_sent_in_parts() -> None:
    count = LIMITS.max_cameras + 450
    cameras = [camera(i, "on_request") for i in range(1, count + 1)]
    plan = plan_response(incident(), near(cameras), free_tiles=0, radius_m=800, now=NOW)
    bodies = plan.requests()
    assert [len(b.camera_ids) for b in bodies] == [LIMITS.max_cameras, 200, 200, 50]
    assert [b.camera_ids[0] for b in bodies[1:]] == [26, 226, 426]  # nearest first, in order, none lost
    assert len({b.client_ref for b in bodies}) == 4 and all(b.justification for b in bodies[1:])
    assert "3 escalations drafted for 450 more" in plan.summary()
