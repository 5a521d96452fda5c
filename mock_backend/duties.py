"""Separation of duties: who may decide, watch or read what, one explicit rule per decision.

The routes' ``require`` lists the roles that may call a route at all; these rules decide for
the row in hand. A trainer's extra reach (everyone's footage, the audit trail) exists for
debriefs, so it holds on a training backend only: on a production backend a trainer is no
supervisor."""

from __future__ import annotations

import sqlite3

from mock_backend import audit_log
from mock_backend.errors import ApiError
from mock_backend.security import Principal
from mock_backend.settings import MockSettings
from rtcc_desktop.api.schemas import Role


def debriefs_here(principal: Principal, settings: MockSettings) -> bool:
    """A trainer on a training backend (where debriefs read other people's work)."""
    return principal.role is Role.trainer and settings.environment == "training"


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
