"""``/audit``: supervisors (and trainers on a training backend, for debriefs) read the trail;
reading is audited too, and so is a refusal."""

from __future__ import annotations

import json
from datetime import datetime

from fastapi import APIRouter, Depends, Query

from mock_backend import audit_log, clock, duties
from mock_backend.errors import ApiError
from mock_backend.security import Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import AuditPage, ErrorResponse, Role

router = APIRouter()


def _epoch(value: datetime | None, name: str) -> float | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ApiError(422, "validation_error", f"{name} must include a timezone")
    return value.timestamp()


@router.get("/audit", response_model=AuditPage,
            responses={403: {"model": ErrorResponse}, 422: {"model": ErrorResponse}})
def read_audit(
    actor: str | None = Query(None, max_length=64),
    action: str | None = Query(None, max_length=64),
    case_number: str | None = Query(None, max_length=32),
    since: datetime | None = Query(None),
    until: datetime | None = Query(None),
    limit: int = Query(500, ge=1, le=5000),
    cursor: str | None = Query(None),
    principal: Principal = Depends(require(Role.supervisor, Role.trainer)),
    state: MockState = Depends(get_state),
) -> dict:
    if not duties.may_read_audit(principal, state.settings):
        with state.db.tx() as conn:
            refusal = duties.refuse(conn, principal, "forbidden",
                                    "Only a supervisor may read the audit trail of a production backend.",
                                    target="audit")
        raise refusal
    where, params = ["1=1"], []
    for column, value in (("actor", actor), ("case_number", case_number)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if action is not None:  # "request" matches request.create, request.fulfilled, ...
        where.append("(action = ? OR action LIKE ?)")
        params += [action, action + ".%"]
    for op, value, name in ((">=", since, "since"), ("<", until, "until")):
        epoch = _epoch(value, name)
        if epoch is not None:
            where.append(f"at {op} ?")
            params.append(epoch)
    filt = " AND ".join(where)
    after = 0
    if cursor is not None:
        if not cursor.isdigit() or len(cursor) > 18:
            raise ApiError(422, "validation_error", "cursor is not one this server handed out")
        after = int(cursor)
    with state.db.tx() as conn:
        found = conn.execute(
            f"SELECT * FROM audit WHERE {filt} AND id > ? ORDER BY id LIMIT ?", [*params, after, limit + 1]
        ).fetchall()
        total = conn.execute(f"SELECT COUNT(*) AS n FROM audit WHERE {filt}", params).fetchone()["n"]
        if cursor is None:
            audit_log.record(conn, actor=principal.username, role=principal.role.value, action="audit.read",
                             filters={"actor": actor, "action": action, "case_number": case_number})
    more = len(found) > limit
    found = found[:limit]
    return {
        "items": [
            {"id": r["id"], "at": clock.to_dt_required(r["at"]), "actor": r["actor"], "role": r["role"],
             "action": r["action"], "outcome": r["outcome"], "case_number": r["case_number"],
             "target": r["target"], "detail": json.loads(r["detail"])}
            for r in found
        ],
        "next_cursor": str(found[-1]["id"]) if more else None,
        "total": total,
    }
