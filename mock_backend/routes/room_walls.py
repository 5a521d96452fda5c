"""``/room-walls``: the room's shared video wall. Seats read and change it (every change says the
version it was made against: ``If-Match``), supervisors set walls up and lock tiles, and a wall's
display reads its wall and gets stream grants for the tiles it shows."""

from __future__ import annotations

import secrets
import sqlite3
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request, Response

from mock_backend import audit_log, clock, duties, security
from mock_backend import room_walls as walls
from mock_backend.alarms import active_alarm
from mock_backend.consent import live_refusal
from mock_backend.errors import ApiError
from mock_backend.routes.params import Id
from mock_backend.routes.streams import grant_answer
from mock_backend.security import ANY_ROLE, Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import (
    MAX_ROOM_SCREENS,
    MAX_ROOM_TILES,
    ROOM_LAYOUT_TILES,
    ErrorResponse,
    Role,
    RoomScreenLayout,
    RoomScreenReplace,
    RoomTileClear,
    RoomTileGrantRequest,
    RoomTileLock,
    RoomTilePush,
    RoomWall,
    RoomWallConflict,
    RoomWallCreate,
    RoomWallList,
    StreamGrant,
)

router = APIRouter()
Screen = Annotated[int, Path(ge=0, lt=MAX_ROOM_SCREENS, description="The screen's index (0 is the first)")]
Tile = Annotated[int, Path(ge=0, lt=MAX_ROOM_TILES, description="The tile's index in its screen's layout")]
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=40,
                                       description='The version this change was made against: "<version>"')]
_ERR = {"model": ErrorResponse}
READ_ERRORS: dict[int | str, dict[str, object]] = {401: _ERR, 403: _ERR, 404: _ERR}
EDIT_ERRORS: dict[int | str, dict[str, object]] = {
    **READ_ERRORS, 400: _ERR, 409: _ERR, 412: {"model": RoomWallConflict}, 422: _ERR, 428: _ERR}
_TILE_PATH = "/room-walls/{wall_id}/screens/{screen}/tiles/{tile}"


def reader(principal: Principal = Depends(require(*ANY_ROLE, Role.wall_device)),
           state: MockState = Depends(get_state)) -> Principal:
    """Seats (as case work: a trainer on a training backend only) and the walls' displays."""
    if principal.role is Role.wall_device:
        return principal
    return duties.case_worker(principal, state)


def _own_wall(conn: sqlite3.Connection, principal: Principal, row: sqlite3.Row) -> ApiError | None:
    """A display reads only the wall it shows (audited refusal otherwise)."""
    name = walls.device_wall(principal)
    if name is None or name == row["name"]:
        return None
    return duties.refuse(conn, principal, "forbidden", f"This display shows the room wall {name!r} only.",
                         target=f"room_wall:{row['id']}")


def _etag(response: Response, wall: dict) -> dict:
    response.headers["ETag"] = f'"{wall["version"]}"'
    return wall


@router.get("/room-walls", response_model=RoomWallList, responses=READ_ERRORS)
def list_walls(principal: Principal = Depends(reader), state: MockState = Depends(get_state)) -> dict:
    name = walls.device_wall(principal)
    with state.db.tx() as conn:
        found = conn.execute("SELECT * FROM room_walls ORDER BY id").fetchall()
        return {"items": [walls.wall_dict(conn, r) for r in found if name is None or r["name"] == name]}


@router.post("/room-walls", response_model=RoomWall, status_code=201, responses={**READ_ERRORS, 409: _ERR})
def create_wall(body: RoomWallCreate, response: Response, principal: Principal = Depends(require(Role.supervisor)),
                state: MockState = Depends(get_state)) -> dict:
    """A supervisor sets up a wall for a room's display controller (empty tiles)."""
    with state.db.tx() as conn:
        made = walls.create(conn, state.bus, principal, body.name, body.title, body.screens, body.layout)
    return _etag(response, made)


@router.get("/room-walls/{wall_id}", response_model=RoomWall, responses=READ_ERRORS)
def get_wall(wall_id: Id, response: Response, principal: Principal = Depends(reader),
             state: MockState = Depends(get_state)) -> dict:
    """The wall with ``ETag: "<version>"``: send that version back as ``If-Match`` to change it."""
    with state.db.tx() as conn:
        row = walls.find(conn, wall_id)
        refusal = _own_wall(conn, principal, row)
        wall = None if refusal else walls.wall_dict(conn, row)
    if refusal is not None:
        raise refusal
    assert wall is not None
    return _etag(response, wall)


