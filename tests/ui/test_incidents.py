"""The Incidents panel against the real mock and its dispatch feed (ui/incidents/*,
rtcc_desktop/incidents/queue.py).

Covered: the queue lists what the backend holds, newest first, and follows its events; a new
priority-1 call raises a banner (no sound) and a desktop notification, and Enter shows it on the
map with the cameras around it; a gunshot detection's accuracy is the circle searched; a closed
incident leaves the open list; an event that holds no incident changes nothing and is said in
the log; a manual incident's dialog refuses bad input naming the field and loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import IncidentCreate, ServerEvent
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from tests.conftest import module_mock
from tests.ui.app_rig import close_app, open_app
from ui.app import AppController
from ui.incidents.new_incident_dialog import NewIncidentDialog

feed_mock = module_mock("incidents-ui", "--cad-rate", "60")  # a back-filled queue; calls now and then


@pytest.fixture
def app(qtbot: QtBot, feed_mock: MockProcess) -> Iterator[AppController]:
    controller = open_app(qtbot, feed_mock.url, "operator")
    yield controller
    close_app(controller)


def trainer(mock: MockProcess) -> BackendClient:
    return open_session(BackendProfile("Test", mock.url), "trainer", "demo").client


def test_the_queue_lists_the_backend_s_open_incidents_newest_first(qtbot: QtBot, app: AppController) -> None:
    desk = app.incidents
    client = app.window.session.client  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: desk.panel.model.rowCount() > 0, timeout=10_000)
    expected = [i.id for i in client.list_incidents().items]
    qtbot.waitUntil(lambda: [i.id for i in desk.panel.model.rows] == [i.id for i in client.list_incidents().items],
                    timeout=10_000)
    assert expected and desk.panel.counts.text().startswith(f"{desk.queue.open_count()} open")
    reported = [i.reported_at for i in desk.panel.model.rows]
    assert reported == sorted(reported, reverse=True)


def test_a_priority_one_call_raises_a_banner_and_a_notification_and_enter_shows_it(
        qtbot: QtBot, app: AppController, feed_mock: MockProcess) -> None:
    window, desk = app.window, app.incidents
    assert window is not None
    window.show()
    notes: list[tuple[str, str]] = []
    window.notified.connect(lambda title, text: notes.append((title, text)))
    made = trainer(feed_mock).training_incident(IncidentCreate(lat=43.0389, lon=-87.9065, kind="Armed robbery",
                                                               priority=1, address="700 N Water St"))
    qtbot.waitUntil(lambda: desk.panel.banner_box.isVisible(), timeout=10_000)
    assert "Armed robbery" in desk.panel.banner.text() and made.cad_number in desk.panel.banner.text()
    assert ("Priority 1: Armed robbery", f"700 N Water St ({made.cad_number})") in notes
    row = desk.panel.model.row_of(made.id)
    assert row is not None and desk.panel.model.data(desk.panel.model.index(row, 0),
                                                     Qt.ItemDataRole.BackgroundRole) is not None
    desk.panel.table.setFocus()
    qtbot.keyClick(desk.panel.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.map.incident.incident is not None, timeout=5_000)
    placed = app.map.incident.incident
    assert placed is not None and (placed.lat, placed.lon) == (made.lat, made.lon)
    assert made.cad_number in app.map.incident.where.text() and not desk.panel.banner_box.isVisible()
    qtbot.waitUntil(lambda: app.map.incident.nearby is not None and bool(app.map.incident.hits), timeout=5_000)
    assert (app.map.incident.nearby.lat, app.map.incident.nearby.lon) == (made.lat, made.lon)  # type: ignore[union-attr]


def test_a_gunshot_detection_s_accuracy_is_the_circle_searched(qtbot: QtBot, app: AppController) -> None:
    desk = app.incidents
    client = app.window.session.client  # type: ignore[union-attr]
    detections = [i for i in client.list_incidents(status="all", limit=500).items if i.source == "gunshot"]
    if not detections:
        pytest.skip("this seed's back-fill holds no gunshot detection")
    shot = detections[0]
    desk.queue.load([*desk.queue.shown(), shot])
    desk.show_on_map(shot)
    placed = app.map.incident.incident
    assert placed is not None and placed.radius_m == round(shot.accuracy_m or 0)
    qtbot.waitUntil(lambda: app.map.incident.nearby is not None
                    and app.map.incident.nearby.radius_m == placed.radius_m
                    and (app.map.incident.nearby.lat, app.map.incident.nearby.lon) == (shot.lat, shot.lon),
                    timeout=5_000)
    assert all(hit.distance_m <= placed.radius_m for hit, _cam in app.map.incident.hits)


def test_a_closed_incident_leaves_the_open_list(qtbot: QtBot, app: AppController) -> None:
    desk = app.incidents
    client = app.window.session.client  # type: ignore[union-attr]
    mine = client.create_incident(IncidentCreate(lat=43.05, lon=-87.92, kind="Fight", priority=3))
    qtbot.waitUntil(lambda: desk.panel.model.row_of(mine.id) is not None, timeout=10_000)
    client.close_incident(mine.id)
    qtbot.waitUntil(lambda: desk.panel.model.row_of(mine.id) is None, timeout=10_000)
    desk.panel.scope.setCurrentIndex(1)  # "Open and closed in the last hour"
    row = desk.panel.model.row_of(mine.id)
    assert row is not None and "(closed)" in desk.panel.model.data(desk.panel.model.index(row, 1))


def test_an_event_that_holds_no_incident_changes_nothing(qtbot: QtBot, app: AppController,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    desk = app.incidents
    qtbot.waitUntil(lambda: desk.panel.model.rowCount() > 0, timeout=10_000)
    before = [i.id for i in desk.panel.model.rows]
    with caplog.at_level(logging.WARNING):
        desk.on_event(ServerEvent(id=10**9, type="incident.created", data={"id": "not a number", "kind": 7}))
    assert [i.id for i in desk.panel.model.rows] == before
    assert "not applied" in caplog.text


def test_the_new_incident_dialog_refuses_bad_input_naming_the_field(qtbot: QtBot) -> None:
    dialog = NewIncidentDialog(43.05, -87.92)
    qtbot.addWidget(dialog)
    dialog.kind.setEditText("   ")
    dialog.description.setPlainText("Seen on camera 12: two men, one with a bat")
    dialog.accept_if_valid()
    assert dialog.result_incident is None and "kind" in dialog.problem.text()
    assert dialog.description.toPlainText() == "Seen on camera 12: two men, one with a bat"  # nothing lost
    dialog.kind.setEditText("Assault")
    dialog.accept_if_valid()
    assert dialog.result_incident is not None and dialog.result_incident.kind == "Assault"
