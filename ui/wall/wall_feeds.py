"""The wall model made live: each tile's feed shows what the model assigns to the tile.

The model says what each tile shows and why; this follows its changes with the feeds'
commands (show, end, clear, stop), keeps cameras current as the directory changes, and once
every 250 ms moves what changes without a new picture (frame ages, countdowns) and ends a
view whose owner's sharing window has closed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QObject, QTimer, Signal

from rtcc_desktop.api.schemas import Camera
from rtcc_desktop.video.live_state import SHOWING, LiveState
from rtcc_desktop.wall.model import WallModel
from ui.wall.tile import VideoTile
from ui.wall.wall_view import WallView

L = LiveState
_TICK_MS = 250


class WallFeeds(QObject):
    summary = Signal(str)  # "3 live · 1 stalled"

    def __init__(self, model: WallModel, view: WallView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.model, self.view = model, view
        model.tile_changed.connect(self._render)
        model.tile_marked.connect(self._repaint)
        model.alarm_tile_changed.connect(lambda _index: self._repaint_all())
        model.locked_changed.connect(self._locked)
        self._tick_timer = QTimer(self)
        self._tick_timer.timeout.connect(self._tick)
        self._tick_timer.start(_TICK_MS)

    def _tile(self, index: int) -> VideoTile | None:
        return self.view.tiles[index] if 0 <= index < len(self.view.tiles) else None

    def _render(self, index: int) -> None:
        tile = self._tile(index)
        if tile is None:
            return
        feed, assignment = tile.feed, self.model.tile(index)
        camera = self.model.camera(index)
        if assignment is None or camera is None:
            if feed.camera is not None:
                feed.clear()
        elif assignment.ended:
            feed.end(assignment.ended)
        elif self.model.locked:  # unlocking opens it
            feed.stop("", forget=True)
        else:
            self._open(tile)
        tile.update()

    def _open(self, tile: VideoTile) -> None:
        assignment, camera = self.model.tile(tile.index), self.model.camera(tile.index)
        if assignment is not None and camera is not None:
            tile.feed.show(camera, assignment.purpose, self.view.profile_for(tile))

    def _locked(self, locked: bool) -> None:
        for tile in self.view.visible_tiles:
            assignment = self.model.tile(tile.index)
            if assignment is None or not assignment.live:
                pass  # nothing pulled, and an ended view keeps saying why
            elif locked:
                tile.feed.stop("", forget=True)
            else:
                self._open(tile)
            tile.update()

    def _repaint(self, index: int) -> None:
        if (tile := self._tile(index)) is not None:
            tile.update()

    def _repaint_all(self) -> None:
        for tile in self.view.tiles:
            tile.update()

    def camera_changed(self, camera: Camera) -> None:
        for tile in self.view.visible_tiles:
            if tile.feed.camera_id == camera.id:
                tile.feed.camera_updated(camera)

    def _tick(self) -> None:
        now = datetime.now(UTC)
        playing = stalled = 0
        for tile in self.view.visible_tiles:
            feed = tile.feed
            if feed.camera is None:
                continue
            if feed.state in SHOWING:
                playing += 1
            elif feed.state in (L.stalled, L.reconnecting):
                stalled += 1
            cam = feed.camera
            if cam.live_until is not None and cam.live_until <= now and feed.state in (*SHOWING, L.stalled):
                feed.end(self.tr("The owner's sharing window ended"))
            if feed.state not in SHOWING or cam.live_until is not None or tile.alarm:
                tile.update()
        self.summary.emit(self.tr("{playing} live").format(playing=playing)
                          + (self.tr(" · {stalled} stalled").format(stalled=stalled) if stalled else ""))

    def shutdown(self) -> None:
        self._tick_timer.stop()
        for tile in self.view.tiles:
            tile.feed.stop("")
            tile.feed.release()
