"""Respond, end to end against the real mock: one action from an incident to the wall, the footage
requests and the door-knock list (ui/incidents/install.py IncidentsDesk.respond/send,
rtcc_desktop/incidents/respond*.py, door_knock*.py).

Covered: exactly the nearest live-shared cameras go to the wall under the CAD number (the frame
strip read back from each tile names the camera); one request within the limits holds the
nearest on-request cameras with the window reported time -/+ 15 min, the others go in a justified
second request that waits for a supervisor; the door-knock list is exactly the registry-only
cameras in the radius, as HTML, CSV and PDF, with no owner label; every step is in the audit
trail under the CAD number; a step left out in the summary is not done. The undo window: the
requests wait, said in the Incidents panel; Undo (Ctrl+Z) sends nothing and closes the live views
Respond opened (and only those); the end of the window sends; a window closed meanwhile hands
the requests to the outbox.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import CameraStatus, IncidentCreate, haversine_m
from rtcc_desktop.api.schemas.limits import LIMITS
from rtcc_desktop.config import BackendProfile, data_dir
from rtcc_desktop.footage.outbox import Outbox, OutboxOwner
from rtcc_desktop.incidents.respond import WINDOW_AFTER, WINDOW_BEFORE
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.wall.assignment import ViewingPurpose
from tests.conftest import module_mock
from tests.ui.app_rig import close_app, open_app
from ui.app import AppController
from ui.incidents.respond_dialog import RespondDialog

city_mock = module_mock("respond", "--cameras", "2000")
RADIUS = 800.0


@pytest.fixture
def app(qtbot: QtBot, city_mock: MockProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
        ) -> Iterator[AppController]:
    monkeypatch.setenv("RTCC_DATA_DIR", str(tmp_path / "data"))
    controller = open_app(qtbot, city_mock.url, "operator")
    assert controller.window is not None
    controller.window.show()
    yield controller
    close_app(controller)


def densest_place(app: AppController) -> tuple[float, float]:
    """The camera with the most on-request neighbours within the radius: a scene that needs an escalation."""
    cameras = list(app.cameras.directory)
    sample = cameras[::40]
    return max(((c.lat, c.lon) for c in sample), key=lambda p: sum(
        1 for o in cameras if o.sharing.value == "on_request" and haversine_m(*p, o.lat, o.lon) <= RADIUS))


def test_respond_sends_each_camera_where_its_owner_s_terms_allow(qtbot: QtBot, app: AppController,
                                                                city_mock: MockProcess) -> None:
    window, desk = app.window, app.incidents
    assert window is not None
    client = window.session.client
    lat, lon = densest_place(app)
    incident = client.create_incident(IncidentCreate(lat=lat, lon=lon, kind="Armed robbery", priority=1,
                                                     address="700 N Water St"))
    app.map.incident.radius.setValue(int(RADIUS))
    plan = desk.plan_for(incident)
    now = datetime.now(UTC)
    cameras = sorted(app.cameras.directory, key=lambda c: (haversine_m(lat, lon, c.lat, c.lon), c.id))
    inside = [c for c in cameras if haversine_m(lat, lon, c.lat, c.lon) <= RADIUS]
    live_now = [c.id for c in inside if c.has_live_consent(now) and c.status is CameraStatus.online]
    assert plan.live == tuple(live_now[:4]) and len(plan.live) == 4
    assert set(plan.canvass) == {c.id for c in inside if c.sharing.value == "registry_only"} and plan.canvass
    assert len(plan.request) == LIMITS.max_cameras and plan.escalate, "the scene should need an escalation"
    assert set(plan.live + plan.request + plan.escalate + plan.canvass) == {c.id for c in inside}

    desk.send(plan)
    # Nothing irreversible yet: the requests wait out the undo window, and the panel says so.
    assert desk.hold is not None and desk.last_result is None
    assert desk.panel.held_box.isVisible() and "sending in" in desk.panel.held.text()
    assert incident.cad_number in desk.panel.held.text() and plan.summary() in desk.panel.held.text()
    with qtbot.waitSignal(desk.responded, timeout=60_000) as sent:
        desk.panel.send_now_button.click()
    assert not desk.panel.held_box.isVisible()
    result = sent.args[0]
    assert result.problems == []
    # Live: the wall shows exactly those cameras under the CAD number.
    tiles = [t for t in app.wall.view.visible_tiles if t.feed.camera_id in plan.live]
    assert sorted(t.feed.camera_id for t in tiles) == sorted(plan.live)
    assert all(t.feed.purpose is not None and t.feed.purpose.case_number == incident.cad_number for t in tiles)
    qtbot.waitUntil(lambda: all(t.feed.state is LiveState.playing for t in tiles), timeout=30_000)
    qtbot.waitUntil(lambda: all((r := t.feed.shown.buffer.read_strip()) is not None
                                and r.camera_number == t.feed.camera_id for t in tiles), timeout=10_000)
    # Footage: one request within the limits, one escalation, both for the incident's window.
    first, second = result.requests
    assert first.camera_ids == list(plan.request) and second.camera_ids == list(plan.escalate)
    for made in (first, second):
        assert made.case_number == incident.cad_number
        assert made.window_start == incident.reported_at - WINDOW_BEFORE
        assert made.window_end == incident.reported_at + WINDOW_AFTER
    assert second.status.value == "needs_supervisor" and first.status.value != "needs_supervisor"
    supervisor = open_session(BackendProfile("Test", city_mock.url), "supervisor", "demo").client
    assert any(e.request_id == second.id for e in supervisor.list_escalations().items)
    # Canvass: the files, exactly the registry-only cameras, no owner's label.
    html, csv_file, pdf = result.files
    assert (html.suffix, csv_file.suffix, pdf.suffix) == (".html", ".csv", ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
    with csv_file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert sorted(int(r[4]) for r in rows) == sorted(plan.canvass)
    page = html.read_text(encoding="utf-8")
    labels = [app.cameras.directory.get(i).label for i in plan.canvass]  # type: ignore[union-attr]
    assert not [label for label in labels if label in page or label in csv_file.read_text(encoding="utf-8")]
    # Every step in the audit trail under the CAD number.
    trail = {e.action for e in supervisor.list_audit(case_number=incident.cad_number, limit=500).items}
    assert {"incident.create", "request.create", "canvass.export", "stream.grant"} <= trail, trail


def test_a_step_left_out_in_the_summary_is_not_done(qtbot: QtBot, app: AppController) -> None:
    window, desk = app.window, app.incidents
    assert window is not None
    lat, lon = densest_place(app)
    incident = window.session.client.create_incident(IncidentCreate(lat=lat, lon=lon, kind="Burglary"))
    app.map.incident.radius.setValue(300)
    dialog = RespondDialog(desk.plan_for(incident))
    qtbot.addWidget(dialog)
    for box in (dialog.live, dialog.escalate, dialog.canvass):
        box.setChecked(False)
    assert "no live view" in dialog.summary.text() and "no door-knock list" in dialog.summary.text()
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(-60))
    assert not dialog.send.isEnabled() and "ends before it starts" in dialog.problem.text()
    dialog.end.setDateTime(dialog.start.dateTime().addSecs(45 * 60))
    dialog.accept_plan()
    chosen = dialog.result_plan
    assert chosen is not None and chosen.live == () and chosen.canvass == () and chosen.escalate == ()
    assert chosen.window_end - chosen.window_start == timedelta(minutes=45)
    desk.undo_seconds = 0.5  # the end of the window sends it, with no key pressed
    with qtbot.waitSignal(desk.responded, timeout=30_000) as sent:
        desk.send(chosen)
        assert desk.hold is not None and desk.last_result is None
    assert [len(r.camera_ids) for r in sent.args[0].requests] == [len(chosen.request)] and sent.args[0].files == []
    assert all(t.feed.camera is None for t in app.wall.view.visible_tiles)


def test_undo_in_the_window_sends_nothing_and_closes_only_respond_s_views(qtbot: QtBot, app: AppController,
                                                                       city_mock: MockProcess) -> None:
    window, desk = app.window, app.incidents
    assert window is not None
    lat, lon = densest_place(app)
    incident = window.session.client.create_incident(IncidentCreate(lat=lat, lon=lon, kind="Shots fired",
                                                                    priority=1))
    app.map.incident.radius.setValue(int(RADIUS))
    # The operator's own view, before Respond, under another case: the farthest live camera.
    mine = max((c for c in app.cameras.directory if app.cameras.directory.live_viewable(c.id)
                and c.status is CameraStatus.online), key=lambda c: haversine_m(lat, lon, c.lat, c.lon)).id
    app.wall.show_cameras([mine], purpose=ViewingPurpose("2026-000777", "investigation, undo test"))
    qtbot.waitUntil(lambda: app.wall.model.index_of(mine) is not None, timeout=5_000)
    plan = desk.plan_for(incident)  # fits the tiles left free
    assert plan.live and plan.request and plan.canvass and mine not in plan.live
    desk.undo_seconds = 1.5
    desk.send(plan)
    shown = [app.wall.model.index_of(i) for i in plan.live]
    assert None not in shown
    focus = QApplication.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert desk.hold is None and not desk.panel.held_box.isVisible()
    assert all(app.wall.model.index_of(i) is None for i in plan.live)  # Respond's views closed
    assert app.wall.model.index_of(mine) is not None  # the operator's own stays
    assert "undone" in window.status.currentMessage() and "nothing was sent" in window.status.currentMessage()
    qtbot.wait(2_000)  # past the window: still nothing
    assert desk.last_result is None
    supervisor = open_session(BackendProfile("Test", city_mock.url), "supervisor", "demo").client
    assert supervisor.list_requests(case_number=incident.cad_number).items == []
    trail = {e.action for e in supervisor.list_audit(case_number=incident.cad_number, limit=500).items}
    assert not {"request.create", "canvass.export"} & trail, trail


def test_a_window_closed_in_the_undo_window_hands_the_requests_to_the_outbox(
        qtbot: QtBot, city_mock: MockProcess, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RTCC_DATA_DIR", str(tmp_path / "data"))
    controller = open_app(qtbot, city_mock.url, "operator")
    window, desk = controller.window, controller.incidents
    assert window is not None
    lat, lon = densest_place(controller)
    incident = window.session.client.create_incident(IncidentCreate(lat=lat, lon=lon, kind="Robbery"))
    controller.map.incident.radius.setValue(300)
    plan = desk.plan_for(incident)
    assert plan.request
    desk.send(plan)
    close_app(controller)
    outbox = Outbox.for_account(data_dir() / "outbox", OutboxOwner("operator", city_mock.url))
    supervisor = open_session(BackendProfile("Test", city_mock.url), "supervisor", "demo").client

    def kept_or_sent() -> list[list[int]]:
        sent = [r.camera_ids for r in supervisor.list_requests(case_number=incident.cad_number).items]
        return sent + [e.body.camera_ids for e in outbox.pending() if e.body.case_number == incident.cad_number]

    qtbot.waitUntil(lambda: list(plan.request) in kept_or_sent(), timeout=10_000)  # not lost
