"""A simulated dispatch feed: calls for service from computer-aided dispatch (CAD) at a set rate
across the seeded city, occasional gunshot detections, and the dispatcher clearing calls.

Calls arrive as a Poisson process (``--cad-rate`` per hour) where people and cameras are (the
seed's neighbourhood weights); their mix of types and priorities is a city's evening. At start
the last hour is back-filled at the same rate, so a queue is never empty at sign-in. A run is
reproducible from ``--seed``.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mock_backend import clock, incidents
from mock_backend.seed import city_position, street_address

if TYPE_CHECKING:
    from mock_backend.state import MockState

log = logging.getLogger("mock_backend.dispatch")
ACTOR = "cad-feed"
DEFAULT_RATE_PER_HOUR = 6.0  # a calm evening's calls that a crime centre would look at
GUNSHOT_SHARE = 0.06
UPGRADE_SHARE = 0.1  # calls dispatch upgrades as more is learnt
BACKFILL_S = 3600.0
BACKFILL_MAX = 20  # a fast feed (a load test) starts with a readable queue, not thousands
_CHECK_S = 2.0


@dataclass(frozen=True)
class CallType:
    kind: str
    priority: int
    weight: float
    open_minutes: tuple[int, int]


CALL_TYPES = (
    CallType("Armed robbery", 1, 3, (45, 120)),
    CallType("Shooting", 1, 1, (60, 180)),
    CallType("Burglary in progress", 2, 5, (30, 90)),
    CallType("Domestic disturbance", 2, 8, (20, 60)),
    CallType("Assault", 2, 6, (30, 90)),
    CallType("Traffic crash with injuries", 2, 4, (30, 75)),
    CallType("Hit and run", 3, 5, (20, 60)),
    CallType("Vehicle theft", 3, 8, (20, 45)),
    CallType("Theft from vehicle", 4, 8, (15, 40)),
    CallType("Shoplifting", 4, 6, (15, 40)),
    CallType("Suspicious person", 4, 10, (10, 30)),
    CallType("Disturbance", 4, 12, (10, 30)),
    CallType("Vandalism", 5, 6, (15, 45)),
    CallType("Noise complaint", 5, 8, (10, 25)),
)
GUNSHOT = CallType("Shots fired (gunshot detection)", 1, 0, (30, 90))


class DispatchFeed:
    def __init__(self, state: MockState) -> None:
        self.state = state
        self.rate = state.settings.cad_rate_per_hour
        self.rng = random.Random(f"dispatch:{state.settings.seed}")
        self._upgrades: dict[int, float] = {}  # incident id -> when dispatch upgrades it to priority 1
        self._seq = 0

    def call(self, at: float | None = None) -> dict[str, object]:
        """One call for service (or a detection) now, or reported at ``at``."""
        rng, now = self.rng, clock.now()
        reported = now if at is None else at
        gunshot = rng.random() < GUNSHOT_SHARE
        call = GUNSHOT if gunshot else rng.choices(CALL_TYPES, weights=[c.weight for c in CALL_TYPES])[0]
        lat, lon = city_position(rng)
        self._seq += 1
        year = clock.to_dt_required(reported).year % 100
        number = f"{'GS' if gunshot else 'C'}{year:02d}-{self._seq + 4000:06d}"
        closes = reported + 60 * rng.uniform(*call.open_minutes)
        with self.state.db.tx() as conn:
            made = incidents.create_incident(
                conn, self.state.bus, lat, lon, call.kind,
                "Acoustic sensors located the shots; no caller." if gunshot else "",
                actor=ACTOR, role="system", source="gunshot" if gunshot else "cad", priority=call.priority,
                address=street_address(rng, lat, lon), accuracy_m=round(rng.uniform(20, 60)) if gunshot else None,
                reported_at=reported, cad_number=number, closes_at=closes)
        if call.priority > 1 and rng.random() < UPGRADE_SHARE:
            self._upgrades[int(made["id"])] = reported + rng.uniform(60, 600)
        return made

    def backfill(self) -> None:
        """The last hour's calls, so a queue opened at start shows what an evening looks like."""
        now = clock.now()
        count = min(BACKFILL_MAX, int(self.rate * BACKFILL_S / 3600))
        for at in sorted(now - self.rng.uniform(0, BACKFILL_S) for _ in range(count)):
            self.call(at)
        self.clear_due()

    def clear_due(self) -> None:
        now = clock.now()
        due = self.state.db.query("SELECT id FROM incidents WHERE status = 'open' AND closes_at IS NOT NULL"
                                  " AND closes_at <= ?", (now,))
        with self.state.db.tx() as conn:
            for (incident_id,) in due:
                incidents.close_incident(conn, self.state.bus, incident_id, actor=ACTOR, role="system",
                                         why="cleared by dispatch")
            for incident_id, when in list(self._upgrades.items()):
                if when <= now:
                    del self._upgrades[incident_id]
                    if incidents.get_incident(conn, incident_id)["status"] == "open":
                        incidents.reprioritise(conn, self.state.bus, incident_id, 1, actor=ACTOR, role="system")

    async def run(self) -> None:
        if self.rate <= 0:
            return
        self.backfill()
        next_call = clock.now() + self.rng.expovariate(self.rate / 3600)
        while True:
            await asyncio.sleep(max(0.05, min(_CHECK_S, next_call - clock.now())))
            try:
                if clock.now() >= next_call:
                    self.call()
                    next_call = clock.now() + self.rng.expovariate(self.rate / 3600)
                self.clear_due()
            except Exception:  # a broken call must not stop the feed
                log.exception("dispatch feed")
