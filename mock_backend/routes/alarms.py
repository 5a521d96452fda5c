"""``/alarms``: alarms on alarm-only cameras, and who acknowledged them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from mock_backend import alarms, clock, duties, visibility
from mock_backend.routes.params import Id
from mock_backend.security import Principal
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import Alarm, AlarmList, ErrorResponse

router = APIRouter()


@router.get("/alarms", response_model=AlarmList, responses={401: {"model": ErrorResponse}})
def list_alarms(
    active: bool = Query(True, description="Only alarms running now (default); false: the last 500"),
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    seen, params = visibility.alarms(principal, state.settings).sql()  # as /events filters them
    if active:
        found = state.db.query(f"SELECT * FROM alarms WHERE {seen} AND ended_at IS NULL AND ends_at > ? ORDER BY id",
                               (*params, clock.now()))
    else:
        found = state.db.query(f"SELECT * FROM alarms WHERE {seen} ORDER BY id DESC LIMIT 500", params)
    return {"items": [alarms.alarm_dict(r) for r in found]}


@router.post("/alarms/{alarm_id}/acknowledge", response_model=Alarm,
             responses={404: {"model": ErrorResponse}})
def acknowledge(alarm_id: Id, principal: Principal = Depends(duties.case_worker),
                state: MockState = Depends(get_state)) -> dict:
    with state.db.tx() as conn:
        return alarms.acknowledge(conn, state.bus, alarm_id, actor=principal.username, role=principal.role.value)
