"""The room-wall display: one full-screen window per attached screen (``DisplayWindow``), each
rendering one room screen's ``WallModel`` with the seats' ``WallView`` and ``WallFeeds``, the
tiles' grants being the wall device's own.

The state is the core's ``RoomWallDisplayState`` over a ``RoomWallMirror`` (the wall's one owner:
loads, events, the kept file); this wires it to the screens, the event stream and the sign-in.
The display signs in by itself (``DeviceSignIn``: again and again while the backend cannot be
reached, and again when its session ends), so nothing at the front of the room needs a keyboard.
Screens attached or removed while it runs re-plan the windows; a room screen no attached screen
shows pulls no video (its model is locked).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QScreen

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import AccountLocked, BackendError, Forbidden, InvalidCredentials
from rtcc_desktop.api.schemas import Role
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.room_wall.device_login import CredentialsError
from rtcc_desktop.room_wall.display_state import RoomWallDisplayState, plan_screens
from rtcc_desktop.room_wall.mirror import RoomWallMirror, default_cache
from rtcc_desktop.session import Session
from rtcc_desktop.video.live_state import SHOWING
from rtcc_desktop.video.wall_layouts import profile_for_width
from rtcc_desktop.wall.model import WallModel
from ui.background import run_in_background
from ui.errors import describe
from ui.event_bridge import EventBridge
from ui.room_wall.display_tile import tile_factory
from ui.room_wall.display_window import DisplayWindow
from ui.wall.tile import VideoTile
from ui.wall.wall_feeds import WallFeeds
from ui.wall.wall_view import WallView

log = logging.getLogger(__name__)
RETRY_S = (2.0, 4.0, 8.0, 15.0, 30.0)  # a backend that cannot be reached is asked again after these
REFUSED_RETRY_S = 60.0  # wrong credentials: slowly (a fixed file is picked up; no lock-out by retries)
QUIT_REVOKE_TIMEOUT = (2.0, 3.0)
Credentials = Callable[[], tuple[str, str]]  # read when signing in (IT may fix the file meanwhile)


class DisplayView(WallView):
    """A room screen's grid. The stream profile goes by the tile's size in the screen's own pixels:
    the display's words are scaled up for the room (``--scale``), its pictures are not."""

    def profile_for(self, tile: VideoTile) -> str:
        if not tile.isVisible():
            return "sub"
        return profile_for_width(round(tile.width() * tile.devicePixelRatioF()), focused=self.focused == tile.index)


class DeviceSignIn(QObject):
    """Signs the display's client in, and keeps trying until it is."""

    signed_in = Signal(object)  # Session
    problem = Signal(str)

    def __init__(self, client: BackendClient, profile: BackendProfile, credentials: Credentials,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client, self.profile, self.credentials = client, profile, credentials
        self.failures = 0
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.start)

    def start(self) -> None:
        if self._busy:
            return
        self._busy = True
        client, profile, credentials = self.client, self.profile, self.credentials

        def work() -> Session:
            username, password = credentials()
            info = client.info()
            tokens = client.sign_in(username, password)
            if tokens.role is not Role.wall_device:
                with contextlib.suppress(BackendError):
                    client.sign_out()
                raise Forbidden(f"'{tokens.username}' is an account of the role '{tokens.role}', not a room-wall "
                                "display's: a display signs in with its wall's own device account.", code="wrong_role")
            return Session(client=client, profile=profile, info=info, username=tokens.username, role=tokens.role)

        run_in_background(work, self._done, self._failed, owner=self)

    def _done(self, session: Session) -> None:
        self._busy = False
        self.failures = 0
        log.info("room wall display signed in as %s", session.username)
        self.signed_in.emit(session)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.failures += 1
        lasting = isinstance(exc, CredentialsError | InvalidCredentials | AccountLocked | Forbidden)
        wait = REFUSED_RETRY_S if lasting else RETRY_S[min(self.failures, len(RETRY_S)) - 1]
        words = str(exc) if isinstance(exc, CredentialsError) else describe(exc)
        log.warning("room wall display: not signed in (%s); trying again in %.0f s", words, wait)
        self.problem.emit(f"Not signed in: {words} Trying again in {wait:.0f} s.")
        self._timer.start(int(wait * 1000))

    def stop(self) -> None:
        self._timer.stop()


