"""``RoomWallMirror``: the one owner of a room wall's state on a seat or a display.

It holds the wall as the backend last said it was, fitted to a drawable shape (``shape.fit``),
and keeps it current: a full load at start, after the event stream reconnects and on a resync;
a fetch of the wall when a ``room_wall.updated`` event names a newer version (an older or equal
one changes nothing; an unreadable one is checked by a fetch, never believed). Only a wall read
through the client (validated against the contract) becomes the state: an event's payload never
does. Changes (push, clear, layout, put-my-wall, lock) run through the injected ``runner`` off
the UI thread and send the version they were made against; a refused stale one emits
``conflict`` with the wall as it is now, which the mirror then holds.

``freshness`` says how far to trust what is held: ``none`` (nothing yet), ``cached`` (the last
wall kept on this computer, the backend not reached yet), ``current``, or ``behind`` (the backend
or its event stream cannot be reached: the last wall seen, changes may be missed).

States (``freshness``)::

    none ──cache read──▶ cached ──load──▶ current ◀──reload── behind
      └───────────load─────────────────────▲  └──stream lost / load failed──▶┘
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from rtcc_desktop.api.errors import BackendError, NotFound, RoomWallConflictError
from rtcc_desktop.api.schemas import (
    MAX_ROOM_VERSION,
    RoomScreenReplace,
    RoomTilePush,
    RoomWall,
    ServerEvent,
)
from rtcc_desktop.room_wall.cache import WallCache, cache_file
from rtcc_desktop.room_wall.shape import fit

log = logging.getLogger(__name__)
EVENT = "room_wall.updated"
# run(work, on_success, on_failure): work runs off the UI thread, the callbacks on it
# (ui.background.run_in_background has this shape).
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]
RETRY_S = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # a failed load is tried again after these waits
FRESHNESS = ("none", "cached", "current", "behind")


class RoomWallBackend(Protocol):
    def room_walls(self) -> list[RoomWall]: ...

    def room_wall(self, wall_id: int) -> RoomWall: ...

    def push_room_tile(self, wall_id: int, screen: int, tile: int, push: RoomTilePush, version: int) -> RoomWall: ...

    def clear_room_tile(self, wall_id: int, screen: int, tile: int, version: int, reason: str = ...) -> RoomWall: ...

    def set_room_layout(self, wall_id: int, screen: int, layout: str, version: int) -> RoomWall: ...

    def replace_room_screen(self, wall_id: int, screen: int, replace: RoomScreenReplace,
                            version: int) -> RoomWall: ...

    def lock_room_tile(self, wall_id: int, screen: int, tile: int, locked: bool, version: int) -> RoomWall: ...


def _whole(value: object) -> int | None:
    """An integer a backend may mean (not a bool, a string or a float), within version range."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ROOM_VERSION:
        return value
    return None


