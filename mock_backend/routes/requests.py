"""``/requests``: footage requests to camera owners."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from mock_backend import clock, duties, request_flow, rows, visibility
from mock_backend.errors import ApiError
from mock_backend.routes.params import Id
from mock_backend.security import Principal
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import (
    ErrorResponse,
    FootageRequest,
    FootageRequestCreate,
    FootageRequestList,
    FootageRequestPatch,
    RequestStatus,
)

router = APIRouter()
ERRORS = {404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


@router.post("/requests", response_model=FootageRequest, status_code=201, responses=ERRORS)
def create_request(
    body: FootageRequestCreate,
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    with state.db.tx() as conn:
        return request_flow.create(conn, state.bus, state.settings, body, principal.username, principal.role.value)


@router.get("/requests", response_model=FootageRequestList, responses=ERRORS)
def list_requests(
    status: RequestStatus | None = Query(None),
    case_number: str | None = Query(None, max_length=32),
    mine: bool = Query(False),
    limit: int = Query(500, ge=1, le=5000),
    cursor: str | None = Query(None),
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    seen, params = visibility.requests(principal, state.settings).sql()  # as /events filters them
    where = [seen]
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
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    with state.db.tx() as conn:
        found = rows.footage_request(conn, request_flow.load(conn, request_id))
    if not visibility.requests(principal, state.settings).admits(found):
        raise ApiError(404, "not_found", f"There is no footage request {request_id}.")
    return found


@router.patch(
    "/requests/{request_id}", response_model=FootageRequest, responses={**ERRORS, 403: {"model": ErrorResponse}}
)
def patch_request(
    request_id: Id,
    body: FootageRequestPatch,
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    with state.db.tx() as conn:
        row = request_flow.load(conn, request_id)
        if duties.may_cancel_request(principal, row["created_by"]):
            updated = request_flow.transition(
                conn, state.bus, request_id, RequestStatus.cancelled,
                actor=principal.username, role=principal.role.value, note=f"cancelled by {principal.username}",
            )
            if row["escalation_id"] is not None:
                conn.execute("UPDATE escalations SET status = 'denied', decided_by = ?, decision_reason = ?,"
                             " decided_at = ? WHERE id = ? AND status = 'pending'",
                             (principal.username, "request cancelled", clock.now(), row["escalation_id"]))
            return rows.footage_request(conn, updated)
        refusal = duties.refuse(conn, principal, "forbidden",
                                "Only the requester or a supervisor may cancel this request.",
                                case_number=row["case_number"], target=f"request:{request_id}")
    raise refusal  # after the commit, so the refusal stays in the audit trail
