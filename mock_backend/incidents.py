"""Incidents a trainer (or a drill) creates: where and what happened."""

from __future__ import annotations

import sqlite3
from typing import Any

from mock_backend import audit_log, clock
from mock_backend.event_bus import EventBus


def incident_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["id"], "lat": row["lat"], "lon": row["lon"], "kind": row["kind"],
            "description": row["description"], "created_at": clock.to_dt_required(row["created_at"]),
            "created_by": row["created_by"]}


def create_incident(conn: sqlite3.Connection, bus: EventBus, lat: float, lon: float, kind: str, description: str,
                    *, actor: str) -> dict[str, Any]:
    cur = conn.execute(
        "INSERT INTO incidents (lat, lon, kind, description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
        (lat, lon, kind, description, clock.now(), actor),
    )
    incident = incident_dict(conn.execute("SELECT * FROM incidents WHERE id = ?", (cur.lastrowid,)).fetchone())
    # The place goes into the trail too: a debrief measures from it to the first camera near it.
    audit_log.record(conn, actor=actor, role="trainer", action="training.incident",
                     target=f"incident:{incident['id']}", kind=kind, lat=lat, lon=lon)
    bus.publish(conn, "incident.created", incident)
    return incident
