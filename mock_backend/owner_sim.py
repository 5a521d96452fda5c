"""The owner-response simulator: camera owners answer footage requests and
exigent live-view requests after a delay, approving at a configured ratio.

Decisions are deterministic per (seed, request, camera) so drills replay."""

from __future__ import annotations

import asyncio
import logging
import random
import secrets
from typing import TYPE_CHECKING

from mock_backend import alarms, audit_log, clock, request_flow, rows
from mock_backend.footage_clips import make_clip
from rtcc_desktop.api.schemas import RequestStatus

if TYPE_CHECKING:  # the state holds the scenario runner, which drives the owners too
    from mock_backend.state import MockState

log = logging.getLogger("mock_backend.owners")
ACTOR = "owner-simulator"


def _approves(state: MockState, kind: str, key: int, camera_id: int) -> bool:
    rng = random.Random(f"{state.settings.seed}:{kind}:{key}:{camera_id}")
    return rng.random() < state.settings.owner_approve_ratio


def answer_due_requests(state: MockState) -> int:
    """Owners answer every request whose answer time has come; returns how many."""
    now = clock.now()
    due = state.db.query(
        "SELECT id FROM requests WHERE status = 'pending_owner' AND owners_answer_at <= ?", (now,)
    )
    for (request_id,) in due:
        answer_request(state, request_id)
    expired = state.db.query("SELECT id FROM requests WHERE status = 'pending_owner' AND due_at <= ?", (now,))
    for (request_id,) in expired:
        with state.db.tx() as conn:
            request_flow.transition(conn, state.bus, request_id, RequestStatus.expired, actor=ACTOR, role=None,
                                    note="owners did not answer in time")
    return len(due)


def answer_request(state: MockState, request_id: int, approve: bool | None = None) -> None:
    """The owners of a pending request answer: as the simulator decides, or all ``approve``
    (a drill step that makes owners approve or decline)."""
    owners = state.db.query("SELECT camera_id FROM request_owners WHERE request_id = ?", (request_id,))
    verdicts = {cam: _approves(state, "request", request_id, cam) if approve is None else approve
                for (cam,) in owners}
    approved = [cam for cam, ok in verdicts.items() if ok]
    with state.db.tx() as conn:
        conn.executemany(
            "UPDATE request_owners SET response = ? WHERE request_id = ? AND camera_id = ?",
            [("approved" if ok else "declined", request_id, cam) for cam, ok in verdicts.items()],
        )
        if not approved:
            request_flow.transition(conn, state.bus, request_id, RequestStatus.declined, actor=ACTOR, role=None,
                                    note="no owner shared footage")
            return
        request_flow.transition(
            conn, state.bus, request_id, RequestStatus.approved, actor=ACTOR, role=None,
            note=f"{len(approved)} of {len(verdicts)} owners shared footage",
        )
    # Encoding happens outside the transaction so the API stays responsive.
    folder = state.settings.data_dir / "footage"
    clips = [(cam, *make_clip(folder, request_id, cam)) for cam in approved]
    with state.db.tx() as conn:
        conn.executemany(
            "INSERT INTO footage VALUES (?, ?, ?, ?, ?, ?)",
            [(secrets.token_hex(8), request_id, cam, str(path), sha, size) for cam, path, sha, size in clips],
        )
        request_flow.transition(conn, state.bus, request_id, RequestStatus.fulfilled, actor=ACTOR, role=None,
                                note=f"{len(clips)} clip(s) ready to download")


def answer_exigent(state: MockState) -> int:
    """Owners answer approved exigent live-view escalations."""
    s = state.settings
    pending = state.db.query(
        "SELECT * FROM escalations WHERE kind = 'exigent_live' AND status = 'approved'"
        " AND owner_response IS NULL AND decided_at <= ?", (clock.now() - s.owner_delay_s,)
    )
    for esc in pending:
        consents = _approves(state, "exigent", esc["id"], esc["camera_id"])
        until = clock.now() + s.exigent_minutes * 60 if consents else None
        with state.db.tx() as conn:
            conn.execute("UPDATE escalations SET owner_response = ?, live_until = ? WHERE id = ?",
                         ("consented" if consents else "declined", until, esc["id"]))
            audit_log.record(conn, actor=ACTOR, role=None, action="escalation.owner_response",
                             case_number=esc["case_number"], target=f"escalation:{esc['id']}",
                             consented=consents)
            updated = conn.execute("SELECT * FROM escalations WHERE id = ?", (esc["id"],)).fetchone()
            state.bus.publish(conn, "escalation.decided", rows.escalation(updated))
            if consents:
                cam = rows.camera(conn.execute("SELECT * FROM cameras WHERE id = ?", (esc["camera_id"],)).fetchone())
                # The camera only, as every user may read it: the case and the exigent window are the
                # escalation's, which escalation.decided above carries to those who may see it.
                state.bus.publish(conn, "consent.changed", {
                    "camera_id": esc["camera_id"], "sharing": cam["sharing"], "live_until": cam["live_until"],
                    "camera": cam,
                })
    return len(pending)


async def run(state: MockState) -> None:
    """Background loop for the app's lifetime."""
    while True:
        try:
            await asyncio.to_thread(answer_due_requests, state)
            await asyncio.to_thread(answer_exigent, state)
            await asyncio.to_thread(alarms.end_due, state.db, state.bus)  # alarm time over: consent lapses
        except asyncio.CancelledError:
            raise
        except Exception:  # a failed clip must not stop owners answering the rest
            log.exception("owner simulator step failed")
        await asyncio.sleep(state.settings.sim_interval_s)
