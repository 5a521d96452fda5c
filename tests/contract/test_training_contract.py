"""Alarms and scripted drills against the real mock over loopback."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
import requests

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import Conflict, Forbidden, ValidationFailed
from rtcc_desktop.api.schemas import Camera, ScenarioStatus
from tests.contract.helpers import wait_for

ClientFor = Callable[..., BackendClient]


def alarm_camera(cameras: list[Camera], skip: int = 0) -> Camera:
    found = [c for c in cameras if c.sharing.value == "alarm_only" and c.enrollment.value == "integrated"
             and c.status.value == "online"]
    return found[skip]


def test_an_alarm_opens_an_alarm_only_camera_for_its_time_then_cuts_it(client_for: ClientFor) -> None:
    operator, trainer, supervisor = client_for("operator"), client_for("trainer"), client_for("supervisor")
    cam = alarm_camera(operator.all_cameras())
    with pytest.raises(Forbidden) as refused:
        operator.request_stream(cam.id, "2026-000301", "Alarm response at a business")
    assert "alarm" in refused.value.message

    alarm = trainer.training_alarm(cam.id, minutes=3 / 60)  # three seconds
    assert alarm.camera_id == cam.id and alarm.is_active(datetime.now(UTC))
    assert [a.id for a in operator.list_alarms().items if a.camera_id == cam.id] == [alarm.id]
    grant = operator.request_stream(cam.id, "2026-000301", "Alarm response at a business")
    assert grant.expires_at <= alarm.ends_at  # the grant never outlives the alarm's consent
    acked = operator.acknowledge_alarm(alarm.id)
    assert acked.acknowledged_by == "operator" and acked.acknowledged_at is not None

    with requests.get(grant.url, stream=True, timeout=10) as feed:
        received = 0
        started = time.monotonic()
        for chunk in feed.iter_content(4096):  # ends when the mock cuts the connection
            received += len(chunk)
            assert time.monotonic() - started < 8, "stream not cut after the alarm ended"
    ended_at = wait_for(lambda: operator.list_alarms(active=False).items,
                        lambda items: any(a.id == alarm.id and a.ended_at for a in items))
    ended = next(a for a in ended_at if a.id == alarm.id)
    assert ended.ended_at is not None and received > 10_000
    assert time.monotonic() - started < 3 + 1.5 + 3  # open ~3 s, cut within ~1 s of the end
    with pytest.raises(Forbidden):
        operator.request_stream(cam.id, "2026-000301", "Alarm response at a business")
    trail = supervisor.list_audit(case_number="2026-000301").items
    closed = [e for e in trail if e.action == "stream.closed"]
    # The grant ends with the alarm, so either rule may be the one that cut it.
    assert closed and closed[-1].detail["code"] in ("grant_expired", "no_live_consent")
    acks = supervisor.list_audit(action="alarm.acknowledge").items
    assert any(e.actor == "operator" and e.detail["alarm_id"] == alarm.id for e in acks)


def test_only_alarm_only_cameras_raise_alarms(client_for: ClientFor) -> None:
    trainer = client_for("trainer")
    live = next(c for c in trainer.all_cameras() if c.sharing.value == "live")
    with pytest.raises(Conflict) as err:
        trainer.training_alarm(live.id)
    assert "alarm-only" in err.value.message
    with pytest.raises(Forbidden):
        client_for("operator").training_alarm(live.id)


BAD_DRILL = """\
name: broken
title: A drill with a typo
steps:
  - at: 0
    do: incident
    lat: 43.04
    lon: -87.91
    kind: robbery
  - at: 5
    do: camera_offline
    camera: {near: incident, rank: first}
"""


def test_a_bad_scenario_is_refused_naming_its_line(client_for: ClientFor) -> None:
    trainer = client_for("trainer")
    with pytest.raises(ValidationFailed) as err:
        trainer.load_scenario(text=BAD_DRILL, filename="typo.yaml")
    assert "typo.yaml, line 11" in err.value.message and "step 2" in err.value.message
    with pytest.raises(ValidationFailed) as err:
        trainer.load_scenario(text=BAD_DRILL.replace("camera_offline", "camera_of"), filename="typo.yaml")
    assert "line 10" in err.value.message and "camera_of" in err.value.message


QUICK_DRILL = """\
name: quick
title: Quick drill for the tests
steps:
  - {at: 0, do: incident, id: scene, lat: 43.0389, lon: -87.9065, kind: robbery, description: test}
  - {at: 0.3, do: camera_offline, camera: {near: scene}, count: 2}
  - {at: 0.3, do: alarm, camera: {near: scene, sharing: alarm_only}, minutes: 5}
  - {at: 0.6, do: label, camera: {near: scene, rank: 3}, label: "renamed by the drill"}
  - {at: 0.6, do: escalation, near: scene, cameras: 30, hours: 14, case_number: 2026-DRILL-1,
     justification: Series of burglaries, by: det.test}
  - {at: 1.5, do: owner_answer, answer: approve}
