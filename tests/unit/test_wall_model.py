"""The wall model on its own (rtcc_desktop/wall/model.py): layouts and focus, assigning,
clearing, swapping and retrying tiles, the alarm tile and alarm views (running longer, ended,
lapsing by themselves), tours (their timer, skipping cameras that cannot be shown, stopping
where the wall changes under them), locked and detached, and saved walls: a round trip
through the file, and a damaged file losing nothing when a wall is saved next to it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Alarm, Camera
from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.video.saved_layouts import SavedTour, SavedWall, SavedWalls
from rtcc_desktop.video.tour import MIN_DWELL_S, Tour
from rtcc_desktop.wall.assignment import ALARM_OVER, TileAssignment, ViewingPurpose
from rtcc_desktop.wall.model import WallModel, alarm_purpose

NOW = datetime.now(UTC)
SHIFT = ViewingPurpose("2026-000900", "Wall model test")
OWN = ViewingPurpose("2026-000901", "An emergency view with its own case")


def cam(i: int, **kw: object) -> Camera:
    base: dict[str, object] = dict(id=i, label=f"Camera {i}", owner_kind="business", address=f"{i} N Water St",
                                   lat=43.04, lon=-87.91, enrollment="integrated", sharing="live", status="online",
                                   updated_at=NOW)
    base.update(kw)
    return Camera.model_validate(base)


LIVE = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
NOT_SHARED, CONSENT_OVER, ALARM_ONLY = 20, 21, 22


@pytest.fixture
def directory() -> CameraDirectory:
    return CameraDirectory([*(cam(i) for i in LIVE), cam(NOT_SHARED, sharing="on_request"),
                            cam(CONSENT_OVER, live_until=NOW - timedelta(minutes=1)),
                            cam(ALARM_ONLY, sharing="alarm_only")])


class Recorder:
    """Every signal the model sent, in order, as (name, args)."""

    def __init__(self, model: WallModel) -> None:
        self.seen: list[tuple[str, tuple[object, ...]]] = []
        for name in ("layout_changed", "focus_changed", "tile_changed", "tile_marked", "alarm_tile_changed",
                     "purpose_changed", "tours_changed", "locked_changed", "detached_changed", "message"):
            getattr(model, name).connect(lambda *args, n=name: self.seen.append((n, args)))

    def of(self, name: str) -> list[tuple[object, ...]]:
        return [args for n, args in self.seen if n == name]

    def clear(self) -> None:
        self.seen.clear()


@pytest.fixture
def model(qtbot: QtBot, directory: CameraDirectory) -> Iterator[WallModel]:
    m = WallModel(directory)
    m.set_purpose(SHIFT)
    yield m
    m.shutdown()


def cameras_on(model: WallModel) -> list[int | None]:
    return [None if (a := model.tile(i)) is None else a.camera_id for i in range(model.tile_count)]


def alarm(camera_id: int, seconds: float, alarm_id: int = 7) -> Alarm:
    now = datetime.now(UTC)
    return Alarm(id=alarm_id, camera_id=camera_id, started_at=now, ends_at=now + timedelta(seconds=seconds))


# --- layout and focus -------------------------------------------------------------------------
def test_a_smaller_layout_empties_the_tiles_that_leave_and_ends_focus(model: WallModel) -> None:
    model.set_layout("3x3")
    assert model.show_cameras(LIVE[:9]) == list(range(9))
    model.toggle_focus(7)
    rec = Recorder(model)
    model.set_layout("2x2")
    assert model.tile_count == 4 and cameras_on(model) == LIVE[:4]
    assert sorted(args[0] for args in rec.of("tile_changed")) == [4, 5, 6, 7, 8]
    assert all(model.tile(i) is None for i in range(4, 9))
    assert model.focused is None and rec.of("layout_changed") == [("2x2",)]
    model.set_layout("3x3")  # growing again: the tiles that left come back empty
    assert cameras_on(model) == [*LIVE[:4], None, None, None, None, None]


def test_an_unknown_layout_is_refused_with_the_known_ones(model: WallModel) -> None:
    with pytest.raises(ValueError, match=r"no wall layout '7x7'.*2x2"):
        model.set_layout("7x7")
    assert model.layout.name == "2x2"


def test_focus_toggles_on_one_tile_and_back(model: WallModel) -> None:
    rec = Recorder(model)
    model.toggle_focus(2)
    model.toggle_focus(3)
    model.toggle_focus(3)
    model.toggle_focus(9)  # not on this layout
    assert rec.of("focus_changed") == [(2,), (3,), (None,)] and model.focused is None


# --- tiles ------------------------------------------------------------------------------------
def test_assign_uses_the_views_own_case_or_the_shifts(model: WallModel) -> None:
    assert model.assign(0, 1) and model.assign(1, 2, OWN)
    assert model.tile(0) == TileAssignment(1, SHIFT) and model.tile(1) == TileAssignment(2, OWN)
    assert model.camera(1) is not None and model.camera(1).id == 2  # type: ignore[union-attr]


def test_what_cannot_be_assigned_says_why_and_changes_nothing(model: WallModel, directory: CameraDirectory) -> None:
    rec = Recorder(model)
    assert not model.assign(0, 999)
    assert not model.assign(9, 1)
    model.set_purpose(None)
    assert not model.assign(0, 1)
    assert [m for (m,) in rec.of("message")] == ["Camera 999 is not in the registry.", "The wall has no tile 10.",
                                                "No case number and purpose are set for live video."]
    assert cameras_on(model) == [None] * 4 and not rec.of("tile_changed")


def test_show_cameras_fills_free_tiles_once_each_and_says_when_the_wall_is_full(model: WallModel) -> None:
    model.assign(1, 5)
    rec = Recorder(model)
    assert model.show_cameras([5, 1, 2], start=1) == [1, 2, 3]  # 5 is on tile 1 already
    assert model.show_cameras([3, 4, 6]) == [0]
    assert cameras_on(model) == [3, 5, 1, 2]
    assert rec.of("message") == [("The wall is full; 2 camera(s) not shown.",)]


def test_clear_swap_and_retry(model: WallModel) -> None:
    model.show_cameras([1, 2])
    model.assign(3, 4, OWN)
    rec = Recorder(model)
    model.swap(0, 3)
    assert model.tile(0) == TileAssignment(4, OWN) and model.tile(3) == TileAssignment(1, SHIFT)
    model.swap(1, 2)  # with an empty tile
    assert cameras_on(model) == [4, None, 2, 1]
    model.retry(0)
    model.clear(3)
    model.clear(3)  # already empty: nothing to tell
    assert [a for (a,) in rec.of("tile_changed")] == [0, 3, 1, 2, 0, 3]
    assert model.tile(0) == TileAssignment(4, OWN)  # a retry keeps the view's own case


# --- alarms -----------------------------------------------------------------------------------
def test_an_alarm_opens_on_the_alarm_tile_under_its_own_case(model: WallModel) -> None:
    model.set_layout("3x3")
    model.set_alarm_tile(4)
    a = alarm(ALARM_ONLY, 60)
    assert model.show_alarm(a) == 4
    shown = model.tile(4)
    assert shown is not None and shown.camera_id == ALARM_ONLY and shown.purpose == alarm_purpose(a)
    assert shown.purpose.case_number == "ALARM-7" and shown.alarm_until == a.ends_at and shown.is_alarm_view
    rec = Recorder(model)
    longer = Alarm(id=7, camera_id=ALARM_ONLY, started_at=a.started_at, ends_at=a.ends_at + timedelta(minutes=5))
    assert model.show_alarm(longer) == 4  # the same alarm, running longer: the view goes on
    assert rec.of("tile_marked") == [(4,)] and not rec.of("tile_changed")
    assert model.tile(4).alarm_until == longer.ends_at  # type: ignore[union-attr]
    model.end_alarm(longer)
    ended = model.tile(4)
    assert ended == TileAssignment(ALARM_ONLY, alarm_purpose(a), None, ALARM_OVER) and not ended.live
    assert model.saved("x").cameras[4] is None  # an alarm's view is not saved


def test_an_alarm_without_an_alarm_tile_or_beyond_the_layout_opens_on_a_free_tile(model: WallModel) -> None:
    model.assign(0, 1)
    assert model.show_alarm(alarm(ALARM_ONLY, 60)) == 1
    model.set_alarm_tile(6)  # a 3x3 choice, kept while the wall shows 2x2
    assert model.show_alarm(alarm(2, 60, alarm_id=8)) == 2
    with pytest.raises(ValueError):
        model.set_alarm_tile(-1)
    assert model.alarm_tile == 6


def test_an_alarm_view_ends_by_itself_when_the_alarm_time_lapses(qtbot: QtBot, model: WallModel) -> None:
    """Even when the alarm's end event never comes."""
    index = model.show_alarm(alarm(ALARM_ONLY, 0.4))
    assert index is not None
    with qtbot.waitSignal(model.tile_changed, timeout=2000, check_params_cb=lambda i: i == index):
        pass
    assert model.tile(index) is not None and model.tile(index).ended == ALARM_OVER  # type: ignore[union-attr]


