"""Scenario files: the shipped drills are valid, and a bad one is refused naming its line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mock_backend.scenario_file import IncidentStep, ScenarioError, parse, shipped

GOOD = """\
name: small
title: Small drill
steps:
  - at: 0
    do: incident
    id: scene
    lat: 43.04
    lon: -87.91
    kind: robbery
  - at: [10, 20]
    do: alarm
    camera: {near: scene, sharing: alarm_only, pick: random}
  - at: 5
    do: consent_revoke
    camera: {viewed: true, near: scene}
"""


def error_for(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as err:
        parse(text, "drill.yaml")
    return err.value


def test_shipped_drills_are_valid_and_realistic() -> None:
    drills = shipped()
    assert len(drills) >= 3
    for drill in drills.values():
        first = drill.steps[0].step
        assert isinstance(first, IncidentStep) and 42.8 < first.lat < 43.3 and -88.1 < first.lon < -87.8  # Milwaukee
        assert len(drill.steps) >= 4 and drill.description
    actions = {t.step.do for d in drills.values() for t in d.steps}
    assert {"camera_offline", "alarm", "consent_revoke", "owner_answer", "escalation"} <= actions


def test_steps_fire_in_time_order_and_ranges_are_drawn_once() -> None:
    drill = parse(GOOD)
    assert [t.step.do for t in drill.steps] == ["incident", "consent_revoke", "alarm"]
    alarm = drill.steps[2]
    assert 10 <= alarm.at_s <= 20 and parse(GOOD).steps[2].at_s == alarm.at_s  # seeded: replays the same
    assert [t.line for t in drill.steps] == [4, 13, 10]


@pytest.mark.parametrize(("broken", "line", "words"), [
    (GOOD.replace("do: alarm", "do: alarn"), 11, "unknown action do: 'alarn'"),
    (GOOD.replace("lat: 43.04", "lat: 143.04"), 7, "step 1, lat: Input should be less than or equal to 90"),
    (GOOD.replace("pick: random", "pick: any"), 12, "step 2, camera.pick"),
    (GOOD.replace("near: scene, sharing", "near: elsewhere, sharing"), 10, "'elsewhere' is not an incident"),
    (GOOD.replace("    kind: robbery\n", "    kind: robbery\n    colour: red\n"), 10, "step 1, colour: Extra inputs"),
    (GOOD.replace("  - at: 5\n", "  - at: -5\n"), 13, "at must be ≥ 0"),
    (GOOD.replace("title: Small drill\n", "title: [Small\n"), 3, "not valid YAML/JSON"),
    (GOOD.replace("name: small\n", ""), 1, "name: Field required"),
])
def test_a_bad_file_names_the_line(broken: str, line: int, words: str) -> None:
    err = error_for(broken)
    assert err.line == line, str(err)
    assert words in str(err) and str(err).startswith(f"drill.yaml, line {line}:")


def test_json_works_too() -> None:
    text = '{"name": "j", "title": "J", "steps": [{"at": 0, "do": "incident", "lat": 43, "lon": -87.9, "kind": "x"}]}'
    assert parse(text, "j.json").steps[0].step.do == "incident"


def test_the_mock_refuses_a_bad_scenario_at_start(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("do: alarm", "do: alarn"))
    proc = subprocess.run([sys.executable, "-m", "mock_backend", "--ephemeral", "--scenario", str(bad)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "bad.yaml, line 11" in proc.stderr


def test_the_mock_runs_a_good_scenario_from_the_start(tmp_path: Path) -> None:
    from rtcc_desktop.api.client import BackendClient
    from tests.conftest import start_mock

    drill = tmp_path / "good.yaml"
    drill.write_text(GOOD)
    mock = start_mock(tmp_path, "--cameras", "200", "--scenario", str(drill))
    try:
        client = BackendClient(mock.url)
        client.sign_in("trainer", "demo")
        status = client.scenario_status()
        assert status.name == "small" and status.state == "running"
        assert status.steps[0].fired_at is not None or status.elapsed_s < 0.5
    finally:
        mock.stop()