def _edit(state: MockState, principal: Principal, wall_id: int, if_match: str | None, action: str,
          change: object) -> dict:
    """Run ``change(edit)`` against the version in ``if_match``: it returns the change in words
    or an ApiError (a refusal, already audited); a stale version is a 412 with the wall as it is."""
    version = walls.parse_if_match(if_match)
    with state.db.tx() as conn:
        row = walls.find(conn, wall_id)
        if row["version"] != version:
            outcome: object = walls.conflict(conn, row, principal, version, action)
        else:
            edit = walls.Edit(conn, state.bus, row, principal.username, principal.role.value)
            outcome = change(edit)  # type: ignore[operator]
            if isinstance(outcome, ApiError):
                audit_log.record(conn, actor=principal.username, role=principal.role.value, action=action,
                                 outcome="failure", target=f"room_wall:{wall_id}", reason=outcome.message)
            else:
                outcome = edit.commit(str(outcome))
    if isinstance(outcome, ApiError):
        raise outcome
    assert isinstance(outcome, dict)
    return outcome


@router.put(_TILE_PATH, response_model=RoomWall, responses=EDIT_ERRORS)
def push_tile(wall_id: Id, screen: Screen, tile: Tile, body: RoomTilePush, response: Response,
              if_match: IfMatch = None, principal: Principal = Depends(duties.case_worker),
              state: MockState = Depends(get_state)) -> dict:
    """Put a camera on a room tile for a case: the pusher must be allowed to view it live now
    (the checks of a seat's grant). The camera that was there leaves (audited)."""

    def change(edit: walls.Edit) -> str | ApiError:
        held = edit.tile(screen, tile)
        if (locked := walls.locked_refusal(held, principal, screen, tile)) is not None:
            return locked
        camera, refusal = walls.pushable(edit.conn, principal, body, edit.now)
        if refusal is not None:
            return ApiError(*refusal)
        assert camera is not None
        edit.leave(screen, tile, f"replaced by camera {camera['id']} ({principal.username})")
        edit.place(screen, tile, camera, body, locked=held["locked"], locked_by=held["locked_by"])
        return (f"{principal.username} put {walls.camera_words(camera)} on screen {screen + 1} tile {tile + 1}"
                f" for {body.case_number}")

    return _etag(response, _edit(state, principal, wall_id, if_match, "room_wall.push", change))


@router.delete(_TILE_PATH, response_model=RoomWall, responses=EDIT_ERRORS)
def clear_tile(wall_id: Id, screen: Screen, tile: Tile, response: Response,
               body: Annotated[RoomTileClear | None, Body()] = None,
               reason: str | None = Query(None, min_length=1, max_length=200, description="Why (or in the body)"),
               if_match: IfMatch = None, principal: Principal = Depends(duties.case_worker),
               state: MockState = Depends(get_state)) -> dict:
    """Clear a room tile, saying why (audited). A locked tile: a supervisor only."""
    why = body.reason if body is not None else reason or RoomTileClear().reason

    def change(edit: walls.Edit) -> str | ApiError:
        held = edit.tile(screen, tile)
        if (locked := walls.locked_refusal(held, principal, screen, tile)) is not None:
            return locked
        edit.leave(screen, tile, f"cleared by {principal.username}: {why}")
        audit_log.record(edit.conn, actor=principal.username, role=principal.role.value, action="room_wall.clear",
                         case_number=held["case_number"],
                         target=None if held["camera_id"] is None else f"camera:{held['camera_id']}",
                         reason=why, **edit.where(screen, tile))
        edit.screen(screen)["tiles"][tile] = walls.empty_tile()
        return f"{principal.username} cleared screen {screen + 1} tile {tile + 1}: {why}"

    return _etag(response, _edit(state, principal, wall_id, if_match, "room_wall.clear", change))


