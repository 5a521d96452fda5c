"""What one wall tile shows: a camera, the grants for it, and two reused players.

Two players per tile so a profile switch never flashes black: the new profile
starts on the standby player while the old picture stays up, and the two swap
on the new one's first picture. Both are kept for the tile's life and reused
for every camera it shows (creating and releasing libVLC players leaks).
"""

from __future__ import annotations

import time
from collections.abc import Collection
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from rtcc_desktop.api.errors import Forbidden, NotFound, SessionExpired
from rtcc_desktop.api.schemas import Camera, StreamGrant
from rtcc_desktop.session import Session
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from ui.background import run_in_background
from ui.errors import describe
from ui.wall.viewing_purpose import ViewingPurpose

S = PlayerState
# Transient grant failures (backend down, camera offline) are retried this often.
_GRANT_RETRY_MS = 5000


def source_from(grant: StreamGrant, cleartext_basic_cameras: Collection[int] = ()) -> StreamSource:
    return StreamSource(grant.camera_id, grant.url, grant.profile, grant.case_number,
                        grant.expires_at.timestamp(), grant.protocol,
                        allow_basic_without_tls=grant.camera_id in cleartext_basic_cameras)


class TileFeed(QObject):
    changed = Signal()  # anything the overlay shows
    frame = Signal()  # a new picture to paint
    ended = Signal(int, str)  # camera id, why (consent ended, ...)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera: Camera | None = None
        self.purpose: ViewingPurpose | None = None
        self.profile = "sub"
        self.message = ""  # shown when there is no live picture: why
        self.requesting = False
        self.opened_at: float | None = None  # time.monotonic() the first picture arrived
        self._generation = 0  # stale grant answers (camera changed since) are dropped
        self._players = (StreamPlayer(self), StreamPlayer(self))
        self.shown = self._players[0]  # the player whose picture the tile paints
        self._pending: StreamPlayer | None = None  # the standby, starting another profile
        for player in self._players:
            player.state_changed.connect(lambda state, detail, p=player: self._player_state(p, state, detail))
            player.frame_ready.connect(lambda p=player: self._frame_from(p))
            player.grant_needed.connect(lambda attempt, p=player: self._renew(p))
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(lambda: self._open(self.shown, self.profile))

    # --- what the tile reads -------------------------------------------------------
    @property
    def state(self) -> PlayerState:
        return self.shown.state

    @property
    def camera_id(self) -> int | None:
        return None if self.camera is None else self.camera.id

    def frame_age_s(self) -> float | None:
        return self.shown.buffer.frame_age_s()

    def via(self, short: bool = False) -> str:
        """Which relay engine plays the picture, when it is not the usual one because the
        built-in client could not negotiate with the camera ("via ffmpeg (...)"); else ""."""
        route = self.shown.route
        if self.shown.state is not S.playing or route is None or self.shown.relay_engine is None:
            return ""
        return route.short_words() if short else route.words()

    # --- commands ---------------------------------------------------------------------
    def show(self, camera: Camera, purpose: ViewingPurpose, profile: str) -> None:
        self.stop("")
        self.camera, self.purpose, self.profile = camera, purpose, profile
        self.message = ""
        self.opened_at = None
        self._open(self.shown, profile)

    def switch_profile(self, profile: str) -> None:
        if self.camera is None or profile == self.profile:
            return
        self.profile = profile
        if self.shown.state is not S.playing:
            self._open(self.shown, profile)  # nothing worth keeping on screen
            return
        standby = self._players[1] if self.shown is self._players[0] else self._players[0]
        self._pending = standby
        self._open(standby, profile)

    def stop(self, message: str, forget: bool = False) -> None:
        """Stop showing video (tile cleared, consent ended, wall locked); ``forget``
        also drops the last picture."""
        self._generation += 1
        self._retry.stop()
        self._pending = None
        self.requesting = False
        for player in self._players:
            if player.active:
                player.stop(message, forget)
            elif forget:
                player.buffer.forget_picture()
        self.message = message
        self.changed.emit()

    def clear(self) -> None:
        self.stop("", forget=True)
        self.camera = None
        self.changed.emit()

    def end(self, why: str) -> None:
        """The camera may no longer be shown: tear the video down and say why."""
        camera_id = self.camera_id
        self.stop(why, forget=True)  # no lingering picture of a camera we may not show
        if camera_id is not None:
            self.ended.emit(camera_id, why)

    def camera_updated(self, camera: Camera) -> None:
        if self.camera is not None and camera.id == self.camera.id:
            was_live = self.camera.has_live_consent(datetime.now(UTC))
            self.camera = camera
            if was_live and not camera.has_live_consent(datetime.now(UTC)):
                self.end("Owner ended sharing")
            self.changed.emit()

    def release(self) -> None:
        for player in self._players:
            player.release()

    # --- grants ---------------------------------------------------------------------------
    def _open(self, player: StreamPlayer, profile: str, renew: bool = False) -> None:
        if self.camera is None or self.purpose is None:
            return
        generation, camera_id, purpose = self._generation, self.camera.id, self.purpose
        client = self.session.client
        self.requesting = not renew
        self.changed.emit()

        def work() -> StreamGrant:
            return client.request_stream(camera_id, purpose.case_number, purpose.purpose, profile=profile)

        def granted(grant: StreamGrant) -> None:
            if generation != self._generation:
                return
            self.requesting = False
            self.message = ""
            (player.renew if renew else player.play)(
                source_from(grant, self.session.profile.cleartext_basic_cameras))

        def refused(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.requesting = False
            if renew and not isinstance(exc, Forbidden | NotFound | SessionExpired):
                player.grant_failed(describe(exc))  # backend down, camera offline: keep trying
                return
            if renew or isinstance(exc, Forbidden | NotFound | SessionExpired):
                player.deny(describe(exc))
                self.message = describe(exc)
            else:
                self.message = f"{describe(exc)} Retrying…"
                self._retry.start(_GRANT_RETRY_MS)
            self.changed.emit()

        run_in_background(work, granted, refused, owner=self)

    def _renew(self, player: StreamPlayer) -> None:
        self._open(player, player.source.profile if player.source else self.profile, renew=True)

    # --- players ---------------------------------------------------------------------------
    def _player_state(self, player: StreamPlayer, state: str, detail: str) -> None:
        if player is self._pending:
            if state == S.playing.value:  # the new profile has its first picture: swap
                old, self.shown, self._pending = self.shown, player, None
                old.stop("")
            elif state in (S.denied.value, S.failed.value):
                self._pending = None  # keep the old profile playing
            self.changed.emit()
            return
        if player is not self.shown:
            return
        if state == S.playing.value and self.opened_at is None:
            self.opened_at = time.monotonic()
        if state in (S.denied.value, S.failed.value) and detail:
            self.message = detail
        self.changed.emit()

    def _frame_from(self, player: StreamPlayer) -> None:
        if player is self.shown:
            self.frame.emit()
