"""settings.json checked key by key (real files in a temp dir): a typo in one profile keeps the
other profiles and their CA bundle; wrong types cost only their key, named with its line; a file
that is not JSON gives defaults, a clear message and a copy of itself; saving keeps what could
not be read."""

from __future__ import annotations

import json
from pathlib import Path

from rtcc_desktop.config import BackendProfile, load_settings, save_settings

GOOD = {"name": "Production", "url": "https://rtcc.example.gov", "ca_bundle": "/etc/rtcc/agency-ca.pem"}
TYPO = '''{
  "profiles": [
    {"name": "Production", "url": "https://rtcc.example.gov", "ca_bundle": "/etc/rtcc/agency-ca.pem"},
    {"name": "Backup", "url": "https://backup.example.gov",
     "ca_bundel": "/etc/rtcc/backup-ca.pem"}
  ],
  "last_profile": "Production",
  "idle_lock_minutes": 15
}
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_typo_in_one_profile_keeps_the_others_and_their_ca_bundle(tmp_path: Path) -> None:
    path = write(tmp_path, TYPO)
    settings = load_settings(path, site=tmp_path / "no-site.json")
    assert [p.name for p in settings.profiles] == ["Production"]
    assert settings.profile("Production").ca_bundle == "/etc/rtcc/agency-ca.pem"
    assert settings.idle_lock_minutes == 15
    (problem,) = settings.origin.problems
    assert problem.line == 5 and problem.where == "profiles[1].ca_bundel"
    assert "did you mean 'ca_bundle'" in problem.text() and "'Backup'" in problem.text()
    assert settings.origin.backup is not None and settings.origin.backup.read_text() == TYPO
    assert str(settings.origin.backup) in settings.origin.notice()


def test_wrong_types_cost_only_their_key_and_are_named_with_their_line(tmp_path: Path) -> None:
    text = json.dumps({"profiles": [GOOD], "idle_lock_minutes": "thirty", "dark_tiles": "no",
                       "tile_max_zoom": 40, "last_username": "jdoe", "idle_lock_minuts": 5}, indent=2)
    settings = load_settings(write(tmp_path, text), site=tmp_path / "none.json")
    assert settings.profile().ca_bundle == GOOD["ca_bundle"] and settings.last_username == "jdoe"
    assert (settings.idle_lock_minutes, settings.dark_tiles, settings.tile_max_zoom) == (30, True, 19)
    by_key = {p.where: p for p in settings.origin.problems}
    assert set(by_key) == {"idle_lock_minutes", "dark_tiles", "tile_max_zoom", "idle_lock_minuts"}
    lines = text.splitlines()
    for key, problem in by_key.items():
        assert problem.line is not None and f'"{key}"' in lines[problem.line - 1]
    assert "did you mean 'idle_lock_minutes'" in by_key["idle_lock_minuts"].message


def test_not_json_gives_defaults_a_clear_message_and_a_copy(tmp_path: Path) -> None:
    text = '{\n  "profiles": [\n    {"name": "Production", "url": "https://rtcc.example.gov"}\n  ]\n  "x": 1\n}\n'
    path = write(tmp_path, text)
    settings = load_settings(path, site=tmp_path / "none.json")
    assert settings.profile().name == "Local mock backend"
    (problem,) = settings.origin.problems
    assert problem.line == 5 and "not JSON" in problem.message
    backup = settings.origin.backup
    assert backup is not None and backup.name.startswith("settings.json.bad-") and backup.read_text() == text
    again = load_settings(path, site=tmp_path / "none.json")
    assert again.origin.backup == backup  # one copy per content, not one per start
    save_settings(settings)
    assert backup.read_text() == text  # nothing lost


def test_saving_keeps_what_could_not_be_read(tmp_path: Path) -> None:
    path = write(tmp_path, TYPO.replace('"idle_lock_minutes": 15', '"idle_lock_minutes": "15"'))
    settings = load_settings(path, site=tmp_path / "none.json")
    settings.remember(BackendProfile("Training", "http://127.0.0.1:8765"), "jdoe")
    save_settings(settings)
    saved = json.loads(path.read_text())
    assert saved["idle_lock_minutes"] == "15"  # still there to be fixed
    assert [p["name"] for p in saved["profiles"]] == ["Training", "Production", "Backup"]
    assert saved["profiles"][2]["ca_bundel"] == "/etc/rtcc/backup-ca.pem"
    reread = load_settings(path, site=tmp_path / "none.json")
    assert [p.name for p in reread.profiles] == ["Training", "Production"] and reread.last_username == "jdoe"


def test_a_good_file_has_no_problems_and_no_copy(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, json.dumps({"profiles": [GOOD]})), site=tmp_path / "none.json")
    assert settings.origin.problems == [] and settings.origin.backup is None and settings.origin.notice() == ""
    assert list(tmp_path.glob("*.bad-*")) == []