class RoomWallMirror(QObject):
    changed = Signal(object)  # RoomWall: the wall now held
    conflict = Signal(str, object)  # message in words, the RoomWall as it is now
    problem = Signal(str)  # a refused change, an unreadable reply, an unreachable backend: in words
    freshness_changed = Signal(str)  # one of FRESHNESS
    # After every change's answer (after changed, conflict or problem): True when it was made.
    # A caller sending changes one after another sends the next on this.
    change_done = Signal(bool)

    def __init__(self, backend: RoomWallBackend, runner: Runner, name: str, cache: WallCache | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._backend = backend
        self._run = runner
        self._cache = cache
        self._saves = 0
        self._wall: RoomWall | None = None
        self.freshness = "none"
        self._fetching = False
        self._again = False  # an event came while a fetch was out: fetch once more after it
        self._loading = False
        self._stream_lost = False
        self._failures = 0
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.reload)

    @property
    def wall(self) -> RoomWall | None:
        return self._wall

    # --- loading -------------------------------------------------------------------------------------
    def start(self) -> None:
        """Show the kept wall (if any) while the backend is asked for the current one."""
        if self._cache is not None:
            cache = self._cache
            self._run(cache.read, self._cache_read, lambda exc: log.warning("room wall cache: %s", exc))
        self.reload()

    def _cache_read(self, result: tuple[RoomWall | None, str | None]) -> None:
        wall, problem = result
        if problem is not None:
            self.problem.emit(problem)
        if wall is None or self._wall is not None:  # the backend answered first: it wins
            return
        self._wall = fit(wall)[0]
        self._set_freshness("cached")
        self.changed.emit(self._wall)

    def reload(self) -> None:
        """Load the wall by its name, whatever version is held (start, reconnect, resync: the
        backend may have restarted and counted its versions again)."""
        self._retry.stop()
        if self._loading:
            return
        self._loading = True
        self._run(self._backend.room_walls, self._loaded, self._load_failed)

    def _loaded(self, walls: list[RoomWall]) -> None:
        self._loading = False
        found = next((w for w in walls if w.name == self.name), None)
        if found is None:
            self._load_failed(NotFound(f"The backend has no room wall named {self.name!r}."))
            return
        self._failures = 0
        self._adopt(found, authoritative=True)

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        self._failures += 1
        wait = RETRY_S[min(self._failures, len(RETRY_S)) - 1]
        self._retry.start(int(wait * 1000))
        if self._wall is not None and self.freshness != "cached":
            self._set_freshness("behind")
        self.problem.emit(self._words(exc, "The room wall could not be loaded"))

    def _fetch(self) -> None:
        """The held wall again (an event said it changed); one fetch out at a time."""
        if self._wall is None:
            self.reload()
            return
        if self._fetching:
            self._again = True
            return
        self._fetching = True
        wall_id = self._wall.id
        self._run(lambda: self._backend.room_wall(wall_id), self._fetched, self._fetch_failed)

    def _fetched(self, wall: RoomWall) -> None:
        self._fetching = False
        self._adopt(wall, authoritative=False)
        self._fetch_again()

    def _fetch_failed(self, exc: BaseException) -> None:
        self._fetching = False
        if isinstance(exc, NotFound):  # the wall's id is gone (a restarted backend): find it by name
            self.reload()
        else:
            self.problem.emit(self._words(exc, "The room wall could not be brought up to date"))
        self._fetch_again()

    def _fetch_again(self) -> None:
        if self._again:
            self._again = False
            self._fetch()

    def _adopt(self, wall: RoomWall, authoritative: bool) -> None:
        if wall.name != self.name:
            self.problem.emit(f"The backend answered with another room wall ({wall.name[:40]!r}) than "
                              f"{self.name!r}; it is not shown.")
            return
        held = self._wall
        if not authoritative and held is not None and self.freshness != "cached" \
                and wall.id == held.id and wall.version <= held.version:
            return  # what is held is as new or newer (a reply that crossed a later one)
        fitted, problems = fit(wall)
        for problem in problems:
            self.problem.emit(problem)
        self._wall = fitted
        self._set_freshness("behind" if self._stream_lost else "current")
        if fitted != held:
            self.changed.emit(fitted)
            self._save(fitted)

    def _save(self, wall: RoomWall) -> None:
        if self._cache is None:
            return
        self._saves += 1
        cache, sequence = self._cache, self._saves
        self._run(lambda: cache.save(wall, sequence), lambda _: None,
                  lambda exc: log.warning("room wall cache not written: %s", exc))

    def _set_freshness(self, freshness: str) -> None:
        if freshness != self.freshness:
            self.freshness = freshness
            self.freshness_changed.emit(freshness)

    # --- the event stream ----------------------------------------------------------------------------
    def apply_event(self, event: ServerEvent) -> None:
        """A backend event: a room_wall.updated naming this wall and a version newer than held
        (or none readable) fetches the wall; anything else is ignored."""
        if event.type != EVENT or not isinstance(event.data, dict):
            return
        data = event.data
        wall_id, version, name = _whole(data.get("id")), _whole(data.get("version")), data.get("name")
        held = self._wall
        if held is None or self.freshness == "cached":
            if name == self.name or (held is not None and wall_id == held.id):
                self.reload()
            return
        if wall_id != held.id:
            if name == self.name:  # our wall under another id: the backend was set up again
                self.reload()
            return
        if version is not None and version <= held.version:
            return  # already held (our own change's event, or a replay)
        self._fetch()

    def on_stream_state(self, state: str) -> None:
        """The event stream's state (EventBridge.state): while it is down changes may be missed;
        when it is back the wall is loaded again."""
        if state == "connected":
            if self._stream_lost:
                self._stream_lost = False
                self.reload()
        elif state in ("reconnecting", "offline"):
            self._stream_lost = True
            if self._wall is not None and self.freshness == "current":
                self._set_freshness("behind")

    def on_resync(self) -> None:
        """The backend would not resume the event stream: events were missed."""
        self.reload()

    def follow(self, events: Any) -> None:
        """Follow an event source with ``event(ServerEvent)``, ``state(str)`` and ``resync()``
        signals (ui.event_bridge.EventBridge)."""
        events.event.connect(self.apply_event)
        events.state.connect(self.on_stream_state)
        events.resync.connect(self.on_resync)

    # --- changes ---------------------------------------------------------------------------------------
    def push(self, screen: int, tile: int, push: RoomTilePush) -> None:
        self._change(lambda b, w, v: b.push_room_tile(w, screen, tile, push, v))

    def clear(self, screen: int, tile: int, reason: str = "Cleared by an operator") -> None:
        self._change(lambda b, w, v: b.clear_room_tile(w, screen, tile, v, reason))

    def set_layout(self, screen: int, layout: str) -> None:
        self._change(lambda b, w, v: b.set_room_layout(w, screen, layout, v))

    def replace_screen(self, screen: int, replace: RoomScreenReplace) -> None:
        """"Put my wall on the room wall"."""
        self._change(lambda b, w, v: b.replace_room_screen(w, screen, replace, v))

    def lock(self, screen: int, tile: int, locked: bool) -> None:
        self._change(lambda b, w, v: b.lock_room_tile(w, screen, tile, locked, v))

    def _change(self, call: Callable[[RoomWallBackend, int, int], RoomWall]) -> None:
        held = self._wall
        if held is None:
            self.problem.emit("The room wall is not loaded yet; try again in a moment.")
            self.change_done.emit(False)
            return
        backend, wall_id, version = self._backend, held.id, held.version
        self._run(lambda: call(backend, wall_id, version), self._changed, self._change_failed)

    def _changed(self, wall: RoomWall) -> None:
        self._adopt(wall, authoritative=False)
        self.change_done.emit(True)

    def _change_failed(self, exc: BaseException) -> None:
        if isinstance(exc, RoomWallConflictError):
            self._adopt(exc.current, authoritative=False)
            current = self._wall if self._wall is not None else fit(exc.current)[0]
            self.conflict.emit(exc.message, current)
        else:
            self.problem.emit(self._words(exc, "The room wall was not changed"))
        self.change_done.emit(False)

    @staticmethod
    def _words(exc: BaseException, doing: str) -> str:
        if isinstance(exc, BackendError):
            return f"{doing}: {exc.message}"
        log.error("room wall: unexpected %s: %s", type(exc).__name__, exc)
        return f"{doing}: an unexpected error ({type(exc).__name__}); it was logged."


def default_cache(base_url: str, wall_name: str, folder: Path | None = None) -> WallCache:
    """The cache file of this backend's wall in the user's data dir."""
    return WallCache(cache_file(base_url, wall_name, folder), base_url, wall_name)
