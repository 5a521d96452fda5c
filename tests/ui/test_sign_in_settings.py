"""The sign-in dialog shows the settings files' problems (a visible notice that blocks nothing),
and with the site locking the profiles its URL and CA bundle cannot be edited and a changed
profile is refused in words naming the agency's file. Real files, offscreen."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from rtcc_desktop.config import load_settings
from ui.sign_in_dialog import SignInDialog


def test_the_dialog_shows_the_settings_problems_and_still_signs_in_with_the_rest(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{\n "profiles": [{"name": "Production", "url": "https://rtcc.example.gov",\n'
                    '   "ca_bundle": "/etc/rtcc/ca.pem"}],\n "idle_lock_minutes": "ten"\n}\n')
    dialog = SignInDialog(load_settings(path, site=tmp_path / "none.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    notice = dialog.settings_notice
    assert notice.isVisible()
    assert "idle_lock_minutes" in notice.text() and "line 4" in notice.text() and ".bad-" in notice.text()
    assert dialog.ca_edit.text() == "/etc/rtcc/ca.pem" and dialog.sign_in_button.isEnabled()


def test_no_notice_for_good_settings(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text('{"last_username": "jdoe"}')
    dialog = SignInDialog(load_settings(tmp_path / "settings.json", site=tmp_path / "none.json"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.settings_notice.isVisible()


def test_locked_profiles_cannot_be_edited_and_a_change_is_refused_in_words(qtbot: QtBot, tmp_path: Path) -> None:
    site = tmp_path / "site.json"
    site.write_text(json.dumps({"profiles": [{"name": "County", "url": "https://rtcc.county.gov"}],
                                "locked": ["profiles"]}))
    dialog = SignInDialog(load_settings(tmp_path / "settings.json", site=site))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.url_edit.isReadOnly() and dialog.ca_edit.isReadOnly()
    assert dialog.locked_note.isVisible() and str(site) in dialog.locked_note.text()
    dialog.url_edit.setText("https://elsewhere.example")  # what typing cannot do, a program can
    dialog.user_edit.setText("jdoe")
    dialog.password_edit.setText("pw")
    dialog.sign_in_button.click()
    assert "set by your agency" in dialog.status.text() and str(site) in dialog.status.text()
    assert dialog.url_edit.text() == "https://elsewhere.example" and dialog.password_edit.text() == "pw"
