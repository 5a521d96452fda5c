"""Every access and state change is written here, success or failure."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from mock_backend import clock


def record(
    conn: sqlite3.Connection,
    *,
    actor: str,
    role: str | None,
    action: str,
    outcome: str = "success",
    case_number: str | None = None,
    target: str | None = None,
    **detail: Any,
) -> None:
    conn.execute(
        "INSERT INTO audit (at, actor, role, action, outcome, case_number, target, detail)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (clock.now(), actor, role, action, outcome, case_number, target, json.dumps(detail, default=str)),
    )
