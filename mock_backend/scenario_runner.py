"""Runs one drill at a time: timed steps fired against the mock, with pause, resume and reset.

Time is the drill's own (pauses excluded). Cameras a step picks are chosen when
it fires, so a drill adapts to what trainees did (``viewed: true`` picks the
camera a trainee opened last). Reset puts every camera the drill touched back
as it was and ends its alarms; what trainees did stays in the audit trail.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from mock_backend import alarms, audit_log, clock, owner_sim, request_flow
from mock_backend.camera_changes import consent_changes, update_camera
from mock_backend.errors import ApiError
from mock_backend.incidents import create_incident
from mock_backend.scenario_file import (
    AlarmStep,
    CameraPick,
    CameraRef,
    CameraStatusStep,
    ConsentStep,
    EscalationStep,
    IncidentStep,
    LabelStep,
    OwnerAnswerStep,
    Point,
    ProtocolStep,
    Scenario,
    TimedStep,
)
from rtcc_desktop.api.schemas import FootageRequestCreate, RequestStatus

if TYPE_CHECKING:
    from mock_backend.state import MockState

log = logging.getLogger(__name__)
DOWNTOWN = (43.0419, -87.9097)  # City Hall: where a step without near: looks
_TICK_S = 0.1
_RESTORABLE = ("status", "sharing", "enrollment", "live_until", "label")


def _nearest(conn: sqlite3.Connection, lat: float, lon: float, limit: int, where: str = "1=1",
             params: list[object] | None = None) -> list[int]:
    """Camera ids nearest a point (flat-earth distance, lon scaled for Milwaukee's latitude)."""
    rows = conn.execute(f"SELECT id FROM cameras WHERE {where}"
                        " ORDER BY (lat - ?) * (lat - ?) + (lon - ?) * (lon - ?) * 0.53 LIMIT ?",
                        (*(params or []), lat, lat, lon, lon, limit)).fetchall()
    return [int(r["id"]) for r in rows]


class StepFailed(Exception):
    """A step could not do what it says (no such camera nearby, no pending request...)."""


class ScenarioRunner:
    def __init__(self, state: MockState) -> None:
        self._state = state
        self._lock = threading.RLock()
        self.scenario: Scenario | None = None
        self.state = "idle"
        self._generation = 0  # a step still firing when the drill is reset is forgotten
        self._elapsed_before = 0.0  # drill time accumulated until the last pause
        self._resumed_at = 0.0
        self._started_at: float | None = None
        self._fired: dict[int, tuple[float, str, bool]] = {}  # step index -> (at, outcome, failed)
        self._firing: set[int] = set()
        self._places: dict[str, tuple[float, float]] = {}
        self._originals: dict[int, dict[str, Any]] = {}
        self._alarm_ids: list[int] = []
        self._protocols: dict[int, str | None] = {}  # camera id -> its protocol before the drill
        self._actor = "trainer"

    # --- commands (API threads) ---------------------------------------------------------
    def load(self, scenario: Scenario, actor: str) -> dict[str, Any]:
        with self._lock:
            if self.scenario is not None:
                self._reset_locked(actor)
            self.scenario = scenario
            self._audit_and_publish(actor, "training.scenario_load", steps=len(scenario.steps))
            return self.status()

    def command(self, action: str, actor: str) -> dict[str, Any]:
        with self._lock:
            if self.scenario is None:
                raise ApiError(409, "no_scenario", "No scenario is loaded; load one first.")
            allowed = {"start": ("idle",), "pause": ("running",), "resume": ("paused",),
                       "reset": ("idle", "running", "paused", "finished")}[action]
            if self.state not in allowed:
                raise ApiError(409, "conflict", f"The scenario is {self.state}; it cannot {action} now.")
            now = clock.now()
            if action == "start":
                self._started_at, self._elapsed_before, self._resumed_at = now, 0.0, now
                self._actor = actor
                self.state = "running"
            elif action == "pause":
                self._elapsed_before += now - self._resumed_at
                self.state = "paused"
            elif action == "resume":
                self._resumed_at = now
                self.state = "running"
            else:
                self._reset_locked(actor)
                return self.status()
            self._audit_and_publish(actor, f"training.scenario_{action}")
            return self.status()

    def _reset_locked(self, actor: str) -> None:
        with self._state.db.tx() as conn:
            for camera_id, original in self._originals.items():
                current = conn.execute("SELECT * FROM cameras WHERE id = ?", (camera_id,)).fetchone()
                changes = {k: v for k, v in original.items() if current[k] != v}
                if changes:
                    update_camera(conn, self._state.bus, camera_id, changes, actor=actor, role="trainer",
                                  action="training.scenario_reset",
                                  consent=bool({"sharing", "live_until"} & set(changes)))
            for alarm_id in self._alarm_ids:
                alarms.end_alarm(conn, self._state.bus, alarm_id, actor=actor, role="trainer", why="drill reset")
        for camera_id, protocol in self._protocols.items():
            if protocol is None:
                self._state.camera_protocols.pop(camera_id, None)
            else:
                self._state.camera_protocols[camera_id] = protocol
        self._generation += 1
        self._originals, self._alarm_ids, self._places, self._protocols = {}, [], {}, {}
        self._fired, self._firing = {}, set()
        self._started_at, self._elapsed_before = None, 0.0
        self.state = "idle"
        self._audit_and_publish(actor, "training.scenario_reset")

    # --- what the trainer sees -------------------------------------------------------------
    def elapsed(self) -> float:
        running = clock.now() - self._resumed_at if self.state == "running" else 0.0
        return self._elapsed_before + running

    def status(self) -> dict[str, Any]:
        with self._lock:
            s = self.scenario
            if s is None:
                return {"state": "idle", "steps": []}
            steps = []
            for t in s.steps:
                fired = self._fired.get(t.index)
                steps.append({
                    "index": t.index, "at_s": t.at_s, "action": t.step.do, "summary": t.step.summary(),
                    "line": t.line, "fired_at": clock.to_dt(fired[0]) if fired else None,
                    "outcome": fired[1] if fired else None, "failed": fired[2] if fired else False,
                })
            return {"name": s.name, "title": s.title, "description": s.description, "state": self.state,
                    "started_at": clock.to_dt(self._started_at), "elapsed_s": round(self.elapsed(), 1),
                    "steps": steps}

    def _audit_and_publish(self, actor: str, action: str, outcome: str = "success", **detail: Any) -> None:
        name = self.scenario.name if self.scenario else None
        with self._state.db.tx() as conn:
            audit_log.record(conn, actor=actor, role="trainer", action=action, outcome=outcome,
                             target=f"scenario:{name}", **detail)
            self._state.bus.publish(conn, "scenario.changed", self.status())

    # --- firing steps (the runner's task) -----------------------------------------------------
    async def run(self) -> None:
        while True:
            await asyncio.sleep(_TICK_S)
            for generation, timed in self._due():
                if isinstance(timed.step, ProtocolStep) and timed.step.protocol == "rtsp":
                    self._ensure_rtsp()  # here, on the loop's long-lived thread (the server's PDEATHSIG)
                outcome, failed = await asyncio.to_thread(self._fire_safely, timed)
                with self._lock:
                    if generation != self._generation:
                        continue
                    self._firing.discard(timed.index)
                    self._fired[timed.index] = (clock.now(), outcome, failed)
                    done = self.scenario is not None and len(self._fired) == len(self.scenario.steps)
                    if done:
                        self.state = "finished"
                    self._audit_and_publish(self._actor, "training.step", "failure" if failed else "success",
                                            index=timed.index + 1, step=timed.step.do, result=outcome)

    def _due(self) -> list[tuple[int, TimedStep]]:
        with self._lock:
            if self.scenario is None or self.state != "running":
                return []
            elapsed = self.elapsed()
            due = [t for t in self.scenario.steps
                   if t.at_s <= elapsed and t.index not in self._fired and t.index not in self._firing]
            self._firing.update(t.index for t in due)
            return [(self._generation, t) for t in due]

    def _fire_safely(self, timed: TimedStep) -> tuple[str, bool]:
        try:
            return self._fire(timed.step), False
        except (StepFailed, ApiError) as exc:
            return str(getattr(exc, "message", exc)), True
        except Exception as exc:  # a broken step must not stop the drill
            log.exception("scenario step %s failed", timed.index + 1)
            return f"step failed: {exc}", True

    def _fire(self, step: Any) -> str:
        st, actor = self._state, self._actor
        if isinstance(step, IncidentStep):
            with st.db.tx() as conn:
                incident = create_incident(conn, st.bus, step.lat, step.lon, step.kind, step.description, actor=actor)
            with self._lock:
                self._places[step.id] = (step.lat, step.lon)
            return f"incident {incident['id']} created"
        if isinstance(step, CameraStatusStep):
            status = "offline" if step.do == "camera_offline" else "online"
            with st.db.tx() as conn:
                ids = self._cameras(conn, step.camera, "live" if status == "offline" else "any",
                                    "online" if status == "offline" else "offline", step.count)
                for camera_id in ids:
                    self._change(conn, camera_id, {"status": status}, f"training.camera_{status}")
            return f"camera{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))} went {status}"
        if isinstance(step, AlarmStep):
            with st.db.tx() as conn:
                (camera_id,) = self._cameras(conn, step.camera, "alarm_only", "online")
                alarm = alarms.raise_alarm(conn, st.bus, camera_id, step.minutes, actor=actor, role="trainer")
            with self._lock:
                self._alarm_ids.append(int(alarm["id"]))
            return f"alarm {alarm['id']} on camera {camera_id} for {step.minutes:g} min"
        if isinstance(step, ConsentStep):
            action = "revoke" if step.do == "consent_revoke" else "grant"
            with st.db.tx() as conn:
                (camera_id,) = self._cameras(conn, step.camera, "live" if action == "revoke" else "on_request",
                                             "online")
                self._change(conn, camera_id, consent_changes(action, step.minutes), f"training.consent_{action}",
                             consent=True)
            return f"owner of camera {camera_id} {'withdrew' if action == 'revoke' else 'granted'} live consent"
        if isinstance(step, LabelStep):
            with st.db.tx() as conn:
                (camera_id,) = self._cameras(conn, step.camera, "live", None)
                self._change(conn, camera_id, {"label": step.label}, "training.camera_label")
            return f"camera {camera_id} renamed"
        if isinstance(step, ProtocolStep):
            return self._protocol(step)
        if isinstance(step, OwnerAnswerStep):
            return self._owner_answer(step)
        if isinstance(step, EscalationStep):
            return self._escalation(step)
        raise StepFailed(f"unknown step {step!r}")

    def _ensure_rtsp(self) -> None:
        try:
            self._state.start_rtsp()
        except (OSError, RuntimeError) as exc:  # no GStreamer here: the step says so
            log.warning("RTSP server: %s", exc)

    def _protocol(self, step: ProtocolStep) -> str:
        st = self._state
        if step.protocol == "rtsp" and not st.rtsp_base:
            raise StepFailed("the mock's RTSP server is not running (GStreamer's gst-rtsp-server is needed)")
        with st.db.tx() as conn:
            ids = self._cameras(conn, step.camera, "live", None, step.count)
        with self._lock:
            for camera_id in ids:
                self._protocols.setdefault(camera_id, st.camera_protocols.get(camera_id))
                st.camera_protocols[camera_id] = step.protocol
        return f"camera{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))} now stream as {step.protocol}"

    def _change(self, conn: sqlite3.Connection, camera_id: int, changes: dict[str, Any], action: str,
                consent: bool = False) -> None:
        if camera_id not in self._originals:  # what reset puts back
            row = conn.execute("SELECT * FROM cameras WHERE id = ?", (camera_id,)).fetchone()
            self._originals[camera_id] = {k: row[k] for k in _RESTORABLE}
        update_camera(conn, self._state.bus, camera_id, changes, actor=self._actor, role="trainer", action=action,
                      consent=consent)

    def _point(self, near: str | Point | None) -> tuple[float, float]:
        if near is None:
            return DOWNTOWN
        if isinstance(near, str):
            with self._lock:
                if near not in self._places:
                    raise StepFailed(f"incident {near!r} has not happened (yet)")
                return self._places[near]
        return float(near[0]), float(near[1])

    def _cameras(self, conn: sqlite3.Connection, ref: CameraRef, default_sharing: str, status: str | None,
                 count: int = 1) -> list[int]:
        if isinstance(ref, int):
            if conn.execute("SELECT 1 FROM cameras WHERE id = ?", (ref,)).fetchone() is None:
                raise StepFailed(f"there is no camera {ref}")
            return [ref]
        assert isinstance(ref, CameraPick)
        if ref.viewed and self._started_at is not None:
            row = conn.execute(
                "SELECT g.camera_id FROM grants g JOIN users u ON u.username = g.username"
                " WHERE g.created_at >= ? AND u.role NOT IN ('trainer', 'wall_device')"
                " ORDER BY g.created_at DESC LIMIT 1",
                (self._started_at,)).fetchone()
            if row is not None:
                return [int(row["camera_id"])]
        lat, lon = self._point(ref.near)
        sharing = ref.sharing or default_sharing
        where, params = ["1=1"], []
        if sharing != "any":
            where.append("sharing = ?")
            params.append(sharing)
            if sharing in ("live", "alarm_only"):
                where.append("enrollment = 'integrated'")
        if status is not None:
            where.append("status = ?")
            params.append(status)
        want = ref.rank - 1 + count
        found = _nearest(conn, lat, lon, max(want, 10), " AND ".join(where), params)
        if ref.pick == "random":
            rng = random.Random(f"{self._state.settings.seed}:{len(self._fired)}")
            chosen = rng.sample(found, min(count, len(found)))
        else:
            chosen = found[ref.rank - 1:want]
        if not chosen:
            raise StepFailed(f"no {sharing.replace('_', '-')} camera{'' if status is None else ' ' + status} "
                             "is near enough to pick")
        return chosen

    def _owner_answer(self, step: OwnerAnswerStep) -> str:
        st = self._state
        if step.request == "latest":
            row = st.db.one("SELECT id FROM requests WHERE status = 'pending_owner' AND created_at >= ?"
                            " ORDER BY id DESC LIMIT 1", (self._started_at or 0,))
            if row is None:
                raise StepFailed("no footage request was waiting for owners")
            request_id = int(row["id"])
        else:
            request_id = step.request
        owner_sim.answer_request(st, request_id, approve=step.answer == "approve")
        return f"owners {'approved' if step.answer == 'approve' else 'declined'} request {request_id}"

    def _escalation(self, step: EscalationStep) -> str:
        st = self._state
        lat, lon = self._point(step.near)
        now = datetime.now(UTC)
        with st.db.tx() as conn:
            ids = _nearest(conn, lat, lon, step.cameras)
            body = FootageRequestCreate(
                case_number=step.case_number, incident_lat=lat, incident_lon=lon, incident_at=now - timedelta(hours=1),
                window_start=now - timedelta(hours=step.hours), window_end=now, camera_ids=ids,
                reason=f"Drill: {step.justification[:200]}", justification=step.justification)
            request = request_flow.create(conn, st.bus, st.settings, body, step.by, "drill")  # not a trainee
        status = request["status"]
        waits = " — waiting for a supervisor" if status == RequestStatus.needs_supervisor.value else ""
        return f"{step.by} filed request {request['id']} ({len(ids)} cameras){waits}"
