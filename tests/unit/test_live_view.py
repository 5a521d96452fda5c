"""The live view's one table and its one retry policy (rtcc_desktop/video/live_view.py).

Players here are scripted stand-ins for the libVLC adapter (its states are driven by the
test), so every path through the table can be walked in milliseconds; the real players
under the same view are tested in tests/ui/test_wall.py, test_rtsp_relay.py and
test_wall_resize.py. Covered:
- every transition of ``live_state.TRANSITIONS`` is made by some scenario below, and none
  outside it (the table has no transition that is not exercised);
- a grant failure, a stall and an expiry go through one policy (its waits, with jitter),
  and the player itself has no retry timer (no second loop);
- the size/profile switch: the standby starts at the new size while the old picture stays
  up, swaps on its first picture, reuses a valid link for a size change, asks for a new one
  for a profile change, keeps the old picture when the standby fails;
- answers from before a restart are dropped.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from pytestqt.qtbot import QtBot

from rtcc_desktop.video.frame_buffer import FrameBuffer
from rtcc_desktop.video.live_state import TRANSITIONS, LiveState
from rtcc_desktop.video.live_view import LiveView, Want
from rtcc_desktop.video.player_state import ACTIVE as PLAYER_ACTIVE
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.retry_policy import JITTER, Cause, RetryPolicy
from rtcc_desktop.video.stream_player import StreamPlayer
from rtcc_desktop.video.stream_source import StreamSource

L, P = LiveState, PlayerState
SMALL, BIG = (480, 270), (960, 540)


class ScriptedPlayer(QObject):
    """The libVLC adapter's surface, its states set by the test."""

    state_changed = Signal(str, str)
    frame_ready = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.buffer = FrameBuffer()
        self.state = P.idle
        self.detail = ""
        self.source: StreamSource | None = None
        self.size: tuple[int, int] | None = None
        self.lasting = False
        self.plays: list[tuple[StreamSource, tuple[int, int] | None, bool]] = []

    @property
    def active(self) -> bool:
        return self.state in PLAYER_ACTIVE

    def play(self, source: StreamSource, size: tuple[int, int] | None = None, again: bool = False) -> None:
        self.source, self.size = source, size
        self.plays.append((source, size, again))
        self.report(P.connecting)

    def stop(self, reason: str = "", forget: bool = False) -> None:
        self.report(P.stopped, reason)

    def release(self) -> None:
        pass

    def report(self, state: PlayerState, detail: str = "", lasting: bool = False) -> None:
        self.state, self.detail, self.lasting = state, detail, lasting
        self.state_changed.emit(state.value, detail)


# A link valid for as long as any test runs (the suite may reach this module many minutes after
# it was imported); equal links compare equal, so the tests can say which one a player got.
FAR_FUTURE = time.time() + 30 * 24 * 3600


def link(profile: str = "sub", expires_in: float | None = None, n: int = 1) -> StreamSource:
    """A granted link; ``expires_in``: seconds from now (None: far in the future)."""
    expires = FAR_FUTURE if expires_in is None else time.time() + expires_in
    return StreamSource(7, f"http://127.0.0.1:1/{profile}/{n}.ts", profile, "2026-000900", expires)


@dataclass
class Backend:
    """The injected grant fetch: answers are queued by the test, or held for it to give."""

    answers: list[Any] = field(default_factory=list)  # StreamSource, or (words, lasting)
    asked: list[str] = field(default_factory=list)
    held: list[tuple[Callable[[StreamSource], None], Callable[[str, bool], None]]] = field(default_factory=list)

    def fetch(self, profile: str, granted: Callable[[StreamSource], None],
              refused: Callable[[str, bool], None]) -> None:
        self.asked.append(profile)
        if not self.answers:
            self.held.append((granted, refused))
            return
        answer = self.answers.pop(0)
        if isinstance(answer, StreamSource):
            granted(answer)
        else:
            refused(*answer)


