"""Basic over plain rtsp:// is refused unless IT allows it for that camera (issue #21): the
allowance is a per-camera list in the backend profile (settings.json), kept by the sign-in
dialog for the same backend, and reaches the relay only for the cameras it names."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import StreamGrant
from rtcc_desktop.config import load_settings, save_settings
from rtcc_desktop.video.stream_source import source_from
from ui.sign_in_dialog import SignInDialog

BACKEND = "https://rtcc.example.gov"


def _settings_file(tmp_path: Path) -> Path:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"profiles": [{"name": "City", "url": BACKEND, "cleartext_basic_cameras": [12]}],
                                "last_profile": "City"}))
    return path


def test_the_allowance_is_read_and_written_with_its_profile(tmp_path: Path) -> None:
    path = _settings_file(tmp_path)
    settings = load_settings(path)
    assert settings.profile().cleartext_basic_cameras == [12]
    save_settings(settings, path)
    assert load_settings(path).profile().cleartext_basic_cameras == [12]


def test_the_sign_in_dialog_keeps_it_for_the_same_backend_only(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = SignInDialog(load_settings(_settings_file(tmp_path)))
    qtbot.addWidget(dialog)
    assert dialog.current_profile().cleartext_basic_cameras == [12]
    dialog.url_edit.setText("https://other-city.example.gov")
    assert dialog.current_profile().cleartext_basic_cameras == []


def test_only_the_named_camera_s_stream_may_send_basic_in_clear() -> None:
    def grant(camera_id: int) -> StreamGrant:
        return StreamGrant(grant_id="g", camera_id=camera_id, profile="sub", url="rtsp://127.0.0.1:8554/cam",
                           protocol="rtsp", expires_at=datetime.now(UTC) + timedelta(minutes=5),
                           case_number="2026-000001")

    assert source_from(grant(12), [12]).allow_basic_without_tls
    assert not source_from(grant(13), [12]).allow_basic_without_tls
    assert not source_from(grant(12)).allow_basic_without_tls