def test_no_alarm_opens_while_the_wall_is_locked(model: WallModel) -> None:
    rec = Recorder(model)
    model.lock()
    model.lock()
    assert model.show_alarm(alarm(ALARM_ONLY, 60)) is None and cameras_on(model) == [None] * 4
    model.unlock()
    assert rec.of("locked_changed") == [(True,), (False,)] and not model.locked


# --- tours ------------------------------------------------------------------------------------
def test_a_tour_skips_cameras_that_cannot_be_shown_and_steps_on_its_timer(
        qtbot: QtBot, model: WallModel, directory: CameraDirectory) -> None:
    tour = Tour([NOT_SHARED, 1, CONSENT_OVER, ALARM_ONLY, 999, 2], MIN_DWELL_S)
    assert model.start_tour(0, tour)
    assert model.tile(0) == TileAssignment(1, SHIFT) and model.tour(0) is tour and model.touring == [0]
    started = datetime.now(UTC)
    with qtbot.waitSignal(model.tile_changed, timeout=MIN_DWELL_S * 1000 + 1500):
        pass
    assert (datetime.now(UTC) - started).total_seconds() > MIN_DWELL_S - 0.5
    assert model.tile(0) == TileAssignment(2, SHIFT)  # the four between could not be shown
    directory.replace_all([cam(i) for i in LIVE if i != 1])  # camera 1's owner left the program
    model._tour_step(0)  # the timer's step, without waiting for it a second time
    assert model.tile(0) == TileAssignment(2, SHIFT)


