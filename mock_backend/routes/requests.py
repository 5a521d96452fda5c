"""``/requests``: footage requests to camera owners."""

from __future__ import annotations

import json

from fastapi import APIRouter, Depends, Query

from mock_backend import audit_log, clock, request_flow, rows
from mock_backend.errors import ApiError
from mock_backend.routes.params import Id
from mock_backend.security import ANY_ROLE, Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import (
    ErrorResponse,
    FootageRequest,
    FootageRequestCreate,
    FootageRequestList,
    FootageRequestPatch,
    RequestStatus,
    Role,
    haversine_m,
    limit_violations,
)

router = APIRouter()
ERRORS = {404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


@router.post("/requests", response_model=FootageRequest, status_code=201, responses=ERRORS)
def create_request(
    body: FootageRequestCreate,
    principal: Principal = Depends(require(*ANY_ROLE)),
    state: MockState = Depends(get_state),
) -> dict:
    if body.window_end <= body.window_start:
        raise ApiError(422, "validation_error", "The window must end after it starts.")
    ids = list(dict.fromkeys(body.camera_ids))
    now = clock.now()
    s = state.settings
    with state.db.tx() as conn:
        if body.client_ref is not None:  # a retry of a request we already have: answer with it
            existing = conn.execute("SELECT * FROM requests WHERE created_by = ? AND client_ref = ?",
                                    (principal.username, body.client_ref)).fetchone()
            if existing is not None:
                return rows.footage_request(conn, existing)
        marks = ",".join("?" * len(ids))
        found = {r["id"]: r for r in conn.execute(f"SELECT id, lat, lon FROM cameras WHERE id IN ({marks})", ids)}
        unknown = [i for i in ids if i not in found]
        if unknown:
            raise ApiError(422, "validation_error", f"Unknown camera ids: {', '.join(map(str, unknown[:10]))}")
        radius = max(haversine_m(body.incident_lat, body.incident_lon, c["lat"], c["lon"]) for c in found.values())
        reasons = limit_violations(body.window_end - body.window_start, radius, len(ids))
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
             body.justification, round(radius, 1), json.dumps(reasons), status.value, principal.username,
             now, now, None if reasons else now + s.owner_deadline_s,
             None if reasons else now + s.owner_delay_s,
             json.dumps([{"at": now, "status": status.value, "note": note}]), body.client_ref),
        )
        request_id = int(cur.lastrowid or 0)
        conn.executemany("INSERT INTO request_owners VALUES (?, ?, 'pending')", [(request_id, i) for i in ids])
        audit_log.record(conn, actor=principal.username, role=principal.role.value, action="request.create",
                         case_number=body.case_number, target=f"request:{request_id}",
                         cameras=len(ids), over_limit=reasons)
        if reasons:
            cur = conn.execute(
                "INSERT INTO escalations (kind, status, case_number, justification, reasons, request_id,"
                " requested_by, created_at) VALUES ('over_limit_request', 'pending', ?, ?, ?, ?, ?, ?)",
                (body.case_number, body.justification, json.dumps(reasons), request_id, principal.username, now),
            )
            conn.execute("UPDATE requests SET escalation_id = ? WHERE id = ?", (cur.lastrowid, request_id))
            esc = conn.execute("SELECT * FROM escalations WHERE id = ?", (cur.lastrowid,)).fetchone()
            audit_log.record(conn, actor=principal.username, role=principal.role.value,
                             action="escalation.create", case_number=body.case_number,
                             target=f"escalation:{cur.lastrowid}")
            state.bus.publish(conn, "escalation.created", rows.escalation(esc))
        result = rows.footage_request(conn, request_flow.load(conn, request_id))
        state.bus.publish(conn, "request.updated", result)
    return result


@router.get("/requests", response_model=FootageRequestList, responses=ERRORS)
def list_requests(
    status: RequestStatus | None = Query(None),
    case_number: str | None = Query(None, max_length=32),
    mine: bool = Query(False),
    limit: int = Query(500, ge=1, le=5000),
    cursor: str | None = Query(None),
    principal: Principal = Depends(require(*ANY_ROLE)),
    state: MockState = Depends(get_state),
) -> dict:
    where, params = ["1=1"], []
    if status is not None:
        where.append("status = ?")
        params.append(status.value)
    if case_number is not None:
        where.append("case_number = ?")
        params.append(case_number)
    if mine:
        where.append("created_by = ?")
        params.append(principal.username)
    filt = " AND ".join(where)
    before = None
    if cursor is not None:
        if not cursor.isdigit() or len(cursor) > 18:
            raise ApiError(422, "validation_error", "cursor is not one this server handed out")
        before = int(cursor)
    with state.db.tx() as conn:
        page = conn.execute(
            f"SELECT * FROM requests WHERE {filt} AND id < ? ORDER BY id DESC LIMIT ?",
            [*params, before if before is not None else 2**62, limit + 1],
        ).fetchall()
        total = conn.execute(f"SELECT COUNT(*) AS n FROM requests WHERE {filt}", params).fetchone()["n"]
        more = len(page) > limit
        items = [rows.footage_request(conn, r) for r in page[:limit]]
    return {"items": items, "next_cursor": str(items[-1]["id"]) if more else None, "total": total}


@router.get("/requests/{request_id}", response_model=FootageRequest, responses=ERRORS)
def get_request(
    request_id: Id,
    principal: Principal = Depends(require(*ANY_ROLE)),
    state: MockState = Depends(get_state),
) -> dict:
    with state.db.tx() as conn:
        return rows.footage_request(conn, request_flow.load(conn, request_id))


@router.patch(
    "/requests/{request_id}", response_model=FootageRequest, responses={**ERRORS, 403: {"model": ErrorResponse}}
)
def patch_request(
    request_id: Id,
    body: FootageRequestPatch,
    principal: Principal = Depends(require(*ANY_ROLE)),
    state: MockState = Depends(get_state),
) -> dict:
    with state.db.tx() as conn:
        row = request_flow.load(conn, request_id)
        if row["created_by"] != principal.username and principal.role is not Role.supervisor:
            raise ApiError(403, "forbidden", "Only the requester or a supervisor may cancel this request.")
        updated = request_flow.transition(
            conn, state.bus, request_id, RequestStatus.cancelled,
            actor=principal.username, role=principal.role.value, note=f"cancelled by {principal.username}",
        )
        if row["escalation_id"] is not None:
            conn.execute("UPDATE escalations SET status = 'denied', decided_by = ?, decision_reason = ?,"
                         " decided_at = ? WHERE id = ? AND status = 'pending'",
                         (principal.username, "request cancelled", clock.now(), row["escalation_id"]))
        return rows.footage_request(conn, updated)
