"""What one wall tile shows: a camera under a viewing purpose, and the live view playing it.

The lifecycle (grants, retries, the size/profile switch) belongs to the core's
``LiveView``; this adapter gives it the backend (a grant fetch run off the UI thread),
the camera's consent, and the words for errors.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from rtcc_desktop.api.errors import Forbidden, NotFound, SessionExpired
from rtcc_desktop.api.schemas import Camera, StreamGrant
from rtcc_desktop.session import Session
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.live_view import Granted, GrantFetch, LiveView, Refused, Want
from rtcc_desktop.video.stream_player import StreamPlayer
from rtcc_desktop.video.stream_source import source_from
from ui.background import run_in_background
from ui.errors import describe
from ui.wall.viewing_purpose import ViewingPurpose

L = LiveState
# Refusals that asking again cannot change: no consent, forbidden, signed out.
_LASTING = (Forbidden, NotFound, SessionExpired)


class TileFeed(QObject):
    changed = Signal()  # anything the overlay shows
    frame = Signal()  # a new picture to paint
    ended = Signal(int, str)  # camera id, why (consent ended, ...)

    def __init__(self, session: Session, parent: QObject | None = None,
                 players: tuple[StreamPlayer, StreamPlayer] | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camera: Camera | None = None
        self.purpose: ViewingPurpose | None = None
        self._size: tuple[int, int] | None = None  # the tile's size in device pixels, once laid out
        self.live = LiveView(players or (StreamPlayer(self), StreamPlayer(self)), parent=self)
        self.live.changed.connect(self.changed)
        self.live.frame.connect(self.frame)

    # --- what the tile reads -------------------------------------------------------
    @property
    def state(self) -> LiveState:
        return self.live.state

    @property
    def message(self) -> str:
        return self.live.message

    @property
    def requesting(self) -> bool:
        return self.live.requesting

    @property
    def shown(self) -> StreamPlayer:
        return self.live.shown

    @property
    def profile(self) -> str:
        return self.live.want.profile

    @property
    def opened_at(self) -> float | None:
        return self.live.opened_at

    @property
    def camera_id(self) -> int | None:
        return None if self.camera is None else self.camera.id

    def frame_age_s(self) -> float | None:
        return self.live.frame_age_s()

    def via(self, short: bool = False) -> str:
        """Which relay engine plays the picture, when it is not the usual one because the
        built-in client could not negotiate with the camera ("via ffmpeg (...)"); else ""."""
        route = self.shown.route
        if self.state not in (L.playing, L.switching) or route is None or self.shown.relay_engine is None:
            return ""
        return route.short_words() if short else route.words()

    # --- commands ---------------------------------------------------------------------
    def show(self, camera: Camera, purpose: ViewingPurpose, profile: str,
             size: tuple[int, int] | None = None) -> None:
        """Show a camera, decoded to ``size`` device pixels (None: the tile's size as last
        fitted, or the picture's own size before the tile is laid out)."""
        self.camera, self.purpose = camera, purpose
        self.live.start(self._fetch_for(camera.id, purpose), Want(profile, size or self._size))

    def fit(self, profile: str, size: tuple[int, int] | None) -> None:
        """The tile's profile or pixel size changed: the view restarts at it without a black frame."""
        self._size = size
        if self.camera is not None:
            self.live.set_want(Want(profile, size))

    def switch_profile(self, profile: str) -> None:
        self.fit(profile, self.live.want.size)

    def stop(self, message: str, forget: bool = False) -> None:
        """Stop showing video (tile cleared, wall locked); ``forget`` also drops the last picture."""
        self.live.stop(message, forget)

    def clear(self) -> None:
        self.live.clear()
        self.camera = None
        self.changed.emit()

    def end(self, why: str) -> None:
        """The camera may no longer be shown: tear the video down and say why."""
        camera_id = self.camera_id
        self.live.end(why)  # no lingering picture of a camera we may not show
        if camera_id is not None:
            self.ended.emit(camera_id, why)

    def camera_updated(self, camera: Camera) -> None:
        if self.camera is not None and camera.id == self.camera.id:
            was_live = self.camera.has_live_consent(datetime.now(UTC))
            self.camera = camera
            if was_live and not camera.has_live_consent(datetime.now(UTC)):
                self.end(self.tr("Owner ended sharing"))
            self.changed.emit()

    def release(self) -> None:
        self.live.release()

    # --- the backend --------------------------------------------------------------------
    def _fetch_for(self, camera_id: int, purpose: ViewingPurpose) -> GrantFetch:
        client = self.session.client
        cleartext = self.session.profile.cleartext_basic_cameras
        ca_bundle = client.ca_bundle

        def fetch(profile: str, granted: Granted, refused: Refused) -> None:
            def work() -> StreamGrant:
                return client.request_stream(camera_id, purpose.case_number, purpose.purpose, profile=profile)

            run_in_background(work, lambda grant: granted(source_from(grant, cleartext, ca_bundle)),
                              lambda exc: refused(describe(exc), isinstance(exc, _LASTING)), owner=self)

        return fetch
