"""The agency's site settings (a real site dir via RTCC_SITE_CONFIG_DIR) under the user's:
unlocked keys are defaults the user's file overrides, locked keys come from the site file
whatever the user's says, sign-in does not change them and saving does not copy them into the
user's file; the doctor names the locked keys and their file, and the problems of each file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rtcc_desktop.config import BackendProfile, load_settings, save_settings
from rtcc_desktop.doctor.settings_checks import check_settings

SITE = {"profiles": [{"name": "County", "url": "https://rtcc.county.gov", "ca_bundle": "/etc/rtcc/county-ca.pem"}],
        "idle_lock_minutes": 10, "tile_url": "https://tiles.county.gov/{z}/{x}/{y}.png",
        "locked": ["profiles", "idle_lock_minutes"]}
USER = {"profiles": [{"name": "Mine", "url": "https://elsewhere.example"}], "idle_lock_minutes": 30,
        "tile_url": "https://my.tiles/{z}/{x}/{y}.png", "last_username": "jdoe"}


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    site, user = tmp_path / "site", tmp_path / "user"
    site.mkdir()
    user.mkdir()
    monkeypatch.setenv("RTCC_SITE_CONFIG_DIR", str(site))
    monkeypatch.setenv("RTCC_CONFIG_DIR", str(user))
    (site / "settings.json").write_text(json.dumps(SITE, indent=2))
    (user / "settings.json").write_text(json.dumps(USER, indent=2))
    return site, user


def test_locked_keys_come_from_the_site_file_and_the_rest_from_the_user(dirs: tuple[Path, Path]) -> None:
    site, _user = dirs
    settings = load_settings()
    assert [(p.name, p.ca_bundle) for p in settings.profiles] == [("County", "/etc/rtcc/county-ca.pem")]
    assert settings.idle_lock_minutes == 10
    assert settings.tile_url == USER["tile_url"] and settings.last_username == "jdoe"
    assert settings.locked_by("profiles") == site / "settings.json" and settings.locked_by("tile_url") is None


def test_sign_in_and_saving_leave_locked_keys_alone(dirs: tuple[Path, Path]) -> None:
    _site, user = dirs
    settings = load_settings()
    settings.remember(BackendProfile("Typed", "https://typed.example"), "asmith")
    assert [p.name for p in settings.profiles] == ["County"] and settings.last_username == "asmith"
    save_settings(settings)
    saved = json.loads((user / "settings.json").read_text())
    assert [p["name"] for p in saved["profiles"]] == ["Mine"] and saved["idle_lock_minutes"] == 30  # the user's own
    assert saved["last_username"] == "asmith"


def test_unlocked_site_values_are_not_copied_into_the_users_file(dirs: tuple[Path, Path]) -> None:
    _site, user = dirs
    (user / "settings.json").write_text("{}")
    settings = load_settings()
    assert settings.tile_url == SITE["tile_url"]
    save_settings(settings)
    assert "tile_url" not in json.loads((user / "settings.json").read_text())  # the agency may change it later


def test_doctor_names_the_locked_keys_their_file_and_each_files_problems(dirs: tuple[Path, Path]) -> None:
    site, user = dirs
    lines = [f.line() for f in check_settings()]
    assert any("Site settings" in line and str(site / "settings.json") in line
               and "profiles, idle_lock_minutes" in line for line in lines)
    (site / "settings.json").write_text(json.dumps({**SITE, "locked": ["profiles", "idle_lock"]}))
    (user / "settings.json").write_text('{"dark_tiles": "yes"}')
    text = "\n".join(f.line() for f in check_settings())
    assert "'idle_lock' is not a setting" in text and "dark_tiles" in text and "line 1" in text
    assert list(user.glob("*.bad-*")) == []  # the doctor only reads
