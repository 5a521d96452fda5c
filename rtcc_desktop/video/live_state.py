"""A live view's lifecycle, from asking for a grant to the picture and back: its one table.

The player (``player_state``) knows a single connection; this table is the view the
operator sees, across grants, reconnections and the size/profile switch.
"""

from __future__ import annotations

from enum import StrEnum


class LiveState(StrEnum):
    idle = "idle"  # nothing to show
    requesting = "requesting"  # asking the backend for a link
    connecting = "connecting"  # a link in hand; no picture yet
    playing = "playing"
    switching = "switching"  # playing; the standby player starts another size or profile
    stalled = "stalled"  # no new picture: the picture on screen is old
    reconnecting = "reconnecting"  # waiting out the retry policy, then trying again
    failed = "failed"  # given up: a source that never played, a problem retrying cannot fix
    denied = "denied"  # the backend refused a link (no consent, forbidden, signed out)
    ended = "ended"  # the camera may no longer be shown (the owner ended sharing, the alarm is over)
    stopped = "stopped"  # by us (tile cleared, wall locked)


L = LiveState
_OVER = (L.stopped, L.ended)  # stopped by us, or the camera may no longer be shown
TRANSITIONS: dict[LiveState, frozenset[LiveState]] = {
    L.idle: frozenset({L.requesting}),
    L.requesting: frozenset({L.connecting, L.reconnecting, L.denied, *_OVER}),
    L.connecting: frozenset({L.playing, L.reconnecting, L.failed, *_OVER}),
    L.playing: frozenset({L.switching, L.stalled, *_OVER}),
    L.switching: frozenset({L.playing, L.stalled, *_OVER}),
    L.stalled: frozenset({L.playing, L.reconnecting, L.failed, *_OVER}),
    L.reconnecting: frozenset({L.requesting, L.connecting, *_OVER}),
    # Over. Showing again or clearing goes through stopped (the players are stopped first);
    # an owner may still end sharing while the tile says why it has no video.
    L.failed: frozenset({L.stopped, L.ended}),
    L.denied: frozenset({L.stopped, L.ended}),
    L.ended: frozenset({L.stopped}),
    L.stopped: frozenset({L.requesting, L.idle, L.ended}),
}
ACTIVE = frozenset({L.requesting, L.connecting, L.playing, L.switching, L.stalled, L.reconnecting})
SHOWING = frozenset({L.playing, L.switching})  # a fresh picture is on screen


def can_transition(old: LiveState, new: LiveState) -> bool:
    return new in TRANSITIONS[old]
