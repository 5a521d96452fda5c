"""Respond to an incident: for every camera around the scene, what the police may do with it under
its owner's terms, worked out at once and shown before anything is sent.

- live: the nearest cameras whose owners share live video now (and alarm-only cameras whose alarm
  is running), as many as the operator's wall has free tiles;
- footage: every other camera whose owner can be asked through the system, in one request within
  the normal limits (nearest first); those over the per-request limit in a second request that
  carries its justification, which makes it a supervisor's escalation - never silently dropped;
- canvass: the registry-only cameras (the police know where they are; their owners can only be
  asked in person) as a door-knock list in walking order.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import ValidationError

from rtcc_desktop.api.schemas import Camera, FootageRequestCreate, Incident, Sharing
from rtcc_desktop.api.schemas.common import is_case_number
from rtcc_desktop.api.schemas.limits import LIMITS, RequestLimits
from rtcc_desktop.geo.grid_index import Hit
from rtcc_desktop.map.camera_marks import why_not_live

WINDOW_BEFORE = timedelta(minutes=15)
WINDOW_AFTER = timedelta(minutes=15)
PURPOSE = "Incident response"
BODY_MAX_CAMERAS = 200  # FootageRequestCreate.camera_ids: the most one request body carries
# Dispatch's call type and address are cut to these in a request's reason and justification
# (each at most 2000 characters): a megabyte of either is dispatch's, not the operator's.
KIND_IN_REASON = 200
ADDRESS_IN_REASON = 400


class RequestsRefused(ValueError):
    """No footage request can be made from what dispatch sent (a CAD number that is no case
    number): the message says why, in words."""


def case_number_refusal(cad_number: str) -> str:
    """Why dispatch's CAD number cannot be the case a live view or a footage request is opened
    under (both carry it, and the contract takes only case numbers); "" when it can."""
    if is_case_number(cad_number):
        return ""
    return (f"the CAD number {cad_number[:40]!r} is not a case number a live view or a footage request may "
            "carry (capital letters, digits and dashes, 4 to 32)")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


@dataclass(frozen=True)
class ResponsePlan:
    incident: Incident
    radius_m: float
    live: tuple[int, ...]  # to the wall, nearest first
    request: tuple[int, ...]  # one footage request within the limits, nearest first
    escalate: tuple[int, ...]  # over the per-request limit: a second request with a justification
    canvass: tuple[int, ...]  # registry-only: the door-knock list (its order: walking_order)
    window_start: datetime
    window_end: datetime

    def summary(self) -> str:
        parts = [f"{len(self.live)} live on the wall" if self.live else "no live view",
                 f"1 request for {len(self.request)} cameras" if self.request else "no footage request",
                 _escalations(len(self.escalate)),
                 f"door-knock list of {len(self.canvass)} addresses" if self.canvass else "no door-knock list"]
        return " · ".join(p for p in parts if p)

    def requests(self) -> list[FootageRequestCreate]:
        """The footage requests this plan sends: within limits, then the escalation (in parts of
        at most what one request body may carry). ``RequestsRefused`` when dispatch's incident
        cannot be carried by one."""
        incident = self.incident
        kind = _cut(incident.kind, KIND_IN_REASON)
        where = _cut(incident.address, ADDRESS_IN_REASON) or f"{incident.lat:.5f}, {incident.lon:.5f}"
        reason = (f"{kind} reported {incident.reported_at.astimezone():%Y-%m-%d %H:%M} at {where} "
                  f"({incident.cad_number}): footage of the scene and the ways to and from it")
        justification = (f"Incident {incident.cad_number} ({kind}): {len(self.escalate)} more cameras "
                         f"within {self.radius_m:.0f} m of the scene than one request may hold "
                         f"({len(self.request)}); the nearest are in the first request.")
        parts = [(self.request, None)] + [(self.escalate[i:i + BODY_MAX_CAMERAS], justification)
                                          for i in range(0, len(self.escalate), BODY_MAX_CAMERAS)]
        if (self.request or self.escalate) and (refusal := case_number_refusal(incident.cad_number)):
            raise RequestsRefused(refusal)
        try:
            return [FootageRequestCreate(
                        case_number=incident.cad_number, incident_lat=incident.lat, incident_lon=incident.lon,
                        incident_at=incident.reported_at, window_start=self.window_start, window_end=self.window_end,
                        camera_ids=list(cameras), reason=reason, justification=why,
                        client_ref=f"respond-{incident.id}-{n}")  # sending twice makes no second request
                    for n, (cameras, why) in enumerate(parts, start=1) if cameras]
        except ValidationError as exc:
            first = exc.errors()[0]
            where_wrong = ".".join(str(p) for p in first["loc"])
            raise RequestsRefused(f"the incident cannot be put in a footage request ({where_wrong}: "
                                  f"{first['msg']})") from None


def plan_response(incident: Incident, hits: Sequence[tuple[Hit, Camera]], free_tiles: int, radius_m: float,
                  now: datetime, alarm_cameras: Collection[int] = (), limits: RequestLimits = LIMITS) -> ResponsePlan:
    """``hits``: the cameras within ``radius_m`` of the incident, nearest first (the map's index)."""
    live: list[int] = []
    ask: list[int] = []
    canvass: list[int] = []
    for _hit, camera in hits:
        alarm_live = camera.sharing is Sharing.alarm_only and camera.id in alarm_cameras
        if (why_not_live(camera, now) is None or alarm_live) and len(live) < free_tiles:
            live.append(camera.id)
        elif camera.sharing is Sharing.registry_only:
            canvass.append(camera.id)
        else:  # an owner the system can ask: recorded footage, whatever the live terms
            ask.append(camera.id)
    return ResponsePlan(incident, radius_m, tuple(live), tuple(ask[:limits.max_cameras]),
                        tuple(ask[limits.max_cameras:]), tuple(canvass),
                        incident.reported_at - WINDOW_BEFORE, incident.reported_at + WINDOW_AFTER)


def _escalations(cameras: int) -> str:
    if not cameras:
        return ""
    parts = -(-cameras // BODY_MAX_CAMERAS)
    return f"{parts} escalation{'s' if parts > 1 else ''} drafted for {cameras} more"
