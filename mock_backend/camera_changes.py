"""Changing a camera: one function so every change is stamped, audited and published alike."""

from __future__ import annotations

import sqlite3
from typing import Any

from mock_backend import audit_log, clock, rows
from mock_backend.errors import ApiError
from mock_backend.event_bus import EventBus


def update_camera(
    conn: sqlite3.Connection,
    bus: EventBus,
    camera_id: int,
    changes: dict[str, Any],
    *,
    actor: str,
    role: str | None,
    action: str,
    consent: bool = False,
) -> dict[str, Any]:
    """Apply ``changes`` (column -> value); publish camera.updated, and
    consent.changed too when the owner's sharing terms changed."""
    if conn.execute("SELECT 1 FROM cameras WHERE id = ?", (camera_id,)).fetchone() is None:
        raise ApiError(404, "not_found", f"There is no camera {camera_id}.")
    changes = {**changes, "updated_at": clock.now()}
    assignments = ", ".join(f"{column} = ?" for column in changes)
    conn.execute(f"UPDATE cameras SET {assignments} WHERE id = ?", (*changes.values(), camera_id))
    camera = rows.camera(conn.execute("SELECT * FROM cameras WHERE id = ?", (camera_id,)).fetchone())
    audit_log.record(conn, actor=actor, role=role, action=action, target=f"camera:{camera_id}",
                     changes={k: v for k, v in changes.items() if k != "updated_at"})
    bus.publish(conn, "camera.updated", camera)
    if consent:
        bus.publish(conn, "consent.changed", {
            "camera_id": camera_id, "sharing": camera["sharing"], "live_until": camera["live_until"],
            "camera": camera,
        })
    return camera


def consent_changes(action: str, minutes: int | None) -> dict[str, Any]:
    """What an owner's revocation or grant (for ``minutes``, or without limit) changes."""
    if action == "revoke":
        return {"sharing": "on_request", "live_until": None}
    until = None if minutes is None else clock.now() + minutes * 60
    return {"sharing": "live", "enrollment": "integrated", "live_until": until}