"""


def test_a_drill_fires_its_steps_pauses_and_resets_what_it_changed(client_for: ClientFor) -> None:
    trainer, supervisor = client_for("trainer"), client_for("supervisor")
    before = {c.id: c for c in trainer.all_cameras()}
    status = trainer.load_scenario(text=QUICK_DRILL, filename="quick.yaml")
    assert status.state == "idle" and [s.action for s in status.steps][:2] == ["incident", "camera_offline"]
    with pytest.raises(Conflict):
        trainer.scenario_command("pause")  # not running yet
    trainer.scenario_command("start")

    def fired(s: ScenarioStatus) -> int:
        return sum(step.fired_at is not None for step in s.steps)

    status = wait_for(trainer.scenario_status, lambda s: fired(s) >= 5, timeout=10)
    paused = trainer.scenario_command("pause")
    time.sleep(1.5)  # paused: the last step (at 1.5 s of drill time) must wait
    assert trainer.scenario_status().elapsed_s == pytest.approx(paused.elapsed_s, abs=0.05)
    assert fired(trainer.scenario_status()) == 5
    trainer.scenario_command("resume")
    status = wait_for(trainer.scenario_status, lambda s: s.state == "finished", timeout=10)
    outcomes = {s.action: s for s in status.steps}
    assert [s.failed for s in status.steps] == [False] * 5 + [True], [s.outcome for s in status.steps]
    # This mock's owners answer in 0.3 s, so nothing waits for them: the step says so, and the drill goes on.
    assert outcomes["owner_answer"].outcome == "no footage request was waiting for owners"
    assert "went offline" in (outcomes["camera_offline"].outcome or "")
    assert "waiting for a supervisor" in (outcomes["escalation"].outcome or "")  # the over-limit request

    changed = {c.id: c for c in trainer.all_cameras() if c != before[c.id]}
    assert sum(c.status.value == "offline" for c in changed.values()) == 2
    assert any(c.label == "renamed by the drill" for c in changed.values())
    alarms = trainer.list_alarms().items
    assert len(alarms) >= 1
    steps_audited = supervisor.list_audit(action="training.step").items
    assert len([e for e in steps_audited if e.target == "scenario:quick"]) >= 6

    trainer.scenario_command("reset")
    after = {c.id: c for c in trainer.all_cameras()}
    for camera_id, cam in changed.items():  # back as the drill found them
        assert (after[camera_id].status, after[camera_id].label) == (before[camera_id].status,
                                                                      before[camera_id].label), cam
    assert not [a for a in trainer.list_alarms().items if a.id in {x.id for x in alarms}]
    assert trainer.scenario_status().state == "idle"


def test_shipped_drills_are_listed_and_load(client_for: ClientFor) -> None:
    trainer = client_for("trainer")
    drills = trainer.training_scenarios()
    assert len(drills) >= 3 and all(d.steps >= 4 and d.duration_s > 0 for d in drills)
    status = trainer.load_scenario(name=drills[0].name)
    assert status.name == drills[0].name and status.state == "idle"
    trainer.scenario_command("reset")



def test_a_drill_switches_cameras_to_rtsp_and_hls_and_reset_switches_them_back(client_for: ClientFor) -> None:
    from mock_backend.ffmpeg_tool import ffmpeg_exe
    from tests.contract.helpers import live_camera

    trainer, operator = client_for("trainer"), client_for("operator")
    cameras = operator.all_cameras()
    rtsp_cam, hls_cam, plain = (live_camera(cameras, skip=n) for n in (30, 31, 32))
    trainer.load_scenario(text=f"""\
name: protocols
title: Cameras behind an NVR and a vendor cloud
steps:
  - {{at: 0, do: protocol, camera: {rtsp_cam.id}, protocol: rtsp}}
  - {{at: 0, do: protocol, camera: {hls_cam.id}, protocol: hls}}
""")
    trainer.scenario_command("start")
    try:
        status = wait_for(trainer.scenario_status, lambda s: s.state == "finished", timeout=20)
        assert not any(s.failed for s in status.steps), [s.outcome for s in status.steps]
        grants = {c.id: operator.request_stream(c.id, "2026-000311", "Protocol drill test")
                  for c in (rtsp_cam, hls_cam, plain)}
        assert [grants[c.id].protocol for c in (rtsp_cam, hls_cam, plain)] == ["rtsp", "hls", "http-ts"]
        assert grants[rtsp_cam.id].url.startswith("rtsp://") and grants[hls_cam.id].url.endswith(".m3u8")
        # The RTSP grant really streams (through the mock's gst-rtsp-server).
        got = subprocess.run([ffmpeg_exe(), "-nostdin", "-loglevel", "error", "-rtsp_transport", "tcp", "-i",
                              grants[rtsp_cam.id].url, "-frames:v", "1", "-f", "null", "-"],
                             capture_output=True, text=True, timeout=30)
        assert got.returncode == 0, got.stderr
    finally:
        trainer.scenario_command("reset")
    assert operator.request_stream(rtsp_cam.id, "2026-000311", "Protocol drill test").protocol == "http-ts"
