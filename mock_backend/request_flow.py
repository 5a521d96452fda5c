"""The one place a footage request changes state: checks the contract's
transition table, appends to the timeline, audits and publishes."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from mock_backend import audit_log, clock, rows
from mock_backend.errors import ApiError
from mock_backend.event_bus import EventBus
from mock_backend.settings import MockSettings
from rtcc_desktop.api.schemas import FootageRequestCreate, haversine_m, limit_violations
from rtcc_desktop.api.schemas.requests import RequestStatus, can_transition


def load(conn: sqlite3.Connection, request_id: int) -> sqlite3.Row:
    row = conn.execute("SELECT * FROM requests WHERE id = ?", (request_id,)).fetchone()
    if row is None:
        raise ApiError(404, "not_found", f"There is no footage request {request_id}.")
    return row


def transition(
    conn: sqlite3.Connection,
    bus: EventBus,
    request_id: int,
    new: RequestStatus,
    *,
    actor: str,
    role: str | None,
    note: str = "",
    extra_sql: str = "",
    extra_params: tuple[object, ...] = (),
) -> sqlite3.Row:
    row = load(conn, request_id)
    current = RequestStatus(row["status"])
    if not can_transition(current, new):
        raise ApiError(409, "conflict", f"A request that is {current.value} cannot become {new.value}.")
    now = clock.now()
    timeline = json.loads(row["timeline"])
    timeline.append({"at": now, "status": new.value, "note": note})
    conn.execute(
        f"UPDATE requests SET status = ?, updated_at = ?, timeline = ?{extra_sql} WHERE id = ?",
        (new.value, now, json.dumps(timeline), *extra_params, request_id),
    )
    audit_log.record(conn, actor=actor, role=role, action=f"request.{new.value}",
                     case_number=row["case_number"], target=f"request:{request_id}", note=note)
    updated = load(conn, request_id)
    bus.publish(conn, "request.updated", rows.footage_request(conn, updated))
    return updated


# Requests under one case within this time count together against the per-request camera limit.
CASE_LIMIT_WINDOW_S = 24 * 3600.0


def _case_cameras(conn: sqlite3.Connection, case_number: str, now: float) -> set[int]:
    """The cameras this case's recent requests asked for (all but cancelled ones): splitting an
    over-limit request in parts must not keep it from a supervisor."""
    found: set[int] = set()
    for (cameras,) in conn.execute("SELECT camera_ids FROM requests WHERE case_number = ? AND created_at >= ?"
                                   " AND status != 'cancelled'", (case_number, now - CASE_LIMIT_WINDOW_S)):
        found.update(int(c) for c in json.loads(cameras))
    return found


def create(conn: sqlite3.Connection, bus: EventBus, settings: MockSettings, body: FootageRequestCreate,
           username: str, role: str) -> dict[str, Any]:
    """A new footage request: to the owners, or to a supervisor when beyond the limits."""
    if body.window_end <= body.window_start:
        raise ApiError(422, "validation_error", "The window must end after it starts.")
    ids = list(dict.fromkeys(body.camera_ids))
    now = clock.now()
    if body.client_ref is not None:  # a retry of a request we already have: answer with it
        existing = conn.execute("SELECT * FROM requests WHERE created_by = ? AND client_ref = ?",
                                (username, body.client_ref)).fetchone()
        if existing is not None:
            return rows.footage_request(conn, existing)
    marks = ",".join("?" * len(ids))
    found = {r["id"]: r for r in conn.execute(f"SELECT id, lat, lon FROM cameras WHERE id IN ({marks})", ids)}
    unknown = [i for i in ids if i not in found]
    if unknown:
        raise ApiError(422, "validation_error", f"Unknown camera ids: {', '.join(map(str, unknown[:10]))}")
    radius = max(haversine_m(body.incident_lat, body.incident_lon, c["lat"], c["lon"]) for c in found.values())
    reasons = limit_violations(body.window_end - body.window_start, radius, len(ids),
                               case_cameras=len(_case_cameras(conn, body.case_number, now) | set(ids)))
    if reasons and not (body.justification and body.justification.strip()):
        raise ApiError(
            422, "justification_required",
            "This request exceeds the normal limits (" + "; ".join(reasons)
            + "). Add a justification and a supervisor will decide.",
        )
    status = RequestStatus.needs_supervisor if reasons else RequestStatus.pending_owner
    note = "waiting for a supervisor: " + "; ".join(reasons) if reasons else "sent to camera owners"
    cur = conn.execute(
        "INSERT INTO requests (case_number, incident_lat, incident_lon, incident_at, window_start,"
        " window_end, camera_ids, reason, justification, radius_m, limit_reasons, status, created_by,"
        " created_at, updated_at, due_at, owners_answer_at, timeline, client_ref)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (body.case_number, body.incident_lat, body.incident_lon, body.incident_at.timestamp(),
         body.window_start.timestamp(), body.window_end.timestamp(), json.dumps(ids), body.reason,
         body.justification, round(radius, 1), json.dumps(reasons), status.value, username,
         now, now, None if reasons else now + settings.owner_deadline_s,
         None if reasons else now + settings.owner_delay_s,
         json.dumps([{"at": now, "status": status.value, "note": note}]), body.client_ref),
    )
    request_id = int(cur.lastrowid or 0)
    conn.executemany("INSERT INTO request_owners VALUES (?, ?, 'pending')", [(request_id, i) for i in ids])
    audit_log.record(conn, actor=username, role=role, action="request.create",
                     case_number=body.case_number, target=f"request:{request_id}",
                     cameras=len(ids), over_limit=reasons)
    if reasons:
        cur = conn.execute(
            "INSERT INTO escalations (kind, status, case_number, justification, reasons, request_id,"
            " requested_by, created_at) VALUES ('over_limit_request', 'pending', ?, ?, ?, ?, ?, ?)",
            (body.case_number, body.justification, json.dumps(reasons), request_id, username, now),
        )
        conn.execute("UPDATE requests SET escalation_id = ? WHERE id = ?", (cur.lastrowid, request_id))
        esc = conn.execute("SELECT * FROM escalations WHERE id = ?", (cur.lastrowid,)).fetchone()
        audit_log.record(conn, actor=username, role=role,
                         action="escalation.create", case_number=body.case_number,
                         target=f"escalation:{cur.lastrowid}")
        bus.publish(conn, "escalation.created", rows.escalation(esc))
    result = rows.footage_request(conn, load(conn, request_id))
    bus.publish(conn, "request.updated", result)
    return result
