"""The session's camera directory as a QObject: loaded once, kept current by
events, and the one place the selected camera lives (map, list and wall)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from rtcc_desktop.api.schemas import Camera, ServerEvent
from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.session import Session
from ui.background import run_in_background
from ui.event_bridge import EventBridge
from ui.long_lived import settle_after_bulk_load

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMenu

    from rtcc_desktop.wall.assignment import ViewingPurpose

# Adds a feature's actions for some cameras to a context menu (the room wall's "Send to room
# wall ▸"); the view's own case and purpose when the cameras come from a wall tile.
MenuExtra = Callable[["QMenu", list[int], "ViewingPurpose | None"], None]


class CameraHub(QObject):
    loaded = Signal()
    load_failed = Signal(object)  # exception
    camera_changed = Signal(object)  # Camera
    consent_changed = Signal(object)  # Camera
    selection_changed = Signal(object)  # camera id or None

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.directory = CameraDirectory()
        self.selected: int | None = None
        self.is_loaded = False
        # Every camera context menu (map, camera lists, wall tiles) ends with these: a feature
        # offers its actions everywhere a camera is at hand without each menu knowing it.
        self.menu_extras: list[MenuExtra] = []

    def reload(self) -> None:
        run_in_background(self.session.client.all_cameras, self._loaded, self.load_failed.emit, owner=self)

    def reload_on_resync(self, events: EventBridge) -> None:
        """A backend that will not resume the event stream where it left off may have sent camera
        changes this hub never heard: fetch the whole list again."""
        events.resync.connect(self.reload)

    def _loaded(self, cameras: list[Camera]) -> None:
        self.directory.replace_all(cameras)
        settle_after_bulk_load()
        self.is_loaded = True
        self.loaded.emit()

    def on_event(self, event: ServerEvent) -> None:
        camera = self.directory.apply(event)
        if camera is None:
            return
        if event.type == "consent.changed":
            self.consent_changed.emit(camera)
        else:
            self.camera_changed.emit(camera)

    def add_to_menu(self, menu: QMenu, camera_ids: list[int], purpose: ViewingPurpose | None = None) -> None:
        """The features' actions for ``camera_ids`` at the end of a camera's context menu."""
        for extra in self.menu_extras:
            extra(menu, camera_ids, purpose)

    def select(self, camera_id: int | None) -> None:
        if camera_id != self.selected:
            self.selected = camera_id
            self.selection_changed.emit(camera_id)