def test_a_tour_whose_cameras_cannot_be_shown_says_so(model: WallModel) -> None:
    rec = Recorder(model)
    assert model.start_tour(0, Tour([NOT_SHARED, CONSENT_OVER], MIN_DWELL_S))
    assert rec.of("message") == [("Tour: none of its cameras can be shown live right now.",)]
    assert model.tile(0) is None


def test_a_tour_needs_a_purpose_and_a_tile(model: WallModel) -> None:
    assert not model.start_tour(4, Tour([1], MIN_DWELL_S))
    model.set_purpose(None)
    assert not model.start_tour(0, Tour([1], MIN_DWELL_S))
    assert model.touring == []


def test_a_tour_with_one_showable_camera_keeps_its_stream(model: WallModel) -> None:
    model.start_tour(0, Tour([1, NOT_SHARED], MIN_DWELL_S))
    rec = Recorder(model)
    model._tour_step(0)
    assert not rec.of("tile_changed") and model.tile(0) == TileAssignment(1, SHIFT)


def test_a_tour_pulls_nothing_while_locked(model: WallModel) -> None:
    model.start_tour(0, Tour([1, 2], MIN_DWELL_S))
    model.lock()
    rec = Recorder(model)
    model._tour_step(0)
    assert not rec.seen and model.tile(0) == TileAssignment(1, SHIFT)


