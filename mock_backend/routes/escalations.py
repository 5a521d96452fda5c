"""``/escalations``: over-limit requests and exigent live access, decided by supervisors."""

from __future__ import annotations

import json
import sqlite3

from fastapi import APIRouter, Depends, Query

from mock_backend import audit_log, clock, duties, request_flow, rows, visibility
from mock_backend.errors import ApiError
from mock_backend.routes.params import Id
from mock_backend.security import Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import (
    Decision,
    ErrorResponse,
    Escalation,
    EscalationList,
    EscalationStatus,
    ExigentRequest,
    RequestStatus,
    Role,
)

router = APIRouter()
ERRORS = {403: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 409: {"model": ErrorResponse},
          422: {"model": ErrorResponse}}


@router.get("/escalations", response_model=EscalationList, responses=ERRORS)
def list_escalations(
    status: EscalationStatus | None = Query(None),
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    where, params = ["1=1"], []
    if status is not None:
        where.append("status = ?")
        params.append(status.value)
    mine, mine_params = visibility.escalations(principal, state.settings).sql()  # as /events filters them
    where.append(mine)
    params += mine_params
    found = state.db.query(f"SELECT * FROM escalations WHERE {' AND '.join(where)} ORDER BY id DESC", params)
    return {"items": [rows.escalation(r) for r in found]}


@router.post("/escalations", response_model=Escalation, status_code=201, responses=ERRORS)
def request_exigent(
    body: ExigentRequest,
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    with state.db.tx() as conn:
        camera = conn.execute("SELECT id FROM cameras WHERE id = ?", (body.camera_id,)).fetchone()
        if camera is None:
            raise ApiError(404, "not_found", f"There is no camera {body.camera_id}.")
        cur = conn.execute(
            "INSERT INTO escalations (kind, status, case_number, justification, reasons, camera_id,"
            " requested_by, created_at) VALUES ('exigent_live', 'pending', ?, ?, ?, ?, ?, ?)",
            (body.case_number, body.justification,
             json.dumps(["emergency live view of a camera that is not live-shared"]),
             body.camera_id, principal.username, clock.now()),
        )
        esc = conn.execute("SELECT * FROM escalations WHERE id = ?", (cur.lastrowid,)).fetchone()
        audit_log.record(conn, actor=principal.username, role=principal.role.value, action="escalation.create",
                         case_number=body.case_number, target=f"escalation:{esc['id']}",
                         kind="exigent_live", camera_id=body.camera_id)
        result = rows.escalation(esc)
        state.bus.publish(conn, "escalation.created", result)
    return result


@router.post("/escalations/{escalation_id}/decision", response_model=Escalation, responses=ERRORS)
def decide(
    escalation_id: Id,
    body: Decision,
    principal: Principal = Depends(require(Role.supervisor)),
    state: MockState = Depends(get_state),
) -> dict:
    if not body.reason.strip():
        raise ApiError(422, "validation_error", "A decision needs a reason.")
    verdict = "approved" if body.approve else "denied"
    with state.db.tx() as conn:
        esc = conn.execute("SELECT * FROM escalations WHERE id = ?", (escalation_id,)).fetchone()
        if esc is None:
            raise ApiError(404, "not_found", f"There is no escalation {escalation_id}.")
        if esc["status"] != "pending":
            raise ApiError(409, "conflict", f"This escalation was already {esc['status']}.")
        if duties.may_decide(principal, esc["requested_by"]):
            return _record_decision(conn, state, principal, esc, body, verdict)
        refusal = duties.refuse(conn, principal, "own_escalation",
                                "You filed this escalation yourself; another supervisor must decide it.",
                                case_number=esc["case_number"], target=f"escalation:{escalation_id}",
                                verdict=verdict)
    raise refusal  # after the commit, so the refusal stays in the audit trail


def _record_decision(conn: sqlite3.Connection, state: MockState, principal: Principal, esc: sqlite3.Row,
                     body: Decision, verdict: str) -> dict:
    now = clock.now()
    escalation_id = esc["id"]
    conn.execute(
        "UPDATE escalations SET status = ?, decided_by = ?, decision_reason = ?, decided_at = ? WHERE id = ?",
        (verdict, principal.username, body.reason, now, escalation_id),
    )
    audit_log.record(conn, actor=principal.username, role=principal.role.value,
                     action=f"escalation.{verdict}", case_number=esc["case_number"],
                     target=f"escalation:{escalation_id}", reason=body.reason)
    if esc["request_id"] is not None:
        s = state.settings
        if body.approve:
            request_flow.transition(
                conn, state.bus, esc["request_id"], RequestStatus.pending_owner,
                actor=principal.username, role=principal.role.value,
                note="supervisor approved; sent to camera owners",
                extra_sql=", due_at = ?, owners_answer_at = ?",
                extra_params=(now + s.owner_deadline_s, now + s.owner_delay_s),
            )
        else:
            request_flow.transition(conn, state.bus, esc["request_id"], RequestStatus.denied,
                                    actor=principal.username, role=principal.role.value,
                                    note="supervisor denied")
    result = rows.escalation(conn.execute("SELECT * FROM escalations WHERE id = ?", (escalation_id,)).fetchone())
    state.bus.publish(conn, "escalation.decided", result)
    return result
