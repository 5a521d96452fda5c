"""What a room-wall display shows, apart from how it is drawn: the one owner of the display's state.

It follows one ``RoomWallMirror`` (the wall as the backend last said it was). Every room screen
is a ``WallModel``, the model the seats' walls use, so the seats' views render it: the screen's
layout and, per tile, the camera with the case number and purpose it was put there for. A wall
device reads no camera registry, so the cameras the models name are made from the tiles
(``camera_for``): the label, and the owner's consent end as ``live_until``, which the tiles count
down and act on by themselves when it passes.

A camera that leaves a tile without another taking its place (cleared, its owner ended sharing)
is ended on the model at once with the backend's words for it (the part of the wall's ``change``
naming the tile), and the camera stays named on the tile for ``LINGER_S`` so the room sees why it
went; then the tile is empty.

``notice`` is the corner text: nothing while the wall is current, ``NOT_CONNECTED`` while what is
shown is the last wall seen (the backend or its event stream is unreachable, or the wall came
from the kept file at a start with the backend down), and why while nothing is shown yet.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from rtcc_desktop.api.schemas import Camera, RoomTile, RoomWall
from rtcc_desktop.api.schemas.cameras import CameraStatus, Enrollment, OwnerKind, Sharing
from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.room_wall.mirror import RoomWallMirror
from rtcc_desktop.room_wall.shape import clean_text
from rtcc_desktop.wall.assignment import TileAssignment, ViewingPurpose
from rtcc_desktop.wall.model import WallModel

NOT_CONNECTED = "not connected — showing the last wall"
CONNECTING = "Connecting to the backend…"
LINGER_S = 30.0  # an ended tile says why this long, then empties
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Left:
    """A camera that left its tile: what the tile showed, why it went, until when it says so."""

    tile: RoomTile
    why: str
    until: float  # time.monotonic()


def camera_for(tile: RoomTile) -> Camera | None:
    """The camera a room tile names, as far as a display knows it: its label and the owner's
    consent end. The backend checks consent for every grant; this only lets the tile say it."""
    if tile.camera_id is None or tile.camera_id < 1:
        return None
    return Camera(id=tile.camera_id, label=tile.camera_label or f"Camera {tile.camera_id}",
                  owner_kind=OwnerKind.public, address="", lat=0.0, lon=0.0, enrollment=Enrollment.integrated,
                  sharing=Sharing.live, live_until=tile.consent_ends_at, status=CameraStatus.online,
                  updated_at=_EPOCH)


def purpose_for(tile: RoomTile) -> ViewingPurpose:
    return ViewingPurpose(tile.case_number or "", tile.purpose or "")


def departure_words(wall: RoomWall, screen: int, tile: int, held_version: int | None) -> str:
    """Why the camera on ``screen``/``tile`` left, in the backend's words where its last change
    names the tile ("The owner ended live sharing: ... left screen 1 tile 2"), else who changed
    the wall (when this display saw the change before it: several may have come since)."""
    where = re.compile(rf"\bscreen {screen + 1} tile {tile + 1}\b")
    for part in wall.change.split("; "):
        if where.search(part):
            return clean_text(part, 160) or ""
    if held_version is not None and wall.version == held_version + 1 and wall.updated_by:
        return f"Taken off the room wall by {wall.updated_by}"
    return "Taken off the room wall"


def plan_screens(monitors: int, room_screens: int) -> tuple[list[int | None], str]:
    """Which room screen each attached screen shows (None: the wall has none for it), and what
    the room should be told about screens not shown ("" when every room screen is shown)."""
    shown: list[int | None] = [i if i < room_screens else None for i in range(monitors)]
    missing = room_screens - monitors
    if missing <= 0:
        return shown, ""
    names = ", ".join(str(n + 1) for n in range(monitors, room_screens))
    return shown, (f"This wall has {room_screens} screens and {monitors} "
                   f"{'is' if monitors == 1 else 'are'} attached here: room screen{'s' if missing > 1 else ''} "
                   f"{names} not shown")


class RoomWallDisplayState(QObject):
    # Emitted with the models of the room screens when there are new ones (the wall's first load,
    # or its number of screens changed), before any tile is put on them.
    screens_changed = Signal(list)  # list[WallModel]
    camera_changed = Signal(object)  # Camera: a camera on the wall has a new label or consent end
    notice_changed = Signal(str, str)  # the corner's line, a detail under it (both may be "")

    def __init__(self, mirror: RoomWallMirror, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self.mirror = mirror
        self.directory = CameraDirectory()
        self.models: list[WallModel] = []
        self._wall: RoomWall | None = None
        self._left: dict[tuple[int, int], Left] = {}
        self._clock = clock
        self.problem = ""  # the latest problem in words (a sign-in refused, a load failed)
        self.notice, self.detail = CONNECTING, ""
        self._linger = QTimer(self)
        self._linger.setInterval(1000)
        self._linger.timeout.connect(self._end_lingering)
        self._linger.start()
        mirror.changed.connect(self.show_wall)
        mirror.freshness_changed.connect(lambda _f: self._update_notice())
        mirror.problem.connect(self.set_problem)

    @property
    def wall(self) -> RoomWall | None:
        return self._wall

    def room_tile(self, screen: int, index: int) -> RoomTile | None:
        """What the display knows of a tile: the wall's tile, or the one that just left it."""
        left = self._left.get((screen, index))
        if left is not None:
            return left.tile
        wall = self._wall
        if wall is None or not 0 <= screen < len(wall.screens):
            return None
        tiles = wall.screens[screen].tiles
        return tiles[index] if 0 <= index < len(tiles) else None

    def left_words(self, screen: int, index: int) -> str | None:
        left = self._left.get((screen, index))
        return None if left is None else left.why

    # --- following the mirror --------------------------------------------------------------------
    def show_wall(self, wall: RoomWall) -> None:
        held = self._wall
        self._wall = wall
        if len(self.models) != len(wall.screens):
            self._new_models(len(wall.screens))
        cameras = {c.id: c for s in wall.screens for t in s.tiles if (c := camera_for(t)) is not None}
        # A camera that leaves (now) or just left stays named on its tile while it says why.
        going = [t for s in (held.screens if held is not None else []) for t in s.tiles]
        for tile in [*going, *(left.tile for left in self._left.values())]:
            if (c := camera_for(tile)) is not None:
                cameras.setdefault(c.id, c)
        changed = [c for c in cameras.values() if (known := self.directory.get(c.id)) is not None and known != c]
        self.directory.replace_all(cameras.values())
        for camera in changed:
            self.camera_changed.emit(camera)
        for s, screen in enumerate(wall.screens):
            model = self.models[s]
            if model.layout.name != screen.layout:
                for key in [k for k in self._left if k[0] == s and k[1] >= len(screen.tiles)]:
                    del self._left[key]
                model.set_layout(screen.layout)  # shape.fit: a layout this app knows
            for tile in screen.tiles:
                self._show_tile(held, wall, s, tile)
        self._update_notice()

    def _new_models(self, count: int) -> None:
        for model in self.models:
            model.shutdown()
            model.deleteLater()
        self._left.clear()
        self.models = [WallModel(self.directory, self) for _ in range(count)]
        self.screens_changed.emit(list(self.models))

    def _show_tile(self, held: RoomWall | None, wall: RoomWall, s: int, tile: RoomTile) -> None:
        model, index = self.models[s], tile.index
        showing = model.tile(index)
        if tile.camera_id is None or camera_for(tile) is None:
            if showing is not None and showing.live:
                before = self._held_tile(held, s, index)
                why = departure_words(wall, s, index, None if held is None else held.version)
                self._left[(s, index)] = Left(before or tile, why, self._clock() + LINGER_S)
                model.end_view(index, why)
            return  # an ended view keeps saying why until its time is up
        wanted = TileAssignment(tile.camera_id, purpose_for(tile))
        if showing == wanted:
            return  # the same camera for the same case: its stream plays on
        self._left.pop((s, index), None)
        model.assign(index, tile.camera_id, wanted.purpose)

    @staticmethod
    def _held_tile(held: RoomWall | None, s: int, index: int) -> RoomTile | None:
        if held is None or s >= len(held.screens):
            return None
        tiles = held.screens[s].tiles
        return tiles[index] if index < len(tiles) and tiles[index].camera_id is not None else None

    def _end_lingering(self) -> None:
        now = self._clock()
        for key, left in list(self._left.items()):
            if left.until <= now:
                del self._left[key]
                s, index = key
                if s < len(self.models):
                    self.models[s].clear(index)

    # --- the corner's words -----------------------------------------------------------------------
    def set_problem(self, text: str) -> None:
        self.problem = clean_text(text, 300) or ""
        self._update_notice()

    def _update_notice(self) -> None:
        freshness = self.mirror.freshness
        if freshness == "current":
            notice, detail = "", ""
            self.problem = ""
        elif freshness in ("cached", "behind"):
            notice, detail = NOT_CONNECTED, self.problem
        else:
            notice, detail = CONNECTING, self.problem
        if (notice, detail) != (self.notice, self.detail):
            self.notice, self.detail = notice, detail
            self.notice_changed.emit(notice, detail)

    def shutdown(self) -> None:
        self._linger.stop()
        for model in self.models:
            model.shutdown()
