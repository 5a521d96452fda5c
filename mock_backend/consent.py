"""Who may watch a camera live, right now, and in words why not."""

from __future__ import annotations

import sqlite3

from mock_backend.alarms import active_alarm

_REFUSALS = {
    "registry_only": "The owner registered this camera for the map only; live video is not shared. "
    "Ask the owner for footage instead.",
    "on_request": "The owner shares footage on request only; live video is not available. "
    "Request footage instead.",
    "alarm_only": "The owner shares live video only while an alarm is active, and none is.",
}


def live_refusal(conn: sqlite3.Connection, camera: sqlite3.Row, case_number: str | None, username: str,
                 now: float) -> str | None:
    """None when live viewing is allowed; otherwise the reason it is not.

    Allowed: an integrated camera whose owner shares live video (within the
    consent window), an alarm-only camera while its alarm is active, or an
    approved exigent escalation for the same case that the owner consented to
    and that has not run out. An exigent approval is this user's: it was filed by
    ``username`` and decided by someone else; a colleague quoting the case number gets nothing."""
    if camera["enrollment"] == "integrated" and camera["sharing"] == "live":
        if camera["live_until"] is None or camera["live_until"] > now:
            return None
        return "The owner's live-sharing consent has ended."
    if camera["enrollment"] == "integrated" and camera["sharing"] == "alarm_only" \
            and active_alarm(conn, camera["id"], now) is not None:
        return None
    if case_number is not None:
        approvals = conn.execute(
            "SELECT requested_by FROM escalations WHERE kind = 'exigent_live' AND status = 'approved'"
            " AND owner_response = 'consented' AND camera_id = ? AND case_number = ? AND live_until > ?"
            " AND decided_by IS NOT NULL AND decided_by != requested_by",
            (camera["id"], case_number, now),
        ).fetchall()
        if any(a["requested_by"] == username for a in approvals):
            return None
        if approvals:
            return "The emergency live view of this camera was approved for the colleague who asked for it, " \
                "not for you; file your own emergency request."
    if camera["enrollment"] == "registered":
        return "This camera is registered only (not integrated); live video is not possible. " \
            "Ask the owner for footage instead."
    return _REFUSALS.get(camera["sharing"], "The owner has not consented to live viewing.")
