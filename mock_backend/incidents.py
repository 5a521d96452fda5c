"""Incidents: calls for service from dispatch, gunshot detections, and those placed by hand (an
operator's, a supervisor's, a trainer's drill). One table, one contract (schemas/incidents.py)."""

from __future__ import annotations

import sqlite3
from typing import Any

from mock_backend import audit_log, clock
from mock_backend.errors import ApiError
from mock_backend.event_bus import EventBus

LIST_LIMIT = 500


def incident_dict(row: sqlite3.Row) -> dict[str, Any]:
    return {"id": row["id"], "cad_number": row["cad_number"], "kind": row["kind"], "priority": row["priority"],
            "lat": row["lat"], "lon": row["lon"], "accuracy_m": row["accuracy_m"], "address": row["address"],
            "reported_at": clock.to_dt_required(row["reported_at"] or row["created_at"]), "source": row["source"],
            "status": row["status"], "description": row["description"],
            "created_at": clock.to_dt_required(row["created_at"]), "created_by": row["created_by"],
            "closed_at": clock.to_dt(row["closed_at"])}


def get_incident(conn: sqlite3.Connection, incident_id: int) -> dict[str, Any]:
    row = conn.execute("SELECT * FROM incidents WHERE id = ?", (incident_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", f"Incident {incident_id} not found.")
    return incident_dict(row)


def create_incident(conn: sqlite3.Connection, bus: EventBus, lat: float, lon: float, kind: str, description: str,
                    *, actor: str, role: str = "trainer", source: str = "manual", priority: int = 3,
                    address: str = "", accuracy_m: float | None = None, reported_at: float | None = None,
                    cad_number: str | None = None, closes_at: float | None = None) -> dict[str, Any]:
    now = clock.now()
    cur = conn.execute(
        "INSERT INTO incidents (lat, lon, kind, description, created_at, created_by, cad_number, priority,"
        " accuracy_m, address, reported_at, source, status, closes_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        " 'open', ?)",
        (lat, lon, kind, description, now, actor, cad_number or "", priority, accuracy_m, address,
         reported_at if reported_at is not None else now, source, closes_at),
    )
    incident_id = int(cur.lastrowid or 0)
    if not cad_number:  # placed by hand: the backend numbers it, as CAD numbers its own calls
        conn.execute("UPDATE incidents SET cad_number = ? WHERE id = ?",
                     (f"RTCC-{clock.to_dt_required(now).year}-{incident_id:06d}", incident_id))
    incident = get_incident(conn, incident_id)
    if role == "trainer":
        # The place goes into the trail too: a debrief measures from it to the first camera near it.
        audit_log.record(conn, actor=actor, role="trainer", action="training.incident",
                         target=f"incident:{incident_id}", kind=kind, lat=lat, lon=lon)
    else:
        audit_log.record(conn, actor=actor, role=role, action="incident.create", target=f"incident:{incident_id}",
                         case_number=incident["cad_number"], kind=kind, source=source, priority=priority)
    bus.publish(conn, "incident.created", incident)
    return incident


def close_incident(conn: sqlite3.Connection, bus: EventBus, incident_id: int, *, actor: str, role: str | None,
                   why: str) -> dict[str, Any]:
    incident = get_incident(conn, incident_id)
    if incident["status"] == "closed":
        return incident
    conn.execute("UPDATE incidents SET status = 'closed', closed_at = ? WHERE id = ?", (clock.now(), incident_id))
    audit_log.record(conn, actor=actor, role=role, action="incident.close", target=f"incident:{incident_id}",
                     case_number=incident["cad_number"], why=why)
    closed = get_incident(conn, incident_id)
    bus.publish(conn, "incident.closed", closed)
    return closed


def reprioritise(conn: sqlite3.Connection, bus: EventBus, incident_id: int, priority: int, *, actor: str,
                 role: str | None) -> dict[str, Any]:
    """Dispatch upgrades or downgrades a call as more is learnt (a fight that becomes a shooting)."""
    get_incident(conn, incident_id)
    conn.execute("UPDATE incidents SET priority = ? WHERE id = ?", (priority, incident_id))
    audit_log.record(conn, actor=actor, role=role, action="incident.update", target=f"incident:{incident_id}",
                     priority=priority)
    updated = get_incident(conn, incident_id)
    bus.publish(conn, "incident.updated", updated)
    return updated


def list_incidents(conn: sqlite3.Connection, status: str, since: float | None, source: str | None,
                   limit: int) -> list[dict[str, Any]]:
    where, params = ["1=1"], []
    if status != "all":
        where.append("status = ?")
        params.append(status)
    if since is not None:
        where.append("COALESCE(reported_at, created_at) >= ?")
        params.append(since)
    if source is not None:
        where.append("source = ?")
        params.append(source)
    rows = conn.execute(f"SELECT * FROM incidents WHERE {' AND '.join(where)} "
                        "ORDER BY COALESCE(reported_at, created_at) DESC, id DESC LIMIT ?",
                        (*params, min(limit, LIST_LIMIT))).fetchall()
    return [incident_dict(r) for r in rows]
