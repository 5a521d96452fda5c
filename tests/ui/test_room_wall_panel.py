"""The Room wall panel on two seats against the real mock: what one seat sends the other sees, a
change made against an older version is refused and shows the newer one with who made it, a
supervisor's lock refuses an operator, and "put my wall on the room wall" sends the seat's wall."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Camera, Incident, RoomScreen, RoomTile, RoomWall
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.incidents.queue import IncidentQueue
from rtcc_desktop.map.camera_marks import why_not_live
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.wall.assignment import ViewingPurpose
from tests.conftest import start_mock, users_file
from ui.cameras.camera_hub import CameraHub
from ui.cameras.camera_menu import attach_camera_menu, selected_ids
from ui.incidents.incidents_panel import IncidentsPanel
from ui.main_window import MainWindow
from ui.map.camera_list import CameraList
from ui.room_wall.panel import RoomWallPanel
from ui.room_wall.panel_desk import RoomWallDesk
from ui.room_wall.panel_install import install_room_wall_panel
from ui.wall.install import install_wall_panel
from ui.wall.tile_chrome import TILE_MIME
from ui.wall.tile_menu import tile_menu

CASE = ViewingPurpose("2026-004512", "Armed robbery in progress, 27th & Wells")
ALEX, SAM = ("alex", "alex-pass-1234"), ("sam", "sam-pass-1234")


@pytest.fixture(scope="module")
def room_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    folder = tmp_path_factory.mktemp("room-wall-panel")
    mock = start_mock(folder, "--users-file",
                      users_file(folder, f"{ALEX[0]}:{ALEX[1]}:operator", f"{SAM[0]}:{SAM[1]}:operator"))
    yield mock
    mock.stop()


class Seat:
    """One operator's console, as much of it as the room wall needs: the window, its camera hub,
    its wall, and the Room wall panel."""

    def __init__(self, qtbot: QtBot, url: str, user: str, password: str) -> None:
        self.session = open_session(BackendProfile("Test", url), user, password)
        self.window = MainWindow(self.session)
        self.hub = CameraHub(self.session, self.window)
        self.window.server_event.connect(self.hub.on_event)
        self.wall = install_wall_panel(self.window, self.hub)
        self.wall.set_locked(True)  # no video: what the wall holds is what is tested, not its pictures
        self.desk: RoomWallDesk = install_room_wall_panel(self.window, self.hub, self.wall)
        self.panel = self.desk.panel
        self.hub.reload()
        self.window.resize(1400, 900)
        self.window.show()
        self.window.start()
        qtbot.waitUntil(lambda: self.hub.is_loaded and self.panel.wall is not None, timeout=15_000)
        qtbot.waitUntil(lambda: self.window.events.connection_state == "connected", timeout=10_000)
        self.window.show_panel("roomWallPanel")
        self.wall.purpose = CASE

    def words(self, screen: int, tile: int) -> str:
        view = self.panel.tile_view(screen, tile)
        return "" if view is None else view.words

    def close(self) -> None:
        self.desk.shutdown()
        self.wall.shutdown()
        self.window.close()
        self.window.deleteLater()


@pytest.fixture
def seats() -> Iterator[list[Seat]]:
    """The seats a test opens, closed after it."""
    made: list[Seat] = []
    yield made
    for seat in made:
        seat.close()


def _live(seat: Seat, n: int) -> list[Camera]:
    now = datetime.now(UTC)
    cams = sorted((c for c in seat.hub.directory if why_not_live(c, now) is None), key=lambda c: c.id)
    assert len(cams) >= n
    return cams[:n]


def _wall_id(seat: Seat) -> int:
    wall = seat.desk.room(seat.desk.current)
    assert wall is not None
    return wall.id


def _clear_wall(qtbot: QtBot, *seats: Seat) -> None:
    """Each test starts from an empty room wall (the module's tests share one mock), and every
    seat has heard of it before the test changes anything."""
    client = seats[0].session.client
    wall = client.room_wall(_wall_id(seats[0]))
    for screen in wall.screens:
        for tile in screen.tiles:
            if tile.camera_id is not None:
                wall = client.clear_room_tile(wall.id, screen.index, tile.index, wall.version)
    for seat in seats:
        qtbot.waitUntil(lambda s=seat: (w := s.desk.room(s.desk.current)) is not None and w.version == wall.version,
                        timeout=5_000)


def test_a_push_shows_on_the_other_seat_and_a_stale_edit_is_refused_with_who_changed_it(
        qtbot: QtBot, room_mock: MockProcess, seats: list[Seat]) -> None:
    a = Seat(qtbot, room_mock.url, *ALEX)
    seats.append(a)
    b = Seat(qtbot, room_mock.url, *SAM)
    seats.append(b)
    _clear_wall(qtbot, a, b)
    first, second, third = _live(a, 3)
    qtbot.waitUntil(lambda: "empty" in b.words(0, 0) and "empty" in a.words(0, 1), timeout=5_000)

    # A, keyboard only: the camera selected (as the map or list does), Right to tile 2, Enter.
    a.hub.select(first.id)
    a.window.activateWindow()  # keys go to the active window: B's opened last
    qtbot.waitUntil(a.window.isActiveWindow)
    a.panel.focus_selected()
    qtbot.waitUntil(lambda: a.panel.tile_view(0, 0) is not None and a.panel.tile_view(0, 0).hasFocus())
    QTest.keyClick(a.panel.tile_view(0, 0), Qt.Key.Key_Right)
    assert a.panel.selected == (0, 1)
    QTest.keyClick(a.panel.tile_view(0, 1), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: first.label in b.words(0, 1), timeout=5_000)
    assert "case 2026-004512" in b.words(0, 1) and "put there by alex" in b.words(0, 1)

    # B's event stream is late: A's next change has not reached B when B changes the same tile.
    b.window.events.stop()
    a.desk.send(a.desk.current, 0, 1, [second.id])
    qtbot.waitUntil(lambda: second.label in a.words(0, 1), timeout=5_000)
    assert first.label in b.words(0, 1)  # B still sees the old version
    b.desk.send(b.desk.current, 0, 1, [third.id])
    qtbot.waitUntil(lambda: second.label in b.words(0, 1), timeout=5_000)  # B sees A's version now
    assert "alex" in b.panel.notice.text() and b.panel.notice.isVisible(), b.panel.notice.text()
    client = a.session.client
    tile = client.room_wall(_wall_id(a)).screens[0].tiles[1]
    assert (tile.camera_id, tile.pushed_by) == (second.id, "alex")  # nothing was overwritten

    # Delete clears the selected room tile, from the keyboard.
    a.panel.select(0, 1)
    a.panel.focus_selected()
    QTest.keyClick(a.panel.tile_view(0, 1), Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: "empty" in a.words(0, 1), timeout=5_000)


def test_a_supervisors_lock_refuses_an_operator_in_words(
        qtbot: QtBot, room_mock: MockProcess, seats: list[Seat]) -> None:
    boss = Seat(qtbot, room_mock.url, "supervisor", "demo")
    seats.append(boss)
    a = Seat(qtbot, room_mock.url, *ALEX)
    seats.append(a)
    b = Seat(qtbot, room_mock.url, *SAM)
    seats.append(b)
    _clear_wall(qtbot, boss, a, b)
    cam, other = _live(boss, 2)
    boss.desk.send(boss.desk.current, 0, 2, [cam.id])
    qtbot.waitUntil(lambda: cam.label in boss.words(0, 2), timeout=5_000)
    b.window.events.stop()  # B will not hear of the lock: the backend refuses him itself
    qtbot.waitUntil(lambda: cam.label in b.words(0, 2), timeout=5_000)
    assert boss.panel.lock_button.isVisible() and not a.panel.lock_button.isVisible()
    boss.window.activateWindow()  # Ctrl+K on the chosen tile, as a supervisor does it
    qtbot.waitUntil(boss.window.isActiveWindow)
    boss.panel.select(0, 2)
    boss.panel.focus_selected()
    qtbot.waitUntil(lambda: boss.panel.tile_view(0, 2) is not None and boss.panel.tile_view(0, 2).hasFocus())
    QTest.keyClick(boss.panel.tile_view(0, 2), Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "locked by supervisor" in a.words(0, 2), timeout=5_000)
    assert boss.panel.lock_button.text() == "Unlock tile"

    a.desk.send(a.desk.current, 0, 2, [other.id])  # refused before anything is sent
    assert "locked by supervisor" in a.panel.notice.text() and "only a supervisor" in a.panel.notice.text()
    b.desk.send(b.desk.current, 0, 2, [other.id])  # B's copy says unlocked: the backend refuses
    qtbot.waitUntil(lambda: "locked" in b.panel.notice.text().lower(), timeout=5_000)
    tile = boss.session.client.room_wall(_wall_id(boss)).screens[0].tiles[2]
    assert (tile.camera_id, tile.locked) == (cam.id, True)
    boss.desk.lock(boss.desk.current, 0, 2, False)
    qtbot.waitUntil(lambda: "locked" not in a.words(0, 2), timeout=5_000)

    # A camera its owner does not share live: the backend refuses, the panel says why.
    now = datetime.now(UTC)
    closed = next(c for c in a.hub.directory if why_not_live(c, now) is not None)
    a.panel.say("")
    a.desk.send(a.desk.current, 0, 3, [closed.id])
    qtbot.waitUntil(a.panel.notice.isVisible, timeout=5_000)
    assert "not changed" in a.panel.notice.text(), a.panel.notice.text()
    assert "empty" in a.words(0, 3)


def test_put_my_wall_on_the_room_wall_sends_the_seats_layout_and_cameras(
        qtbot: QtBot, room_mock: MockProcess, seats: list[Seat]) -> None:
    a = Seat(qtbot, room_mock.url, *ALEX)
    seats.append(a)
    b = Seat(qtbot, room_mock.url, *SAM)
    seats.append(b)
    _clear_wall(qtbot, a, b)
    cams = _live(a, 3)
    # Three cameras at once from tile 2: one change after another, none conflicting with the last.
    a.desk.send(a.desk.current, 0, 1, [c.id for c in cams])
    qtbot.waitUntil(lambda: cams[2].label in b.words(0, 3), timeout=5_000)
    assert [cams[0].label in b.words(0, 1), cams[1].label in b.words(0, 2)] == [True, True]
    assert not a.panel.notice.isVisible(), a.panel.notice.text()
    # The screen's layout from the panel's list.
    a.panel.select(0, 0)
    a.panel.layouts.setCurrentText("3x3")
    a.panel.layouts.activated.emit(a.panel.layouts.currentIndex())
    qtbot.waitUntil(lambda: len(b.panel.screens[0].tiles) == 9, timeout=5_000)
    assert cams[2].label in b.words(0, 3)  # the tiles that fit keep their cameras

    a.wall.set_layout("2x2")
    for i, cam in enumerate(cams):
        a.wall.assign(i if i < 2 else 3, cam.id, CASE)
    a.panel.select(1, 0)
    a.panel.my_wall_button.click()
    qtbot.waitUntil(lambda: a.panel.notice.isVisible() or (
        b.panel.wall is not None and b.panel.wall.screens[1].layout == "2x2"), timeout=5_000)
    assert not a.panel.notice.isVisible(), a.panel.notice.text()
    qtbot.waitUntil(lambda: cams[2].label in b.words(1, 3), timeout=5_000)
    assert [cams[0].label in b.words(1, 0), cams[1].label in b.words(1, 1), "empty" in b.words(1, 2)] \
        == [True, True, True]
    assert len(b.panel.screens[1].tiles) == 4
    assert "put there by alex" in b.words(1, 0)


def test_a_wall_tile_goes_to_the_room_wall_by_its_menu_and_by_drag_under_its_own_case(
        qtbot: QtBot, room_mock: MockProcess, seats: list[Seat]) -> None:
    a = Seat(qtbot, room_mock.url, *ALEX)
    seats.append(a)
    b = Seat(qtbot, room_mock.url, *SAM)
    seats.append(b)
    _clear_wall(qtbot, a, b)
    cams = _live(a, 2)
    own = ViewingPurpose("2026-000777", "Missing child, last seen on 5th Street")
    a.wall.set_layout("2x2")
    a.wall.assign(0, cams[0].id, own)
    a.wall.assign(1, cams[1].id, own)

    # The seat's wall tile menu: Send to room wall ▸ <wall> ▸ Screen 1 / tile 1.
    menu = tile_menu(a.wall, a.wall.model, 0, a.hub.select, lambda _i: None, a.hub)
    send = next(m for m in menu.findChildren(QMenu) if m.objectName() == "sendToRoomWall")
    wall_menu = send.actions()[0].menu()
    assert isinstance(wall_menu, QMenu)
    entries = {act.text(): act for act in wall_menu.actions()}
    wall = a.desk.room(a.desk.current)
    assert wall is not None and len(entries) == sum(len(screen.tiles) for screen in wall.screens)
    entries["Screen 1 / tile 1 — empty"].trigger()
    qtbot.waitUntil(lambda: cams[0].label in b.words(0, 0), timeout=5_000)
    assert "case 2026-000777" in b.words(0, 0)

    # A drag of the seat's wall tile 2 dropped on room tile 2.
    mime = QMimeData()
    mime.setData(TILE_MIME, b"1")
    target = a.panel.tile_view(0, 1)
    assert target is not None
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.MoveAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    target.dropEvent(drop)
    qtbot.waitUntil(lambda: cams[1].label in b.words(0, 1), timeout=5_000)
    assert "case 2026-000777" in b.words(0, 1)
    pushed = [t.pushed_by for t in a.session.client.room_wall(_wall_id(a)).screens[0].tiles[:2]]
    assert pushed == ["alex", "alex"]

    # The seat's wall plays these cameras: the panel shows a still of each, taken from it.
    a.wall.set_locked(False)
    view = a.panel.tile_view(0, 0)
    assert view is not None and view.preview is None

    def still() -> bool:
        a.desk.refresh_previews()
        return view.preview is not None and view.preview_at is not None

    qtbot.waitUntil(still, timeout=20_000)
    image = view.preview.toImage()
    assert image.width() > 100 and image.pixelColor(image.width() // 2, image.height() // 2).value() > 20  # a picture
    a.wall.set_locked(True)  # no video: no stills
    a.desk.refresh_previews()
    assert view.preview is None


def test_the_panel_draws_hostile_text_as_text_and_the_arrows_cross_screens(qtbot: QtBot) -> None:
    now = datetime.now(UTC)
    hostile = "<b>Bold</b>\n<img src=x>&amp;"
    tiles = [RoomTile(index=0, camera_id=7, camera_label=hostile, case_number="2026-1", pushed_by="<i>x</i>",
                      since=now)] + [RoomTile(index=i) for i in range(1, 4)]
    wall = RoomWall(id=1, name="front", title="<h1>Front</h1>", version=2, updated_at=now, updated_by="sam",
                    screens=[RoomScreen(index=0, layout="2x2", tiles=tiles),
                             RoomScreen(index=1, layout="1x1", tiles=[RoomTile(index=0)])])
    panel = RoomWallPanel()
    qtbot.addWidget(panel)
    panel.set_walls([wall, wall.model_copy(update={"id": 2, "name": "side"})], "front")
    panel.show_wall(wall)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    first = panel.tile_view(0, 0)
    assert first is not None
    assert "\n" not in first.words and "<b>Bold</b>" in first.words  # one line, the text itself
    assert first.toolTip().startswith("<p>") and "<b>" not in first.toolTip()  # escaped, not markup
    assert panel.chooser.isVisible() and panel.chooser.itemText(0) == "<h1>Front</h1>"
    assert panel.chooser.currentData() == "front"
    right_of = panel.neighbour(0, 1, 1, 0)  # screen 1's top right tile, Right: screen 2's tile
    assert right_of is not None and (right_of.screen_index, right_of.index) == (1, 0)
    assert panel.neighbour(0, 0, 0, 1) is panel.tile_view(0, 2)
    assert panel.neighbour(0, 0, -1, 0) is None


def test_a_camera_list_row_goes_to_the_room_wall_from_its_context_menu(
        qtbot: QtBot, room_mock: MockProcess, seats: list[Seat]) -> None:
    a = Seat(qtbot, room_mock.url, *ALEX)
    seats.append(a)
    _clear_wall(qtbot, a)
    cam = _live(a, 1)[0]
    cameras = CameraList()
    qtbot.addWidget(cameras)
    cameras.model.replace_all(list(a.hub.directory))
    attach_camera_menu(cameras.table, a.hub, lambda: selected_ids(cameras.table))
    cameras.show()
    row = cameras.model.row_of(cam.id)
    assert row is not None
    cameras.table.selectRow(cameras.proxy.mapFromSource(cameras.model.index(row, 0)).row())
    cameras.table.customContextMenuRequested.emit(QPoint(5, 5))
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    send = next(m for m in menu.findChildren(QMenu) if m.objectName() == "sendToRoomWall")
    wall_menu = send.actions()[0].menu()
    assert isinstance(wall_menu, QMenu)
    next(act for act in wall_menu.actions() if act.text() == "Screen 1 / tile 3 — empty").trigger()
    menu.close()
    qtbot.waitUntil(lambda: cam.label in a.words(0, 2), timeout=5_000)
    assert "case 2026-004512" in a.words(0, 2)  # the shift's case


def test_an_incidents_nearest_live_cameras_go_to_a_room_screen_under_its_cad_number(
        qtbot: QtBot, room_mock: MockProcess, seats: list[Seat]) -> None:
    a = Seat(qtbot, room_mock.url, *ALEX)
    seats.append(a)
    _clear_wall(qtbot, a)
    cams = _live(a, 3)
    now = datetime.now(UTC)
    incident = Incident(id=9, cad_number="CAD-2026-0042", kind="Armed robbery", priority=1, lat=cams[0].lat,
                        lon=cams[0].lon, reported_at=now, source="cad", created_at=now, created_by="cad")
    a.desk.nearest_for = lambda _incident: [c.id for c in cams]  # the map's circle, nearest first
    queue = IncidentQueue()
    queue.load([incident])
    incidents = IncidentsPanel(queue)
    qtbot.addWidget(incidents)
    incidents.refresh()
    incidents.menu_extras.append(a.desk.add_incident_menu)
    incidents.show()
    qtbot.waitExposed(incidents)
    incidents.table.customContextMenuRequested.emit(incidents.table.visualRect(incidents.model.index(0, 0)).center())
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    sub = next(m for m in menu.findChildren(QMenu) if m.objectName() == "incidentToRoomWall")
    wall_menu = sub.actions()[0].menu()
    assert isinstance(wall_menu, QMenu)
    screen_two = next(act for act in wall_menu.actions() if act.text().startswith("Screen 2"))
    assert "3 of 3 cameras" in screen_two.text()
    screen_two.trigger()
    menu.close()
    qtbot.waitUntil(lambda: all(c.label in a.words(1, n) for n, c in enumerate(cams)), timeout=5_000)
    assert "case CAD-2026-0042" in a.words(1, 0)
