"""Built-in named training scenarios (scripted scenario files come with the training console)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from mock_backend import clock
from mock_backend.camera_changes import update_camera
from mock_backend.event_bus import EventBus

# Downtown Milwaukee (City Hall): where the built-in drills happen.
DOWNTOWN = (43.0419, -87.9097)


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    run: Callable[[sqlite3.Connection, EventBus, str], list[str]]


def _nearest_live(conn: sqlite3.Connection, n: int) -> list[sqlite3.Row]:
    lat, lon = DOWNTOWN
    return conn.execute(
        "SELECT * FROM cameras WHERE sharing = 'live' AND enrollment = 'integrated' AND status = 'online'"
        " ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?) * 0.53 LIMIT ?",
        (lat, lat, lon, lon, n),
    ).fetchall()


def _camera_dropout(conn: sqlite3.Connection, bus: EventBus, actor: str) -> list[str]:
    steps = []
    for cam in _nearest_live(conn, 3):
        update_camera(conn, bus, cam["id"], {"status": "offline"}, actor=actor, role="trainer",
                      action="training.camera_offline")
        steps.append(f"camera {cam['id']} went offline")
    return steps


def _consent_withdrawn(conn: sqlite3.Connection, bus: EventBus, actor: str) -> list[str]:
    steps = []
    for cam in _nearest_live(conn, 1):
        update_camera(conn, bus, cam["id"], {"sharing": "on_request", "live_until": None}, actor=actor,
                      role="trainer", action="training.consent_revoke", consent=True)
        steps.append(f"owner of camera {cam['id']} withdrew live consent")
    return steps


def _new_incident(conn: sqlite3.Connection, bus: EventBus, actor: str) -> list[str]:
    lat, lon = DOWNTOWN
    cur = conn.execute(
        "INSERT INTO incidents (lat, lon, kind, description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
        (lat + 0.002, lon - 0.003, "robbery", "Armed robbery reported at a corner store", clock.now(), actor),
    )
    row = conn.execute("SELECT * FROM incidents WHERE id = ?", (cur.lastrowid,)).fetchone()
    bus.publish(conn, "incident.created", incident_dict(row))
    return [f"incident {row['id']} created near City Hall"]


def incident_dict(row: sqlite3.Row) -> dict[str, object]:
    return {"id": row["id"], "lat": row["lat"], "lon": row["lon"], "kind": row["kind"],
            "description": row["description"], "created_at": clock.to_dt_required(row["created_at"]),
            "created_by": row["created_by"]}


SCENARIOS = {
    s.name: s
    for s in (
        Scenario("camera-dropout", "Cameras drop out", "Three live cameras downtown go offline.",
                 _camera_dropout),
        Scenario("consent-withdrawn", "Owner withdraws consent",
                 "The owner of a live camera downtown stops sharing.", _consent_withdrawn),
        Scenario("new-incident", "New incident", "A robbery is reported near City Hall.", _new_incident),
    )
}
