"""Accounts, password hashing, lockout, tokens and role checks."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Request

from mock_backend import audit_log, clock
from mock_backend.errors import ApiError
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import Role

DEMO_ACCOUNTS = (("operator", "operator"), ("supervisor", "supervisor"), ("trainer", "trainer"))
DEMO_PASSWORD = "demo"
_ITERATIONS = 60_000


@dataclass(frozen=True)
class Principal:
    username: str
    role: Role


def hash_password(password: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, _ITERATIONS)


def add_user(conn: sqlite3.Connection, username: str, password: str, role: str) -> None:
    Role(role)  # refuse unknown roles at start-up rather than at sign-in
    salt = secrets.token_bytes(16)
    conn.execute(
        "INSERT OR REPLACE INTO users (username, salt, password_hash, role) VALUES (?, ?, ?, ?)",
        (username, salt, hash_password(password, salt), role),
    )


def issue_tokens(conn: sqlite3.Connection, state: MockState, username: str, family: str | None = None) -> dict:
    """A new access + refresh pair. Refresh tokens rotate: a family ties a
    session's tokens together so sign-out revokes all of them."""
    family = family or secrets.token_hex(8)
    access, refresh = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    now = clock.now()
    s = state.settings
    conn.executemany(
        "INSERT INTO tokens (token, kind, username, family, expires_at) VALUES (?, ?, ?, ?, ?)",
        [
            (access, "access", username, family, now + s.access_ttl_s),
            (refresh, "refresh", username, family, now + s.refresh_ttl_s),
        ],
    )
    row = conn.execute("SELECT role FROM users WHERE username = ?", (username,)).fetchone()
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": int(s.access_ttl_s),
        "username": username,
        "role": row["role"],
    }


def check_password(state: MockState, username: str, password: str) -> dict:
    """Sign in, counting failures; the 5th failure locks the account.

    Failures are committed (count, lock, audit) before the error is raised:
    raising inside the transaction would roll them back."""
    s = state.settings
    error: ApiError | None = None
    with state.db.tx() as conn:
        row = conn.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        now = clock.now()
        if row is not None and row["locked_until"] is not None and row["locked_until"] > now:
            minutes = max(1, round((row["locked_until"] - now) / 60))
            audit_log.record(conn, actor=username, role=None, action="auth.login", outcome="failure",
                             reason="account locked")
            error = ApiError(
                423, "account_locked",
                f"This account is locked after {s.lockout_after} failed sign-ins. "
                f"Try again in about {minutes} min or ask a supervisor.",
            )
        elif row is None or not hmac.compare_digest(hash_password(password, row["salt"]), row["password_hash"]):
            if row is not None:
                failed = row["failed_count"] + 1
                locked = now + s.lockout_s if failed >= s.lockout_after else None
                conn.execute(
                    "UPDATE users SET failed_count = ?, locked_until = ? WHERE username = ?",
                    (0 if locked else failed, locked, username),
                )
            audit_log.record(conn, actor=username, role=None, action="auth.login", outcome="failure",
                             reason="wrong username or password")
            # Same answer for unknown users and wrong passwords: no account probing.
            error = ApiError(401, "invalid_credentials", "Wrong username or password.")
        else:
            conn.execute("UPDATE users SET failed_count = 0, locked_until = NULL WHERE username = ?",
                         (username,))
            audit_log.record(conn, actor=username, role=row["role"], action="auth.login")
            return issue_tokens(conn, state, username)
    raise error


def refresh(state: MockState, refresh_token: str) -> dict:
    with state.db.tx() as conn:
        row = conn.execute(
            "SELECT * FROM tokens WHERE token = ? AND kind = 'refresh'", (refresh_token,)
        ).fetchone()
        if row is None or row["revoked"] or row["expires_at"] <= clock.now():
            raise ApiError(401, "session_expired", "Your session has ended; please sign in again.")
        conn.execute("UPDATE tokens SET revoked = 1 WHERE token = ?", (refresh_token,))
        user = conn.execute("SELECT role FROM users WHERE username = ?", (row["username"],)).fetchone()
        audit_log.record(conn, actor=row["username"], role=user["role"], action="auth.refresh")
        return issue_tokens(conn, state, row["username"], family=row["family"])


def logout(state: MockState, principal: Principal, token: str) -> None:
    with state.db.tx() as conn:
        row = conn.execute("SELECT family FROM tokens WHERE token = ?", (token,)).fetchone()
        if row is not None:
            conn.execute("UPDATE tokens SET revoked = 1 WHERE family = ?", (row["family"],))
        audit_log.record(conn, actor=principal.username, role=principal.role.value, action="auth.logout")


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "Sign in first: this call needs a bearer token.",
                       {"WWW-Authenticate": "Bearer"})
    return token.strip()


def current_principal(request: Request, state: MockState = Depends(get_state)) -> Principal:
    token = _bearer(request)
    row = state.db.one(
        "SELECT t.username, t.expires_at, t.revoked, u.role FROM tokens t JOIN users u USING (username)"
        " WHERE t.token = ? AND t.kind = 'access'",
        (token,),
    )
    if row is None or row["revoked"]:
        raise ApiError(401, "unauthorized", "Your sign-in is not valid; please sign in again.",
                       {"WWW-Authenticate": "Bearer"})
    if row["expires_at"] <= clock.now():
        raise ApiError(401, "token_expired", "Your access token expired.", {"WWW-Authenticate": "Bearer"})
    request.state.token = token
    return Principal(row["username"], Role(row["role"]))


def require(*roles: Role) -> Callable[..., Principal]:
    allowed = frozenset(roles)

    def dependency(
        principal: Principal = Depends(current_principal), state: MockState = Depends(get_state)
    ) -> Principal:
        if principal.role not in allowed:
            names = " or ".join(r.value for r in roles)
            with state.db.tx() as conn:
                audit_log.record(conn, actor=principal.username, role=principal.role.value,
                                 action="access.denied", outcome="failure", needed=names)
            raise ApiError(403, "forbidden", f"Only a {names} may do this.")
        return principal

    return dependency


ANY_ROLE = (Role.operator, Role.supervisor, Role.trainer)
