"""When a live view tries again, and when it stops trying: one policy for every cause.

A grant the backend could not give (down, camera offline), a connection that failed and a
stall that did not recover all wait here. The waits grow, and each is spread by a random
share so a wall whose tiles all lost the same media server does not come back as one burst.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum

BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0)
JITTER = 0.2  # each wait is within +-20 % of its step
# A source that never showed a picture is given up on after this many failed connections
# (a stream that is garbage, a camera that never answers); one that played before (a camera
# rebooting) and a backend that cannot be reached are retried for as long as the view is open.
NEVER_PLAYED_ATTEMPTS = 2
# A link that expires sooner than this is renewed before a retry rather than reused.
RENEW_BEFORE_EXPIRY_S = 10.0


class Cause(StrEnum):
    grant = "grant"  # the backend could not give a link (may pass: it is down, the camera offline)
    connection = "connection"  # the player could not connect, or lost the stream


@dataclass
class RetryPolicy:
    rng: random.Random = field(default_factory=random.Random)
    steps: tuple[float, ...] = BACKOFF_S
    jitter: float = JITTER

    def delay_s(self, attempt: int) -> float:
        """The wait before try number ``attempt`` + 1 (attempt >= 1)."""
        step = self.steps[min(max(attempt, 1), len(self.steps)) - 1]
        return step * (1.0 + self.rng.uniform(-self.jitter, self.jitter))

    @staticmethod
    def gives_up(cause: Cause, attempt: int, ever_played: bool) -> bool:
        return cause is Cause.connection and not ever_played and attempt >= NEVER_PLAYED_ATTEMPTS

    @staticmethod
    def renews_link(attempt: int, link_expires_soon: bool, last_cause: Cause) -> bool:
        """A retry asks for a fresh link unless this is the first retry of a still-valid link
        after a connection problem (a network blip: the link was fine)."""
        return last_cause is Cause.grant or attempt > 1 or link_expires_soon
