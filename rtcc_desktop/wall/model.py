"""The wall: the one object that says what the video wall shows.

It holds the layout, the focused tile, each tile's assignment (camera, why it is viewed,
an alarm's end), the alarm tile, the tours with their timers, and the locked and detached
flags. Widgets render it and route input to it (ui/wall); saved walls, tours, alarms and a
shared room wall all change this same object, so no two of them can disagree.

Tours and alarm ends run on QTimers here rather than in the widgets: stepping a tour or
ending an alarm view changes an assignment, which is the model's, and it must happen once
however many views render the wall (a detached window, a room wall) or none at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from rtcc_desktop.api.schemas import Alarm, Camera
from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.video.saved_layouts import SavedTour, SavedWall
from rtcc_desktop.video.tour import Tour
from rtcc_desktop.video.wall_layouts import DEFAULT_LAYOUT, LAYOUTS, WallLayout
from rtcc_desktop.wall.assignment import ALARM_OVER, TileAssignment, ViewingPurpose

# An alarm end further away than this is looked at again then (QTimer takes an int of ms).
_MAX_ALARM_WAIT_MS = 3_600_000


@dataclass
class _TourRun:
    tour: Tour
    due: float  # time.monotonic() of its next step


def alarm_purpose(alarm: Alarm) -> ViewingPurpose:
    """An alarm's camera is viewed under the alarm's own reference: the owner's consent is the alarm."""
    return ViewingPurpose(f"ALARM-{alarm.id}", "Alarm response: the owner's alarm is active")


