"""The event stream shows each user what the REST routes show him (issue #21): operators got
``[]`` from ``GET /escalations`` but every escalation, justification included, on ``/events``.

Every event type the mock publishes (found in its source) needs a visibility rule
(mock_backend/visibility.py) and a REST view in this module; for each type, the events a user
receives equal those whose resource that user's REST route shows him. On the real mock over
loopback; the events it published are read from its database file.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from rtcc_desktop.api.schemas import (
    Alarm,
    Camera,
    Escalation,
    FootageRequest,
    Incident,
    RoomWallUpdated,
    ScenarioStatus,
)
from rtcc_desktop.mock_process import MockProcess
from tests.conftest import users_file
from tests.security.live_readers import API, EventReader, bearer, sign_in

MOCK_SOURCE = Path(__file__).resolve().parents[2] / "mock_backend"
PASSWORD = "visibility-pass"
Tokens = dict[str, Any]
# A REST view: (base URL, a user's tokens, the keys of the events published) -> the keys of
# those that user's REST routes show him.
View = Callable[[str, Tokens, set[Any]], set[Any]]


def _get(url: str, tokens: Tokens, path: str, **params: Any) -> requests.Response:
    return requests.get(f"{url}{API}{path}", params=params, headers=bearer(tokens), timeout=30)


def _ids(url: str, tokens: Tokens, path: str, **params: Any) -> set[Any]:
    resp = _get(url, tokens, path, **params)
    if resp.status_code == 403 and tokens["role"] == "wall_device":  # a room wall's display reads its wall only
        return set()
    assert resp.status_code == 200, resp.text
    return {item["id"] for item in resp.json()["items"]}


def _cameras(url: str, tokens: Tokens, keys: set[Any]) -> set[Any]:
    return {k for k in keys if _get(url, tokens, f"/cameras/{k}").status_code == 200}


def _scenario(url: str, tokens: Tokens, keys: set[Any]) -> set[Any]:
    resp = _get(url, tokens, "/training/scenario")
    return {resp.json()["name"]} if resp.status_code == 200 else set()


REST_VIEWS: dict[str, View] = {
    "camera.updated": _cameras,
    "consent.changed": _cameras,
    "alarm.raised": lambda url, t, keys: _ids(url, t, "/alarms", active="false"),
    "alarm.ended": lambda url, t, keys: _ids(url, t, "/alarms", active="false"),
    "alarm.acknowledged": lambda url, t, keys: _ids(url, t, "/alarms", active="false"),
    "request.updated": lambda url, t, keys: _ids(url, t, "/requests", limit=5000),
    "escalation.created": lambda url, t, keys: _ids(url, t, "/escalations"),
    "escalation.decided": lambda url, t, keys: _ids(url, t, "/escalations"),
    **{f"incident.{what}": (lambda url, t, keys: _ids(url, t, "/incidents", status="all", limit=500))
       for what in ("created", "updated", "closed")},
    "scenario.changed": _scenario,
    "room_wall.updated": lambda url, t, keys: _ids(url, t, "/room-walls"),
}
# The field of an event's data naming its resource (default: "id").
KEY = {"consent.changed": "camera_id", "scenario.changed": "name"}
# What an event's data may hold: its resource as the REST routes show it, nothing more.
_CAMERA = {"camera_id", "sharing", "live_until", "camera"}
FIELDS: dict[str, set[str]] = {
    "camera.updated": set(Camera.model_fields), "consent.changed": _CAMERA,
    **{f"alarm.{what}": set(Alarm.model_fields) for what in ("raised", "ended", "acknowledged")},
    "request.updated": set(FootageRequest.model_fields),
    "escalation.created": set(Escalation.model_fields), "escalation.decided": set(Escalation.model_fields),
    **{f"incident.{what}": set(Incident.model_fields) for what in ("created", "updated", "closed")},
    "scenario.changed": set(ScenarioStatus.model_fields),
    "room_wall.updated": set(RoomWallUpdated.model_fields),
}


def published_types() -> set[str]:
    """Every event type the mock's source publishes; a publish whose type is not a literal fails."""
    found: set[str] = set()
    for path in MOCK_SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"\.publish\((.{0,80})", text):
            literal = re.match(r'\s*conn,\s*"([a-z_.]+)"', call.group(1))
            assert literal is not None, f"{path.name}: a publish without a literal event type: {call.group(0)}"
            found.add(literal.group(1))
    return found


def test_every_published_event_type_has_a_rule_and_a_check_here() -> None:
    from mock_backend import visibility

    published = published_types()
    assert len(published) >= 10  # the grep found the publishers
    assert published == set(visibility.EVENT_RULES), "an event type without a visibility rule (or a stale one)"
    assert published == set(REST_VIEWS), "an event type this module does not compare with its REST route"
    assert published == set(FIELDS), "an event type whose fields this module does not check"


