"""The incident queue: the one owner of the incidents a console shows, kept in step with the
backend by a full load and then by its events (created, updated, closed).

Newest first. Closed incidents stay listed for a while (what just happened matters in the first
minutes of the next call), then drop out. An event older than what is held (an id whose data is
older, events replayed after a resync) never overwrites newer data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rtcc_desktop.api.schemas import Incident, ServerEvent

KEEP_CLOSED = timedelta(hours=1)
INCIDENT_EVENTS = ("incident.created", "incident.updated", "incident.closed")


@dataclass(frozen=True)
class Change:
    """What an applied event did: a new incident, one that became priority 1, one closed."""

    incident: Incident
    new: bool = False
    became_urgent: bool = False  # newly priority 1 (new, or upgraded)
    closed: bool = False


@dataclass
class IncidentQueue:
    _items: dict[int, Incident] = field(default_factory=dict)

    def load(self, incidents: Iterable[Incident]) -> None:
        """Replace everything with a fresh list from the backend (start, resync)."""
        self._items = {i.id: i for i in incidents}

    def apply(self, event: ServerEvent) -> Change | None:
        """Apply an incident event; None for other events and ones that change nothing."""
        if event.type not in INCIDENT_EVENTS:
            return None
        incident = Incident.model_validate(event.data)
        held = self._items.get(incident.id)
        if held is not None and _version(held) > _version(incident):
            return None  # a replay of something older than what is held
        self._items[incident.id] = incident
        was_urgent = held is not None and held.priority == 1 and held.status == "open"
        urgent = incident.priority == 1 and incident.status == "open"
        return Change(incident, new=held is None, became_urgent=urgent and not was_urgent,
                      closed=incident.status == "closed" and (held is None or held.status != "closed"))

    def get(self, incident_id: int) -> Incident | None:
        return self._items.get(incident_id)

    def shown(self, now: datetime | None = None, include_closed: bool = True) -> list[Incident]:
        """Open incidents and recently closed ones, newest first."""
        now = now or datetime.now(UTC)
        keep = [i for i in self._items.values() if i.status == "open"
                or (include_closed and i.closed_at is not None and now - i.closed_at < KEEP_CLOSED)]
        return sorted(keep, key=lambda i: (i.reported_at, i.id), reverse=True)

    def open_count(self, priority: int | None = None) -> int:
        return sum(1 for i in self._items.values()
                   if i.status == "open" and (priority is None or i.priority == priority))


def _version(incident: Incident) -> tuple[int, datetime]:
    """Closed is later than open; among the same status, the later close wins."""
    closed = incident.status == "closed"
    return (1 if closed else 0, incident.closed_at or incident.created_at)


def age_text(incident: Incident, now: datetime | None = None) -> str:
    """How long ago it was reported, as a dispatcher says it: 45 s, 12 min, 2 h 5 min."""
    seconds = max(0, int(((now or datetime.now(UTC)) - incident.reported_at).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"