@router.put("/room-walls/{wall_id}/screens/{screen}/layout", response_model=RoomWall, responses=EDIT_ERRORS)
def set_layout(wall_id: Id, screen: Screen, body: RoomScreenLayout, response: Response,
               if_match: IfMatch = None, principal: Principal = Depends(duties.case_worker),
               state: MockState = Depends(get_state)) -> dict:
    """Change a screen's layout: tiles keep their cameras by index; tiles past the new layout's
    end leave (a locked one only when a supervisor changes it)."""

    def change(edit: walls.Edit) -> str | ApiError:
        tiles = edit.screen(screen)["tiles"]
        count = ROOM_LAYOUT_TILES[body.layout]
        for t in range(count, len(tiles)):
            if (locked := walls.locked_refusal(tiles[t], principal, screen, t)) is not None:
                return locked
        for t in range(count, len(tiles)):
            edit.leave(screen, t, f"layout changed to {body.layout} by {principal.username}")
        was = edit.screen(screen)["layout"]
        edit.screens[screen] = {"layout": body.layout,
                                "tiles": [*tiles[:count], *(walls.empty_tile() for _ in range(count - len(tiles)))]}
        audit_log.record(edit.conn, actor=principal.username, role=principal.role.value, action="room_wall.layout",
                         target=f"room_wall:{wall_id}", layout=body.layout, was=was, wall=edit.row["name"],
                         screen=screen)
        return f"{principal.username} changed screen {screen + 1} to {body.layout}"

    return _etag(response, _edit(state, principal, wall_id, if_match, "room_wall.layout", change))


@router.put("/room-walls/{wall_id}/screens/{screen}", response_model=RoomWall, responses=EDIT_ERRORS)
def replace_screen(wall_id: Id, screen: Screen, body: RoomScreenReplace, response: Response,
                   if_match: IfMatch = None, principal: Principal = Depends(duties.case_worker),
                   state: MockState = Depends(get_state)) -> dict:
    """"Put my wall on the room wall": a screen's layout and every tile at once (None: empty). All
    the cameras must be ones the pusher may view live, or nothing changes; a locked tile keeps its
    camera unless a supervisor replaces the screen."""
    count = ROOM_LAYOUT_TILES[body.layout]
    if len(body.tiles) > count:
        raise ApiError(422, "validation_error", f"The layout {body.layout} has {count} tiles; {len(body.tiles)} "
                                                "were given.")

    def change(edit: walls.Edit) -> str | ApiError:
        old = edit.screen(screen)["tiles"]
        wanted = [*body.tiles, *([None] * (count - len(body.tiles)))]
        kept = {t for t, held in enumerate(old)
                if held["locked"] and principal.role is not Role.supervisor}
        if any(t >= count for t in kept):
            t = max(kept)
            return walls.locked_refusal(old[t], principal, screen, t)
        cameras, refused = {}, []
        for t, push in enumerate(wanted):
            if push is None or t in kept:
                continue
            camera, refusal = walls.pushable(edit.conn, principal, push, edit.now)
            if refusal is not None:
                refused.append(refusal)
            cameras[t] = camera
        if refused:
            words = "; ".join(r[2] for r in refused[:3]) + (f" (+{len(refused) - 3} more)" if len(refused) > 3 else "")
            return ApiError(refused[0][0], refused[0][1], f"Nothing on the room wall was changed. {words}")
        for t, held in enumerate(old):
            if t not in kept:
                edit.leave(screen, t, f"screen {screen + 1} replaced by {principal.username}", held)
        was = edit.screen(screen)["layout"]
        edit.screens[screen] = {"layout": body.layout,
                                "tiles": [old[t] if t in kept else walls.empty_tile() for t in range(count)]}
        for t, push in enumerate(wanted):
            if push is not None and t not in kept:
                edit.place(screen, t, cameras[t], push)
        audit_log.record(edit.conn, actor=principal.username, role=principal.role.value,
                         action="room_wall.replace_screen", target=f"room_wall:{wall_id}", layout=body.layout,
                         was=was, wall=edit.row["name"], screen=screen, kept_locked=sorted(kept))
        placed = sum(1 for t, p in enumerate(wanted) if p is not None and t not in kept)
        note = f" ({len(kept)} locked tile{'s' if len(kept) != 1 else ''} kept)" if kept else ""
        return f"{principal.username} put their wall ({placed} cameras, {body.layout}) on screen {screen + 1}{note}"

    return _etag(response, _edit(state, principal, wall_id, if_match, "room_wall.replace_screen", change))


