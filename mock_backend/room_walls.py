"""The room walls: one shared video wall per room, versioned, driven from every seat.

A wall's screens (layout and tiles) are one JSON column; every change happens in one
transaction that checks the version the change was made against, writes version + 1, audits
and publishes ``room_wall.updated``. What a tile shows is re-checked against the owner's consent
(for the pusher, as a seat's grant is) whenever the backend records anything and at least every
``SWEEP_S``: a camera whose consent ended leaves every tile at once.

A wall device account is bound to one wall by its name: ``wall-<name>`` shows the wall
``<name>`` (a production backend keeps its own device registry)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import sqlite3
from dataclasses import dataclass
from typing import Any

from mock_backend import audit_log, clock
from mock_backend.consent import live_refusal
from mock_backend.errors import ApiError
from mock_backend.event_bus import EventBus
from mock_backend.security import Principal
from rtcc_desktop.api.schemas import ROOM_LAYOUT_TILES, Role, RoomTilePush, RoomWall

log = logging.getLogger(__name__)
SYSTEM = "system"
CONSENT_ENDED = "The owner ended live sharing"
SWEEP_S = 0.5
DEVICE_PREFIX = "wall-"
_SEED = ("front", "Front of the room", ("2x2", "3x3"))


def device_wall(principal: Principal) -> str | None:
    """The name of the wall a wall device shows (None for everyone else)."""
    if principal.role is not Role.wall_device:
        return None
    return principal.username.removeprefix(DEVICE_PREFIX)


def empty_tile() -> dict[str, Any]:
    return {"camera_id": None, "case_number": None, "purpose": None, "pushed_by": None, "since": None,
            "locked": False, "locked_by": None}


def _screen(layout: str) -> dict[str, Any]:
    return {"layout": layout, "tiles": [empty_tile() for _ in range(ROOM_LAYOUT_TILES[layout])]}


def seed(conn: sqlite3.Connection) -> None:
    """The demo's wall (``front``: two screens, 2x2 and 3x3) when there is none."""
    if conn.execute("SELECT 1 FROM room_walls LIMIT 1").fetchone() is not None:
        return
    name, title, layouts = _SEED
    conn.execute(
        "INSERT INTO room_walls (name, title, version, screens, updated_at, updated_by, change)"
        " VALUES (?, ?, 1, ?, ?, ?, ?)",
        (name, title, json.dumps([_screen(layout) for layout in layouts]), clock.now(), SYSTEM, "set up"))


def create(conn: sqlite3.Connection, bus: EventBus, principal: Principal, name: str, title: str, screens: int,
           layout: str) -> dict[str, Any]:
    if conn.execute("SELECT 1 FROM room_walls WHERE name = ?", (name,)).fetchone() is not None:
        raise ApiError(409, "room_wall_exists", f"There is a room wall named {name!r} already.")
    change = f"set up with {screens} screen{'s' if screens != 1 else ''} of {layout}"
    cursor = conn.execute(
        "INSERT INTO room_walls (name, title, version, screens, updated_at, updated_by, change)"
        " VALUES (?, ?, 1, ?, ?, ?, ?)",
        (name, title, json.dumps([_screen(layout) for _ in range(screens)]), clock.now(), principal.username,
         change))
    row = conn.execute("SELECT * FROM room_walls WHERE id = ?", (cursor.lastrowid,)).fetchone()
    audit_log.record(conn, actor=principal.username, role=principal.role.value, action="room_wall.create",
                     target=f"room_wall:{row['id']}", wall=name, screens=screens, layout=layout)
    _publish(conn, bus, row)
    return wall_dict(conn, row)


def _publish(conn: sqlite3.Connection, bus: EventBus, row: sqlite3.Row) -> None:
    bus.publish(conn, "room_wall.updated", {"id": row["id"], "name": row["name"], "version": row["version"],
                                            "updated_by": row["updated_by"], "change": row["change"]})


def consent_end(conn: sqlite3.Connection, camera: sqlite3.Row, now: float) -> str | None:
    """When the camera's live sharing ends for a tile (an owner's window, an alarm), or None."""
    if camera["sharing"] == "live" and camera["live_until"] is not None:
        return str(clock.to_dt_required(camera["live_until"]).isoformat())
    if camera["sharing"] == "alarm_only":
        alarm = conn.execute("SELECT ends_at FROM alarms WHERE camera_id = ? AND ended_at IS NULL AND ends_at > ?"
                             " ORDER BY id DESC LIMIT 1", (camera["id"], now)).fetchone()
        if alarm is not None:
            return str(clock.to_dt_required(alarm["ends_at"]).isoformat())
    return None


