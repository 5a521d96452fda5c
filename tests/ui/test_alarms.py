"""Alarms in the app against the real mock: notice, alarm tile with real video, map rings, acknowledge, end."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Camera
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from rtcc_desktop.video.live_state import LiveState
from tests.ui.app_rig import close_app, open_app
from ui.app import AppController

S = LiveState


@pytest.fixture
def operator_app(qtbot: QtBot, mock_backend: MockProcess) -> Iterator[AppController]:
    controller = open_app(qtbot, mock_backend.url, "operator")
    yield controller
    close_app(controller)


@pytest.fixture
def trainer(mock_backend: MockProcess) -> Session:
    return open_session(BackendProfile("Test", mock_backend.url), "trainer", "demo")


def alarm_cameras(app: AppController) -> list[Camera]:
    return [c for c in app.cameras.directory if c.sharing.value == "alarm_only" and c.enrollment.value == "integrated"
            and c.status.value == "online"]


def map_alarms(qtbot: QtBot, app: AppController) -> int:
    qtbot.waitUntil(lambda: app.map.view.is_ready, timeout=30_000)
    got: list[Any] = []
    app.map.view.stats(got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    return int(got[0]["alarms"])


def test_an_alarm_opens_its_camera_on_the_alarm_tile_and_its_end_takes_it_away(
        qtbot: QtBot, operator_app: AppController, trainer: Session) -> None:
    app, alarms = operator_app, operator_app.alarms
    wall = app.wall
    wall.set_layout("3x3")
    wall.set_alarm_tile(4)
    alarms.auto_open.setChecked(True)
    cam = alarm_cameras(app)[3]
    alarm = trainer.client.training_alarm(cam.id, minutes=8 / 60)  # eight seconds
    raised = time.monotonic()

    tile = wall.view.tile_at(4)
    qtbot.waitUntil(lambda: tile.feed.camera_id == cam.id and tile.feed.state is S.playing, timeout=15_000)
    qtbot.wait(400)
    reading = tile.feed.shown.buffer.read_strip()
    assert reading is not None and reading.camera_number == cam.id  # the picture is the alarm's camera
    assert tile.alarm and tile.feed.purpose is not None and tile.feed.purpose.case_number == f"ALARM-{alarm.id}"
    assert alarms.toolbar.isVisible() and f"camera {cam.id}" in alarms.bar._texts[0][0].text()
    qtbot.waitUntil(lambda: map_alarms(qtbot, app) == 1, timeout=10_000)  # the map rings it

    ack = [b for b in alarms.bar.findChildren(type(wall.case_button)) if b.text() == "Acknowledge"]
    assert len(ack) == 1
    ack[0].click()
    qtbot.waitUntil(lambda: (a := alarms.center.board.get(alarm.id)) is not None and a.acknowledged_by == "operator",
                    timeout=5000)
    qtbot.waitUntil(lambda: (a := alarms.center.board.get(alarm.id)) is not None and a.acknowledged_by == "operator",
                    timeout=5000)
    supervisor = open_session(BackendProfile("Test", trainer.profile.url), "supervisor", "demo")
    trail = supervisor.client.list_audit(action="alarm.acknowledge").items
    assert any(e.actor == "operator" and e.detail.get("alarm_id") == alarm.id for e in trail)

    # Its time runs out: the consent lapses, the video goes within a second, the notice and ring too.
    qtbot.waitUntil(lambda: tile.feed.state is not S.playing, timeout=15_000)
    assert time.monotonic() - raised < 8 + 1.5
    assert not tile.alarm and "Alarm over" in tile.feed.message
    assert tile.feed.shown.buffer.read_strip() is None  # no lingering picture
    qtbot.waitUntil(lambda: not alarms.toolbar.isVisible(), timeout=5000)
    assert map_alarms(qtbot, app) == 0


def test_without_auto_open_an_alarm_only_raises_the_notice(
        qtbot: QtBot, operator_app: AppController, trainer: Session) -> None:
    app, alarms = operator_app, operator_app.alarms
    alarms.auto_open.setChecked(False)
    cam = alarm_cameras(app)[5]
    alarm = trainer.client.training_alarm(cam.id, minutes=1)
    try:
        qtbot.waitUntil(lambda: alarms.toolbar.isVisible(), timeout=10_000)
        assert all(t.feed.camera_id != cam.id for t in app.wall.view.tiles)
        assert "ALARM on camera" in app.window.status.currentMessage()  # type: ignore[union-attr]
        # The map's details panel offers it too, while the alarm runs.
        app.cameras.select(cam.id)
        details = app.map.details
        details.show_camera(app.cameras.directory.get(cam.id))
        assert details.wall_button.isEnabled() and details.wall_button.text() == "Show alarm on wall"
        details.wall_button.click()
        qtbot.waitUntil(lambda: any(t.feed.camera_id == cam.id and t.alarm for t in app.wall.view.tiles),
                        timeout=5000)
    finally:
        trainer.client.training_end_alarm(alarm.id)
    qtbot.waitUntil(lambda: not any(t.alarm for t in app.wall.view.tiles), timeout=5000)
    qtbot.waitUntil(lambda: not details.wall_button.isEnabled(), timeout=5000)  # alarm-only again
