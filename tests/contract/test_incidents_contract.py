"""Incidents against the real mock over loopback: the simulated dispatch feed, incidents placed by
hand, closing them, and who may do what (mock_backend/dispatch_feed.py, routes/incidents.py).

Covered: the feed back-fills the last hour and then sends calls at its rate, with CAD numbers,
types, priorities 1-5, addresses in the seeded city, gunshot detections with an accuracy radius;
calls the dispatcher cleared are closed; an operator's incident is the same object, numbered by the
backend and audited under that number; closing: by its placer or a supervisor, CAD calls by a
supervisor only; bad input is a 422 naming the field; events for created and closed incidents.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import requests

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import Forbidden, ValidationFailed
from rtcc_desktop.api.schemas import IncidentCreate
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from tests.conftest import module_mock
from tests.contract.helpers import wait_for

RATE = 1800  # a call every two seconds on average; the back-fill is capped at 20
busy_mock = module_mock("incidents", "--cad-rate", str(RATE))


def client(mock: MockProcess, role: str) -> BackendClient:
    return open_session(BackendProfile("Test", mock.url), role, "demo").client


@pytest.fixture(scope="module")
def operator(busy_mock: MockProcess) -> Iterator[BackendClient]:
    yield client(busy_mock, "operator")


def test_the_feed_back_fills_the_last_hour_with_a_city_s_mix(operator: BackendClient) -> None:
    items = operator.list_incidents(status="all", limit=500).items
    now = datetime.now(UTC)
    backfill = [i for i in items if i.reported_at < now - timedelta(seconds=30)]
    assert len(backfill) == 20 and all(now - i.reported_at <= timedelta(hours=1, minutes=1) for i in backfill)
    assert [i.reported_at for i in items] == sorted((i.reported_at for i in items), reverse=True)  # newest first
    assert len({i.cad_number for i in items}) == len(items)
    assert {i.source for i in items} <= {"cad", "gunshot"} and all(1 <= i.priority <= 5 for i in items)
    assert len({i.kind for i in items}) >= 5  # a mix, not one type
    assert all(i.address.endswith("Milwaukee, WI") and 42.9 < i.lat < 43.2 for i in items)
    for incident in items:
        assert (incident.accuracy_m is not None) == (incident.source == "gunshot")
        assert incident.cad_number.startswith("GS" if incident.source == "gunshot" else "C")
    closed = [i for i in items if i.status == "closed"]
    assert all(i.closed_at is not None for i in closed)
    assert {i.id for i in operator.list_incidents().items} == {i.id for i in items if i.status == "open"}


def test_calls_keep_arriving_at_the_feed_s_rate(operator: BackendClient) -> None:
    started = datetime.now(UTC)
    fresh = wait_for(lambda: [i for i in operator.list_incidents(since=started).items],
                     lambda found: len(found) >= 2, timeout=30)
    assert all(i.reported_at >= started and i.status == "open" and i.created_by == "cad-feed" for i in fresh)


def test_an_operator_s_incident_is_the_same_object_numbered_and_audited(busy_mock: MockProcess,
                                                                       operator: BackendClient) -> None:
    made = operator.create_incident(IncidentCreate(lat=43.0389, lon=-87.9065, kind="Robbery", priority=1,
                                                   description="Seen from the wall", address="700 N Water St"))
    assert made.source == "manual" and made.status == "open" and made.created_by == "operator"
    assert made.cad_number == f"RTCC-{made.created_at.year}-{made.id:06d}" and made.accuracy_m is None
    assert made.id in {i.id for i in operator.list_incidents(source="manual").items}
    supervisor = client(busy_mock, "supervisor")
    trail = supervisor.list_audit(case_number=made.cad_number).items
    assert [e.action for e in trail] == ["incident.create"] and trail[0].actor == "operator"
    closed = operator.close_incident(made.id)
    assert closed.status == "closed" and closed.closed_at is not None
    assert made.id not in {i.id for i in operator.list_incidents().items}
    assert "incident.close" in {e.action for e in supervisor.list_audit(case_number=made.cad_number).items}


def test_dispatch_clears_its_own_calls_and_only_a_supervisor_closes_one_here(busy_mock: MockProcess,
                                                                            operator: BackendClient) -> None:
    call = next(i for i in operator.list_incidents().items if i.source in ("cad", "gunshot"))
    with pytest.raises(Forbidden) as refused:
        operator.close_incident(call.id)
    assert "supervisor" in refused.value.message
    other = client(busy_mock, "supervisor")
    mine = operator.create_incident(IncidentCreate(lat=43.04, lon=-87.91, kind="Suspicious vehicle"))
    assert other.close_incident(mine.id).status == "closed"  # a supervisor closes anyone's
    assert other.close_incident(call.id).status == "closed"


@pytest.mark.parametrize(("field", "value"), [("priority", 0), ("priority", 6), ("kind", ""), ("lat", 91.0),
                                              ("address", "x" * 201)])
def test_a_bad_incident_is_refused_naming_the_field(operator: BackendClient, field: str, value: object) -> None:
    body = {"lat": 43.04, "lon": -87.91, "kind": "Robbery", field: value}
    response = requests.post(f"{operator.base_url}/api/v1/incidents", json=body, headers=operator.auth_headers(),
                             timeout=10, allow_redirects=False)
    assert response.status_code == 422 and field in response.text
    with pytest.raises((ValidationFailed, ValueError)):
        operator.create_incident(IncidentCreate.model_validate(body))


def test_created_and_closed_incidents_are_events(busy_mock: MockProcess, operator: BackendClient) -> None:
    from rtcc_desktop.api.event_stream import EventStream

    seen: list[tuple[str, int]] = []
    states: list[str] = []
    stream = EventStream(operator, lambda e: seen.append((e.type, int(e.data.get("id", 0)))), states.append)
    stream.start()
    try:
        wait_for(lambda: list(states), lambda s: "connected" in s, timeout=10)
        made = operator.create_incident(IncidentCreate(lat=43.05, lon=-87.92, kind="Fight"))
        operator.close_incident(made.id)
        wait_for(lambda: list(seen), lambda s: ("incident.closed", made.id) in s, timeout=10)
        assert ("incident.created", made.id) in seen
    finally:
        stream.stop()


def test_a_canvass_is_exactly_the_registry_only_cameras_in_the_radius_and_is_audited(
        busy_mock: MockProcess, operator: BackendClient) -> None:
    from rtcc_desktop.api.schemas import haversine_m

    cameras = operator.all_cameras()
    registry = [c for c in cameras if c.sharing.value == "registry_only"]
    centre = registry[0]
    made = operator.create_incident(IncidentCreate(lat=centre.lat, lon=centre.lon, kind="Burglary"))
    canvass = operator.canvass(made.id, 600)
    expected = sorted((round(haversine_m(made.lat, made.lon, c.lat, c.lon), 1), c.id) for c in registry
                      if haversine_m(made.lat, made.lon, c.lat, c.lon) <= 600)
    assert [(s.distance_m, s.camera_id) for s in canvass.items] == expected and expected
    assert canvass.cad_number == made.cad_number
    raw = requests.post(f"{operator.base_url}/api/v1/incidents/{made.id}/canvass", json={"radius_m": 600},
                        headers=operator.auth_headers(), timeout=10).json()
    assert all(set(item) == {"camera_id", "address", "lat", "lon", "heading", "fov", "distance_m"}
               for item in raw["items"])  # no label, no owner: the list goes to the street
    trail = client(busy_mock, "supervisor").list_audit(case_number=made.cad_number, action="canvass.export").items
    assert trail and trail[0].actor == "operator" and trail[0].detail["camera_ids"] == [i for _d, i in expected]
    with pytest.raises(ValueError, match="less than or equal to 800"):  # refused before it is sent
        operator.canvass(made.id, 5000)
    too_far = requests.post(f"{operator.base_url}/api/v1/incidents/{made.id}/canvass", json={"radius_m": 5000},
                            headers=operator.auth_headers(), timeout=10)
    assert too_far.status_code == 422 and "radius_m" in too_far.text
    with pytest.raises(Forbidden):
        client(busy_mock, "trainer").canvass(made.id, 300)
