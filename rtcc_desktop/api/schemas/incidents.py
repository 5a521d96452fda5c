"""Incidents: calls for service from computer-aided dispatch (CAD), gunshot detections, and
incidents an operator (or a trainer's drill) places on the map. One object for all of them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from rtcc_desktop.api.schemas.common import AwareDatetime, InputModel, Latitude, Longitude, Model

IncidentSource = Literal["cad", "gunshot", "manual"]
IncidentStatus = Literal["open", "closed"]
# 1 is the most urgent (a crime in progress, shots fired); dispatch centres use 1-5.
Priority = Field(ge=1, le=5, description="1 (most urgent) to 5")


# Read as hostile: JSON as Python reads it takes NaN, Infinity and 1e999 for numbers, and a place
# or a distance that is none made the walking order lose stops and the door-knock list raise.
Metres = Annotated[float, Field(ge=0, allow_inf_nan=False)]
# An id goes into a footage request's client_ref (at most 64 characters): a 64-bit number fits.
IncidentId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class Incident(Model):
    id: IncidentId
    cad_number: str = Field(description="The dispatch system's number (manual incidents get the backend's own)")
    kind: str = Field(description="The call type, e.g. 'Armed robbery'")
    priority: int = Priority
    lat: Latitude
    lon: Longitude
    accuracy_m: Metres | None = Field(default=None, description="A detection's accuracy radius (gunshot)")
    address: str = ""
    reported_at: AwareDatetime
    source: IncidentSource
    status: IncidentStatus = "open"
    description: str = ""
    created_at: AwareDatetime
    created_by: str
    closed_at: AwareDatetime | None = None


class IncidentCreate(InputModel):
    """An incident placed by hand: an operator's or supervisor's (source ``manual``), or a trainer's."""

    lat: Latitude
    lon: Longitude
    kind: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=2000)
    priority: int = Field(default=3, ge=1, le=5)
    address: str = Field(default="", max_length=200)


class IncidentList(Model):
    items: list[Incident]


class IncidentPriorityChange(InputModel):
    """A trainer's drill control: dispatch upgrades or downgrades a call."""

    priority: int = Field(ge=1, le=5)


class CanvassRequest(InputModel):
    radius_m: float = Field(ge=10, le=800, description="Around the incident's place")


class CanvassStop(Model):
    """A registry-only camera to ask about in person: where it is and where it looks. No owner's
    name or label: the list goes to officers on the street."""

    camera_id: int
    address: str
    lat: Latitude
    lon: Longitude
    heading: float | None = Field(default=None, ge=0, lt=360, description="Degrees from north")
    fov: float | None = Field(default=None, gt=0, le=360, description="Field of view, degrees")
    distance_m: Metres


class Canvass(Model):
    incident_id: int
    cad_number: str
    radius_m: Metres
    items: list[CanvassStop]