def wall_dict(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """The contract's RoomWall: labels and consent ends read from the cameras as they are now."""
    now = clock.now()
    screens = []
    for s, screen in enumerate(json.loads(row["screens"])):
        tiles = []
        for t, tile in enumerate(screen["tiles"]):
            shown: dict[str, Any] = {"index": t, "camera_id": tile["camera_id"], "camera_label": "",
                                     "case_number": tile["case_number"], "purpose": tile["purpose"],
                                     "pushed_by": tile["pushed_by"], "since": clock.to_dt(tile["since"]),
                                     "locked": tile["locked"], "locked_by": tile["locked_by"],
                                     "consent_ends_at": None}
            if tile["camera_id"] is not None:
                camera = conn.execute("SELECT * FROM cameras WHERE id = ?", (tile["camera_id"],)).fetchone()
                if camera is not None:
                    shown["camera_label"] = camera["label"]
                    shown["consent_ends_at"] = consent_end(conn, camera, now)
            tiles.append(shown)
        screens.append({"index": s, "layout": screen["layout"], "tiles": tiles})
    return {"id": row["id"], "name": row["name"], "title": row["title"], "version": row["version"],
            "screens": screens, "updated_at": clock.to_dt_required(row["updated_at"]),
            "updated_by": row["updated_by"], "change": row["change"]}


def wall_json(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """``wall_dict`` as JSON values (for a body written outside a response model: the 412's)."""
    return RoomWall.model_validate(wall_dict(conn, row)).model_dump(mode="json")


def find(conn: sqlite3.Connection, wall_id: int) -> sqlite3.Row:
    row: sqlite3.Row | None = conn.execute("SELECT * FROM room_walls WHERE id = ?", (wall_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", f"There is no room wall {wall_id}.")
    return row


def parse_if_match(header: str | None) -> int:
    """The version an edit was made against, from ``If-Match: "<version>"``."""
    if header is None or not header.strip():
        raise ApiError(428, "version_required",
                       'Say which version of the room wall this change was made against: If-Match: "<version>".')
    text = header.strip().removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit() and len(text) <= 16):
        raise ApiError(400, "bad_request",
                       'If-Match must be the version of the room wall this change was made against, e.g. "12".')
    return int(text)


def conflict(conn: sqlite3.Connection, row: sqlite3.Row, principal: Principal, version: int,
             action: str) -> ApiError:
    """A change made against ``version`` of a wall that has moved on: audited, and the error
    to raise after the commit, with the wall as it is now."""
    audit_log.record(conn, actor=principal.username, role=principal.role.value, action=action, outcome="failure",
                     target=f"room_wall:{row['id']}", reason="stale version", made_against=version,
                     current=row["version"])
    when = clock.to_dt_required(row["updated_at"])
    message = (f"{row['updated_by']} changed this room wall at {when:%H:%M:%S} UTC ({row['change']}); "
               "your change was not made. You see their version now.")
    return ApiError(412, "room_wall_changed", message, extra={"current": wall_json(conn, row)})


@dataclass
class Edit:
    """One change to one wall, inside one transaction: tiles leave and arrive (each audited),
    then ``commit`` writes the next version and publishes it."""

    conn: sqlite3.Connection
    bus: EventBus
    row: sqlite3.Row
    actor: str
    role: str | None

    def __post_init__(self) -> None:
        self.screens: list[dict[str, Any]] = json.loads(self.row["screens"])
        self.now = clock.now()
        self.label = f"room wall {self.row['name']}"

    def screen(self, s: int) -> dict[str, Any]:
        if s >= len(self.screens):
            raise ApiError(404, "not_found", f"The {self.label} has {len(self.screens)} screen(s); there is no "
                                             f"screen {s + 1}.")
        return self.screens[s]

    def tile(self, s: int, t: int) -> dict[str, Any]:
        tiles = self.screen(s)["tiles"]
        if t >= len(tiles):
            raise ApiError(404, "not_found", f"Screen {s + 1} of the {self.label} has {len(tiles)} tiles; there is "
                                             f"no tile {t + 1}.")
        tile: dict[str, Any] = tiles[t]
        return tile

    def where(self, s: int, t: int) -> dict[str, Any]:
        return {"wall": self.row["name"], "wall_id": self.row["id"], "screen": s, "tile": t}

    def leave(self, s: int, t: int, why: str, tile: dict[str, Any] | None = None) -> None:
        """The camera on a tile leaves it (audited with how long it was there)."""
        tile = self.tile(s, t) if tile is None else tile
        if tile["camera_id"] is None:
            return
        audit_log.record(self.conn, actor=self.actor, role=self.role, action="room_wall.tile_left",
                         case_number=tile["case_number"], target=f"camera:{tile['camera_id']}", why=why,
                         pushed_by=tile["pushed_by"], seconds=round(self.now - (tile["since"] or self.now), 1),
                         **self.where(s, t))

    def place(self, s: int, t: int, camera: sqlite3.Row, push: RoomTilePush, locked: bool = False,
              locked_by: str | None = None) -> None:
        self.screen(s)["tiles"][t] = {"camera_id": camera["id"], "case_number": push.case_number,
                                      "purpose": push.purpose, "pushed_by": self.actor, "since": self.now,
                                      "locked": locked, "locked_by": locked_by}
        audit_log.record(self.conn, actor=self.actor, role=self.role, action="room_wall.push",
                         case_number=push.case_number, target=f"camera:{camera['id']}", purpose=push.purpose,
                         camera_label=camera["label"], **self.where(s, t))

    def commit(self, change: str) -> dict[str, Any]:
        version = self.row["version"] + 1
        self.conn.execute("UPDATE room_walls SET version = ?, screens = ?, updated_at = ?, updated_by = ?, change = ?"
                          " WHERE id = ?", (version, json.dumps(self.screens), self.now, self.actor, change,
                                            self.row["id"]))
        self.row = find(self.conn, self.row["id"])
        _publish(self.conn, self.bus, self.row)
        return wall_dict(self.conn, self.row)


def camera_words(camera: sqlite3.Row) -> str:
    return f"{camera['label']!r} (camera {camera['id']})"


def pushable(conn: sqlite3.Connection, principal: Principal, push: RoomTilePush, now: float,
             ) -> tuple[sqlite3.Row | None, tuple[int, str, str] | None]:
    """The camera to push, or why it may not go on the room wall: the checks of a seat's grant
    (the pusher must be allowed to view it live, for this case, now)."""
    camera = conn.execute("SELECT * FROM cameras WHERE id = ?", (push.camera_id,)).fetchone()
    if camera is None:
        return None, (404, "not_found", f"There is no camera {push.camera_id}.")
    reason = live_refusal(conn, camera, push.case_number, principal.username, now)
    if reason is not None:
        return camera, (403, "no_live_consent", f"Camera {push.camera_id} cannot go on the room wall: {reason}")
    if camera["status"] != "online":
        return camera, (409, "camera_offline", f"Camera {push.camera_id} is offline; try again when it is back.")
    return camera, None


def locked_refusal(tile: dict[str, Any], principal: Principal, s: int, t: int) -> ApiError | None:
    if tile["locked"] and principal.role is not Role.supervisor:
        return ApiError(409, "room_tile_locked",
                        f"Tile {t + 1} of screen {s + 1} is locked by {tile['locked_by'] or 'a supervisor'}; "
                        "only a supervisor may change or clear it.")
    return None


def sweep(conn: sqlite3.Connection, bus: EventBus) -> int:
    """Clear every tile whose camera may no longer be viewed live for its pusher and case (the
    owner ended sharing, an alarm or an emergency view ran out): one new version per wall.
    Returns the number of tiles cleared."""
    cleared = 0
    now = clock.now()
    for row in conn.execute("SELECT * FROM room_walls").fetchall():
        edit: Edit | None = None
        gone: list[str] = []
        for s, screen in enumerate(json.loads(row["screens"])):
            for t, tile in enumerate(screen["tiles"]):
                if tile["camera_id"] is None:
                    continue
                camera = conn.execute("SELECT * FROM cameras WHERE id = ?", (tile["camera_id"],)).fetchone()
                refusal = "The camera is gone" if camera is None else live_refusal(
                    conn, camera, tile["case_number"], tile["pushed_by"] or "", now)
                if refusal is None:
                    continue
                # An alarm-only camera's refusal says the alarm is over; the rest is the owner's.
                why = refusal if camera is None or camera["sharing"] == "alarm_only" else CONSENT_ENDED
                edit = edit or Edit(conn, bus, row, SYSTEM, None)
                edit.leave(s, t, why)
                edit.screens[s]["tiles"][t] = empty_tile()
                label = f"camera {tile['camera_id']}" if camera is None else camera_words(camera)
                gone.append(f"{why}: {label} left screen {s + 1} tile {t + 1}")
                cleared += 1
        if edit is not None:
            edit.commit("; ".join(gone))
    return cleared


async def watch(db_tx: Any, bus: EventBus) -> None:
    """Run ``sweep`` whenever the backend records something (a revocation's consent.changed
    among them) and at least every SWEEP_S (a consent window or an alarm running out)."""
    waiter = bus.subscribe()
    woken = waiter[1]

    def once() -> None:
        with db_tx() as conn:
            sweep(conn, bus)

    try:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), SWEEP_S)
            woken.clear()
            try:
                await asyncio.to_thread(once)
            except sqlite3.ProgrammingError:  # the database closed: the mock is stopping
                return
            except Exception:  # a sweep that failed tries again on the next wake
                log.exception("room wall consent sweep failed")
    finally:
        bus.unsubscribe(waiter)


def grant_binding(conn: sqlite3.Connection, grant_id: str) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute("SELECT * FROM room_grants WHERE grant_id = ?", (grant_id,)).fetchone()
    return row


def room_viewer(conn: sqlite3.Connection, binding: sqlite3.Row, grant: sqlite3.Row) -> tuple[str | None, str]:
    """For a device's grant: (why its video ends, or None while the room tile it was made for
    still shows its camera for its case; whose consent the view rests on: the tile's pusher)."""
    row = conn.execute("SELECT screens FROM room_walls WHERE id = ?", (binding["wall_id"],)).fetchone()
    if row is None:
        return "The room wall this stream was for is gone.", grant["username"]
    screens = json.loads(row["screens"])
    s, t = binding["screen"], binding["tile"]
    tile = screens[s]["tiles"][t] if s < len(screens) and t < len(screens[s]["tiles"]) else None
    if tile is None or tile["camera_id"] != grant["camera_id"] or tile["case_number"] != grant["case_number"]:
        return "This camera is no longer on that room tile.", grant["username"]
    return None, str(tile["pushed_by"] or "")