class RoomWallDisplay(QObject):
    def __init__(self, profile: BackendProfile, name: str, credentials: Credentials, windowed: bool = False,
                 cache_folder: Path | None = None, screens: Callable[[], list[QScreen]] | None = None,
                 parent: QObject | None = None) -> None:
        """``screens``: the attached screens (default: every QScreen, left to right)."""
        super().__init__(parent)
        self.name, self.windowed = name, windowed
        self._screens = screens or _screens_left_to_right
        self.client = BackendClient(profile.url, ca_bundle=profile.ca_bundle or None)
        self.mirror = RoomWallMirror(self.client, run_in_background, name,
                                     cache=default_cache(profile.url, name, cache_folder), parent=self)
        self.state = RoomWallDisplayState(self.mirror, self)
        self.session: Session | None = None
        self.events: EventBridge | None = None
        self.views: list[DisplayView] = []
        self.feeds: list[WallFeeds] = []
        self.windows: list[DisplayWindow] = []
        self.quitting = False
        self.signer = DeviceSignIn(self.client, profile, credentials, self)
        self.signer.signed_in.connect(self._signed_in)
        self.signer.problem.connect(self.state.set_problem)
        self.state.screens_changed.connect(self._new_views)
        self.state.camera_changed.connect(self._camera_changed)
        self.state.notice_changed.connect(self._notice)
        self._replan_timer = QTimer(self)
        self._replan_timer.setSingleShot(True)
        self._replan_timer.setInterval(250)  # a screen change comes as several signals
        self._replan_timer.timeout.connect(self.replan)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(lambda _s: self._replan_timer.start())
            app.screenRemoved.connect(lambda _s: self._replan_timer.start())

    # --- start, sign-in, events ---------------------------------------------------------------------
    def start(self) -> None:
        """The kept wall (if any) at once, then the backend's."""
        self.replan()
        self.mirror.start()
        self.signer.start()

    def _signed_in(self, session: Session) -> None:
        self.session = session
        events = EventBridge(self.client, self)
        self.mirror.follow(events)
        events.state.connect(self._stream_state)
        self.events = events
        events.start()
        self.mirror.reload()
        self._retry_tiles()

    def _stream_state(self, state: str) -> None:
        if state == "expired" and self.events is not None:  # the session ended: sign in again
            events, self.events = self.events, None
            events.stop()
            events.deleteLater()
            self.mirror.on_stream_state("offline")
            self.state.set_problem("The display's session ended; signing in again.")
            self.signer.start()

    def _retry_tiles(self) -> None:
        """After a sign-in: tiles that waited for it ask for their grants now."""
        for view in self.views:
            for tile in view.visible_tiles:
                assignment = view.model.tile(tile.index)
                if assignment is not None and assignment.live and tile.feed.state not in SHOWING:
                    view.model.retry(tile.index)

    # --- the views of the room screens ------------------------------------------------------------------
    def _new_views(self, models: list[WallModel]) -> None:
        for feeds in self.feeds:
            feeds.shutdown()
            feeds.deleteLater()
        for window in self.windows:
            window.show_view(None, None)
        for view in self.views:
            view.deleteLater()

        def wall_id() -> int | None:
            wall = self.state.wall
            return None if wall is None else wall.id

        self.views = [DisplayView(None, None, model, tiles=tile_factory(self.client, wall_id, s, self.state.room_tile))
                      for s, model in enumerate(models)]
        self.feeds = [WallFeeds(model, view, self) for model, view in zip(models, self.views, strict=True)]
        self.replan()

    def _camera_changed(self, camera: object) -> None:
        for feeds in self.feeds:
            feeds.camera_changed(camera)  # type: ignore[arg-type]

    def replan(self) -> None:
        """One window per attached screen, each with its room screen (left to right)."""
        if self.quitting:
            return
        screens = self._screens()
        while len(self.windows) > len(screens):
            window = self.windows.pop()
            window.show_view(None, None)
            window.closing_allowed = True
            window.close()
            window.deleteLater()
        while len(self.windows) < len(screens):
            self.windows.append(DisplayWindow(len(self.windows), self.quit))
        loaded = self.state.wall is not None
        shown, note = plan_screens(len(screens), len(self.views)) if loaded else ([None] * len(screens), "")
        for window in self.windows:  # free every view first: one may move to another screen
            window.show_view(None, None)
        for number, (window, screen, room) in enumerate(zip(self.windows, screens, shown, strict=True)):
            if room is not None:
                window.show_view(self.views[room], room)
            elif loaded:
                window.show_view(None, None, self.tr("No room screen {number} on this wall").format(number=number + 1))
            else:
                window.show_view(None, None, self.tr("Room wall “{name}”: waiting for the backend").format(
                    name=self.name))
            window.set_note(note if number == len(self.windows) - 1 else "")
            window.set_notice(self.state.notice, self.state.detail)
            window.place_on(screen, self.windowed)
        for room, model in enumerate(self.state.models):
            model.set_locked(room not in shown)  # a room screen nobody sees pulls no video

    def _notice(self, notice: str, detail: str) -> None:
        for window in self.windows:
            window.set_notice(notice, detail)

    # --- quitting (IT's key) ------------------------------------------------------------------------------
    def quit(self) -> None:
        app = QGuiApplication.instance()
        if app is not None:
            app.quit()

    def shutdown(self) -> None:
        """Stop every stream and the event stream, end the session on the server, close the windows."""
        if self.quitting:
            return
        self.quitting = True
        self.signer.stop()
        if self.events is not None:
            self.events.stop()
        for feeds in self.feeds:
            feeds.shutdown()
        self.state.shutdown()
        for window in self.windows:
            window.closing_allowed = True
            window.close()
        if self.session is not None:
            with contextlib.suppress(BackendError):
                self.client.sign_out(timeout=QUIT_REVOKE_TIMEOUT)
        self.client.close()


def _screens_left_to_right() -> list[QScreen]:
    return sorted(QGuiApplication.screens(), key=lambda s: (s.geometry().x(), s.geometry().y()))