@router.put(_TILE_PATH + "/lock", response_model=RoomWall, responses=EDIT_ERRORS)
def lock_tile(wall_id: Id, screen: Screen, tile: Tile, body: RoomTileLock, response: Response,
              if_match: IfMatch = None, principal: Principal = Depends(require(Role.supervisor)),
              state: MockState = Depends(get_state)) -> dict:
    """A supervisor locks a tile (a critical incident's camera stays) or unlocks it."""

    def change(edit: walls.Edit) -> str:
        held = edit.tile(screen, tile)
        held["locked"], held["locked_by"] = body.locked, principal.username if body.locked else None
        verb = "locked" if body.locked else "unlocked"
        audit_log.record(edit.conn, actor=principal.username, role=principal.role.value,
                         action=f"room_wall.{'lock' if body.locked else 'unlock'}", case_number=held["case_number"],
                         target=None if held["camera_id"] is None else f"camera:{held['camera_id']}",
                         **edit.where(screen, tile))
        return f"{principal.username} {verb} screen {screen + 1} tile {tile + 1}"

    return _etag(response, _edit(state, principal, wall_id, if_match, "room_wall.lock", change))


@router.post(_TILE_PATH + "/stream-grant", response_model=StreamGrant, status_code=201,
             responses={**READ_ERRORS, 409: _ERR})
def tile_grant(wall_id: Id, screen: Screen, tile: Tile, request: Request,
               body: Annotated[RoomTileGrantRequest | None, Body()] = None,
               principal: Principal = Depends(require(Role.wall_device)),
               state: MockState = Depends(get_state)) -> dict:
    """A wall's display gets the live stream of one of its tiles: bound to the tile's case number
    and purpose, checked against the owner's consent for whoever put it there, and ended when
    the tile changes, consent ends or the display's session ends."""
    profile = (body or RoomTileGrantRequest()).profile
    now = clock.now()
    with state.db.tx() as conn:
        row = walls.find(conn, wall_id)
        refusal = _own_wall(conn, principal, row)
        held = None if refusal is not None else walls.Edit(conn, state.bus, row, principal.username, None)
        where = {} if held is None else held.where(screen, tile)
        try:
            shown = None if held is None else held.tile(screen, tile)
        except ApiError as missing:
            refusal = missing
            shown = None
        camera = None
        if refusal is None and shown is not None:
            if shown["camera_id"] is None:
                refusal = ApiError(409, "room_tile_empty", f"Screen {screen + 1} tile {tile + 1} shows no camera.")
            else:
                camera = conn.execute("SELECT * FROM cameras WHERE id = ?", (shown["camera_id"],)).fetchone()
                reason = None if camera is None else live_refusal(
                    conn, camera, shown["case_number"], shown["pushed_by"] or "", now)
                if camera is None or reason is not None:
                    refusal = ApiError(403, "no_live_consent", reason or "The camera is gone.")
                elif camera["status"] != "online":
                    refusal = ApiError(409, "camera_offline", "The camera is offline; try again when it is back.")
        who = {"actor": principal.username, "role": principal.role.value,
               "case_number": None if shown is None else shown["case_number"],
               "target": None if shown is None or shown["camera_id"] is None else f"camera:{shown['camera_id']}"}
        if refusal is not None:
            if refusal.status != 403 or refusal.code == "no_live_consent":  # _own_wall audited its own
                audit_log.record(conn, action="room_wall.stream_grant", outcome="failure", reason=refusal.message,
                                 profile=profile, **where, **who)
        else:
            assert camera is not None and shown is not None
            expires = now + state.settings.grant_ttl_s
            if camera["live_until"] is not None and camera["sharing"] == "live":
                expires = min(expires, camera["live_until"])
            if camera["sharing"] == "alarm_only" and (alarm := active_alarm(conn, camera["id"], now)):
                expires = min(expires, alarm["ends_at"])
            grant_id, token = secrets.token_hex(8), secrets.token_urlsafe(24)
            conn.execute(
                "INSERT INTO grants (id, token, camera_id, username, case_number, purpose, profile, created_at,"
                " expires_at, family) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (grant_id, token, camera["id"], principal.username, shown["case_number"], shown["purpose"], profile,
                 now, expires, security.family_of(conn, request.state.token)))
            conn.execute("INSERT INTO room_grants (grant_id, wall_id, screen, tile) VALUES (?, ?, ?, ?)",
                         (grant_id, wall_id, screen, tile))
            audit_log.record(conn, action="room_wall.stream_grant", purpose=shown["purpose"], profile=profile,
                             pushed_by=shown["pushed_by"], grant_id=grant_id, expires_in_s=round(expires - now, 1),
                             **where, **who)
    if refusal is not None:
        raise refusal
    assert camera is not None and shown is not None
    return grant_answer(state, request, int(camera["id"]), grant_id, token, profile, expires, shown["case_number"])
