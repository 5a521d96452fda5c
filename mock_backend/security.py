"""Accounts, password hashing, lockout, tokens and role checks."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import logging
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, Request

from mock_backend import audit_log, clock
from mock_backend.errors import ApiError
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import Role

# wall-front is the display controller of the seeded room wall "front" (room_walls.device_wall).
DEMO_ACCOUNTS = (("operator", "operator"), ("supervisor", "supervisor"), ("trainer", "trainer"),
                 ("wall-front", "wall_device"))
DEMO_PASSWORD = "demo"
log = logging.getLogger(__name__)

# OWASP's figure for PBKDF2-HMAC-SHA256 (about 0.2 s a hash here). Stored hashes name their
# scheme, iteration count and salt (``pbkdf2_sha256$600000$<salt>$<digest>``, base64), so the
# count can grow: a sign-in with an older count rehashes the password.
ITERATIONS = 600_000
_SCHEME = "pbkdf2_sha256"
# Rows from before hashes named their parameters: a raw digest, the salt in its own column.
_LEGACY_ITERATIONS = 60_000


@dataclass(frozen=True)
class Principal:
    username: str
    role: Role


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    salt = secrets.token_bytes(16) if salt is None else salt
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return "$".join((_SCHEME, str(iterations), _b64(salt), _b64(digest)))


def _parameters(stored: str | bytes, legacy_salt: bytes) -> tuple[int, bytes, bytes]:
    """(iterations, salt, digest) of a stored hash; ValueError for one this code cannot read."""
    if isinstance(stored, bytes):
        return _LEGACY_ITERATIONS, legacy_salt, stored
    scheme, iterations, salt, digest = stored.split("$")
    if scheme != _SCHEME or not iterations.isdigit():
        raise ValueError(f"unknown password hash scheme {scheme!r}")
    return int(iterations), base64.b64decode(salt, validate=True), base64.b64decode(digest, validate=True)


def password_matches(password: str, stored: str | bytes, legacy_salt: bytes = b"") -> bool:
    try:
        iterations, salt, digest = _parameters(stored, legacy_salt)
    except ValueError as exc:  # a damaged row signs nobody in, and says why in the log
        log.error("unreadable password hash: %s", exc)
        return False
    return hmac.compare_digest(hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations), digest)


def _outdated(stored: str | bytes) -> bool:
    return isinstance(stored, bytes) or stored.split("$")[1:2] != [str(ITERATIONS)]


# Unknown names are checked against this, so that they take as long as known ones (no probing
# for accounts by timing). Its digest is zeros: no password matches it.
_NOBODY = "$".join((_SCHEME, str(ITERATIONS), _b64(bytes(16)), _b64(bytes(32))))


@functools.cache
def _demo_hash() -> str:
    """The demo accounts share one documented password: hashed once per process, not per account
    and per start of a test mock."""
    return hash_password(DEMO_PASSWORD)


def add_user(conn: sqlite3.Connection, username: str, password: str, role: str) -> None:
    _store_user(conn, username, hash_password(password), role)


def add_demo_user(conn: sqlite3.Connection, username: str, role: str) -> None:
    _store_user(conn, username, _demo_hash(), role)


def _store_user(conn: sqlite3.Connection, username: str, stored: str, role: str) -> None:
    Role(role)  # refuse unknown roles at start-up rather than at sign-in
    salt = _parameters(stored, b"")[1]  # also in its column, which rows of the legacy form need
    conn.execute(
        "INSERT OR REPLACE INTO users (username, salt, password_hash, role) VALUES (?, ?, ?, ?)",
        (username, salt, stored, role),
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


def unknown_actor(username: str) -> str:
    """How the trail names a sign-in attempt for no account: by a hash of what was typed (often a
    password in the wrong field, or an attacker's payload), so repeats still line up."""
    return "unknown:" + hashlib.sha256(username.encode()).hexdigest()[:16]


def check_password(state: MockState, username: str, password: str) -> dict:
    """Sign in, counting failures; the 5th failure locks the account.

    The hash is computed outside the transaction: at 0.2 s it would hold the database, and with
    it every other request, for as long. Failures are committed (count, lock, audit) before the
    error is raised: raising inside the transaction would roll them back."""
    s = state.settings
    row = state.db.one("SELECT * FROM users WHERE username = ?", (username,))
    if row is not None and _locked_for(row) is not None:
        ok = False  # a locked account is not tried: the answer is 423 whatever the password
    elif row is None:
        ok = False
        password_matches(password, _NOBODY)  # the time a known name takes
    else:
        ok = password_matches(password, row["password_hash"], row["salt"])
    rehashed = hash_password(password) if ok and _outdated(row["password_hash"]) else None
    error: ApiError | None = None
    with state.db.tx() as conn:
        row = conn.execute("SELECT * FROM users WHERE username = ?", (username,)).fetchone()
        minutes = None if row is None else _locked_for(row)
        if minutes is not None:  # also when the lock came from attempts that ran alongside this one
            audit_log.record(conn, actor=username, role=None, action="auth.login", outcome="failure",
                             reason="account locked")
            error = ApiError(
                423, "account_locked",
                f"This account is locked after {s.lockout_after} failed sign-ins. "
                f"Try again in about {minutes} min or ask a supervisor.",
            )
        elif row is None or not ok:
            if row is not None:
                _count_failure(conn, row, s.lockout_after, s.lockout_s)
            audit_log.record(conn, actor=username if row is not None else unknown_actor(username), role=None,
                             action="auth.login", outcome="failure", reason="wrong username or password")
            # Same answer for unknown users and wrong passwords: no account probing.
            error = ApiError(401, "invalid_credentials", "Wrong username or password.")
        else:
            conn.execute("UPDATE users SET failed_count = 0, locked_until = NULL WHERE username = ?",
                         (username,))
            if rehashed is not None:
                conn.execute("UPDATE users SET salt = ?, password_hash = ? WHERE username = ?",
                             (_parameters(rehashed, b"")[1], rehashed, username))
            audit_log.record(conn, actor=username, role=row["role"], action="auth.login")
            return issue_tokens(conn, state, username)
    raise error


def _locked_for(row: sqlite3.Row) -> int | None:
    """Minutes (at least 1) until a locked account opens again; None when it is not locked."""
    now = clock.now()
    if row["locked_until"] is None or row["locked_until"] <= now:
        return None
    return max(1, round((row["locked_until"] - now) / 60))


def verify_password(state: MockState, principal: Principal, password: str) -> None:
    """The signed-in user's own password, checked without opening a second session (the lock
    screen). Wrong answers count towards the same lockout as sign-in's, so the lock screen is no
    way round it; the hash is computed outside the transaction, as in sign-in."""
    s = state.settings
    row = state.db.one("SELECT * FROM users WHERE username = ?", (principal.username,))
    ok = row is not None and _locked_for(row) is None \
        and password_matches(password, row["password_hash"], row["salt"])
    who = {"actor": principal.username, "role": principal.role.value, "action": "auth.unlock"}
    error: ApiError
    with state.db.tx() as conn:
        row = conn.execute("SELECT * FROM users WHERE username = ?", (principal.username,)).fetchone()
        minutes = None if row is None else _locked_for(row)
        if minutes is not None:
            audit_log.record(conn, outcome="failure", reason="account locked", **who)
            error = ApiError(423, "account_locked",
                             f"This account is locked after {s.lockout_after} failed attempts. "
                             f"Try again in about {minutes} min or ask a supervisor.")
        elif row is None or not ok:
            if row is not None:
                _count_failure(conn, row, s.lockout_after, s.lockout_s)
            audit_log.record(conn, outcome="failure", reason="wrong password", **who)
            # No WWW-Authenticate: the bearer token is fine, the password is not.
            error = ApiError(401, "wrong_password", "That is not your password.")
        else:
            conn.execute("UPDATE users SET failed_count = 0 WHERE username = ?", (principal.username,))
            audit_log.record(conn, **who)
            return
    raise error


def _count_failure(conn: sqlite3.Connection, row: sqlite3.Row, lock_after: int, lock_s: float) -> None:
    """One more wrong password for the account of ``row``; the ``lock_after``-th locks it."""
    failed = row["failed_count"] + 1
    locked = clock.now() + lock_s if failed >= lock_after else None
    conn.execute("UPDATE users SET failed_count = ?, locked_until = ? WHERE username = ?",
                 (0 if locked else failed, locked, row["username"]))


def refresh(state: MockState, refresh_token: str) -> dict:
    """A new pair for a valid refresh token, which is spent by it. A spent one coming back means
    two holders (the client and a thief, in whichever order): the whole session is revoked."""
    with state.db.tx() as conn:
        row = conn.execute(
            "SELECT * FROM tokens WHERE token = ? AND kind = 'refresh'", (refresh_token,)
        ).fetchone()
        reused = row is not None and bool(row["revoked"]) and family_alive(conn, row["family"])
        if reused:
            _revoke_family(conn, row["family"])
            user = conn.execute("SELECT role FROM users WHERE username = ?", (row["username"],)).fetchone()
            audit_log.record(conn, actor=row["username"], role=None if user is None else user["role"],
                             action="auth.refresh", outcome="failure",
                             reason="a spent refresh token was used again; the session is revoked")
        elif row is not None and not row["revoked"] and row["expires_at"] > clock.now():
            conn.execute("UPDATE tokens SET revoked = 1 WHERE token = ?", (refresh_token,))
            user = conn.execute("SELECT role FROM users WHERE username = ?", (row["username"],)).fetchone()
            audit_log.record(conn, actor=row["username"], role=user["role"], action="auth.refresh")
            return issue_tokens(conn, state, row["username"], family=row["family"])
    if reused:  # after the commit: event streams and video of the family re-check now
        state.bus.wake()
    raise ApiError(401, "session_expired", "Your session has ended; please sign in again.")


def logout(state: MockState, principal: Principal, token: str) -> None:
    with state.db.tx() as conn:
        family = family_of(conn, token)
        if family is not None:
            _revoke_family(conn, family)
        audit_log.record(conn, actor=principal.username, role=principal.role.value, action="auth.logout")
    state.bus.wake()  # the session's event streams and video end now, not at their next check


def family_of(conn: sqlite3.Connection, token: str) -> str | None:
    """The session (token family) ``token`` belongs to."""
    row = conn.execute("SELECT family FROM tokens WHERE token = ?", (token,)).fetchone()
    return None if row is None else str(row["family"])


def family_alive(conn: sqlite3.Connection, family: str | None) -> bool:
    """Whether the session still holds a token that is neither revoked nor expired: what lives on
    its behalf (a stream grant) ends with it. No family (a row from before grants had one) is no
    session."""
    return family is not None and conn.execute(
        "SELECT 1 FROM tokens WHERE family = ? AND revoked = 0 AND expires_at > ? LIMIT 1",
        (family, clock.now())).fetchone() is not None


def _revoke_family(conn: sqlite3.Connection, family: str) -> None:
    conn.execute("UPDATE tokens SET revoked = 1 WHERE family = ?", (family,))


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorized", "Sign in first: this call needs a bearer token.",
                       {"WWW-Authenticate": "Bearer"})
    return token.strip()


