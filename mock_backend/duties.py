"""Separation of duties: who may decide, watch or read what, one explicit rule per decision.

The routes' ``require`` lists the roles that may call a route at all; these rules decide for
the row in hand. A trainer's extra reach (everyone's footage, the audit trail) exists for
debriefs, so it holds on a training backend only: on a production backend a trainer is no
supervisor."""

from __future__ import annotations

import sqlite3

from fastapi import Depends

from mock_backend import audit_log
from mock_backend.errors import ApiError
from mock_backend.security import ANY_ROLE, Principal, require
from mock_backend.settings import MockSettings
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import Role


def debriefs_here(principal: Principal, settings: MockSettings) -> bool:
    """A trainer on a training backend (where debriefs read other people's work)."""
    return principal.role is Role.trainer and settings.environment == "training"


def off_duty(principal: Principal, settings: MockSettings) -> bool:
    """A trainer on a production backend: trainers run drills, so outside training they do no
    case work (live video, footage requests, escalations, alarms) and read none of it."""
    return principal.role is Role.trainer and settings.environment != "training"


def case_worker(principal: Principal = Depends(require(*ANY_ROLE)),
                state: MockState = Depends(get_state)) -> Principal:
    """The caller of a case-work route: any role, except a trainer off a training backend."""
    if off_duty(principal, state.settings):
        with state.db.tx() as conn:
            refusal = refuse(conn, principal, "training_only",
                             "A trainer account works drills on a training backend; on this backend it cannot "
                             "view video, read or file requests and escalations, or answer alarms.")
        raise refusal
    return principal


def may_download_footage(principal: Principal, requester: str, settings: MockSettings) -> bool:
    """The requester, a supervisor, or a trainer on a training backend."""
    return principal.username == requester or principal.role is Role.supervisor \
        or debriefs_here(principal, settings)


def may_read_audit(principal: Principal, settings: MockSettings) -> bool:
    """A supervisor, or a trainer on a training backend."""
    return principal.role is Role.supervisor or debriefs_here(principal, settings)


def may_cancel_request(principal: Principal, requester: str) -> bool:
    """The requester or a supervisor."""
    return principal.username == requester or principal.role is Role.supervisor


def may_decide(principal: Principal, requested_by: str) -> bool:
    """A supervisor who did not file the escalation: nobody approves his own request."""
    return principal.role is Role.supervisor and principal.username != requested_by


def refuse(conn: sqlite3.Connection, principal: Principal, code: str, message: str, **detail: object) -> ApiError:
    """Record the refusal in the audit trail and return the error to raise once the
    transaction is committed (raising inside it would roll the record back)."""
    audit_log.record(conn, actor=principal.username, role=principal.role.value, action="access.denied",
                     outcome="failure", reason=code, **detail)
    return ApiError(403, code, message)