def test_an_event_type_without_a_rule_reaches_nobody() -> None:
    from mock_backend import visibility
    from mock_backend.security import Principal
    from mock_backend.settings import MockSettings
    from rtcc_desktop.api.schemas import Role

    for role in Role:
        assert not visibility.event_visible(Principal("x", role), MockSettings(), "something.new", {"id": 1})


# --- the stream against the routes, per user and event type ----------------------------------------

@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MockProcess, Path]]:
    folder = tmp_path_factory.mktemp("visibility")
    db = folder / "mock.sqlite3"
    accounts = users_file(folder, f"ana:{PASSWORD}:operator", f"ben:{PASSWORD}:operator")
    # Owners answer at once and always consent: every owner event happens (one short clip encoded).
    started = MockProcess(args=["--db", str(db), "--cameras", "300", "--seed", "7", "--data-dir", str(folder / "d"),
                                "--owner-delay", "0.2", "--owner-approve-ratio", "1", "--users-file", accounts])
    started.start()
    yield started, db
    started.stop()


def _events(db: Path, after: int) -> list[tuple[int, str, dict[str, Any]]]:
    import json

    with sqlite3.connect(db) as conn:
        found = [(i, t, json.loads(d)) for i, t, d in
                 conn.execute("SELECT id, type, data FROM events WHERE id > ? ORDER BY id", (after,))]
    conn.close()
    return found


