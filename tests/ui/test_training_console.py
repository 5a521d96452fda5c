"""The training console: only for trainers on a training backend; a drill end to end with a debrief
whose figures match the audit trail."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import AuditEvent, FootageRequestCreate
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video.live_state import LiveState
from tests.conftest import module_mock
from tests.ui.app_rig import close_app, open_app
from ui.wall.viewing_purpose import ViewingPurpose

S = LiveState


@pytest.mark.parametrize("role", ["operator", "supervisor"])
def test_no_console_for_operators_or_supervisors(qtbot: QtBot, mock_backend: MockProcess, role: str) -> None:
    app = open_app(qtbot, mock_backend.url, role)
    try:
        assert app.training is None and app.window is not None
        assert "trainingPanel" not in app.window.docks and "show_trainingPanel" not in app.window.actions_by_name
    finally:
        close_app(app)


production_with_trainer = module_mock("prod-trainer", "--environment", "production", "--cameras", "50",
                                      "--user", "tess:s3cret-pass:trainer")


def test_no_console_against_a_production_backend(qtbot: QtBot, production_with_trainer: MockProcess) -> None:
    app = open_app(qtbot, production_with_trainer.url, "tess", "s3cret-pass")
    try:
        assert app.window is not None and app.window.session.role.value == "trainer"
        assert app.training is None and "trainingPanel" not in app.window.docks
    finally:
        close_app(app)


DRILL = """\
name: console-test
title: Console test drill
description: A robbery; the owner of the camera a trainee watches withdraws consent; a colleague over the limits.
steps:
  - {{at: 0, do: incident, id: scene, lat: {lat}, lon: {lon}, kind: robbery, description: Test robbery}}
  - {{at: 6, do: consent_revoke, camera: {{viewed: true, near: scene}}}}
  - {{at: 7, do: escalation, near: scene, cameras: 30, hours: 14, case_number: 2026-DRILL-77,
      justification: A series over two nights, by: det.colleague}}
