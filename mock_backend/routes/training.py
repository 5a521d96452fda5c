"""``/training/*``: trainer-only controls, refused outside the training environment."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from mock_backend import audit_log, clock
from mock_backend.camera_changes import update_camera
from mock_backend.errors import ApiError
from mock_backend.routes.params import Id
from mock_backend.scenarios import SCENARIOS, incident_dict
from mock_backend.security import Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import (
    Camera,
    CameraLabelChange,
    CameraStatusChange,
    ConsentChange,
    ErrorResponse,
    Incident,
    IncidentCreate,
    Role,
    ScenarioInfo,
    ScenarioRun,
)


def training_only(state: MockState = Depends(get_state)) -> None:
    if state.settings.environment != "training":
        raise ApiError(403, "not_training", "Training controls exist only on a training backend.")


router = APIRouter(prefix="/training", dependencies=[Depends(training_only)])
ERRORS = {403: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}
trainer = require(Role.trainer)


@router.post("/cameras/{camera_id}/status", response_model=Camera, responses=ERRORS)
def set_status(camera_id: Id, body: CameraStatusChange, principal: Principal = Depends(trainer),
               state: MockState = Depends(get_state)) -> dict:
    with state.db.tx() as conn:
        return update_camera(conn, state.bus, camera_id, {"status": body.status.value},
                             actor=principal.username, role="trainer", action=f"training.camera_{body.status.value}")


@router.post("/cameras/{camera_id}/consent", response_model=Camera, responses=ERRORS)
def set_consent(camera_id: Id, body: ConsentChange, principal: Principal = Depends(trainer),
                state: MockState = Depends(get_state)) -> dict:
    if body.action == "revoke":
        if body.minutes is not None:
            raise ApiError(422, "validation_error", "minutes applies to grant only")
        changes: dict[str, object] = {"sharing": "on_request", "live_until": None}
    else:
        until = None if body.minutes is None else clock.now() + body.minutes * 60
        changes = {"sharing": "live", "enrollment": "integrated", "live_until": until}
    with state.db.tx() as conn:
        return update_camera(conn, state.bus, camera_id, changes, actor=principal.username, role="trainer",
                             action=f"training.consent_{body.action}", consent=True)


@router.post("/cameras/{camera_id}/label", response_model=Camera, responses=ERRORS)
def set_label(camera_id: Id, body: CameraLabelChange, principal: Principal = Depends(trainer),
              state: MockState = Depends(get_state)) -> dict:
    with state.db.tx() as conn:
        return update_camera(conn, state.bus, camera_id, {"label": body.label}, actor=principal.username,
                             role="trainer", action="training.camera_label")


@router.post("/incidents", response_model=Incident, status_code=201, responses=ERRORS)
def create_incident(body: IncidentCreate, principal: Principal = Depends(trainer),
                    state: MockState = Depends(get_state)) -> dict[str, object]:
    with state.db.tx() as conn:
        cur = conn.execute(
            "INSERT INTO incidents (lat, lon, kind, description, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
            (body.lat, body.lon, body.kind, body.description, clock.now(), principal.username),
        )
        incident = incident_dict(conn.execute("SELECT * FROM incidents WHERE id = ?", (cur.lastrowid,)).fetchone())
        audit_log.record(conn, actor=principal.username, role="trainer", action="training.incident",
                         target=f"incident:{incident['id']}", kind=body.kind)
        state.bus.publish(conn, "incident.created", incident)
    return incident


@router.get("/scenarios", response_model=list[ScenarioInfo], responses=ERRORS)
def list_scenarios(principal: Principal = Depends(trainer)) -> list[dict[str, str]]:
    return [{"name": s.name, "title": s.title, "description": s.description} for s in SCENARIOS.values()]


@router.post("/scenarios/{name}/run", response_model=ScenarioRun, responses=ERRORS)
def run_scenario(name: str, principal: Principal = Depends(trainer),
                 state: MockState = Depends(get_state)) -> dict[str, object]:
    scenario = SCENARIOS.get(name)
    if scenario is None:
        raise ApiError(404, "not_found", f"There is no scenario named {name!r}; see GET /training/scenarios.")
    with state.db.tx() as conn:
        steps = scenario.run(conn, state.bus, principal.username)
        audit_log.record(conn, actor=principal.username, role="trainer", action="training.scenario",
                         target=f"scenario:{name}", steps=steps)
    return {"name": name, "started_at": clock.to_dt_required(clock.now()), "steps": steps}