def _access(state: MockState, token: str) -> tuple[sqlite3.Row | None, ApiError | None]:
    """The access token's row (with its user's role) and why it authorises nothing, if it does not."""
    row = state.db.one(
        "SELECT t.username, t.expires_at, t.revoked, u.role FROM tokens t JOIN users u USING (username)"
        " WHERE t.token = ? AND t.kind = 'access'",
        (token,),
    )
    if row is None or row["revoked"]:
        return row, ApiError(401, "unauthorized", "Your sign-in is not valid; please sign in again.",
                             {"WWW-Authenticate": "Bearer"})
    if row["expires_at"] <= clock.now():
        return row, ApiError(401, "token_expired", "Your access token expired.", {"WWW-Authenticate": "Bearer"})
    return row, None


def access_problem(state: MockState, token: str) -> ApiError | None:
    """Why ``token`` no longer authorises anything (revoked, expired), or None: a long-lived
    response (the event stream) asks before every message what a request asks once."""
    return _access(state, token)[1]


def current_principal(request: Request, state: MockState = Depends(get_state)) -> Principal:
    token = _bearer(request)
    row, problem = _access(state, token)
    if problem is not None:
        raise problem
    assert row is not None
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


# The people: every role but a room wall's display (Role.wall_device), which reaches only its
# wall, its wall's events and grants for its tiles (routes/room_walls.py, routes/events.py).
ANY_ROLE = (Role.operator, Role.supervisor, Role.trainer)