class RecordingPolicy(RetryPolicy):
    def __init__(self) -> None:
        super().__init__(rng=random.Random(5), steps=(0.0,) * 5)
        self.waits: list[int] = []

    def delay_s(self, attempt: int) -> float:
        self.waits.append(attempt)
        return super().delay_s(attempt)


@dataclass
class Rig:
    view: LiveView
    players: tuple[ScriptedPlayer, ScriptedPlayer]
    backend: Backend
    policy: RecordingPolicy

    @property
    def shown(self) -> ScriptedPlayer:
        return self.view.shown  # type: ignore[return-value]

    @property
    def other(self) -> ScriptedPlayer:
        return self.players[1] if self.view.shown is self.players[0] else self.players[0]

    def start(self, *answers: Any, want: Want = Want("sub", SMALL)) -> None:
        self.backend.answers.extend(answers)
        self.view.start(self.backend.fetch, want)


SEEN: set[tuple[LiveState, LiveState]] = set()
VIEWS_RUN: list[int] = []


@pytest.fixture
def rig(qtbot: QtBot) -> Any:
    players = (ScriptedPlayer(), ScriptedPlayer())
    policy = RecordingPolicy()
    view = LiveView(players, policy)  # type: ignore[arg-type]
    yield Rig(view, players, Backend(), policy)
    assert all(new in TRANSITIONS[old] for old, new in view.transitions), view.transitions  # nothing outside
    SEEN.update(view.transitions)
    VIEWS_RUN.append(len(view.transitions))


def settle(qtbot: QtBot, view: LiveView, state: LiveState) -> None:
    qtbot.waitUntil(lambda: view.state is state, timeout=2_000)


def playing(rig: Rig, qtbot: QtBot, *answers: Any) -> None:
    rig.start(*(answers or (link(),)))
    rig.shown.report(P.playing)
    settle(qtbot, rig.view, L.playing)


# --- first grants ----------------------------------------------------------------------------
def test_a_grant_plays_at_the_wanted_size(rig: Rig, qtbot: QtBot) -> None:
    rig.start(link())
    assert rig.view.state is L.connecting and rig.shown.plays == [(link(), SMALL, False)]
    rig.shown.report(P.playing)
    assert rig.view.state is L.playing and rig.view.opened_at is not None and rig.view.message == ""


def test_a_lasting_refusal_is_denied_with_its_words(rig: Rig, qtbot: QtBot) -> None:
    rig.start(("This camera is registered only.", True))
    assert rig.view.state is L.denied and rig.view.message == "This camera is registered only."
    assert rig.shown.plays == [] and rig.policy.waits == []  # asking again cannot change it
    rig.view.stop("")  # the wall locks
    assert rig.view.state is L.stopped
    rig.start(("This camera is registered only.", True))
    rig.view.end("Owner ended sharing")
    assert rig.view.state is L.ended


def test_a_backend_that_cannot_be_reached_is_asked_again_with_the_policy_s_waits(rig: Rig, qtbot: QtBot) -> None:
    rig.start(("Cannot reach the backend.", False), ("Cannot reach the backend.", False), ("Still down.", False),
              link())
    qtbot.waitUntil(lambda: rig.view.state is L.connecting, timeout=2_000)
    assert rig.backend.asked == ["sub"] * 4 and rig.policy.waits == [1, 2, 3]  # never given up, waits growing
    assert (L.requesting, L.reconnecting) in rig.view.transitions
    assert (L.reconnecting, L.requesting) in rig.view.transitions


def test_stopping_or_ending_while_a_grant_is_asked_for_drops_its_answer(rig: Rig, qtbot: QtBot) -> None:
    rig.start()
    rig.view.stop("")
    assert rig.view.state is L.stopped
    granted, _refused = rig.backend.held.pop()
    granted(link())  # late
    assert rig.view.state is L.stopped and rig.shown.plays == []
    rig.view.end("Owner ended sharing")  # a stopped (locked) tile whose owner ends sharing
    assert rig.view.state is L.ended and rig.view.message == "Owner ended sharing"
    rig.view.stop("")
    rig.start()
    rig.view.end("Alarm over")
    assert rig.view.state is L.ended
    rig.backend.held.pop()[0](link())
    assert rig.shown.plays == []


