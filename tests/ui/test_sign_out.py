"""Sign-out revokes the session on the server; an ended session asks to sign in again."""

from __future__ import annotations

import requests
from pytestqt.qtbot import QtBot

from rtcc_desktop.config import AppSettings, BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from ui.app import AppController


def test_sign_out_revokes_the_session(qtbot: QtBot, mock_backend: MockProcess) -> None:
    controller = AppController(AppSettings())
    session = open_session(BackendProfile("Test", mock_backend.url), "operator", "demo")
    access = session.client.auth_headers()
    controller.open_main(session)
    assert controller.window is not None
    controller.window.actions_by_name["sign_out"].trigger()
    assert controller.window is None and controller.dialog is not None
    assert "Signed out" in controller.dialog.status.text()

    def revoked() -> bool:
        r = requests.get(f"{mock_backend.url}/api/v1/cameras", headers=access, timeout=5)
        return r.status_code == 401

    qtbot.waitUntil(revoked, timeout=10_000)
    controller.dialog.close()


def test_an_ended_session_returns_to_sign_in_with_a_message(qtbot: QtBot, mock_backend: MockProcess) -> None:
    controller = AppController(AppSettings())
    session = open_session(BackendProfile("Test", mock_backend.url), "operator", "demo")
    controller.open_main(session)
    # Revoke the whole session behind the app's back (as an administrator would).
    requests.post(f"{mock_backend.url}/api/v1/auth/logout", headers=session.client.auth_headers(), timeout=5)
    qtbot.waitUntil(lambda: controller.dialog is not None, timeout=30_000)
    assert controller.dialog is not None and "sign in again" in controller.dialog.status.text()
    assert controller.dialog.user_edit.text() == "operator"
    controller.dialog.close()
