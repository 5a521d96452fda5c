"""A live stream's lifecycle, as a table of the transitions it may make."""

from __future__ import annotations

from enum import StrEnum


class PlayerState(StrEnum):
    idle = "idle"
    connecting = "connecting"
    playing = "playing"
    stalled = "stalled"  # no new picture for STALL_AFTER_S: the picture on screen is old
    reconnecting = "reconnecting"  # waiting out a backoff, then connecting again
    stopped = "stopped"  # by us (tile cleared, consent ended, app locked)
    denied = "denied"  # the backend refused a grant (no consent, forbidden)
    failed = "failed"  # gave up after repeated failures (e.g. garbage stream)


S = PlayerState
TRANSITIONS: dict[PlayerState, frozenset[PlayerState]] = {
    S.idle: frozenset({S.connecting, S.stopped, S.denied}),
    S.connecting: frozenset({S.playing, S.reconnecting, S.stopped, S.denied, S.failed}),
    S.playing: frozenset({S.stalled, S.reconnecting, S.stopped, S.denied, S.connecting}),
    S.stalled: frozenset({S.playing, S.reconnecting, S.stopped, S.denied}),
    S.reconnecting: frozenset({S.connecting, S.stopped, S.denied, S.failed}),
    S.stopped: frozenset({S.connecting, S.idle}),
    S.denied: frozenset({S.connecting, S.stopped, S.idle}),
    S.failed: frozenset({S.connecting, S.stopped, S.idle}),
}
ACTIVE = frozenset({S.connecting, S.playing, S.stalled, S.reconnecting})

STALL_AFTER_S = 2.0
FIRST_FRAME_TIMEOUT_S = 6.0
BACKOFF_S = (0.5, 1.0, 2.0, 4.0, 8.0)
GIVE_UP_AFTER = 8  # consecutive attempts without a single picture


def can_transition(old: PlayerState, new: PlayerState) -> bool:
    return new in TRANSITIONS[old]


def backoff_s(attempt: int) -> float:
    return BACKOFF_S[min(max(attempt, 1), len(BACKOFF_S)) - 1]