# --- connections ------------------------------------------------------------------------------
def test_a_source_that_never_plays_is_given_up_on_after_two_connections(rig: Rig, qtbot: QtBot) -> None:
    rig.start(link())
    rig.shown.report(P.failed, "The stream could not be played.")
    settle(qtbot, rig.view, L.connecting)  # the first retry of a valid link reuses it
    assert rig.backend.asked == ["sub"] and rig.shown.plays[-1][2] is True  # a retry keeps the engine tried
    rig.shown.report(P.failed, "The stream could not be played.")
    assert rig.view.state is L.failed and rig.view.message == "The stream could not be played."
    rig.view.end("Owner ended sharing")
    assert rig.view.state is L.ended


def test_a_lasting_connection_problem_fails_at_once(rig: Rig, qtbot: QtBot) -> None:
    rig.start(link())
    rig.shown.report(P.failed, "The camera refused the password.", lasting=True)
    assert rig.view.state is L.failed and rig.backend.asked == ["sub"] and rig.policy.waits == []
    rig.view.stop("")
    assert rig.view.state is L.stopped


def test_a_stall_says_so_then_recovers_or_reconnects(rig: Rig, qtbot: QtBot) -> None:
    playing(rig, qtbot)
    rig.shown.report(P.stalled, "No new picture.")
    assert rig.view.state is L.stalled
    rig.shown.report(P.playing)
    assert rig.view.state is L.playing
    rig.shown.report(P.stalled, "No new picture.")
    rig.shown.report(P.failed, "No new picture; reconnecting.")
    assert rig.view.state is L.reconnecting
    settle(qtbot, rig.view, L.connecting)
    assert rig.shown.plays[-1][2] is True  # the same view again: the camera keeps its engine
    rig.shown.report(P.playing)
    rig.shown.report(P.stalled, "No new picture.")
    rig.shown.report(P.failed, "The camera refused the password.", lasting=True)
    assert rig.view.state is L.failed


def test_a_stream_lost_while_playing_is_first_said_to_be_old(rig: Rig, qtbot: QtBot) -> None:
    playing(rig, qtbot)
    rig.shown.report(P.failed, "The stream ended.")
    assert rig.view.transitions[-2:] == [(L.playing, L.stalled), (L.stalled, L.reconnecting)]
    rig.view.stop("")  # the wall locks while it waits
    assert rig.view.state is L.stopped
    assert not rig.view._retry.isActive()


def test_a_grant_failure_a_stall_and_an_expiry_go_through_one_policy(rig: Rig, qtbot: QtBot) -> None:
    """One policy decides every retry: its waits are the only ones, and the player has no timer of its own."""
    expiring = link(expires_in=5.0, n=1)
    rig.start(("Cannot reach the backend.", False), expiring, link(n=2))
    settle(qtbot, rig.view, L.connecting)  # 1: the grant failure, waited out
    rig.shown.report(P.playing)
    rig.shown.report(P.stalled, "No new picture.")  # 2: a stall that does not recover
    rig.shown.report(P.failed, "No new picture; reconnecting.")
    settle(qtbot, rig.view, L.connecting)
    # 3: the link expires within the renewal margin: a fresh one is asked for, not the old reused.
    assert rig.backend.asked == ["sub", "sub", "sub"] and rig.shown.source == link(n=2)
    assert rig.policy.waits == [1, 1]  # the grant failure, then the stall (attempts reset on a picture)
    rig.shown.report(P.playing)
    assert rig.view.state is L.playing
    real = StreamPlayer()
    assert [t for t in real.findChildren(QTimer) if t.isSingleShot()] == []  # no retry loop in the player
    real.release()


