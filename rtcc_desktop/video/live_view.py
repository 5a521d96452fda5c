"""One live view: a camera shown under a case, from the grant to the picture and back.

The one owner of a view's lifecycle (``live_state.TRANSITIONS``): it asks for a link
through the injected ``GrantFetch`` (the UI runs it off its thread), hands the link to a
player, and decides every retry through one ``RetryPolicy`` - a grant the backend could
not give, a connection that failed, a stall that did not recover, a link about to expire.

Two reused players per view, so a size or profile switch never flashes black: the new
size starts on the standby player while the old picture stays up, and the two swap on
the new one's first picture. Both are kept for the view's life and reused for every
camera it shows (creating and releasing libVLC players leaks).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from rtcc_desktop.video.frame_clock import FrameClock, frame_clock
from rtcc_desktop.video.live_state import ACTIVE, LiveState, can_transition
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.retry_policy import RENEW_BEFORE_EXPIRY_S, Cause, RetryPolicy
from rtcc_desktop.video.stream_player import StreamPlayer
from rtcc_desktop.video.stream_source import StreamSource

log = logging.getLogger(__name__)
L, P = LiveState, PlayerState

Granted = Callable[[StreamSource], None]
Refused = Callable[[str, bool], None]  # the reason in words; lasting (forbidden, no consent, signed out)
# fetch(profile, granted, refused): ask the backend for a link to this view's camera, and
# answer exactly once, on the view's thread.
GrantFetch = Callable[[str, Granted, Refused], None]


@dataclass(frozen=True)
class Want:
    """What the tile needs: the stream profile and the size to decode to (device pixels)."""

    profile: str = "sub"
    size: tuple[int, int] | None = None


class LiveView(QObject):
    changed = Signal()  # state, message or the shown player
    # A new picture on the shown player, told on this view's thread by the frame clock
    # (frame_clock.py): at most once per tick, whatever the number of pictures meanwhile.
    frame = Signal()

    def __init__(self, players: tuple[StreamPlayer, StreamPlayer] | None = None,
                 policy: RetryPolicy | None = None, parent: QObject | None = None,
                 clock: FrameClock | None = None) -> None:
        super().__init__(parent)
        self.policy = policy or RetryPolicy()
        self._clock = clock or frame_clock()
        self._players = players or (StreamPlayer(self), StreamPlayer(self))
        self.shown = self._players[0]  # the player whose picture the tile paints
        self.state = L.idle
        self.message = ""  # why there is no live picture, in words
        self.want = Want()
        self.opened_at: float | None = None  # time.monotonic() of the view's first picture
        self.transitions: list[tuple[LiveState, LiveState]] = []  # this view's path (tests, support)
        self._fetch: GrantFetch | None = None
        self._source: StreamSource | None = None  # the link the shown player plays or last played
        self._standby: StreamPlayer | None = None  # starting another size or profile
        self._generation = 0  # answers and player reports from before a restart are dropped
        self._attempt = 0
        self._last_cause = Cause.connection
        self._ever_played = False
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._try_again)
        for player in self._players:
            player.state_changed.connect(lambda state, detail, p=player: self._player_state(p, state, detail))

    # --- commands -------------------------------------------------------------------------------
    def start(self, fetch: GrantFetch, want: Want) -> None:
        """Show a camera (or the same one afresh): ask for a link and play it."""
        self._halt(L.stopped, "", forget=True)
        self._fetch, self.want = fetch, want
        self._attempt, self._ever_played, self._source = 0, False, None
        self.opened_at = None
        self._move(L.requesting, "")
        self._request(self.shown, want)

    def set_want(self, want: Want) -> None:
        """The tile's size or profile changed: restart at it on the standby, the picture staying up."""
        if want == self.want:
            return
        self.want = want
        if self.state is L.playing:
            self._begin_switch()
        elif self.state is L.switching and self._standby is not None:
            self._drop_standby()  # the new want supersedes the size being started
            self._move(L.playing, "")
            self._begin_switch()
        # Not yet playing: the next connection uses the new want; one already under way
        # switches once it plays.

    def stop(self, message: str = "", forget: bool = False) -> None:
        """Stop showing video (tile cleared, wall locked); ``forget`` also drops the picture."""
        self._halt(L.stopped, message, forget)

    def end(self, why: str) -> None:
        """The camera may no longer be shown: tear the video down now and say why."""
        self._halt(L.ended, why, forget=True)

    def clear(self) -> None:
        self._halt(L.stopped, "", forget=True)
        if self.state is not L.idle:
            self._move(L.idle, "")
        self._fetch, self._source = None, None

    def release(self) -> None:
        self._retry.stop()
        self._clock.forget(self)
        for player in self._players:
            player.release()

    # --- what the tile reads --------------------------------------------------------------------
    @property
    def players(self) -> tuple[StreamPlayer, StreamPlayer]:
        return self._players

    @property
    def requesting(self) -> bool:
        return self.state is L.requesting

    def frame_age_s(self) -> float | None:
        return self.shown.buffer.frame_age_s()

    # --- the table --------------------------------------------------------------------------------
    def _move(self, state: LiveState, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        if state is not self.state:
            if not can_transition(self.state, state):
                log.warning("live view: %s -> %s is not in the table", self.state, state)
                return
            self.transitions.append((self.state, state))
            self.state = state
            if state in ACTIVE:  # pictures may come: the clock looks for them
                self._clock.watch(self)
            else:
                self._clock.forget(self)
        self.changed.emit()

    def _halt(self, state: LiveState, message: str, forget: bool) -> None:
        self._generation += 1
        self._retry.stop()
        self._drop_standby()
        for player in self._players:
            if player.active:
                player.stop("", forget)  # forgets again once libVLC has stopped: no late picture stays
            if forget:
                player.buffer.forget_picture()  # at once: the tile must not paint it again
        if self.state is L.idle:  # nothing was shown: only the words change
            self.message = message
            self.changed.emit()
        else:
            self._move(state, message)

    # --- grants --------------------------------------------------------------------------------------
    def _request(self, player: StreamPlayer, want: Want) -> None:
        fetch = self._fetch
        if fetch is None:
            return
        generation = self._generation

        def granted(source: StreamSource) -> None:
            if generation != self._generation:
                return
            if player is self._standby:
                player.play(source, want.size)
            elif player is self.shown and self.state is L.requesting:
                self._source = source
                self._move(L.connecting, "")
                player.play(source, want.size, again=self._attempt > 0)  # a retry keeps the engine that was tried

        def refused(words: str, lasting: bool) -> None:
            if generation != self._generation:
                return
            if player is self._standby:  # the old size keeps playing
                self._drop_standby()
                self._move(L.playing)
                return
            if player is not self.shown or self.state is not L.requesting:
                return
            if lasting:
                self._halt(L.denied, words, forget=True)
            else:
                self._retry_later(Cause.grant, f"{words} Retrying…")

        fetch(want.profile, granted, refused)

    # --- retries ------------------------------------------------------------------------------------
    def _retry_later(self, cause: Cause, message: str) -> None:
        self._attempt += 1
        self._last_cause = cause
        if self.policy.gives_up(cause, self._attempt, self._ever_played):
            self._move(L.failed, message)
            return
        self._move(L.reconnecting, message)
        self._retry.start(int(self.policy.delay_s(self._attempt) * 1000))

    def _try_again(self) -> None:
        if self.state is not L.reconnecting:
            return
        source = self._source
        renew = source is None or source.profile != self.want.profile or self.policy.renews_link(
            self._attempt, source.expires_within(RENEW_BEFORE_EXPIRY_S), self._last_cause)
        if renew:
            self._move(L.requesting)
            self._request(self.shown, self.want)
        else:
            assert source is not None
            self._move(L.connecting)
            self.shown.play(source, self.want.size, again=True)

    # --- the size/profile switch ----------------------------------------------------------------
    def _wanted_now(self) -> bool:
        source = self.shown.source
        same_size = self.shown.size == self.want.size or self.shown.buffer.scales_on_paint
        return source is not None and source.profile == self.want.profile and same_size

    def _begin_switch(self) -> None:
        if self._wanted_now() or self._standby is not None:
            return
        standby = self._players[1] if self.shown is self._players[0] else self._players[0]
        self._standby = standby
        self._move(L.switching)
        source = self._source
        if source is not None and source.profile == self.want.profile \
                and not source.expires_within(RENEW_BEFORE_EXPIRY_S):
            standby.play(source, self.want.size)  # the same link at another size: no new grant
        else:
            self._request(standby, self.want)

    def _drop_standby(self) -> None:
        standby, self._standby = self._standby, None
        if standby is not None and standby.active:
            standby.stop("", forget=True)

    def _swap(self, player: StreamPlayer) -> None:
        old, self.shown, self._standby = self.shown, player, None
        self._source = player.source
        old.stop("")
        self._move(L.playing)
        self._begin_switch()  # the want may have moved on while this size started

    # --- players -------------------------------------------------------------------------------------
    def _player_state(self, player: StreamPlayer, state: str, detail: str) -> None:
        if player is self._standby:
            if state == P.playing.value and self.state is L.switching:
                self._swap(player)
            elif state == P.failed.value:
                log.info("switch to %s not made: %s", self.want, detail)
                self._drop_standby()
                if self.state is L.switching:
                    self._move(L.playing)
            return
        if player is not self.shown or self.state not in ACTIVE:
            return
        if state == P.playing.value and self.state in (L.connecting, L.stalled):
            self._attempt = 0
            self._ever_played = True
            if self.opened_at is None:
                self.opened_at = time.monotonic()
            self._move(L.playing, "")
            self._begin_switch()
        elif state == P.stalled.value and self.state in (L.playing, L.switching):
            self._drop_standby()
            self._move(L.stalled, detail)
        elif state == P.failed.value and self.state in (L.connecting, L.playing, L.switching, L.stalled):
            self._drop_standby()
            if self.state in (L.playing, L.switching):
                self._move(L.stalled, detail)  # the picture on screen is old from this moment: first say so
            if player.lasting:  # a wrong password, no such path, no video: retrying cannot help
                self._move(L.failed, detail)
            else:
                self._retry_later(Cause.connection, detail)
