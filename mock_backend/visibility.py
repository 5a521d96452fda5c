"""Who may read which rows of a resource: one rule per resource, used by its REST route and by the
event stream alike, so ``GET /escalations`` and ``/events`` cannot disagree.

A rule gives a :class:`Scope`, which answers both as SQL (a route's query) and for a row already
turned into its contract dict (an event's data): the same decision in either form. An event type
without a rule is not sent to anyone: a new event type stays unseen until someone says who may
see it."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mock_backend import duties
from mock_backend import room_walls as room_walls_state
from mock_backend.security import Principal
from mock_backend.settings import MockSettings
from rtcc_desktop.api.schemas import Role

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Scope:
    """Everything, nothing, or the rows whose ``column`` holds ``value`` (the column keeps its name
    in the row's contract dict, which is what lets one scope filter both)."""

    everything: bool = False
    column: str | None = None
    value: object = None

    def sql(self) -> tuple[str, list[object]]:
        """A WHERE clause and its parameters (the column name is this module's, never a caller's)."""
        if self.column is not None:
            return f"{self.column} = ?", [self.value]
        return ("1=1" if self.everything else "0=1"), []

    def admits(self, item: Mapping[str, Any]) -> bool:
        if self.column is not None:
            return self.column in item and item[self.column] == self.value
        return self.everything


EVERYTHING = Scope(everything=True)
NOTHING = Scope()
Rule = Callable[[Principal, MockSettings], Scope]


def people_only(rule: Rule) -> Rule:
    """A rule for people's work: a room wall's display reads none of it (it follows its wall only)."""

    @functools.wraps(rule)
    def checked(principal: Principal, settings: MockSettings) -> Scope:
        return NOTHING if principal.role is Role.wall_device else rule(principal, settings)

    return checked


@people_only
def cameras(principal: Principal, settings: MockSettings) -> Scope:
    """Every signed-in role works the map: all cameras, their status and sharing terms."""
    return EVERYTHING


@people_only
def alarms(principal: Principal, settings: MockSettings) -> Scope:
    """Every signed-in role answers alarms (a trainer on a training backend only)."""
    return NOTHING if duties.off_duty(principal, settings) else EVERYTHING


@people_only
def requests(principal: Principal, settings: MockSettings) -> Scope:
    """Footage requests are the centre's shared case work: every signed-in role reads them (a
    trainer on a training backend only)."""
    return NOTHING if duties.off_duty(principal, settings) else EVERYTHING


@people_only
def escalations(principal: Principal, settings: MockSettings) -> Scope:
    """An operator follows his own escalations (their justifications are the requester's and the
    deciding supervisor's); supervisors have the inbox, trainers debrief it."""
    if principal.role is Role.operator:
        return Scope(column="requested_by", value=principal.username)
    return NOTHING if duties.off_duty(principal, settings) else EVERYTHING


@people_only
def incidents(principal: Principal, settings: MockSettings) -> Scope:
    """Calls for service and detections are the centre's shared picture: every signed-in role (a
    trainer on a training backend only)."""
    return NOTHING if duties.off_duty(principal, settings) else EVERYTHING


@people_only
def training(principal: Principal, settings: MockSettings) -> Scope:
    """A drill's state: the trainer on a training backend, as the ``/training``
    routes (trainer only, training only) serve them."""
    return EVERYTHING if duties.debriefs_here(principal, settings) else NOTHING


def room_walls(principal: Principal, settings: MockSettings) -> Scope:
    """Every seat follows the room walls (a trainer on a training backend only); a wall's
    display follows its own wall (``wall-<name>`` shows ``<name>``, see room_walls.py)."""
    if principal.role is Role.wall_device:
        return Scope(column="name", value=room_walls_state.device_wall(principal))
    return NOTHING if duties.off_duty(principal, settings) else EVERYTHING


# Every event type the mock publishes, and the resource rule its data falls under.
EVENT_RULES: dict[str, Rule] = {
    "camera.updated": cameras,
    "consent.changed": cameras,
    "alarm.raised": alarms,
    "alarm.ended": alarms,
    "alarm.acknowledged": alarms,
    "request.updated": requests,
    "escalation.created": escalations,
    "escalation.decided": escalations,
    "incident.created": incidents,
    "incident.updated": incidents,
    "incident.closed": incidents,
    "scenario.changed": training,
    "room_wall.updated": room_walls,
}


def event_visible(principal: Principal, settings: MockSettings, type_: str, data: Mapping[str, Any]) -> bool:
    rule = EVENT_RULES.get(type_)
    if rule is None:
        log.error("event type %r has no visibility rule; sent to nobody", type_)
        return False
    return rule(principal, settings).admits(data)
