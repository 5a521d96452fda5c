"""SQLite storage for the mock: one connection guarded by a lock.

FastAPI runs sync endpoints on a thread pool, so all access goes through
``Database.tx()``; SQLite in WAL mode is plenty for a training backend.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    username TEXT PRIMARY KEY, salt BLOB NOT NULL, password_hash BLOB NOT NULL, role TEXT NOT NULL,
    failed_count INTEGER NOT NULL DEFAULT 0, locked_until REAL
);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, username TEXT NOT NULL, family TEXT NOT NULL,
    expires_at REAL NOT NULL, revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tokens_family ON tokens(family);
CREATE TABLE IF NOT EXISTS cameras (
    id INTEGER PRIMARY KEY, label TEXT NOT NULL, owner_kind TEXT NOT NULL, address TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, heading REAL, fov REAL, enrollment TEXT NOT NULL,
    sharing TEXT NOT NULL, live_until REAL, status TEXT NOT NULL, updated_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS cameras_lat ON cameras(lat);
CREATE INDEX IF NOT EXISTS cameras_updated ON cameras(updated_at);
CREATE TABLE IF NOT EXISTS grants (
    id TEXT PRIMARY KEY, token TEXT NOT NULL UNIQUE, camera_id INTEGER NOT NULL, username TEXT NOT NULL,
    case_number TEXT NOT NULL, purpose TEXT NOT NULL, profile TEXT NOT NULL,
    created_at REAL NOT NULL, expires_at REAL NOT NULL, family TEXT
);
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT, case_number TEXT NOT NULL, incident_lat REAL NOT NULL,
    incident_lon REAL NOT NULL, incident_at REAL NOT NULL, window_start REAL NOT NULL,
    window_end REAL NOT NULL, camera_ids TEXT NOT NULL, reason TEXT NOT NULL, justification TEXT,
    radius_m REAL NOT NULL, limit_reasons TEXT NOT NULL, status TEXT NOT NULL, created_by TEXT NOT NULL,
    created_at REAL NOT NULL, updated_at REAL NOT NULL, due_at REAL, owners_answer_at REAL,
    escalation_id INTEGER, timeline TEXT NOT NULL, client_ref TEXT
);
CREATE INDEX IF NOT EXISTS requests_status ON requests(status);
CREATE UNIQUE INDEX IF NOT EXISTS requests_client_ref ON requests(created_by, client_ref);
CREATE TABLE IF NOT EXISTS request_owners (
    request_id INTEGER NOT NULL, camera_id INTEGER NOT NULL, response TEXT NOT NULL,
    PRIMARY KEY (request_id, camera_id)
);
CREATE TABLE IF NOT EXISTS footage (
    id TEXT PRIMARY KEY, request_id INTEGER NOT NULL, camera_id INTEGER NOT NULL, path TEXT NOT NULL,
    sha256 TEXT NOT NULL, size_bytes INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS escalations (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, status TEXT NOT NULL,
    case_number TEXT NOT NULL, justification TEXT NOT NULL, reasons TEXT NOT NULL,
    request_id INTEGER, camera_id INTEGER, requested_by TEXT NOT NULL, created_at REAL NOT NULL,
    decided_by TEXT, decision_reason TEXT, decided_at REAL, live_until REAL, owner_response TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, actor TEXT NOT NULL, role TEXT,
    action TEXT NOT NULL, outcome TEXT NOT NULL, case_number TEXT, target TEXT, detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit(at);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL, type TEXT NOT NULL, data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS alarms (
    id INTEGER PRIMARY KEY AUTOINCREMENT, camera_id INTEGER NOT NULL, started_at REAL NOT NULL,
    ends_at REAL NOT NULL, ended_at REAL, acknowledged_by TEXT, acknowledged_at REAL, raised_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS alarms_open ON alarms(ended_at, camera_id);
CREATE TABLE IF NOT EXISTS room_walls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
    version INTEGER NOT NULL, screens TEXT NOT NULL, updated_at REAL NOT NULL, updated_by TEXT NOT NULL,
    change TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS room_grants (
    grant_id TEXT PRIMARY KEY, wall_id INTEGER NOT NULL, screen INTEGER NOT NULL, tile INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS incidents (
    id INTEGER PRIMARY KEY AUTOINCREMENT, lat REAL NOT NULL, lon REAL NOT NULL, kind TEXT NOT NULL,
    description TEXT NOT NULL, created_at REAL NOT NULL, created_by TEXT NOT NULL
);
"""

# (table, column, type) added since the first schema; a grant's family is the session it lives in.
_ADDED_COLUMNS = (
    ("grants", "family", "TEXT"),
    # Incidents from dispatch and detections, not only a trainer's (schemas/incidents.py).
    ("incidents", "cad_number", "TEXT NOT NULL DEFAULT ''"),
    ("incidents", "priority", "INTEGER NOT NULL DEFAULT 3"),
    ("incidents", "accuracy_m", "REAL"),
    ("incidents", "address", "TEXT NOT NULL DEFAULT ''"),
    ("incidents", "reported_at", "REAL"),
    ("incidents", "source", "TEXT NOT NULL DEFAULT 'manual'"),
    ("incidents", "status", "TEXT NOT NULL DEFAULT 'open'"),
    ("incidents", "closed_at", "REAL"),
    ("incidents", "closes_at", "REAL"),  # the simulated dispatcher clears a CAD call then
)


class Database:
    def __init__(self, path: Path | None):
        target = ":memory:" if path is None else str(path)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        with self._lock:
            if path is not None:
                self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(SCHEMA)
            self._add_missing_columns()

    def _add_missing_columns(self) -> None:
        """Columns newer than a database file made by an older mock (CREATE IF NOT EXISTS keeps
        its tables as they were)."""
        for table, column, kind in _ADDED_COLUMNS:
            have = {r["name"] for r in self._conn.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                self._conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """A transaction: committed on success, rolled back on any exception."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[object, ...] | list[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def one(self, sql: str, params: tuple[object, ...] | list[object] = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def get_meta(self, key: str) -> str | None:
        row = self.one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
