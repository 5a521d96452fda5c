"""The seat's room-wall desk: the mirrors of the room walls (one ``RoomWallMirror`` per wall,
the state's owner), the Room wall panel rendering the chosen one, and every way a seat changes
the room wall (the panel, drops, the "Send to room wall ▸" menus, "put my wall on the room
wall"), each with the case number and purpose it is pushed for.

Nothing here holds the room wall: what the panel and the menus show is the mirrors' ``wall``.
A refused change (a newer version, a lock, no consent) is said in words where the operator looks.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from pydantic import ValidationError
from PySide6.QtCore import QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QMenu

from rtcc_desktop.api.errors import Forbidden, SessionExpired
from rtcc_desktop.api.schemas import Incident, ServerEvent
from rtcc_desktop.api.schemas.room_walls import RoomScreenReplace, RoomTile, RoomTilePush, RoomWall
from rtcc_desktop.incidents.respond import PURPOSE as RESPOND_PURPOSE
from rtcc_desktop.room_wall.mirror import RoomWallMirror, default_cache
from rtcc_desktop.video.frame_buffer import FrameBuffer
from rtcc_desktop.video.live_state import SHOWING
from rtcc_desktop.video.wall_layouts import LAYOUTS
from rtcc_desktop.video.yuv_frames import YuvFrameBuffer
from rtcc_desktop.wall.assignment import ViewingPurpose
from ui.background import run_in_background
from ui.cameras.camera_hub import CameraHub
from ui.errors import describe
from ui.main_window import MainWindow
from ui.room_wall.panel import RoomWallPanel
from ui.room_wall.panel_menu import add_send_menu, room_tile_menu
from ui.room_wall.panel_tile import one_line
from ui.wall.tile import VideoTile
from ui.wall.wall_panel import WallPanel

log = logging.getLogger(__name__)
# A step whose answer changed nothing the mirror reports (a backend that did not bump the version)
# holds the ones after it this long at most; the next action sends them.
STEP_WAIT_S = 10.0
PREVIEW_MS = 2_000  # how often the stills from the seat's own wall are taken again
MAX_WALLS = 16  # a city's crime center has a few
LIST_RETRY_MS = 10_000  # the list of walls asked for again after it could not be read
PREVIEW_SIZE = (320, 180)  # the sub stream's size: the panel's tiles are rarely larger


class _Steps:
    """Changes to one wall sent one after another: each is made against the version the one
    before it left, so a seat sending three cameras does not conflict with itself. A refused
    step drops the ones after it (they were planned on a wall that is not there)."""

    def __init__(self, mirror: RoomWallMirror) -> None:
        self.mirror = mirror
        self.queue: deque[Callable[[], None]] = deque()
        self.sent_at: int | None = None  # the version the step out was made against
        self.sent_when = 0.0  # time.monotonic() it was sent

    def add(self, steps: list[Callable[[], None]]) -> None:
        self.queue.extend(steps)
        self.next()

    def next(self) -> None:
        wall = self.mirror.wall
        if self.sent_at is not None and wall is not None and wall.version <= self.sent_at \
                and time.monotonic() - self.sent_when < STEP_WAIT_S:
            return  # the step out has not been answered yet
        self.sent_at = None
        if self.queue and wall is not None:
            self.sent_at, self.sent_when = wall.version, time.monotonic()
            self.queue.popleft()()

    def stop(self) -> None:
        self.queue.clear()
        self.sent_at = None


class RoomWallDesk(QObject):
    def __init__(self, window: MainWindow, hub: CameraHub, wall: WallPanel,
                 nearest_cameras: Callable[[], list[int]] | None = None,
                 nearest_for: Callable[[Incident], list[int]] | None = None) -> None:
        """``nearest_cameras``: the live cameras of the incident shown on the map, nearest first;
        ``nearest_for``: an incident's live cameras, nearest first."""
        super().__init__(window)
        self.window, self.hub, self.seat = window, hub, wall
        self.nearest_cameras = nearest_cameras or (lambda: [])
        self.nearest_for = nearest_for or (lambda _incident: [])
        self.is_supervisor = window.session.role.value == "supervisor"
        self.mirrors: dict[str, RoomWallMirror] = {}  # by the wall's name, as the backend knows it
        self._steps: dict[str, _Steps] = {}
        self.current: str | None = None  # the wall the panel shows
        self.panel = RoomWallPanel(can_lock=self.is_supervisor)
        self._previews = QTimer(self)
        self._previews.setInterval(PREVIEW_MS)
        self._previews.timeout.connect(self.refresh_previews)
        self._previews.start()
        self._relist = QTimer(self)
        self._relist.setSingleShot(True)
        self._relist.timeout.connect(self.load)
        p = self.panel
        p.wall_chosen.connect(self.choose)
        p.reload_requested.connect(self.load)
        p.send_requested.connect(lambda s, t: self.send_selected(self.current, s, t))
        p.cameras_dropped.connect(lambda s, t, ids: self.send(self.current, s, t, ids))
        p.wall_tile_dropped.connect(self.send_wall_tile)
        p.clear_requested.connect(lambda s, t: self.clear(self.current, s, t))
        p.layout_requested.connect(lambda s, name: self.set_layout(self.current, s, name))
        p.put_my_wall_requested.connect(lambda s: self.put_my_wall(self.current, s))
        p.lock_requested.connect(lambda s, t, locked: self.lock(self.current, s, t, locked))
        p.context_requested.connect(self.tile_menu)
        hub.menu_extras.append(self.add_send_menu)
        window.server_event.connect(self.on_event)
        window.events.state.connect(self._stream_state)
        window.events.resync.connect(self._resync)

    # --- the walls ------------------------------------------------------------------------------
    @property
    def walls(self) -> list[RoomWall]:
        return [m.wall for m in self.mirrors.values() if m.wall is not None]

    def room(self, name: str | None) -> RoomWall | None:
        mirror = self.mirrors.get(name or "")
        return None if mirror is None else mirror.wall

    def load(self) -> None:
        """Which walls there are; each then has a mirror of its own that keeps it current."""
        client = self.window.session.client
        run_in_background(client.room_walls, self._listed, self._not_listed, owner=self)

    def _listed(self, walls: list[RoomWall]) -> None:
        names = list(dict.fromkeys(w.name for w in walls))
        if len(names) > MAX_WALLS:  # each wall is followed on its own: a confused backend cannot flood the seat
            self.panel.say(self.tr("The backend lists {count} room walls; the first {shown} are shown.").format(
                count=len(names), shown=MAX_WALLS))
            names = names[:MAX_WALLS]
            walls = [w for w in walls if w.name in names]
        for gone in [n for n in self.mirrors if n not in names]:
            self._steps.pop(gone).stop()
            self.mirrors.pop(gone).deleteLater()
        for name in names:
            if name not in self.mirrors:
                self._add_mirror(name)
        if self.current not in self.mirrors:
            self.current = names[0] if names else None
        self.panel.set_walls(walls, self.current)
        if not names:
            self.panel.show_empty(self.tr("No room wall is set up on this backend. A supervisor sets "
                                          "one up for the room's display controller."), can_retry=True)
        elif self.room(self.current) is None:
            self.panel.show_empty(self.tr("Loading the room wall…"))

    def _not_listed(self, exc: BaseException) -> None:
        if isinstance(exc, SessionExpired):
            self.window.report_error(exc)
            return
        if not isinstance(exc, Forbidden):  # a refusal stays one: asking again changes nothing
            self._relist.start(LIST_RETRY_MS)  # the mirrors retry their own walls; this finds the walls
        if self.room(self.current) is None:
            self.panel.show_empty(self.tr("The room wall could not be loaded: {error}").format(
                error=describe(exc)), can_retry=True)
        else:
            self.panel.say(self.tr("The list of room walls could not be loaded: {error}").format(error=describe(exc)))

    def _add_mirror(self, name: str) -> None:
        session = self.window.session
        mirror = RoomWallMirror(session.client, lambda work, ok, bad: run_in_background(work, ok, bad, owner=self),
                                name, cache=default_cache(session.profile.url, name), parent=self)
        self._steps[name] = _Steps(mirror)
        mirror.changed.connect(lambda w, n=name: self._changed(n, w))
        mirror.conflict.connect(lambda text, w, n=name: self._conflict(n, text, w))
        mirror.problem.connect(lambda text, n=name: self._problem(n, text))
        mirror.freshness_changed.connect(lambda _f: self._show_connection())
        self.mirrors[name] = mirror
        mirror.start()

    def choose(self, name: str) -> None:
        if name in self.mirrors:
            self.current = name
            self.panel.say("")
            self._render()

    def on_event(self, event: ServerEvent) -> None:
        for mirror in list(self.mirrors.values()):
            mirror.apply_event(event)

    def _stream_state(self, state: str) -> None:
        for mirror in list(self.mirrors.values()):
            mirror.on_stream_state(state)
        self._show_connection()

    def _resync(self) -> None:
        self.load()  # walls may have been set up or removed meanwhile
        for mirror in list(self.mirrors.values()):
            mirror.on_resync()

    def _changed(self, name: str, wall: RoomWall) -> None:
        self._steps[name].next()
        if name == self.current:
            self.panel.set_walls(self.walls, self.current)
            self._render()

    def _render(self) -> None:
        wall = self.room(self.current)
        if wall is None:
            return
        self.panel.show_wall(wall)
        self._show_connection()

    def _conflict(self, name: str, text: str, current: RoomWall) -> None:
        self._steps[name].stop()
        if name != self.current:
            self.choose(name)  # the operator must see the version he is told about
        self._render()
        self.panel.say(text)
        self.window.status.showMessage(text, 20_000)

    def _problem(self, name: str, text: str) -> None:
        steps = self._steps[name]
        if steps.sent_at is not None:  # the step out was refused: the rest were planned on it
            steps.stop()
        self.panel.say(text)
        self.window.status.showMessage(text, 20_000)
        if self.room(self.current) is None and name == self.current:
            self.panel.show_empty(text, can_retry=True)

    def _show_connection(self) -> None:
        mirror = self.mirrors.get(self.current) if self.current is not None else None
        wall = None if mirror is None else mirror.wall
        if mirror is None or wall is None:
            self.panel.set_connection("", good=True)
        elif mirror.freshness == "behind":
            self.panel.set_connection("Not connected — showing the last room wall seen", good=False)
        elif mirror.freshness == "cached":
            self.panel.set_connection("Backend not reached yet — showing the room wall kept on this computer",
                                      good=False)
        else:
            when = wall.updated_at.astimezone().strftime("%H:%M")
            self.panel.set_connection(f"Live · last change {when} by {one_line(wall.updated_by)}", good=True)

    # --- why: the case number and purpose ------------------------------------------------------------
    def _purpose(self, given: ViewingPurpose | None, count: int) -> ViewingPurpose | None:
        """The view's own case (a wall tile's), else the shift's, else asked with the wall's dialog."""
        if given is not None:
            return given
        if self.seat.model.purpose is None and not self.seat.change_purpose(count):
            return None
        return self.seat.model.purpose

    def _push_for(self, camera_id: int, purpose: ViewingPurpose) -> RoomTilePush | None:
        try:
            return RoomTilePush(camera_id=camera_id, case_number=purpose.case_number, purpose=purpose.purpose)
        except ValidationError:
            self.panel.say(self.tr("Case {case_number}: the case number or purpose cannot go to the room wall "
                                   "(letters, digits and dashes; say why in a few words). Change it on the "
                                   "Wall's toolbar.").format(
                case_number=purpose.case_number))
            return None

    def _refuse_locked(self, name: str, screen: int, tile: int) -> bool:
        """A locked tile, as this seat last saw it: an operator is told so, nothing is sent."""
        found = self._tile(name, screen, tile)
        if found is None or not found.locked or self.is_supervisor:
            return False
        by = f" by {one_line(found.locked_by)}" if found.locked_by else ""
        self.panel.say(self.tr("Screen {screen} tile {tile} is locked{by}: only a supervisor changes it.").format(
            screen=screen + 1, tile=tile + 1, by=by))
        return True

    def _tile(self, name: str | None, screen: int, tile: int) -> RoomTile | None:
        wall = self.room(name)
        if wall is None or not 0 <= screen < len(wall.screens):
            return None
        return next((t for t in wall.screens[screen].tiles if t.index == tile), None)

    # --- changes -----------------------------------------------------------------------------------------
    def send_selected(self, name: str | None, screen: int, tile: int) -> None:
        if self.hub.selected is None:
            self.panel.say(self.tr("Select a camera first (on the map, in a camera list or on your wall), then send "
                                   "it."))
            return
        self.send(name, screen, tile, [self.hub.selected])

    def send_wall_tile(self, screen: int, tile: int, seat_index: int) -> None:
        """A tile of the seat's own wall dropped on a room tile: its camera, under its own case."""
        assignment = self.seat.model.tile(seat_index)
        if assignment is None:
            return
        self.send(self.current, screen, tile, [assignment.camera_id], assignment.purpose)

    def send(self, name: str | None, screen: int, tile: int, camera_ids: list[int],
             purpose: ViewingPurpose | None = None) -> None:
        """The first camera onto the tile, the rest onto the free tiles after it on that screen."""
        mirror = self.mirrors.get(name or "")
        wall = self.room(name)
        if mirror is None or wall is None or not camera_ids or not 0 <= screen < len(wall.screens):
            return
        if self._refuse_locked(mirror.name, screen, tile):
            return
        why = self._purpose(purpose, len(camera_ids))
        if why is None:
            return
        pushes = [p for cam in camera_ids if (p := self._push_for(cam, why)) is not None]
        if not pushes:
            return
        first, rest = pushes[0], pushes[1:]
        free = [t.index for t in wall.screens[screen].tiles
                if t.camera_id is None and not t.locked and t.index != tile]
        free = [i for i in free if i > tile] + [i for i in free if i < tile]
        targets = [(tile, first), *zip(free, rest, strict=False)]
        if len(rest) > len(free):
            self.panel.say(self.tr("Screen {screen} has {free} free tile{plural}: {not_sent} camera(s) not "
                                   "sent.").format(
                screen=screen + 1, free=len(free), plural="s" if len(free) != 1 else "",
                not_sent=len(rest) - len(free)), warning=True)
        else:
            self.panel.say("")
        self._steps[mirror.name].add([partial(mirror.push, screen, t, push) for t, push in targets])

    def add_send_menu(self, menu: QMenu, camera_ids: list[int], purpose: ViewingPurpose | None) -> None:
        """``CameraHub.menu_extras``: "Send to room wall ▸ <wall> ▸ <screen>/<tile>"."""
        ids = list(camera_ids)
        add_send_menu(menu, self.walls, len(ids), lambda w, s, t: self.send(w, s, t, ids, purpose),
                      self.is_supervisor)

    def clear(self, name: str | None, screen: int, tile: int) -> None:
        mirror = self.mirrors.get(name or "")
        found = self._tile(name, screen, tile)
        if mirror is None or found is None or found.camera_id is None:
            return
        if self._refuse_locked(mirror.name, screen, tile):
            return
        self.panel.say("")
        reason = f"Cleared by {self.window.session.username}"
        self._steps[mirror.name].add([lambda: mirror.clear(screen, tile, reason)])

    def set_layout(self, name: str | None, screen: int, layout: str) -> None:
        mirror = self.mirrors.get(name or "")
        if mirror is None or layout not in LAYOUTS:
            return
        self.panel.say("")
        self._steps[mirror.name].add([lambda: mirror.set_layout(screen, layout)])

    def lock(self, name: str | None, screen: int, tile: int, locked: bool) -> None:
        mirror = self.mirrors.get(name or "")
        if mirror is None or not self.is_supervisor:
            return
        self.panel.say("")
        self._steps[mirror.name].add([lambda: mirror.lock(screen, tile, locked)])

    def put_my_wall(self, name: str | None, screen: int) -> None:
        """The seat's wall (its layout, and each tile's camera under the case it is viewed for) onto
        one room screen. An empty seat tile leaves the room tile empty; a locked room tile stays."""
        mirror = self.mirrors.get(name or "")
        if mirror is None:
            return
        model = self.seat.model
        tiles: list[RoomTilePush | None] = []
        for i in range(model.tile_count):
            assignment = model.tile(i)
            push = None if assignment is None else self._push_for(assignment.camera_id, assignment.purpose)
            if assignment is not None and push is None:
                return
            tiles.append(push)
        if not any(tiles):
            self.panel.say(self.tr("Your wall shows no camera: there is nothing to put on the room wall."))
            return
        self.panel.say("")
        replace = RoomScreenReplace(layout=model.layout.name, tiles=tiles)
        self._steps[mirror.name].add([lambda: mirror.replace_screen(screen, replace)])

    def send_to_screen(self, name: str | None, screen: int, camera_ids: list[int],
                       purpose: ViewingPurpose | None = None) -> None:
        """Cameras onto a screen's free tiles, in order (the nearest on the first free tile)."""
        wall = self.room(name)
        if wall is None or not 0 <= screen < len(wall.screens) or not camera_ids:
            return
        free = [t.index for t in wall.screens[screen].tiles if t.camera_id is None and not t.locked]
        if not free:
            self.panel.say(self.tr("Screen {screen} has no free tile: clear one, or choose another screen.").format(
                screen=screen + 1))
            return
        self.send(name, screen, free[0], camera_ids[: len(free)], purpose)

    def add_incident_menu(self, menu: QMenu, incident: Incident) -> None:
        """``IncidentsPanel.menu_extras``: the incident's nearest live cameras onto a room screen,
        under its CAD number (as Respond puts them on the seat's wall)."""
        ids = self.nearest_for(incident)
        sub = menu.addMenu("Nearest live cameras to room wall" if ids else "No live camera near it for the room wall")
        sub.setObjectName("incidentToRoomWall")
        sub.setEnabled(bool(ids))
        why = ViewingPurpose(incident.cad_number, RESPOND_PURPOSE)
        for wall in self.walls:
            wall_menu = sub.addMenu(one_line(wall.title) or one_line(wall.name) or f"Wall {wall.id}")
            for s, screen in enumerate(wall.screens):
                free = sum(1 for t in screen.tiles if t.camera_id is None and not t.locked)
                act = wall_menu.addAction(self.tr("Screen {screen} — {count} of {total} cameras ({free} free "
                                                  "tile{plural})").format(
                    screen=s + 1, count=min(free, len(ids)), total=len(ids), free=free,
                    plural="s" if free != 1 else ""),
                                          partial(self.send_to_screen, wall.name, s, ids, why))
                act.setEnabled(free > 0)

    def send_nearest(self, name: str | None, screen: int, tile: int) -> None:
        ids = self.nearest_cameras()
        if not ids:
            self.panel.say(self.tr("No incident with live-shared cameras is shown on the map."))
            return
        self.send(name, screen, tile, ids)

    # --- the panel's tile menu ----------------------------------------------------------------------------
    def tile_menu(self, screen: int, tile: int, where: QPoint) -> None:
        name = self.current
        wall = self.room(name)
        if wall is None or not 0 <= screen < len(wall.screens):
            return
        menu = QMenu(self.panel)
        room_tile_menu(
            menu, self._tile(name, screen, tile), wall.screens[screen].layout,
            has_selection=self.hub.selected is not None, can_lock=self.is_supervisor,
            has_incident=bool(self.nearest_cameras()),
            actions={"send": lambda: self.send_selected(name, screen, tile),
                     "clear": lambda: self.clear(name, screen, tile),
                     "my_wall": lambda: self.put_my_wall(name, screen),
                     "nearest": lambda: self.send_nearest(name, screen, tile),
                     "lock": lambda: self._toggle_lock(name, screen, tile)},
            set_layout=lambda layout: self.set_layout(name, screen, layout))
        menu.popup(where)

    def _toggle_lock(self, name: str | None, screen: int, tile: int) -> None:
        found = self._tile(name, screen, tile)
        self.lock(name, screen, tile, not (found is not None and found.locked))

    # --- previews: a still from the seat's own wall where the same camera plays ---------------------------
    def refresh_previews(self) -> None:
        """Every ``PREVIEW_MS`` while the panel is in view: a copy of the newest picture of each
        camera the room wall shows that also plays on this seat's wall. No stream of its own: a
        camera not on the seat's wall shows its label."""
        if not self.panel.isVisible() or self.seat.model.locked:
            if self.panel.has_previews:
                self.panel.set_previews({})
            return
        wanted = {t.camera_id for t in self.panel.all_tiles() if t.camera_id is not None}
        stills: dict[int, QPixmap] = {}
        for seat_tile in self.seat.view.visible_tiles:
            cam = seat_tile.feed.camera_id
            if cam in wanted and cam not in stills and seat_tile.feed.state in SHOWING:
                still = _still(seat_tile)
                if still is not None:
                    stills[cam] = still
        self.panel.set_previews(stills, datetime.now(UTC))

    def shutdown(self) -> None:
        self._previews.stop()
        self._relist.stop()


def _still(tile: VideoTile) -> QPixmap | None:
    """The tile's newest picture at preview size: read from its frame buffer on the software
    path (the picture alone, no overlay), grabbed from the tile on the GPU path (its buffer holds
    YUV planes)."""
    buffer = tile.feed.shown.buffer
    if isinstance(buffer, FrameBuffer) and not isinstance(buffer, YuvFrameBuffer):
        with buffer.reading() as frame:
            if frame is None:
                return None
            image = QImage(frame.data, frame.width, frame.height, frame.stride, QImage.Format.Format_RGB32)
            scaled = image.scaled(*PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                  Qt.TransformationMode.SmoothTransformation)  # a copy: the buffer moves on
        return QPixmap.fromImage(scaled)
    if not tile.isVisible():
        return None
    return tile.grab().scaled(*PREVIEW_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                              Qt.TransformationMode.SmoothTransformation)
