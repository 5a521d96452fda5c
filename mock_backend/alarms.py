"""Alarms on ``alarm_only`` cameras: the owner shares live video only while one is active.

An alarm lasts a fixed time (15 minutes unless told otherwise); when it ends its
consent lapses like a revocation, and the stream watchdog cuts every viewer on
the ``alarm.ended`` event that records it."""

from __future__ import annotations

import sqlite3
from typing import Any

from mock_backend import audit_log, clock
from mock_backend.db import Database
from mock_backend.errors import ApiError
from mock_backend.event_bus import EventBus

SYSTEM = "alarm-system"


def alarm_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["id"], "camera_id": row["camera_id"], "started_at": clock.to_dt_required(row["started_at"]),
            "ends_at": clock.to_dt_required(row["ends_at"]), "ended_at": clock.to_dt(row["ended_at"]),
            "acknowledged_by": row["acknowledged_by"], "acknowledged_at": clock.to_dt(row["acknowledged_at"])}


def active_alarm(conn: sqlite3.Connection, camera_id: int, now: float) -> sqlite3.Row | None:
    row: sqlite3.Row | None = conn.execute(
        "SELECT * FROM alarms WHERE camera_id = ? AND ended_at IS NULL AND started_at <= ? AND ends_at > ?"
        " ORDER BY id DESC LIMIT 1", (camera_id, now, now)).fetchone()
    return row


def raise_alarm(conn: sqlite3.Connection, bus: EventBus, camera_id: int, minutes: float, *, actor: str,
                role: str | None) -> dict[str, Any]:
    """Start an alarm (or extend the one already running) on an alarm-only camera."""
    camera = conn.execute("SELECT * FROM cameras WHERE id = ?", (camera_id,)).fetchone()
    if camera is None:
        raise ApiError(404, "not_found", f"There is no camera {camera_id}.")
    if camera["sharing"] != "alarm_only" or camera["enrollment"] != "integrated":
        raise ApiError(409, "not_alarm_camera",
                       f"Camera {camera_id} is not an integrated alarm-only camera; only those raise alarms.")
    now = clock.now()
    ends = now + minutes * 60
    current = active_alarm(conn, camera_id, now)
    if current is not None:
        conn.execute("UPDATE alarms SET ends_at = ? WHERE id = ?", (max(ends, current["ends_at"]), current["id"]))
        alarm_id = int(current["id"])
    else:
        cur = conn.execute("INSERT INTO alarms (camera_id, started_at, ends_at, raised_by) VALUES (?, ?, ?, ?)",
                           (camera_id, now, ends, actor))
        alarm_id = int(cur.lastrowid or 0)
    alarm = alarm_dict(conn.execute("SELECT * FROM alarms WHERE id = ?", (alarm_id,)).fetchone())
    audit_log.record(conn, actor=actor, role=role, action="alarm.raise", target=f"camera:{camera_id}",
                     alarm_id=alarm_id, minutes=minutes)
    bus.publish(conn, "alarm.raised", alarm)
    return alarm


def end_alarm(conn: sqlite3.Connection, bus: EventBus, alarm_id: int, *, actor: str, role: str | None,
              why: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM alarms WHERE id = ?", (alarm_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", f"There is no alarm {alarm_id}.")
    if row["ended_at"] is not None:
        return alarm_dict(row)
    conn.execute("UPDATE alarms SET ended_at = ? WHERE id = ?", (clock.now(), alarm_id))
    alarm = alarm_dict(conn.execute("SELECT * FROM alarms WHERE id = ?", (alarm_id,)).fetchone())
    audit_log.record(conn, actor=actor, role=role, action="alarm.end", target=f"camera:{row['camera_id']}",
                     alarm_id=alarm_id, why=why)
    bus.publish(conn, "alarm.ended", alarm)
    return alarm


def end_due(db: Database, bus: EventBus) -> int:
    """End every alarm whose time is up (its consent lapses); returns how many."""
    due = db.query("SELECT id FROM alarms WHERE ended_at IS NULL AND ends_at <= ?", (clock.now(),))
    for (alarm_id,) in due:
        with db.tx() as conn:
            end_alarm(conn, bus, alarm_id, actor=SYSTEM, role=None, why="alarm time over; consent lapsed")
    return len(due)


def acknowledge(conn: sqlite3.Connection, bus: EventBus, alarm_id: int, *, actor: str,
                role: str) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM alarms WHERE id = ?", (alarm_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", f"There is no alarm {alarm_id}.")
    if row["acknowledged_by"] is None:
        conn.execute("UPDATE alarms SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
                     (actor, clock.now(), alarm_id))
    alarm = alarm_dict(conn.execute("SELECT * FROM alarms WHERE id = ?", (alarm_id,)).fetchone())
    # Every acknowledgement is audited, also a second one: who saw the alarm, and when.
    audit_log.record(conn, actor=actor, role=role, action="alarm.acknowledge", target=f"camera:{row['camera_id']}",
                     alarm_id=alarm_id, first=row["acknowledged_by"] is None)
    bus.publish(conn, "alarm.acknowledged", alarm)
    return alarm
