"""The wall's widgets render the wall model, against the real mock (real H.264 through libVLC,
read back from the pictures): the model changed directly shows on the tiles (a camera, a
layout, focus, the alarm tile, an alarm view, locking, clearing); a saved wall restored from
the file and a tour's step change the same object the tiles render; a second view of the same
model (a room wall) shows what the first does; a damaged walls.json is said and kept."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Alarm
from rtcc_desktop.config import config_dir
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.tour import MIN_DWELL_S, Tour
from rtcc_desktop.wall.assignment import ALARM_OVER, TileAssignment
from tests.ui.test_wall import PURPOSE, Wall, open_wall
from ui.wall.tile import VideoTile
from ui.wall.wall_feeds import WallFeeds
from ui.wall.wall_view import WallView

L = LiveState


@pytest.fixture
def wall(qtbot: QtBot, mock_backend: MockProcess) -> Iterator[Wall]:
    w = open_wall(qtbot, mock_backend.url)
    yield w
    w.panel.shutdown()
    w.window.close()


def shows(qtbot: QtBot, tile: VideoTile, camera_id: int, timeout: int = 15_000) -> None:
    """Wait until the tile plays ``camera_id`` and its picture says so (the strip the mock burns in)."""
    def seen() -> bool:
        if tile.feed.camera_id != camera_id or tile.feed.state is not L.playing:
            return False
        reading = tile.feed.shown.buffer.read_strip()
        return reading is not None and reading.camera_number == camera_id
    qtbot.waitUntil(seen, timeout=timeout)


def test_the_tiles_show_what_the_model_is_told(qtbot: QtBot, wall: Wall) -> None:
    model, view = wall.panel.model, wall.panel.view
    assert view.model is model and all(t.wall is model for t in view.tiles)
    a, b = wall.live(2, skip=30)
    model.set_layout("3x3")
    assert wall.panel.layouts.currentText() == "3x3" and len(view.visible_tiles) == 9
    qtbot.waitUntil(lambda: all(t.isVisible() for t in view.visible_tiles), timeout=3000)
    assert len({t.geometry().x() for t in view.visible_tiles}) == 3  # three columns
    assert model.assign(4, a.id) and model.assign(8, b.id)
    shows(qtbot, view.tile_at(4), a.id)
    shows(qtbot, view.tile_at(8), b.id)

    model.toggle_focus(8)  # one tile on the whole wall
    qtbot.waitUntil(lambda: not view.tile_at(4).isVisible(), timeout=3000)
    assert view.tile_at(8).isVisible() and view.tile_at(8).width() > view.width() * 0.9
    model.toggle_focus(8)
    qtbot.waitUntil(lambda: view.tile_at(4).isVisible(), timeout=3000)

    model.set_alarm_tile(2)
    assert view.tile_at(2).is_alarm_tile and not view.tile_at(4).is_alarm_tile
    now = datetime.now(UTC)
    alarm = Alarm(id=900, camera_id=a.id, started_at=now, ends_at=now + timedelta(minutes=5))
    assert model.show_alarm(alarm) == 2
    tile = view.tile_at(2)
    shows(qtbot, tile, a.id)
    assert tile.alarm and tile.alarm_until == alarm.ends_at and tile.feed.purpose.case_number == "ALARM-900"
    model.end_alarm(alarm)
    qtbot.waitUntil(lambda: tile.feed.state is L.ended, timeout=3000)
    assert not tile.alarm and tile.feed.message == ALARM_OVER and not tile.feed.shown.buffer.has_picture()
    assert view.tile_at(4).feed.state is L.playing  # the same camera outside the alarm goes on

    model.lock()
    qtbot.waitUntil(lambda: view.tile_at(8).feed.state is L.stopped, timeout=3000)
    assert all(t.blanked for t in view.visible_tiles)
    model.unlock()
    shows(qtbot, view.tile_at(8), b.id)
    assert tile.feed.state is L.ended  # a view the wall ended stays ended
    model.clear(8)
    qtbot.waitUntil(lambda: view.tile_at(8).feed.camera is None, timeout=3000)
    assert "empty" in view.tile_at(8).status_line()


def test_a_restored_saved_wall_and_a_tours_step_change_the_object_the_tiles_render(
        qtbot: QtBot, wall: Wall) -> None:
    panel, model, view = wall.panel, wall.panel.model, wall.panel.view
    a, b, c, d = wall.live(4, skip=32)
    panel.set_layout("2x2")
    panel.show_cameras([a.id, b.id], start=0)
    panel.start_tour(3, Tour([c.id, d.id], MIN_DWELL_S))
    assert panel.saved_walls.save_as("Plaza")
    saved = json.loads((config_dir() / "walls.json").read_text())
    assert saved == [{"name": "Plaza", "layout": "2x2", "cameras": [a.id, b.id, None, c.id],
                      "tours": [{"tile": 3, "camera_ids": [c.id, d.id], "dwell_s": MIN_DWELL_S}]}]

    panel.set_layout("3x3")
    for index in range(model.tile_count):
        model.clear(index)
    assert model.touring == [] and view.tile_at(0).feed.camera is None
    panel.restore_wall("Plaza")
    assert model.layout.name == "2x2" and panel.layouts.currentText() == "2x2"
    assert [model.tile(i) and model.tile(i).camera_id for i in range(4)] == [a.id, b.id, None, c.id]
    shows(qtbot, view.tile_at(0), a.id)
    shows(qtbot, view.tile_at(1), b.id)
    shows(qtbot, view.tile_at(3), c.id)

    stepped = time.monotonic()
    with qtbot.waitSignal(model.tile_changed, timeout=MIN_DWELL_S * 1000 + 2000,
                          check_params_cb=lambda index: index == 3):
        pass
    assert time.monotonic() - stepped > MIN_DWELL_S - 1
    assert model.tile(3) == TileAssignment(d.id, PURPOSE)
    shows(qtbot, view.tile_at(3), d.id)  # the tour's step reached the tile through the model


def test_a_second_view_of_the_same_model_shows_what_the_first_does(qtbot: QtBot, wall: Wall) -> None:
    """What a shared room wall needs: one model, any number of views."""
    model = wall.panel.model
    room = WallView(wall.session, model=model)
    qtbot.addWidget(room)
    feeds = WallFeeds(model, room)
    room.resize(960, 540)
    room.show()
    try:
        a, b = wall.live(2, skip=36)
        model.set_layout("1+5")
        assert room.wall_layout.name == "1+5" and len(room.visible_tiles) == 6
        model.show_cameras([a.id, b.id], start=2)
        for view in (wall.panel.view, room):
            shows(qtbot, view.tile_at(2), a.id)
            shows(qtbot, view.tile_at(3), b.id)
        model.swap(2, 3)
        for view in (wall.panel.view, room):
            shows(qtbot, view.tile_at(2), b.id)
            shows(qtbot, view.tile_at(3), a.id)
    finally:
        feeds.shutdown()


def test_a_damaged_saved_walls_file_is_said_and_kept(qtbot: QtBot, mock_backend: MockProcess) -> None:
    path = config_dir() / "walls.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    damaged = {"name": "Broken", "layout": "2x2", "cameras": "not a list"}
    path.write_text(json.dumps([{"name": "Good", "layout": "2x2", "cameras": [None]}, damaged]))
    w = open_wall(qtbot, mock_backend.url)
    try:
        menu = w.panel.saved_walls
        assert [menu.walls.itemText(i) for i in range(menu.walls.count())] == ["Good"]
        assert "entry 2" in menu.walls.toolTip() and "kept in the file" in menu.walls.toolTip()
        said: list[str] = []
        w.panel.message.connect(said.append)
        assert menu.save_as("New")
        assert "Wall 'New' saved." in said[-1] and "entry 2" in said[-1]
        written = json.loads(path.read_text())
        assert damaged in written and {x["name"] for x in written} == {"Good", "Broken", "New"}
    finally:
        w.panel.shutdown()
        w.window.close()


def test_cameras_dropped_on_a_tile_fill_the_free_tiles_after_it(qtbot: QtBot, wall: Wall) -> None:
    a, b, c = wall.live(3, skip=40)
    wall.panel.set_layout("3x3")
    assert wall.panel.show_cameras([a.id, b.id, c.id], start=4) == [4, 5, 6]
    shows(qtbot, wall.panel.view.tile_at(6), c.id)
    assert wall.panel.view.tile_at(0).feed.camera is None


def test_unlocking_does_not_reopen_an_alarm_view_that_ended(qtbot: QtBot, wall: Wall) -> None:
    panel = wall.panel
    cam = wall.live(1, skip=43)[0]
    now = datetime.now(UTC)
    alarm = Alarm(id=901, camera_id=cam.id, started_at=now, ends_at=now + timedelta(minutes=5))
    index = panel.show_alarm(alarm)
    assert index is not None
    tile = panel.view.tile_at(index)
    shows(qtbot, tile, cam.id)
    panel.end_alarm(alarm)
    qtbot.waitUntil(lambda: tile.feed.state is L.ended, timeout=3000)
    panel.set_locked(True)
    panel.set_locked(False)
    qtbot.wait(1500)  # a view opened again would be requesting or playing by now
    assert tile.feed.state is L.ended and tile.feed.message == ALARM_OVER
    assert not tile.feed.shown.buffer.has_picture()


def test_the_tile_menu_acts_on_the_model(qtbot: QtBot) -> None:
    """Each entry of a tile's right-click menu changes the model, the way a click on it would."""
    from PySide6.QtWidgets import QWidget

    from rtcc_desktop.domain.camera_directory import CameraDirectory
    from rtcc_desktop.wall.model import WallModel
    from tests.unit.test_wall_model import cam
    from ui.wall.tile_menu import tile_menu

    parent = QWidget()
    qtbot.addWidget(parent)
    model = WallModel(CameraDirectory([cam(1), cam(2)]), parent)
    model.set_purpose(PURPOSE)
    selected: list[int | None] = []
    asked: list[int] = []

    def act(index: int, text: str) -> None:
        menu = tile_menu(parent, model, index, selected.append, asked.append)
        [action] = [a for a in menu.actions() if a.text() == text]
        action.trigger()

    own = PURPOSE.__class__("2026-000777", "An emergency view under its own case")
    model.assign(0, 2, own)
    act(0, "Retry")
    assert model.tile(0) == TileAssignment(2, own)  # retried under its own case, not the shift's
    act(0, "Select on map")
    act(0, "Use as the alarm tile")
    act(1, "Tour on this tile…")
    act(0, "Focus (double-click)")
    assert (selected, model.alarm_tile, asked, model.focused) == ([2], 0, [1], 0)
    act(0, "Unfocus")
    act(0, "Stop using as the alarm tile")
    model.start_tour(1, Tour([1, 2], MIN_DWELL_S))
    act(1, "Stop tour")
    act(0, "Clear tile (Delete)")
    assert (model.focused, model.alarm_tile, model.touring, model.tile(0)) == (None, None, [], None)
    model.shutdown()