def test_reconnecting_can_be_stopped_or_ended(rig: Rig, qtbot: QtBot) -> None:
    rig.policy.steps = (5.0,) * 5  # long enough to act while it waits
    playing(rig, qtbot)
    rig.shown.report(P.failed, "The stream ended.")
    assert rig.view.state is L.reconnecting
    rig.view.end("Owner ended sharing")
    assert rig.view.state is L.ended and not rig.view._retry.isActive()
    rig.view.stop("")
    rig.start(link())
    rig.shown.report(P.failed, "The stream ended.")
    assert rig.view.state is L.reconnecting
    rig.view.stop("")
    assert rig.view.state is L.stopped


@pytest.mark.parametrize("how", ["stop", "end"])
def test_every_active_state_can_be_stopped_or_ended(rig: Rig, qtbot: QtBot, how: str) -> None:
    act = (lambda: rig.view.stop("")) if how == "stop" else (lambda: rig.view.end("Owner ended sharing"))
    expected = L.stopped if how == "stop" else L.ended
    rig.start(link())  # connecting
    act()
    assert rig.view.state is expected
    playing(rig, qtbot)
    act()
    assert rig.view.state is expected
    playing(rig, qtbot)
    rig.shown.report(P.stalled, "No new picture.")
    act()
    assert rig.view.state is expected
    playing(rig, qtbot)
    rig.view.set_want(Want("sub", BIG))
    assert rig.view.state is L.switching
    act()
    assert rig.view.state is expected and not rig.other.active and not rig.shown.active
    rig.view.clear()
    assert rig.view.state is L.idle


# --- the size/profile switch --------------------------------------------------------------
def test_a_new_size_starts_on_the_standby_with_the_same_link_and_swaps_on_its_picture(rig: Rig, qtbot: QtBot) -> None:
    playing(rig, qtbot)
    old = rig.shown
    rig.view.set_want(Want("sub", BIG))
    standby = rig.other
    assert rig.view.state is L.switching and rig.backend.asked == ["sub"]  # no new grant for a size
    assert standby.plays[-1][:2] == (link(), BIG) and old.state is P.playing  # the old picture stays up
    standby.report(P.playing)
    assert rig.view.shown is standby and old.state is P.stopped and rig.view.state is L.playing


def test_a_new_profile_asks_for_its_own_link(rig: Rig, qtbot: QtBot) -> None:
    playing(rig, qtbot)
    rig.backend.answers.append(link("main"))
    rig.view.set_want(Want("main", BIG))
    assert rig.backend.asked == ["sub", "main"] and rig.other.plays[-1][:2] == (link("main"), BIG)
    rig.other.report(P.playing)
    assert rig.shown.source == link("main") and rig.view.state is L.playing


def test_a_standby_that_fails_keeps_the_old_picture(rig: Rig, qtbot: QtBot) -> None:
    playing(rig, qtbot)
    old = rig.shown
    rig.view.set_want(Want("sub", BIG))
    rig.other.report(P.failed, "No picture from the camera within 6 s.")
    assert rig.view.shown is old and rig.view.state is L.playing and old.state is P.playing
    rig.backend.answers.append(("Cannot reach the backend.", False))
    rig.view.set_want(Want("main", BIG))  # a refused link for the standby: the same
    assert rig.view.shown is old and rig.view.state is L.playing


def test_a_stall_during_a_switch_drops_the_standby(rig: Rig, qtbot: QtBot) -> None:
    playing(rig, qtbot)
    rig.view.set_want(Want("sub", BIG))
    standby = rig.other
    rig.shown.report(P.stalled, "No new picture.")
    assert rig.view.state is L.stalled and standby.state is P.stopped
    rig.shown.report(P.failed, "No new picture; reconnecting.")
    settle(qtbot, rig.view, L.connecting)
    assert rig.shown.plays[-1][1] == BIG  # the reconnection is made at the size wanted now


