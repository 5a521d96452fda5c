"""The one place a footage request changes state: checks the contract's
transition table, appends to the timeline, audits and publishes."""

from __future__ import annotations

import json
import sqlite3

from mock_backend import audit_log, clock, rows
from mock_backend.errors import ApiError
from mock_backend.event_bus import EventBus
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
