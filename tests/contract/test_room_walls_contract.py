"""The room wall's backend contract against the real mock over loopback: two seats (operators
ana and ben), a supervisor, a trainer and the wall's display (``wall-front``). Versioned changes
(a stale one refused with who changed it), locks, the display's grants and everything it is
refused, consent ending clearing the tile within a second, and the audit trail."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from rtcc_desktop.api import errors
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import (
    Camera,
    ExigentRequest,
    RoomScreenReplace,
    RoomTilePush,
    RoomWall,
    RoomWallCreate,
    RoomWallUpdated,
)
from rtcc_desktop.mock_process import MockProcess
from tests.conftest import start_mock, users_file
from tests.contract.helpers import live_camera, request_body
from tests.security.live_readers import API, EventReader, VideoReader

PASSWORD = "room-wall-pass"
CASE_A, CASE_B = "2026-000901", "2026-000902"


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    folder = tmp_path_factory.mktemp("room-walls")
    started = start_mock(folder, "--users-file",
                         users_file(folder, f"ana:{PASSWORD}:operator", f"ben:{PASSWORD}:operator"))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def seats(mock: MockProcess) -> Iterator[dict[str, BackendClient]]:
    made = {}
    for name, password in (("ana", PASSWORD), ("ben", PASSWORD), ("supervisor", "demo"), ("trainer", "demo"),
                           ("wall-front", "demo")):
        client = BackendClient(mock.url)
        client.sign_in(name, password)
        made[name] = client
    yield made
    for client in made.values():
        client.close()


@pytest.fixture(scope="module")
def cameras(seats: dict[str, BackendClient]) -> list[Camera]:
    return seats["ana"].all_cameras()


def front(client: BackendClient) -> RoomWall:
    return next(w for w in client.room_walls() if w.name == "front")


def push(camera: Camera, case: str = CASE_A) -> RoomTilePush:
    return RoomTilePush(camera_id=camera.id, case_number=case, purpose="Watching the robbery scene")


def test_the_seeded_wall_and_its_etag(mock: MockProcess, seats: dict[str, BackendClient]) -> None:
    wall = front(seats["ana"])
    assert [(s.layout, len(s.tiles)) for s in wall.screens] == [("2x2", 4), ("3x3", 9)]
    resp = requests.get(f"{mock.url}{API}/room-walls/{wall.id}", headers=seats["ana"].auth_headers(), timeout=10)
    assert resp.headers["ETag"] == f'"{resp.json()["version"]}"'
    assert seats["wall-front"].room_wall(wall.id).name == "front"


def test_a_stale_change_is_refused_naming_who_changed_it(seats: dict[str, BackendClient],
                                                         cameras: list[Camera]) -> None:
    ana, ben = seats["ana"], seats["ben"]
    seen = front(ana)  # both seats hold this version
    after_ana = ana.push_room_tile(seen.id, 0, 0, push(live_camera(cameras, 0)), seen.version)
    assert after_ana.version == seen.version + 1
    assert after_ana.screens[0].tiles[0].pushed_by == "ana"
    with pytest.raises(errors.RoomWallConflictError) as refused:
        ben.push_room_tile(seen.id, 0, 0, push(live_camera(cameras, 1), CASE_B), seen.version)
    assert refused.value.current == ben.room_wall(seen.id) == after_ana
    assert refused.value.changed_by == "ana" and "ana" in refused.value.message
    assert refused.value.current.screens[0].tiles[0].camera_id == live_camera(cameras, 0).id  # nothing overwritten
    # Against the version it now holds, ben's change goes through.
    ben.push_room_tile(seen.id, 0, 1, push(live_camera(cameras, 1), CASE_B), refused.value.current.version)


def test_every_change_needs_the_version_it_was_made_against(mock: MockProcess, seats: dict[str, BackendClient],
                                                            cameras: list[Camera]) -> None:
    wall = front(seats["ana"])
    url = f"{mock.url}{API}/room-walls/{wall.id}/screens/0/tiles/2"
    body = push(live_camera(cameras, 2)).model_dump()
    headers = seats["ana"].auth_headers()
    assert requests.put(url, json=body, headers=headers, timeout=10).status_code == 428
    assert requests.put(url, json=body, headers={**headers, "If-Match": "yesterday"}, timeout=10).status_code == 400
    layout = f"{mock.url}{API}/room-walls/{wall.id}/screens/0/layout"
    bad = requests.put(layout, json={"layout": "7x7"}, headers={**headers, "If-Match": f'"{wall.version}"'},
                       timeout=10)
    assert bad.status_code == 422, bad.text
    assert seats["ana"].room_wall(wall.id).version == wall.version  # nothing changed


def test_a_camera_the_pusher_may_not_view_live_is_refused(seats: dict[str, BackendClient],
                                                          cameras: list[Camera]) -> None:
    wall = front(seats["ana"])
    on_request = next(c for c in cameras if c.sharing.value == "on_request")
    with pytest.raises(errors.Forbidden, match="cannot go on the room wall"):
        seats["ana"].push_room_tile(wall.id, 0, 3, push(on_request), wall.version)
    replace = RoomScreenReplace(layout="2x2", tiles=[push(live_camera(cameras, 3)), push(on_request)])
    with pytest.raises(errors.Forbidden, match="Nothing on the room wall was changed"):
        seats["ana"].replace_room_screen(wall.id, 0, replace, wall.version)
    assert seats["ana"].room_wall(wall.id) == wall


def test_a_trainer_drives_the_room_wall_on_a_training_backend(seats: dict[str, BackendClient],
                                                             cameras: list[Camera]) -> None:
    wall = front(seats["trainer"])  # as every other live-view route: case work on a training backend
    wall = seats["trainer"].push_room_tile(wall.id, 1, 8, push(live_camera(cameras, 10)), wall.version)
    assert wall.screens[1].tiles[8].pushed_by == "trainer"
    seats["trainer"].clear_room_tile(wall.id, 1, 8, wall.version, "Drill over")


def test_a_supervisor_lock_holds_against_operators(seats: dict[str, BackendClient], cameras: list[Camera]) -> None:
    ana, sup = seats["ana"], seats["supervisor"]
    wall = front(ana)
    wall = ana.push_room_tile(wall.id, 1, 4, push(live_camera(cameras, 4)), wall.version)
    wall = sup.lock_room_tile(wall.id, 1, 4, True, wall.version)
    assert wall.screens[1].tiles[4].locked and wall.screens[1].tiles[4].locked_by == "supervisor"
    with pytest.raises(errors.Conflict, match="locked by supervisor"):
        ana.push_room_tile(wall.id, 1, 4, push(live_camera(cameras, 5)), wall.version)
    with pytest.raises(errors.Conflict, match="locked"):
        ana.clear_room_tile(wall.id, 1, 4, wall.version, "Done with it")
    with pytest.raises(errors.Conflict, match="locked"):
        ana.set_room_layout(wall.id, 1, "2x2", wall.version)  # tile 5 of a 3x3 would go
    with pytest.raises(errors.Forbidden):
        ana.lock_room_tile(wall.id, 1, 4, False, wall.version)
    # "Put my wall on the room wall" keeps the locked tile; the rest are ana's.
    mine = RoomScreenReplace(layout="3x3", tiles=[push(live_camera(cameras, 6))] * 9)
    wall = ana.replace_room_screen(wall.id, 1, mine, wall.version)
    assert wall.screens[1].tiles[4].camera_id == live_camera(cameras, 4).id
    assert {t.camera_id for i, t in enumerate(wall.screens[1].tiles) if i != 4} == {live_camera(cameras, 6).id}
    wall = sup.clear_room_tile(wall.id, 1, 4, wall.version, "Incident closed")
    assert wall.screens[1].tiles[4].camera_id is None and not wall.screens[1].tiles[4].locked
    created = sup.create_room_wall(RoomWallCreate(name="side-room", title="Side room", screens=2, layout="1+5"))
    assert [len(s.tiles) for s in created.screens] == [6, 6]
    with pytest.raises(errors.Forbidden):
        ana.create_room_wall(RoomWallCreate(name="ana-wall", title="Mine"))


def test_the_wall_device_gets_its_tiles_and_nothing_else(mock: MockProcess, seats: dict[str, BackendClient],
                                                         cameras: list[Camera]) -> None:
    device, ana = seats["wall-front"], seats["ana"]
    wall = front(ana)
    shown = live_camera(cameras, 7)
    wall = ana.push_room_tile(wall.id, 0, 2, push(shown), wall.version)
    grant = device.room_tile_grant(wall.id, 0, 2)
    assert (grant.camera_id, grant.case_number) == (shown.id, CASE_A)
    video = VideoReader(grant.url)
    try:
        assert video.wait_for_bytes(10), "the display's grant plays nothing"
    finally:
        video.close()
    empty = next(i for i, t in enumerate(wall.screens[1].tiles) if t.camera_id is None)
    with pytest.raises(errors.Conflict):
        device.room_tile_grant(wall.id, 1, empty)
    assert [w.name for w in device.room_walls()] == ["front"]
    other = next(w for w in seats["supervisor"].room_walls() if w.name != "front") if len(
        seats["supervisor"].room_walls()) > 1 else seats["supervisor"].create_room_wall(
        RoomWallCreate(name="back-room", title="Back room"))
    refused: list[Any] = [
        lambda: device.room_wall(other.id),
        lambda: device.room_tile_grant(other.id, 0, 0),
        lambda: device.request_stream(shown.id, CASE_A, "The display asks itself"),
        lambda: device.request_stream(live_camera(cameras, 8).id, CASE_A, "A camera it is not showing"),
        lambda: device.get_camera(shown.id),
        lambda: device.list_cameras(),
        lambda: device.list_audit(),
        lambda: device.list_requests(),
        lambda: device.create_request(request_body([shown], shown)),
        lambda: device.list_escalations(),
        lambda: device.request_exigent(ExigentRequest(camera_id=shown.id, case_number=CASE_A,
                                                      justification="A display cannot ask for this")),
        lambda: device.decide_escalation(1, True, "A display decides nothing"),
        lambda: device.list_incidents(),
        lambda: device.list_alarms(),
        lambda: device.push_room_tile(wall.id, 0, 3, push(shown), wall.version),
        lambda: device.clear_room_tile(wall.id, 0, 2, wall.version),
        lambda: device.set_room_layout(wall.id, 0, "1x1", wall.version),
        lambda: ana.room_tile_grant(wall.id, 0, 2),  # a seat views through its own grants
    ]
    for call in refused:
        with pytest.raises(errors.Forbidden):
            call()
    footage = requests.get(f"{mock.url}{API}/footage/anything", headers=device.auth_headers(), timeout=10)
    assert footage.status_code == 403
    assert device.room_wall(wall.id).version == wall.version


def test_consent_ending_clears_the_tile_and_cuts_the_display_within_a_second(
        mock: MockProcess, seats: dict[str, BackendClient], cameras: list[Camera]) -> None:
    ana, device = seats["ana"], seats["wall-front"]
    camera = live_camera(cameras, 9)
    wall = front(ana)
    wall = ana.push_room_tile(wall.id, 0, 3, push(camera), wall.version)
    grant = device.room_tile_grant(wall.id, 0, 3)
    video = VideoReader(grant.url)
    assert video.wait_for_bytes(10)
    # Short read timeouts: closing a reader waits for its thread's read to time out.
    device_events = EventReader(mock.url, device.auth_headers()["Authorization"].split()[1], read_timeout=2)
    seat_events = EventReader(mock.url, ana.auth_headers()["Authorization"].split()[1], read_timeout=2)
    try:
        revoked = time.monotonic()
        seats["trainer"].training_consent(camera.id, "revoke")

        def cleared(events: list[tuple[int, str, dict[str, Any]]]) -> bool:
            return any(t == "room_wall.updated" and "ended live sharing" in d["change"] for _, t, d in events)

        assert device_events.wait_for(cleared, 3) and seat_events.wait_for(cleared, 3)
        assert time.monotonic() - revoked < 1.0, "the room tile outlived the owner's consent by a second"
        ended = video.ended_within(3)
        assert ended is not None and ended - revoked < 1.0, "the display's stream outlived the consent"
    finally:
        for reader in (video, device_events, seat_events):
            reader.close()
    now = ana.room_wall(wall.id)
    assert now.screens[0].tiles[3].camera_id is None and now.version > wall.version
    assert now.updated_by == "system" and "The owner ended live sharing" in now.change
    # The display received room-wall events only, of its own wall, and nothing more than the event's fields.
    for _, type_, data in device_events.events:
        assert type_ == "room_wall.updated" and data["name"] == "front"
        assert set(data) == set(RoomWallUpdated.model_fields)
    left = seats["supervisor"].list_audit(action="room_wall.tile_left", case_number=CASE_A).items
    assert any(e.target == f"camera:{camera.id}" and e.detail["why"] == "The owner ended live sharing" for e in left)


def test_every_push_is_in_the_audit_trail_with_its_pusher_and_case(seats: dict[str, BackendClient]) -> None:
    sup = seats["supervisor"]
    pushes = sup.list_audit(action="room_wall.push", limit=5000).items
    done = [e for e in pushes if e.outcome == "success"]
    assert {e.actor for e in done} >= {"ana", "ben"}
    for e in done:
        assert e.case_number in (CASE_A, CASE_B) and e.target and e.target.startswith("camera:")
        assert {"wall", "screen", "tile", "purpose"} <= set(e.detail)
    assert any(e.outcome == "failure" and e.actor == "ben" for e in pushes), "the refused push is not audited"
    assert sup.list_audit(action="room_wall.lock").items and sup.list_audit(action="room_wall.clear").items
    assert any(e.detail.get("reason") == "Incident closed" for e in sup.list_audit(action="room_wall.clear").items)
    grants = sup.list_audit(action="room_wall.stream_grant").items
    assert any(e.actor == "wall-front" and e.case_number == CASE_A and e.detail["pushed_by"] == "ana" for e in grants)
    assert sup.list_audit(action="room_wall.push", limit=1).total == len(pushes)


def test_the_routes_are_in_the_openapi_contract(mock: MockProcess) -> None:
    paths = requests.get(f"{mock.url}/openapi.json", timeout=10).json()["paths"]
    tile = "/api/v1/room-walls/{wall_id}/screens/{screen}/tiles/{tile}"
    assert set(paths["/api/v1/room-walls"]) == {"get", "post"}
    assert set(paths[tile]) == {"put", "delete"}
    for path in ("/api/v1/room-walls/{wall_id}", f"{tile}/lock", f"{tile}/stream-grant",
                 "/api/v1/room-walls/{wall_id}/screens/{screen}",
                 "/api/v1/room-walls/{wall_id}/screens/{screen}/layout"):
        assert path in paths
    conflict = paths[tile]["put"]["responses"]["412"]["content"]["application/json"]["schema"]
    assert conflict["$ref"].endswith("/RoomWallConflict")


def test_the_transparency_report_counts_room_wall_minutes_apart(seats: dict[str, BackendClient]) -> None:
    from datetime import UTC, datetime, timedelta

    from rtcc_desktop.api.schemas import AuditEvent
    from rtcc_desktop.footage.transparency import build_report, room_wall_seconds

    start, end = datetime.now(UTC) - timedelta(hours=1), datetime.now(UTC) + timedelta(hours=1)
    trail = seats["supervisor"].list_audit(since=start, limit=5000).items
    report = build_report(start, end, trail, [])
    ok = [e for e in trail if e.outcome == "success"]
    assert report.room_wall_pushes == sum(e.action == "room_wall.push" for e in ok) > 0
    assert report.live_views_granted == sum(e.action == "stream.grant" for e in ok)  # the display's are apart
    assert report.room_wall_minutes > 0 and ("Room-wall live minutes", f"{report.room_wall_minutes:.0f}") in \
        report.rows()
    # Minutes from the trail: a push until its tile_left; one pushed before the period counts from its start.
    t0 = datetime(2026, 12, 1, 12, tzinfo=UTC)
    slot = {"wall_id": 1, "screen": 0, "tile": 2}

    def entry(i: int, action: str, minutes: float, **detail: Any) -> AuditEvent:
        return AuditEvent(id=i, at=t0 + timedelta(minutes=minutes), actor="ana", action=action, outcome="success",
                          detail={**slot, **detail})

    made = [entry(1, "room_wall.push", 0), entry(2, "room_wall.tile_left", 10, seconds=600),
            entry(3, "room_wall.tile_left", 30, seconds=1200, tile=3), entry(4, "room_wall.push", 50)]
    seconds = room_wall_seconds(t0 + timedelta(minutes=15), t0 + timedelta(minutes=60), made,
                                now=t0 + timedelta(days=1))
    assert seconds == pytest.approx((15 + 10) * 60)  # tile 3 from 15 to 30, tile 2 from 50 to 60