def test_a_want_that_moves_on_during_a_switch_is_followed(rig: Rig, qtbot: QtBot) -> None:
    playing(rig, qtbot)
    rig.view.set_want(Want("sub", BIG))
    first = rig.other
    rig.view.set_want(Want("sub", (1920, 1080)))
    second = rig.other
    assert first.state is P.stopped or first is second
    assert second.plays[-1][1] == (1920, 1080)
    second.report(P.playing)
    assert rig.view.shown is second and rig.shown.size == (1920, 1080) and rig.view.state is L.playing


def test_a_want_changed_before_the_first_picture_switches_once_it_plays(rig: Rig, qtbot: QtBot) -> None:
    rig.start(link())
    rig.view.set_want(Want("sub", BIG))
    assert rig.view.state is L.connecting and len(rig.other.plays) == 0
    rig.shown.report(P.playing)
    assert rig.view.state is L.switching and rig.other.plays[-1][1] == BIG


# --- the policy itself ------------------------------------------------------------------------
def test_the_policy_s_waits_grow_and_are_spread() -> None:
    policy = RetryPolicy(rng=random.Random(1))
    waits = [policy.delay_s(n) for n in range(1, 8)]
    steps = (0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0)
    assert all(step * (1 - JITTER) <= w <= step * (1 + JITTER) for w, step in zip(waits, steps, strict=True))
    assert len({round(policy.delay_s(3), 6) for _ in range(20)}) > 10  # not one fixed figure
    assert RetryPolicy.gives_up(Cause.connection, 2, ever_played=False)
    assert not RetryPolicy.gives_up(Cause.connection, 50, ever_played=True)
    assert not RetryPolicy.gives_up(Cause.grant, 50, ever_played=False)


def test_every_transition_of_the_table_is_exercised() -> None:
    """Runs last in this module: the scenarios above together walk the whole table."""
    if len(VIEWS_RUN) < 18:
        pytest.skip("walks the table only with the whole module's scenarios selected")
    table = {(old, new) for old, news in TRANSITIONS.items() for new in news}
    assert table - SEEN == set(), sorted(table - SEEN)


def test_a_painter_that_scales_itself_gets_no_new_playback_for_a_new_size(qtbot: QtBot) -> None:
    """The GPU path scales in its shader: a resize must not restart its streams."""
    players = (ScriptedPlayer(), ScriptedPlayer())
    for player in players:
        player.buffer.scales_on_paint = True
    view = LiveView(players, RecordingPolicy())  # type: ignore[arg-type]
    backend = Backend([link(), link("main")])
    view.start(backend.fetch, Want("sub", SMALL))
    view.shown.report(P.playing)  # type: ignore[attr-defined]
    view.set_want(Want("sub", BIG))
    assert view.state is L.playing and players[1].plays == []
    view.set_want(Want("main", BIG))  # a new profile still switches
    assert view.state is L.switching and players[1].plays[-1][0] == link("main")
    SEEN.update(view.transitions)


# --- the frame clock -------------------------------------------------------------------------------
def test_new_pictures_are_told_once_a_tick_and_not_once_stopped(qtbot: QtBot) -> None:
    from rtcc_desktop.video.frame_clock import FrameClock

    clock = FrameClock(tick_ms=1_000_000)  # ticked by hand
    players = (ScriptedPlayer(), ScriptedPlayer())
    view = LiveView(players, RecordingPolicy(), clock=clock)  # type: ignore[arg-type]
    told: list[int] = []
    view.frame.connect(lambda: told.append(players[0].buffer.seq))
    clock.tick()
    assert clock.watching == 0 and told == []  # nothing playing: not watched
    view.start(Backend([link()]).fetch, Want("sub", SMALL))
    players[0].report(P.playing)
    for _ in range(5):  # five pictures between two ticks: one repaint
        players[0].buffer._display(None, 1)
    clock.tick()
    clock.tick()  # no new picture: nothing told
    assert told == [5]
    players[0].buffer._display(None, 1)
    clock.tick()
    assert told == [5, 6]
    view.stop()
    players[0].buffer._display(None, 1)  # a late picture after the stop
    clock.tick()
    assert told == [5, 6] and clock.watching == 0
