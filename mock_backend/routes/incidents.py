"""``/incidents``: calls for service from dispatch, gunshot detections, incidents placed by hand."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Literal

from fastapi import APIRouter, Depends, Query

from mock_backend import audit_log, duties, incidents, visibility
from mock_backend.errors import ApiError
from mock_backend.routes.params import Id
from mock_backend.security import Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import (
    Canvass,
    CanvassRequest,
    ErrorResponse,
    Incident,
    IncidentCreate,
    IncidentList,
    IncidentSource,
    Role,
    haversine_m,
)

router = APIRouter()
ERRORS: dict[int | str, dict[str, object]] = {401: {"model": ErrorResponse}, 403: {"model": ErrorResponse},
                                             404: {"model": ErrorResponse}}


@router.get("/incidents", response_model=IncidentList, responses=ERRORS)
def list_incidents(
    status: Literal["open", "closed", "all"] = Query("open", description="Open incidents (default), closed, or all"),
    since: datetime | None = Query(None, description="Only those reported at or after this time"),
    source: IncidentSource | None = Query(None),
    limit: int = Query(200, ge=1, le=incidents.LIST_LIMIT),
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    if not visibility.incidents(principal, state.settings).everything:  # as /events filters them
        return {"items": []}
    with state.db.tx() as conn:
        found = incidents.list_incidents(conn, status, None if since is None else since.timestamp(), source, limit)
    return {"items": found}


@router.get("/incidents/{incident_id}", response_model=Incident, responses=ERRORS)
def get_incident(incident_id: Id, principal: Principal = Depends(duties.case_worker),
                 state: MockState = Depends(get_state)) -> dict:
    if not visibility.incidents(principal, state.settings).everything:
        raise ApiError(404, "not_found", f"Incident {incident_id} not found.")
    with state.db.tx() as conn:
        return incidents.get_incident(conn, incident_id)


@router.post("/incidents", response_model=Incident, status_code=201, responses=ERRORS)
def create(body: IncidentCreate, principal: Principal = Depends(require(Role.operator, Role.supervisor)),
           state: MockState = Depends(get_state)) -> dict:
    """An incident placed by hand (the map's "Incident here"): the same object as a CAD call,
    numbered by the backend."""
    with state.db.tx() as conn:
        return incidents.create_incident(conn, state.bus, body.lat, body.lon, body.kind, body.description,
                                         actor=principal.username, role=principal.role.value, source="manual",
                                         priority=body.priority, address=body.address)


@router.post("/incidents/{incident_id}/close", response_model=Incident, responses=ERRORS)
def close(incident_id: Id, principal: Principal = Depends(require(Role.operator, Role.supervisor)),
          state: MockState = Depends(get_state)) -> dict:
    """Dispatch clears its own calls; an incident placed by hand is closed by whoever placed it or a
    supervisor."""
    with state.db.tx() as conn:
        found = incidents.get_incident(conn, incident_id)
        if found["source"] != "manual" and principal.role is not Role.supervisor:
            raise ApiError(403, "forbidden", "Dispatch clears its own calls; only a supervisor may close one here.")
        if found["source"] == "manual" and principal.role is not Role.supervisor \
                and found["created_by"] != principal.username:
            raise ApiError(403, "forbidden", "Only whoever placed this incident, or a supervisor, may close it.")
        return incidents.close_incident(conn, state.bus, incident_id, actor=principal.username,
                                        role=principal.role.value, why="closed in the app")


@router.post("/incidents/{incident_id}/canvass", response_model=Canvass, responses=ERRORS)
def canvass(incident_id: Id, body: CanvassRequest,
            principal: Principal = Depends(require(Role.operator, Role.supervisor)),
            state: MockState = Depends(get_state)) -> dict:
    """The registry-only cameras around an incident, for officers to ask about in person: their
    addresses, places and facing, no owner's name. Audited like a footage export: the trail says
    who was handed which addresses, for which incident."""
    with state.db.tx() as conn:
        incident = incidents.get_incident(conn, incident_id)
        # A box around the circle first (SQLite compares numbers fast), the exact distance after.
        dlat = body.radius_m / 111_320.0
        dlon = dlat / max(0.01, math.cos(math.radians(incident["lat"])))
        rows = conn.execute("SELECT id, address, lat, lon, heading, fov FROM cameras WHERE sharing = 'registry_only'"
                            " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",
                            (incident["lat"] - dlat, incident["lat"] + dlat, incident["lon"] - dlon,
                             incident["lon"] + dlon)).fetchall()
        stops = sorted(({"camera_id": r["id"], "address": r["address"], "lat": r["lat"], "lon": r["lon"],
                         "heading": r["heading"], "fov": r["fov"],
                         "distance_m": round(haversine_m(incident["lat"], incident["lon"], r["lat"], r["lon"]), 1)}
                        for r in rows), key=lambda s: (s["distance_m"], s["camera_id"]))
        stops = [s for s in stops if s["distance_m"] <= body.radius_m]
        audit_log.record(conn, actor=principal.username, role=principal.role.value, action="canvass.export",
                         case_number=incident["cad_number"], target=f"incident:{incident_id}",
                         radius_m=body.radius_m, camera_ids=[s["camera_id"] for s in stops])
    return {"incident_id": incident_id, "cad_number": incident["cad_number"], "radius_m": body.radius_m,
            "items": stops}