def _last_id(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        (last,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM events").fetchone()
    conn.close()
    return int(last)


def _post(url: str, tokens: Tokens, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    resp = requests.post(f"{url}{API}{path}", json=body or {}, headers=bearer(tokens), timeout=30)
    assert resp.status_code in (200, 201), f"{path}: {resp.status_code} {resp.text}"
    return dict(resp.json())


def _request(camera: dict[str, Any], case: str, hours: float, justification: str | None = None) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {"case_number": case, "incident_lat": camera["lat"], "incident_lon": camera["lon"],
            "incident_at": (now - timedelta(minutes=30)).isoformat(),
            "window_start": (now - timedelta(hours=hours)).isoformat(), "window_end": now.isoformat(),
            "camera_ids": [camera["id"]], "reason": "Robbery at a corner store; suspect fled on foot",
            "justification": justification}


def _wait(done: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "the mock did not get there in time"
        time.sleep(0.1)


def _make_every_event(url: str, db: Path, users: dict[str, Tokens]) -> tuple[int, int]:
    """Each event type at least once, by and for different people; (id before, marker id): the
    marker is an event everyone may see, published after all the others."""
    start = _last_id(db)
    cams = requests.get(f"{url}{API}/cameras", params={"limit": 5000}, headers=bearer(users["trainer"]),
                        timeout=30).json()["items"]
    plain = [c for c in cams if c["sharing"] == "on_request"]
    alarm_cam = next(c for c in cams if c["sharing"] == "alarm_only" and c["enrollment"] == "integrated")
    ana_exigent = _post(url, users["ana"], "/escalations", {
        "camera_id": plain[0]["id"], "case_number": "2026-000801", "justification": "Ana's secret reasons"})
    ben_exigent = _post(url, users["ben"], "/escalations", {
        "camera_id": plain[1]["id"], "case_number": "2026-000802", "justification": "Ben's secret reasons"})
    _post(url, users["ana"], "/requests", _request(plain[2], "2026-000803", 13, "Ana needs a long window"))
    _post(url, users["ben"], "/requests", _request(plain[3], "2026-000804", 1))
    _post(url, users["supervisor"], f"/escalations/{ana_exigent['id']}/decision",
          {"approve": True, "reason": "Life at risk"})
    _post(url, users["supervisor"], f"/escalations/{ben_exigent['id']}/decision",
          {"approve": False, "reason": "No danger to life"})
    _post(url, users["trainer"], f"/training/cameras/{plain[4]['id']}/consent", {"action": "grant", "minutes": 5})
    alarm = _post(url, users["trainer"], f"/training/cameras/{alarm_cam['id']}/alarm", {"minutes": 5})
    _post(url, users["ben"], f"/alarms/{alarm['id']}/acknowledge")
    _post(url, users["trainer"], f"/training/alarms/{alarm['id']}/end")
    _post(url, users["trainer"], "/training/incidents",
          {"lat": plain[5]["lat"], "lon": plain[5]["lon"], "kind": "robbery", "description": "Shots fired"})
    placed = _post(url, users["ana"], "/incidents", {"lat": plain[5]["lat"], "lon": plain[5]["lon"], "kind": "Fight"})
    _post(url, users["trainer"], f"/training/incidents/{placed['id']}/priority", {"priority": 1})
    _post(url, users["ana"], f"/incidents/{placed['id']}/close")
    # Room walls: a new one (its display, wall-front, does not follow it) and a change to "front".
    _post(url, users["supervisor"], "/room-walls", {"name": "side", "title": "Side room"})
    walls = requests.get(f"{url}{API}/room-walls", headers=bearer(users["ana"]), timeout=10).json()["items"]
    front = next(w for w in walls if w["name"] == "front")
    changed = requests.put(f"{url}{API}/room-walls/{front['id']}/screens/0/layout", json={"layout": "1+5"},
                           headers={**bearer(users["ana"]), "If-Match": f'"{front["version"]}"'}, timeout=10)
    assert changed.status_code == 200, changed.text
    drill = requests.get(f"{url}{API}/training/scenarios", headers=bearer(users["trainer"]), timeout=10).json()[0]
    _post(url, users["trainer"], "/training/scenario", {"name": drill["name"]})

    def owners_answered() -> bool:
        events = _events(db, start)
        decided = [d for _, t, d in events if t == "escalation.decided" and d["id"] == ana_exigent["id"]]
        fulfilled = [d for _, t, d in events if t == "request.updated" and d["status"] == "fulfilled"]
        consented = [d for _, t, d in events if t == "consent.changed" and d["camera_id"] == plain[0]["id"]]
        return any(d["owner_response"] for d in decided) and bool(fulfilled) and bool(consented)

    _wait(owners_answered)
    _post(url, users["trainer"], f"/training/cameras/{plain[6]['id']}/label", {"label": "Marker camera"})
    # The marker: a change to the wall "front", which every user here follows (its display too).
    front = requests.get(f"{url}{API}/room-walls/{front['id']}", headers=bearer(users["ana"]), timeout=10).json()
    changed = requests.put(f"{url}{API}/room-walls/{front['id']}/screens/0/layout", json={"layout": "2x2"},
                           headers={**bearer(users["ana"]), "If-Match": f'"{front["version"]}"'}, timeout=10)
    assert changed.status_code == 200, changed.text
    marker = max(i for i, t, d in _events(db, start) if t == "room_wall.updated" and d["name"] == "front")
    return start, marker


def _received(url: str, tokens: Tokens, start: int, marker: int) -> list[tuple[int, str, dict[str, Any]]]:
    """What the event stream sends this user from ``start`` on, up to the marker."""
    reader = EventReader(url, tokens, last_event_id=start, background=False)
    try:
        reader.read_until(lambda: any(i >= marker for i, _, _ in reader.events))
        assert any(i >= marker for i, _, _ in reader.events), f"the marker never came: {reader.error!r}"
    finally:
        reader.close()
    return [e for e in reader.events if e[0] <= marker]


def _keys(events: list[tuple[int, str, dict[str, Any]]], type_: str) -> set[Any]:
    return {d[KEY.get(type_, "id")] for _, t, d in events if t == type_}


def test_each_user_receives_the_events_his_rest_routes_would_show_him(mock: tuple[MockProcess, Path]) -> None:
    process, db = mock
    url = process.url
    users = {"ana": sign_in(url, "ana", PASSWORD), "ben": sign_in(url, "ben", PASSWORD),
             "supervisor": sign_in(url, "supervisor", "demo"), "trainer": sign_in(url, "trainer", "demo"),
             "wall-front": sign_in(url, "wall-front", "demo")}
    start, marker = _make_every_event(url, db, users)
    published = [e for e in _events(db, start) if e[0] <= marker]
    assert {t for _, t, _ in published} == published_types(), "the scenario did not make every event type"
    for _, type_, data in published:  # no more than the resource: an exigent case number stays with its escalation
        assert set(data) <= FIELDS[type_], f"{type_} carries {set(data) - FIELDS[type_]}"
    hidden: dict[str, set[str]] = {}
    for name, tokens in users.items():
        received = _received(url, tokens, start, marker)
        for type_, view in REST_VIEWS.items():
            everything = _keys(published, type_)
            shown = view(url, tokens, everything) & everything
            assert _keys(received, type_) == shown, f"{name} and {type_}: stream and REST route differ"
            if shown != everything:
                hidden.setdefault(name, set()).add(type_)
        mine = [d for _, t, d in received if t.startswith("escalation.")]
        assert all(d["requested_by"] == name for d in mine) or name in ("supervisor", "trainer")
    # The rules bite: operators see only their own escalations and nothing of the drill; incidents
    # (dispatch's, a drill's, an operator's) are everyone's; a room wall's display sees its own
    # wall's changes and nothing else.
    operator_hides = {"escalation.created", "escalation.decided", "scenario.changed"}
    assert hidden == {"ana": operator_hides, "ben": operator_hides, "supervisor": {"scenario.changed"},
                      "wall-front": published_types()}
    display = _received(url, users["wall-front"], start, marker)
    assert display and {(t, d["name"]) for _, t, d in display} == {("room_wall.updated", "front")}