def test_tours_stop_where_the_tile_is_taken_and_move_with_a_swap(model: WallModel) -> None:
    model.set_layout("3x3")
    model.start_tour(0, Tour([1, 2], MIN_DWELL_S))
    model.start_tour(1, Tour([3, 4], MIN_DWELL_S))
    model.start_tour(8, Tour([5, 6], MIN_DWELL_S))
    model.swap(1, 2)
    assert model.touring == [0, 2, 8] and model.tile(2) == TileAssignment(3, SHIFT)
    rec = Recorder(model)
    model.assign(0, 7)  # the operator's camera replaces the tour
    model.set_layout("2x2")  # tile 8 leaves the wall
    assert model.touring == [2]
    model.clear(2)
    assert model.touring == [] and len(rec.of("tours_changed")) == 3  # the menus follow each


# --- detached ---------------------------------------------------------------------------------
def test_detached_is_a_flag_with_a_signal(model: WallModel) -> None:
    rec = Recorder(model)
    model.set_detached(True)
    model.set_detached(True)
    model.set_detached(False)
    assert rec.of("detached_changed") == [(True,), (False,)]


# --- saved walls ------------------------------------------------------------------------------
def test_a_saved_wall_round_trips_through_the_file_with_its_tours(
        qtbot: QtBot, tmp_path: Path, model: WallModel, directory: CameraDirectory) -> None:
    model.set_layout("1+5")
    model.show_cameras([3, 1], start=1)
    model.start_tour(4, Tour([5, 6, 7], 12))
    store = SavedWalls(tmp_path / "walls.json")
    assert store.save(model.saved("Plaza")) == []
    wall = store.load()["Plaza"]
    assert wall == SavedWall("Plaza", "1+5", [None, 3, 1, None, 5, None], (SavedTour(4, (5, 6, 7), 12),))

    other = WallModel(directory)
    try:
        other.set_purpose(OWN)
        other.assign(0, 9)
        assert other.restore(wall)
        assert other.layout.name == "1+5" and cameras_on(other) == [None, 3, 1, None, 5, None]
        assert other.tour(4) is not None and other.tour(4).camera_ids == [5, 6, 7]  # type: ignore[union-attr]
        assert other.tile(1) == TileAssignment(3, OWN)  # under the shift's case of the one restoring it
    finally:
        other.shutdown()


def test_a_saved_wall_without_a_purpose_brings_only_its_layout(model: WallModel) -> None:
    model.assign(0, 1)
    model.set_purpose(None)
    rec = Recorder(model)
    assert not model.restore(SavedWall("Night", "3x3", [4, None, 5]))
    assert model.layout.name == "3x3" and cameras_on(model) == [None] * 9
    assert "no case number and purpose" in rec.of("message")[-1][0]


def test_a_damaged_entry_is_kept_in_the_file_when_another_wall_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "walls.json"
    damaged = {"name": "Broken", "layout": "2x2", "cameras": ["x"]}
    newer = {"name": "Future", "layout": "6x6", "cameras": [1]}  # a layout of a later version
    path.write_text(json.dumps([{"name": "Good", "layout": "2x2", "cameras": [1, None]}, damaged, newer, 5]))
    store = SavedWalls(path)
    assert list(store.load()) == ["Good"]
    problems = store.save(SavedWall("New", "3x3", [2]))
    assert len(problems) == 3 and "entry 2" in problems[0] and "kept in the file" in problems[0]
    assert "6x6" in problems[1]
    written = json.loads(path.read_text())
    assert damaged in written and newer in written and 5 in written
    assert sorted(store.load()) == ["Good", "New"]


def test_a_file_that_is_not_a_list_of_walls_is_moved_aside_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "walls.json"
    path.write_text('[{"name": "Half written", "layo')
    store = SavedWalls(path)
    assert store.load() == {}
    problems = store.save(SavedWall("New", "2x2", [1]))
    [aside] = [p for p in tmp_path.iterdir() if p.name.startswith("walls.json.damaged-")]
    assert aside.read_text() == '[{"name": "Half written", "layo'
    assert "not a list of saved walls" in problems[0] and aside.name in problems[-1]
    assert list(store.load()) == ["New"]
