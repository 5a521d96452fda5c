"""One connection of a player to a source, as a table of the transitions it may make.

The player does not retry: a connection that fails says so (and whether retrying can
help) and the live view that owns the player decides (``live_view``, ``retry_policy``).
"""

from __future__ import annotations

from enum import StrEnum


class PlayerState(StrEnum):
    idle = "idle"
    connecting = "connecting"
    playing = "playing"
    stalled = "stalled"  # no new picture for STALL_AFTER_S: the picture on screen is old
    stopped = "stopped"  # by its owner
    failed = "failed"  # this connection failed or was given up (``StreamPlayer.lasting``: for good)


S = PlayerState
TRANSITIONS: dict[PlayerState, frozenset[PlayerState]] = {
    S.idle: frozenset({S.connecting, S.stopped, S.failed}),
    S.connecting: frozenset({S.playing, S.stopped, S.failed}),
    S.playing: frozenset({S.stalled, S.stopped, S.failed, S.connecting}),
    S.stalled: frozenset({S.playing, S.stopped, S.failed}),
    S.stopped: frozenset({S.connecting, S.idle, S.failed}),
    S.failed: frozenset({S.connecting, S.stopped, S.idle, S.failed}),
}
ACTIVE = frozenset({S.connecting, S.playing, S.stalled})

STALL_AFTER_S = 2.0
FIRST_FRAME_TIMEOUT_S = 6.0
# HLS's first picture comes after a playlist a backend may hold until its segmenter has a segment
# (the mock holds it up to 6 s) and a segment or two of buffering: seconds more than a camera's.
HLS_FIRST_FRAME_TIMEOUT_S = 15.0
# How long a stall may last before the connection is thrown away (and the owner retries).
RECONNECT_AFTER_STALL_S = 4.0


def can_transition(old: PlayerState, new: PlayerState) -> bool:
    return new in TRANSITIONS[old]
