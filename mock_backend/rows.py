"""Database rows to contract-shaped dicts (the routes' response models validate them)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from mock_backend.clock import to_dt, to_dt_required


def camera(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "label": row["label"],
        "owner_kind": row["owner_kind"],
        "address": row["address"],
        "lat": row["lat"],
        "lon": row["lon"],
        "heading": row["heading"],
        "fov": row["fov"],
        "enrollment": row["enrollment"],
        "sharing": row["sharing"],
        "live_until": to_dt(row["live_until"]),
        "status": row["status"],
        "updated_at": to_dt_required(row["updated_at"]),
    }


def escalation(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "kind": row["kind"],
        "status": row["status"],
        "case_number": row["case_number"],
        "justification": row["justification"],
        "reasons": json.loads(row["reasons"]),
        "request_id": row["request_id"],
        "camera_id": row["camera_id"],
        "requested_by": row["requested_by"],
        "created_at": to_dt_required(row["created_at"]),
        "decided_by": row["decided_by"],
        "decision_reason": row["decision_reason"],
        "decided_at": to_dt(row["decided_at"]),
        "live_until": to_dt(row["live_until"]),
        "owner_response": row["owner_response"],
    }


def footage_request(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    counts = {"pending": 0, "approved": 0, "declined": 0}
    for r in conn.execute(
        "SELECT response, COUNT(*) AS n FROM request_owners WHERE request_id = ? GROUP BY response",
        (row["id"],),
    ):
        counts[r["response"]] = r["n"]
    footage = [
        {
            "id": f["id"],
            "camera_id": f["camera_id"],
            "url": f"/api/v1/footage/{f['id']}",
            "sha256": f["sha256"],
            "size_bytes": f["size_bytes"],
            "content_type": "video/mp4",
        }
        for f in conn.execute("SELECT * FROM footage WHERE request_id = ? ORDER BY camera_id", (row["id"],))
    ]
    return {
        "id": row["id"],
        "case_number": row["case_number"],
        "incident_lat": row["incident_lat"],
        "incident_lon": row["incident_lon"],
        "incident_at": to_dt_required(row["incident_at"]),
        "window_start": to_dt_required(row["window_start"]),
        "window_end": to_dt_required(row["window_end"]),
        "camera_ids": json.loads(row["camera_ids"]),
        "reason": row["reason"],
        "justification": row["justification"],
        "radius_m": row["radius_m"],
        "limit_reasons": json.loads(row["limit_reasons"]),
        "status": row["status"],
        "created_by": row["created_by"],
        "created_at": to_dt_required(row["created_at"]),
        "updated_at": to_dt_required(row["updated_at"]),
        "due_at": to_dt(row["due_at"]),
        "escalation_id": row["escalation_id"],
        "owners_pending": counts["pending"],
        "owners_approved": counts["approved"],
        "owners_declined": counts["declined"],
        "footage": footage,
        "timeline": [
            {"at": to_dt_required(t["at"]), "status": t["status"], "note": t.get("note", "")}
            for t in json.loads(row["timeline"])
        ],
    }