"""


def first(events: list[AuditEvent], action: str, target: str | None = None, after: datetime | None = None,
          actor: str | None = None) -> AuditEvent:
    return next(e for e in events if e.action == action and (target is None or e.target == target)
                and (after is None or e.at >= after) and (actor is None or e.actor == actor)
                and e.outcome == "success")


def test_a_drill_end_to_end_and_its_debrief_matches_the_audit_trail(
        qtbot: QtBot, mock_backend: MockProcess, tmp_path: Path) -> None:
    trainer_app = open_app(qtbot, mock_backend.url, "trainer")
    operator_app = open_app(qtbot, mock_backend.url, "operator")
    supervisor = open_session(BackendProfile("Test", mock_backend.url), "supervisor", "demo").client
    console = trainer_app.training
    assert console is not None
    try:
        directory = operator_app.cameras.directory
        cam = [c for c in directory if directory.live_viewable(c.id) and c.status.value == "online"][20]
        drill = tmp_path / "console-test.yaml"
        drill.write_text(DRILL.format(lat=cam.lat + 0.0005, lon=cam.lon))
        console.open_file(drill)
        qtbot.waitUntil(lambda: console.status.name == "console-test", timeout=5000)
        assert console.timeline.rowCount() == 3 and console.start_button.isEnabled()
        console.command("start")
        qtbot.waitUntil(lambda: console.status.steps[0].fired_at is not None, timeout=5000)

        # The trainee: the camera by the scene on the wall, and a footage request within limits.
        wall = operator_app.wall
        wall.purpose = ViewingPurpose("2026-004512", "Armed robbery in progress, test drill")
        [index] = wall.show_cameras([cam.id])
        tile = wall.view.tile_at(index)
        qtbot.waitUntil(lambda: tile.feed.state is S.playing, timeout=15_000)
        now = datetime.now(UTC)
        operator_app.window.session.client.create_request(FootageRequestCreate(  # type: ignore[union-attr]
            case_number="2026-004512", incident_lat=cam.lat, incident_lon=cam.lon, incident_at=now,
            window_start=now - timedelta(hours=1), window_end=now, camera_ids=[cam.id],
            reason="Armed robbery at a corner store; suspect fled on foot"))
        def seen() -> set[str]:
            return {console.feed.item(r, 2).text() for r in range(console.feed.rowCount())}

        # The trainer sees it happen. Waiting for the rows asserted on, not for a row count:
        # other audit rows (a denied grant, a closed stream) may arrive first.
        qtbot.waitUntil(lambda: {"stream.grant", "request.create"} <= seen(), timeout=10_000)
        assert {"stream.grant", "request.create"} <= seen()

        # The owner of the watched camera withdraws consent: the tile goes within a second.
        qtbot.waitUntil(lambda: tile.feed.state is not S.playing, timeout=15_000)
        assert "Owner ended sharing" in tile.feed.message
        qtbot.waitUntil(lambda: console.status.state == "finished", timeout=15_000)
        escalation = next(e for e in supervisor.list_escalations().items if e.case_number == "2026-DRILL-77")
        supervisor.decide_escalation(escalation.id, True, "Series justifies the wider window")
        time.sleep(0.5)

        console.show_debrief()
        dialog = console.dialog
        assert dialog is not None
        qtbot.waitUntil(lambda: dialog.debrief is not None, timeout=15_000)
        d = dialog.debrief
        assert d is not None

        # The same figures, straight from the audit trail.
        trail = supervisor.list_audit(since=console.status.started_at, limit=5000).items
        incident = first(trail, "training.incident")
        grant = first(trail, "stream.grant", f"camera:{cam.id}", incident.at, "operator")
        [fig] = d.incidents
        assert fig.first_camera_id == cam.id and fig.first_camera_by == "operator"
        assert fig.first_camera_after_s == pytest.approx((grant.at - incident.at).total_seconds(), abs=0.01)
        [request] = d.requests  # the colleague's over-limit request is not a trainee's
        created = first(trail, "request.create", actor="operator")
        assert request.request_id == int(created.target.split(":")[1]) and request.within_limits  # type: ignore[union-attr]
        [esc] = [e for e in d.escalations if e.case_number == "2026-DRILL-77"]
        decided = first(trail, "escalation.approved", f"escalation:{escalation.id}")
        filed = first(trail, "escalation.create", f"escalation:{escalation.id}")
        assert esc.decision == "approved" and esc.decided_by == "supervisor"
        assert esc.decided_after_s == pytest.approx((decided.at - filed.at).total_seconds(), abs=0.01)
        [rev] = d.revocations
        revoke = first(trail, "training.consent_revoke", f"camera:{cam.id}")
        closed = first(trail, "stream.closed", f"camera:{cam.id}", revoke.at)
        assert rev.camera_id == cam.id and rev.views_cut >= 1
        assert rev.gone_after_s is not None and rev.gone_after_s <= 1.5
        assert rev.gone_after_s >= (closed.at - revoke.at).total_seconds() - 0.01

        out = dialog.export(tmp_path / "debrief.html")
        assert out is not None
        page = out.read_text()
        assert "2026-004512" in page and f"camera {cam.id}" in page and "<script" not in page
    finally:
        if console.status.name is not None:
            console.session.client.scenario_command("reset")  # owner's consent back as it was
        close_app(operator_app)
        close_app(trainer_app)


def test_a_malformed_scenario_event_asks_for_the_state_instead(qtbot: QtBot, mock_backend: MockProcess) -> None:
    from rtcc_desktop.api.schemas import ServerEvent

    app = open_app(qtbot, mock_backend.url, "trainer")
    try:
        console = app.training
        assert console is not None
        qtbot.waitUntil(lambda: console.drills.count() >= 3, timeout=10_000)
        console.drills.clear()
        console.on_event(ServerEvent(id=1, type="scenario.changed", data={"state": 5, "steps": "nope"}))
        qtbot.waitUntil(lambda: console.drills.count() >= 3, timeout=10_000)  # reloaded from the backend
        assert console.status.state in ("idle", "running", "paused", "finished")
    finally:
        close_app(app)
