"""``/training/*``: trainer-only controls, refused outside the training environment."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from mock_backend import alarms
from mock_backend.camera_changes import consent_changes, update_camera
from mock_backend.errors import ApiError
from mock_backend.incidents import create_incident, reprioritise
from mock_backend.routes.params import Id
from mock_backend.scenario_file import ScenarioError, parse, shipped
from mock_backend.security import Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import (
    Alarm,
    AlarmRaise,
    Camera,
    CameraLabelChange,
    CameraStatusChange,
    ConsentChange,
    ErrorResponse,
    Incident,
    IncidentCreate,
    IncidentPriorityChange,
    Role,
    ScenarioCommand,
    ScenarioInfo,
    ScenarioLoad,
    ScenarioStatus,
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
    if body.action == "revoke" and body.minutes is not None:
        raise ApiError(422, "validation_error", "minutes applies to grant only")
    with state.db.tx() as conn:
        return update_camera(conn, state.bus, camera_id, consent_changes(body.action, body.minutes),
                             actor=principal.username, role="trainer", action=f"training.consent_{body.action}",
                             consent=True)


@router.post("/cameras/{camera_id}/alarm", response_model=Alarm, status_code=201, responses=ERRORS)
def raise_alarm(camera_id: Id, body: AlarmRaise, principal: Principal = Depends(trainer),
                state: MockState = Depends(get_state)) -> dict:
    with state.db.tx() as conn:
        return alarms.raise_alarm(conn, state.bus, camera_id, body.minutes, actor=principal.username, role="trainer")


@router.post("/alarms/{alarm_id}/end", response_model=Alarm, responses=ERRORS)
def end_alarm(alarm_id: Id, principal: Principal = Depends(trainer), state: MockState = Depends(get_state)) -> dict:
    with state.db.tx() as conn:
        return alarms.end_alarm(conn, state.bus, alarm_id, actor=principal.username, role="trainer",
                                why="ended by the trainer")


@router.post("/cameras/{camera_id}/label", response_model=Camera, responses=ERRORS)
def set_label(camera_id: Id, body: CameraLabelChange, principal: Principal = Depends(trainer),
              state: MockState = Depends(get_state)) -> dict:
    with state.db.tx() as conn:
        return update_camera(conn, state.bus, camera_id, {"label": body.label}, actor=principal.username,
                             role="trainer", action="training.camera_label")


@router.post("/incidents", response_model=Incident, status_code=201, responses=ERRORS)
def create(body: IncidentCreate, principal: Principal = Depends(trainer),
           state: MockState = Depends(get_state)) -> dict[str, object]:
    with state.db.tx() as conn:
        return create_incident(conn, state.bus, body.lat, body.lon, body.kind, body.description,
                               actor=principal.username, priority=body.priority, address=body.address)


@router.post("/incidents/{incident_id}/priority", response_model=Incident, responses=ERRORS)
def set_priority(incident_id: Id, body: IncidentPriorityChange, principal: Principal = Depends(trainer),
                 state: MockState = Depends(get_state)) -> dict[str, object]:
    """Dispatch upgrades (or downgrades) a call, as it does when more is learnt."""
    with state.db.tx() as conn:
        return reprioritise(conn, state.bus, incident_id, body.priority, actor=principal.username, role="trainer")


@router.get("/scenarios", response_model=list[ScenarioInfo], responses=ERRORS)
def list_scenarios(principal: Principal = Depends(trainer),
                   state: MockState = Depends(get_state)) -> list[dict[str, object]]:
    return [{"name": s.name, "title": s.title, "description": s.description, "steps": len(s.steps),
             "duration_s": s.duration_s} for s in shipped(state.settings.seed).values()]


@router.get("/scenario", response_model=ScenarioStatus, responses=ERRORS)
def scenario_status(principal: Principal = Depends(trainer), state: MockState = Depends(get_state)) -> dict:
    return state.scenarios.status()


@router.post("/scenario", response_model=ScenarioStatus, responses=ERRORS)
def load_scenario(body: ScenarioLoad, principal: Principal = Depends(trainer),
                  state: MockState = Depends(get_state)) -> dict:
    """Load a shipped drill (``name``) or a scenario file's text; a bad file is a 422 naming its line."""
    if (body.name is None) == (body.text is None):
        raise ApiError(422, "validation_error", "Give either name (a shipped drill) or text (a scenario file).")
    if body.name is not None:
        scenario = shipped(state.settings.seed).get(body.name)
        if scenario is None:
            raise ApiError(404, "not_found", f"There is no drill named {body.name!r}; see GET /training/scenarios.")
    else:
        try:
            scenario = parse(body.text or "", body.filename, state.settings.seed)
        except ScenarioError as exc:
            raise ApiError(422, "invalid_scenario", str(exc)) from None
    return state.scenarios.load(scenario, principal.username)


@router.post("/scenario/command", response_model=ScenarioStatus, responses={**ERRORS, 409: {"model": ErrorResponse}})
def scenario_command(body: ScenarioCommand, principal: Principal = Depends(trainer),
                     state: MockState = Depends(get_state)) -> dict:
    return state.scenarios.command(body.action, principal.username)
