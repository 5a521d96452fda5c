"""RoomWallMirror, the core owner of a room wall's state: two mirrors against the real mock over
loopback (a push reaching the other through the event stream, a stale change refused with who
changed it, a reconnect loading again), events and walls from a hostile backend, and the kept
wall a display shows when it restarts with the backend down (the file read as hostile input)."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api import errors
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import (
    ROOM_LAYOUT_TILES,
    RoomScreen,
    RoomTile,
    RoomTilePush,
    RoomWall,
    RoomWallCreate,
    ServerEvent,
)
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.room_wall.cache import MAX_BYTES, WallCache, cache_file
from rtcc_desktop.room_wall.mirror import RoomWallMirror
from rtcc_desktop.room_wall.shape import fit
from rtcc_desktop.video.wall_layouts import LAYOUTS
from tests.contract.helpers import live_camera
from ui.background import run_in_background
from ui.event_bridge import EventBridge

CASE = "2026-000931"


def test_the_contract_names_the_layouts_the_app_draws() -> None:
    assert ROOM_LAYOUT_TILES == {name: layout.tile_count for name, layout in LAYOUTS.items()}


def now() -> datetime:
    return datetime.now(UTC)


def a_wall(version: int = 1, name: str = "front", screens: list[RoomScreen] | None = None, wall_id: int = 1,
           **extra: Any) -> RoomWall:
    screens = screens if screens is not None else [RoomScreen(index=0, layout="2x2", tiles=[
        RoomTile(index=i) for i in range(4)])]
    return RoomWall(id=wall_id, name=name, title="Front", version=version, screens=screens, updated_at=now(),
                    updated_by="sam", **extra)


class Scripted:
    """A backend that answers what the test says and counts what it is asked."""

    def __init__(self, wall: RoomWall) -> None:
        self.wall = wall
        self.calls: list[str] = []
        self.fail: BaseException | None = None

    def _answer(self, what: str) -> RoomWall:
        self.calls.append(what)
        if self.fail is not None:
            raise self.fail
        return self.wall

    def room_walls(self) -> list[RoomWall]:
        return [self._answer("list")]

    def room_wall(self, wall_id: int) -> RoomWall:
        return self._answer(f"get {wall_id}")

    def push_room_tile(self, wall_id: int, screen: int, tile: int, push: RoomTilePush, version: int) -> RoomWall:
        return self._answer(f"push {version}")

    def clear_room_tile(self, wall_id: int, screen: int, tile: int, version: int, reason: str = "") -> RoomWall:
        return self._answer(f"clear {version}")

    def set_room_layout(self, wall_id: int, screen: int, layout: str, version: int) -> RoomWall:
        return self._answer(f"layout {version}")

    def replace_room_screen(self, wall_id: int, screen: int, replace: Any, version: int) -> RoomWall:
        return self._answer(f"replace {version}")

    def lock_room_tile(self, wall_id: int, screen: int, tile: int, locked: bool, version: int) -> RoomWall:
        return self._answer(f"lock {version}")


def inline(work: Callable[[], Any], ok: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
    """A runner for scripted backends: the work at once (the real one is run_in_background)."""
    try:
        result = work()
    except Exception as exc:  # delivered as run_in_background delivers it
        failed(exc)
    else:
        ok(result)


def event(**data: Any) -> ServerEvent:
    return ServerEvent(id=1, type="room_wall.updated", data=data)


# --- hostile events and walls (scripted backend) ------------------------------------------------------

def test_events_only_make_it_fetch_and_never_become_the_state(qtbot: QtBot) -> None:
    backend = Scripted(a_wall(version=5))
    mirror = RoomWallMirror(backend, inline, "front")
    mirror.start()
    assert mirror.wall is not None and mirror.wall.version == 5 and mirror.freshness == "current"
    backend.calls.clear()
    for ignored in (event(id=1, name="front", version=5), event(id=1, name="front", version=3),
                    event(id=2, name="side", version=99), event(id=True, name="x", version=9),
                    ServerEvent(id=2, type="camera.updated", data={"id": 1, "version": 99})):
        mirror.apply_event(ignored)
    assert backend.calls == []  # as new as held, older, another wall, not an id, another type
    for suspicious in (event(id=1, name="front", version="99"), event(id=1, name="front", version=10**30),
                       event(id=1, name="front", version=None), event(id=1, name="front", version=6.0)):
        mirror.apply_event(suspicious)
    assert backend.calls == ["get 1"] * 4  # each checked by a fetch ...
    assert mirror.wall.version == 5  # ... and the wall the backend gives is what is held
    backend.wall = a_wall(version=6)
    mirror.apply_event(event(id=1, name="front", version=6))
    assert mirror.wall.version == 6


def test_a_wall_whose_tiles_do_not_match_its_layout_is_fitted_and_said(qtbot: QtBot) -> None:
    tiles = [RoomTile(index=i % 3, camera_id=10 + i, camera_label="Cam\n\u202eevil" + "x" * 500) for i in range(7)]
    hostile = a_wall(screens=[RoomScreen(index=5, layout="2x2", tiles=tiles),
                              RoomScreen(index=5, layout="13x13", tiles=[RoomTile(index=20, camera_id=4)]),
                              RoomScreen(index=0, layout="3x3", tiles=[])])
    backend = Scripted(hostile)
    mirror = RoomWallMirror(backend, inline, "front")
    problems: list[str] = []
    mirror.problem.connect(problems.append)
    mirror.start()
    wall = mirror.wall
    assert wall is not None
    assert [(s.index, s.layout, len(s.tiles)) for s in wall.screens] == [(0, "2x2", 4), (1, "5x5", 25),
                                                                        (2, "3x3", 9)]
    first = wall.screens[0].tiles
    assert [t.index for t in first] == [0, 1, 2, 3] and [t.camera_id for t in first] == [10, 11, 12, None]
    assert "\n" not in first[0].camera_label and "\u202e" not in first[0].camera_label
    assert len(first[0].camera_label) <= 200
    assert wall.screens[1].tiles[20].camera_id == 4
    assert any("screen 1" in p and "4 cameras" in p for p in problems)
    assert any("'13x13' is not one this app knows" in p for p in problems)
    assert fit(wall)[1] == []  # a fitted wall fits


def test_a_stale_change_is_a_conflict_and_the_current_wall_is_held(qtbot: QtBot) -> None:
    backend = Scripted(a_wall(version=2))
    mirror = RoomWallMirror(backend, inline, "front")
    mirror.start()
    current = a_wall(version=4, change="sam put camera 7 on screen 1 tile 1")
    backend.fail = errors.RoomWallConflictError(current, code="room_wall_changed")
    conflicts: list[tuple[str, RoomWall]] = []
    mirror.conflict.connect(lambda message, wall: conflicts.append((message, wall)))
    done: list[bool] = []
    mirror.change_done.connect(done.append)
    mirror.push(0, 0, RoomTilePush(camera_id=7, case_number=CASE, purpose="Watching the scene"))
    assert backend.calls[-1] == "push 2"  # the version the change was made against
    assert len(conflicts) == 1 and "sam changed this room wall at" in conflicts[0][0]
    assert conflicts[0][1].version == 4 and mirror.wall is not None and mirror.wall.version == 4
    backend.fail = errors.BackendUnreachable("Cannot reach the backend.")
    problems: list[str] = []
    mirror.problem.connect(problems.append)
    mirror.clear(0, 0, "Done")
    assert problems == ["The room wall was not changed: Cannot reach the backend."] and mirror.wall.version == 4
    backend.fail = None
    mirror.lock(0, 0, True)
    assert done == [False, False, True]


def test_a_lost_event_stream_marks_it_behind_and_its_return_loads_again(qtbot: QtBot) -> None:
    backend = Scripted(a_wall(version=3))
    mirror = RoomWallMirror(backend, inline, "front")
    mirror.start()
    mirror.on_stream_state("connected")
    backend.calls.clear()
    mirror.on_stream_state("reconnecting")
    assert mirror.freshness == "behind" and backend.calls == []
    backend.wall = a_wall(version=1)  # the backend came back set up anew: its versions counted again
    mirror.on_stream_state("connected")
    assert backend.calls == ["list"] and mirror.freshness == "current" and mirror.wall.version == 1
    mirror.on_resync()
    assert backend.calls == ["list", "list"]


# --- the kept wall -------------------------------------------------------------------------------------

def test_a_display_restarted_with_the_backend_down_shows_the_last_wall(qtbot: QtBot, tmp_path: Path) -> None:
    path = cache_file("http://127.0.0.1:9", "front", tmp_path)
    backend = Scripted(a_wall(version=7, screens=[RoomScreen(index=0, layout="1x1", tiles=[
        RoomTile(index=0, camera_id=12, camera_label="Corner store", case_number=CASE)])]))
    first = RoomWallMirror(backend, run_in_background, "front", WallCache(path, "http://127.0.0.1:9", "front"))
    first.start()
    qtbot.waitUntil(lambda: path.exists(), timeout=5000)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    backend.fail = errors.BackendUnreachable("Cannot reach the backend.")
    again = RoomWallMirror(backend, run_in_background, "front", WallCache(path, "http://127.0.0.1:9", "front"))
    seen: list[RoomWall] = []
    again.changed.connect(seen.append)
    again.start()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[0].version == 7 and seen[0].screens[0].tiles[0].camera_label == "Corner store"
    assert again.freshness == "cached"
    backend.fail = None  # the backend returns
    again.reload()
    qtbot.waitUntil(lambda: again.freshness == "current", timeout=5000)


@pytest.mark.parametrize("damage", ["garbage", "nested", "huge", "symlink", "fifo", "other backend",
                                    "other wall", "not a wall"])
def test_a_damaged_kept_wall_is_not_shown_and_nothing_breaks(tmp_path: Path, damage: str) -> None:
    url = "http://127.0.0.1:9"
    path = cache_file(url, "front", tmp_path / "room-walls")
    path.parent.mkdir()
    good = {"format": 1, "backend": url, "wall": a_wall().model_dump(mode="json")}
    if damage == "garbage":
        path.write_bytes(b"\xff\xfe{not json")
    elif damage == "nested":
        path.write_text("[" * 100_000)
    elif damage == "huge":
        path.write_text(json.dumps({**good, "pad": "x" * MAX_BYTES}))
    elif damage == "symlink":
        (tmp_path / "elsewhere.json").write_text(json.dumps(good))
        path.symlink_to(tmp_path / "elsewhere.json")
    elif damage == "fifo":
        os.mkfifo(path)
    elif damage == "other backend":
        path.write_text(json.dumps({**good, "backend": "https://elsewhere.example"}))
    elif damage == "other wall":
        path.write_text(json.dumps({**good, "wall": a_wall(name="side").model_dump(mode="json")}))
    else:
        path.write_text(json.dumps({**good, "wall": {"id": "one", "screens": "many"}}))
    wall, problem = WallCache(path, url, "front").read()
    assert wall is None and problem is not None and "could not be" in problem
    saved, fresh = a_wall(), WallCache(path.with_name("fresh.json"), url, "front")
    fresh.save(saved, 1)
    assert fresh.read() == (saved, None)  # and a good file next to it reads back whole


# --- two mirrors against the real mock -----------------------------------------------------------------

@pytest.fixture(scope="module")
def seats(mock_backend: MockProcess) -> Iterator[dict[str, Any]]:
    made = {name: BackendClient(mock_backend.url) for name in ("operator", "supervisor")}
    for name, client in made.items():
        client.sign_in(name, "demo")
    wall = made["supervisor"].create_room_wall(RoomWallCreate(name=f"mirror-{secrets.token_hex(3)}",
                                                              title="Mirror test", screens=1, layout="2x2"))
    yield {**made, "wall": wall, "cameras": made["operator"].all_cameras()}
    for client in made.values():
        client.close()


def test_two_seats_mirror_one_wall_and_the_slower_sees_the_faster(qtbot: QtBot, seats: dict[str, Any]) -> None:
    a_client, b_client, name = seats["operator"], seats["supervisor"], seats["wall"].name
    a, b = RoomWallMirror(a_client, run_in_background, name), RoomWallMirror(b_client, run_in_background, name)
    bridge = EventBridge(b_client)  # B follows the backend's events, A only its own replies
    b.follow(bridge)
    bridge.start()
    try:
        qtbot.waitUntil(lambda: bridge.connection_state == "connected", timeout=10_000)
        a.start()
        b.start()
        qtbot.waitUntil(lambda: a.wall is not None and b.wall is not None, timeout=10_000)
        loaded = a.wall
        assert loaded is not None and b.wall == loaded
        camera = live_camera(seats["cameras"], 11)
        with qtbot.waitSignal(b.changed, timeout=5000) as followed:
            a.push(0, 1, RoomTilePush(camera_id=camera.id, case_number=CASE, purpose="Watching the scene"))
        shown: RoomWall = followed.args[0]
        assert shown.version == loaded.version + 1 and shown.screens[0].tiles[1].camera_id == camera.id
        assert shown.screens[0].tiles[1].pushed_by == "operator"
        qtbot.waitUntil(lambda: a.wall is not None and a.wall.version == shown.version, timeout=5000)
        # B changes the wall; A does not follow events, so its next change is made against the old version.
        b.set_layout(0, "3x3")
        qtbot.waitUntil(lambda: b.wall is not None and b.wall.screens[0].layout == "3x3", timeout=5000)
        with qtbot.waitSignal(a.conflict, timeout=5000) as refused:
            a.clear(0, 1, "Not needed")
        message, current = refused.args
        assert "supervisor changed this room wall" in message and "3x3" in message
        assert current == a.wall and current.screens[0].layout == "3x3"
        assert current.screens[0].tiles[1].camera_id == camera.id  # A's clear was not made
    finally:
        bridge.stop()