class WallModel(QObject):
    layout_changed = Signal(str)  # layout name; tiles beyond it are emptied (tile_changed) first
    focus_changed = Signal(object)  # focused tile index or None
    tile_changed = Signal(int)  # the tile has a new view, or none: what it shows follows
    tile_marked = Signal(int)  # only what the tile says changed (an alarm running longer), not its view
    alarm_tile_changed = Signal(object)  # tile index or None
    purpose_changed = Signal(object)  # the shift's ViewingPurpose or None
    tours_changed = Signal()
    locked_changed = Signal(bool)
    detached_changed = Signal(bool)
    message = Signal(str)  # for the operator: why something asked for did not happen

    def __init__(self, directory: CameraDirectory, parent: QObject | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__(parent)
        self.directory = directory
        self._clock = clock
        self._layout: WallLayout = LAYOUTS[DEFAULT_LAYOUT]
        self._tiles: list[TileAssignment | None] = [None] * self._layout.tile_count
        self._focused: int | None = None
        self._alarm_tile: int | None = None
        self._purpose: ViewingPurpose | None = None
        self._tours: dict[int, _TourRun] = {}
        self._locked = False
        self._detached = False
        self._alarm_timer = QTimer(self)
        self._alarm_timer.setSingleShot(True)
        self._alarm_timer.timeout.connect(self._end_lapsed_alarms)
        # One timer for every tour, set to the next step due: a timer per tour would have to be
        # deleted when its tour stops, possibly from inside its own timeout.
        self._tour_timer = QTimer(self)
        self._tour_timer.setSingleShot(True)
        self._tour_timer.timeout.connect(self._tours_due)

    # --- what the views read ------------------------------------------------------------------
    @property
    def layout(self) -> WallLayout:
        return self._layout

    @property
    def tile_count(self) -> int:
        return self._layout.tile_count

    @property
    def focused(self) -> int | None:
        return self._focused

    @property
    def alarm_tile(self) -> int | None:
        return self._alarm_tile

    @property
    def purpose(self) -> ViewingPurpose | None:
        """The shift's case number and purpose: what a view is opened under unless it brings its own."""
        return self._purpose

    @property
    def locked(self) -> bool:
        return self._locked

    @property
    def detached(self) -> bool:
        return self._detached

    def tile(self, index: int) -> TileAssignment | None:
        """The tile's assignment; None for an empty tile or one outside the layout."""
        return self._tiles[index] if 0 <= index < len(self._tiles) else None

    def camera(self, index: int) -> Camera | None:
        assignment = self.tile(index)
        return None if assignment is None else self.directory.get(assignment.camera_id)

    def tour(self, index: int) -> Tour | None:
        run = self._tours.get(index)
        return None if run is None else run.tour

    @property
    def touring(self) -> list[int]:
        return sorted(self._tours)

    def index_of(self, camera_id: int) -> int | None:
        return next((i for i, a in enumerate(self._tiles) if a is not None and a.camera_id == camera_id), None)

    def first_free(self, start: int = 0) -> int | None:
        """The first empty tile from ``start`` on, wrapping round; None when the wall is full."""
        count = len(self._tiles)
        for i in list(range(start, count)) + list(range(0, min(start, count))):
            if self._tiles[i] is None:
                return i
        return None

    # --- layout and focus ---------------------------------------------------------------------
    def set_layout(self, name: str) -> None:
        if name not in LAYOUTS:
            raise ValueError(f"There is no wall layout '{name}' (there are {', '.join(LAYOUTS)}).")
        if name == self._layout.name:
            return
        layout = LAYOUTS[name]
        for index in [i for i in self._tours if i >= layout.tile_count]:
            self._stop_tour(index)
        leaving = [i for i in range(layout.tile_count, len(self._tiles)) if self._tiles[i] is not None]
        self._tiles = (self._tiles + [None] * layout.tile_count)[: layout.tile_count]
        self._layout = layout
        self._focused = None
        self._schedule_alarm_end()
        for index in leaving:  # tiles that leave the wall stop streaming
            self.tile_changed.emit(index)
        self.tours_changed.emit()
        self.layout_changed.emit(name)

    def toggle_focus(self, index: int) -> None:
        """Show one tile on the whole wall, or back to the layout when it is the focused one."""
        if not 0 <= index < self.tile_count:
            return
        self._focused = None if self._focused == index else index
        self.focus_changed.emit(self._focused)

    # --- what the tiles show --------------------------------------------------------------------
    def set_purpose(self, purpose: ViewingPurpose | None) -> None:
        if purpose != self._purpose:
            self._purpose = purpose
            self.purpose_changed.emit(purpose)

    def assign(self, index: int, camera_id: int, purpose: ViewingPurpose | None = None) -> bool:
        """Show a camera on a tile (a tour there stops); ``purpose``: the view's own case, else
        the shift's. False, with a message, when it cannot be."""
        purpose = purpose or self._purpose
        if not 0 <= index < self.tile_count:
            self.message.emit(f"The wall has no tile {index + 1}.")
            return False
        if self.directory.get(camera_id) is None:
            self.message.emit(f"Camera {camera_id} is not in the registry.")
            return False
        if purpose is None:
            self.message.emit("No case number and purpose are set for live video.")
            return False
        self.stop_tour(index)
        self._set(index, TileAssignment(camera_id, purpose))
        return True

    def show_cameras(self, camera_ids: Iterable[int], start: int | None = None,
                     purpose: ViewingPurpose | None = None) -> list[int]:
        """Put cameras on the wall from ``start`` (or the first free tile) on; the tiles used.
        A camera already on the wall is not opened twice: its tile is among those used."""
        ids = list(camera_ids)
        used: list[int] = []
        target = start if start is not None and 0 <= start < self.tile_count else None
        after = 0 if target is None else target
        for n, camera_id in enumerate(ids):
            on_wall = self.index_of(camera_id)
            if on_wall is not None:
                used.append(on_wall)
                continue
            # The tile dropped on takes the first camera, whatever it showed; the rest go to the
            # free tiles after it, so nothing the operator put up is replaced unasked.
            index = target if target is not None and target not in used else self.first_free(after)
            target = None
            if index is None:
                self.message.emit(f"The wall is full; {len(ids) - n} camera(s) not shown.")
                break
            if self.assign(index, camera_id, purpose):
                used.append(index)
            after = index + 1
        return used

    def retry(self, index: int) -> None:
        """Open the tile's view again, under the case it was opened under."""
        assignment = self.tile(index)
        if assignment is not None:
            self._set(index, TileAssignment(assignment.camera_id, assignment.purpose, assignment.alarm_until))

    def end_view(self, index: int, why: str) -> None:
        """The tile's camera may no longer be shown (a room tile whose owner ended sharing): its
        video goes now, the camera stays named on the tile with ``why`` until it is cleared."""
        assignment = self.tile(index)
        if assignment is not None and assignment.live:
            self.stop_tour(index)
            self._set(index, replace(assignment, alarm_until=None, ended=why or "Ended"))

    def clear(self, index: int) -> None:
        self.stop_tour(index)
        if self.tile(index) is not None:
            self._set(index, None)

    def swap(self, a: int, b: int) -> None:
        """Exchange two tiles' views (with their tours and alarm ends); both open afresh."""
        if a == b or not (0 <= a < self.tile_count and 0 <= b < self.tile_count):
            return
        ta, tb = self._tiles[a], self._tiles[b]
        tour_a, tour_b = self._tours.pop(a, None), self._tours.pop(b, None)
        if tour_a is not None:
            self._tours[b] = tour_a
        if tour_b is not None:
            self._tours[a] = tour_b
        self._tiles[a] = None if tb is None else replace(tb, ended="")
        self._tiles[b] = None if ta is None else replace(ta, ended="")
        self._schedule_alarm_end()
        self.tile_changed.emit(a)
        self.tile_changed.emit(b)
        if tour_a is not None or tour_b is not None:
            self.tours_changed.emit()

    # --- alarms -------------------------------------------------------------------------------
    def set_alarm_tile(self, index: int | None) -> None:
        """The tile alarms open on (None: the first free one)."""
        if index is not None and index < 0:
            raise ValueError("A tile index is 0 or more.")
        if index != self._alarm_tile:
            self._alarm_tile = index
            self.alarm_tile_changed.emit(index)

    def show_alarm(self, alarm: Alarm) -> int | None:
        """Open an alarm's camera under the alarm's own reference, on the alarm tile or the
        first free one; the tile used. Nothing while locked: nobody is watching."""
        if self._locked:
            return None
        on_wall = self.index_of(alarm.camera_id)
        shown = self.tile(on_wall) if on_wall is not None else None
        if on_wall is not None and shown is not None and shown.is_alarm_view:
            self._tiles[on_wall] = replace(shown, alarm_until=alarm.ends_at)  # the same alarm, running longer
            self._schedule_alarm_end()
            self.tile_marked.emit(on_wall)
            return on_wall
        purpose = alarm_purpose(alarm)
        start = self._alarm_tile if self._alarm_tile is not None and self._alarm_tile < self.tile_count else None
        if start is not None:
            used = [start] if self.assign(start, alarm.camera_id, purpose) else []
        else:
            used = self.show_cameras([alarm.camera_id], purpose=purpose)
        for index in used:
            assignment = self._tiles[index]
            if assignment is not None:
                self._tiles[index] = replace(assignment, alarm_until=alarm.ends_at)
                self.tile_marked.emit(index)
        self._schedule_alarm_end()
        return used[0] if used else None

    def end_alarm(self, alarm: Alarm) -> None:
        """The alarm is over and with it the owner's consent: its video goes now."""
        for index, assignment in enumerate(self._tiles):
            if assignment is not None and assignment.is_alarm_view and assignment.camera_id == alarm.camera_id:
                self._end_alarm_view(index)

    def _end_alarm_view(self, index: int) -> None:
        assignment = self._tiles[index]
        if assignment is not None:
            self._set(index, replace(assignment, alarm_until=None, ended=ALARM_OVER))

    def _end_lapsed_alarms(self) -> None:
        # Even when the alarm's end event is late or lost: the consent lapses at ends_at.
        now = self._clock()
        for index, assignment in enumerate(self._tiles):
            if assignment is not None and assignment.alarm_until is not None and assignment.alarm_until <= now:
                self._end_alarm_view(index)
        self._schedule_alarm_end()

    def _schedule_alarm_end(self) -> None:
        ends = [a.alarm_until for a in self._tiles if a is not None and a.alarm_until is not None]
        if not ends:
            self._alarm_timer.stop()
            return
        wait_ms = (min(ends) - self._clock()).total_seconds() * 1000
        self._alarm_timer.start(int(max(0.0, min(wait_ms, _MAX_ALARM_WAIT_MS))))

    # --- tours --------------------------------------------------------------------------------
    def start_tour(self, index: int, tour: Tour) -> bool:
        """Cycle ``tour``'s cameras through a tile, one every ``dwell_s``, under the shift's
        purpose; the first is shown now. False, with a message, when it cannot start."""
        if not 0 <= index < self.tile_count:
            self.message.emit(f"Tour not started: the wall has no tile {index + 1}.")
            return False
        if self._purpose is None:
            self.message.emit("Tour not started: no case number and purpose are set for live video.")
            return False
        self._stop_tour(index)
        self._tours[index] = _TourRun(tour, time.monotonic() + tour.dwell_s)
        self._schedule_tours()
        self.tours_changed.emit()
        self._tour_step(index)
        return True

    def stop_tour(self, index: int) -> None:
        if self._stop_tour(index):
            self.tours_changed.emit()

    def _stop_tour(self, index: int) -> bool:
        if self._tours.pop(index, None) is None:
            return False
        self._schedule_tours()
        return True

    def _schedule_tours(self) -> None:
        if not self._tours:
            self._tour_timer.stop()
            return
        wait_s = min(run.due for run in self._tours.values()) - time.monotonic()
        self._tour_timer.start(int(max(0.0, wait_s) * 1000))

    def _tours_due(self) -> None:
        now = time.monotonic()
        for index, run in list(self._tours.items()):
            if run.due > now + 0.01 or self._tours.get(index) is not run:  # not yet, or stopped by a step
                continue
            run.due += run.tour.dwell_s
            if run.due <= now:  # the app was held up: the next step a dwell from now, not a burst
                run.due = now + run.tour.dwell_s
            self._tour_step(index)
        self._schedule_tours()

    def _tour_step(self, index: int) -> None:
        if self._locked:  # no video is pulled while locked; unlocking shows the tour's camera again
            return
        tour = self._tours[index].tour
        now = self._clock()
        skip = frozenset(c for c in tour.camera_ids if not self.directory.live_viewable(c, now))
        camera_id = tour.next_camera(skip)
        if camera_id is None or self._purpose is None:
            self.message.emit("Tour: none of its cameras can be shown live right now.")
            return
        assignment = TileAssignment(camera_id, self._purpose)
        if assignment != self._tiles[index]:  # the same camera again keeps its stream
            self._set(index, assignment)

    # --- locked and detached ------------------------------------------------------------------
    def set_locked(self, locked: bool) -> None:
        """Locked: no video is shown or pulled; unlocking opens the same views again."""
        if locked != self._locked:
            self._locked = locked
            self.locked_changed.emit(locked)

    def lock(self) -> None:
        self.set_locked(True)

    def unlock(self) -> None:
        self.set_locked(False)

    def set_detached(self, detached: bool) -> None:
        """The wall on a screen of its own (multi-monitor control rooms)."""
        if detached != self._detached:
            self._detached = detached
            self.detached_changed.emit(detached)

    # --- saved walls --------------------------------------------------------------------------
    def saved(self, name: str) -> SavedWall:
        """This wall under a name: its layout, its cameras and its tours. Alarm views are not
        kept: they are opened under an alarm's own consent, which a later restore does not have."""
        cameras = [a.camera_id if a is not None and not a.is_alarm_view and a.live else None for a in self._tiles]
        tours = tuple(SavedTour(i, tuple(r.tour.camera_ids), r.tour.dwell_s) for i, r in sorted(self._tours.items()))
        return SavedWall(name, self._layout.name, cameras, tours)

    def restore(self, wall: SavedWall) -> bool:
        """Put a saved wall up: its layout, then its cameras and tours under the shift's
        purpose. Without a purpose only the layout comes back, empty; False then."""
        if wall.layout not in LAYOUTS:
            self.message.emit(f"Saved wall '{wall.name}': this version has no layout '{wall.layout}'.")
            return False
        self.set_layout(wall.layout)
        for index in range(self.tile_count):
            self.clear(index)
        cameras = [(i, c) for i, c in enumerate(wall.cameras[: self.tile_count]) if c is not None]
        tours = [t for t in wall.tours if 0 <= t.tile < self.tile_count]
        if not cameras and not tours:
            return True
        if self._purpose is None:
            self.message.emit(f"Saved wall '{wall.name}': no case number and purpose are set; its cameras are"
                              " not shown.")
            return False
        for index, camera_id in cameras:
            self.assign(index, camera_id)
        for saved_tour in tours:
            try:
                tour = Tour(list(saved_tour.camera_ids), saved_tour.dwell_s)
            except ValueError as exc:
                self.message.emit(f"Saved wall '{wall.name}', tile {saved_tour.tile + 1}: tour not started: {exc}")
                continue
            self.start_tour(saved_tour.tile, tour)
        return True

    def shutdown(self) -> None:
        self._tours.clear()
        self._tour_timer.stop()
        self._alarm_timer.stop()

    # --- internals ----------------------------------------------------------------------------
    def _set(self, index: int, assignment: TileAssignment | None) -> None:
        self._tiles[index] = assignment
        self._schedule_alarm_end()
        self.tile_changed.emit(index)
