"""Sign-in dialog against the real mock: per role, wrong password, backend down."""

from __future__ import annotations

import socket

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.config import AppSettings, BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session
from ui.sign_in_dialog import SignInDialog


def make_dialog(qtbot: QtBot, url: str, username: str = "", password: str = "") -> SignInDialog:
    settings = AppSettings(profiles=[BackendProfile("Test backend", url)], last_profile="Test backend")
    dialog = SignInDialog(settings)
    qtbot.addWidget(dialog)
    dialog.user_edit.setText(username)
    dialog.password_edit.setText(password)
    return dialog


@pytest.mark.parametrize("role", ["operator", "supervisor", "trainer"])
def test_sign_in_per_role(qtbot: QtBot, mock_backend: MockProcess, role: str) -> None:
    dialog = make_dialog(qtbot, mock_backend.url, role, "demo")
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as blocker:
        dialog.sign_in_button.click()
    session: Session = blocker.args[0]
    assert session.role.value == role and session.is_training
    assert dialog.settings.last_username == role
    assert "not remembered" in dialog.session_note.text().lower()


def test_a_room_wall_display_account_is_refused_by_the_console_and_signed_out(
        qtbot: QtBot, mock_backend: MockProcess, monkeypatch: pytest.MonkeyPatch) -> None:
    signed_out: list[str] = []
    real_sign_out = BackendClient.sign_out

    def sign_out(client: BackendClient, timeout: object = None) -> None:
        signed_out.append(client.base_url)
        real_sign_out(client)

    monkeypatch.setattr(BackendClient, "sign_out", sign_out)
    dialog = make_dialog(qtbot, mock_backend.url, "wall-front", "demo")
    emitted: list[Session] = []
    dialog.signed_in.connect(emitted.append)
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: "room-wall display account" in dialog.status.text(), timeout=10_000)
    assert "rtcc-desktop room-wall --name" in dialog.status.text()
    assert emitted == [] and dialog.session is None and len(signed_out) == 1
    assert dialog.sign_in_button.isEnabled()


def test_wrong_password_says_so_and_keeps_what_was_typed(qtbot: QtBot, mock_backend: MockProcess) -> None:
    dialog = make_dialog(qtbot, mock_backend.url, "supervisor", "wrong-password")
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: "Wrong username or password" in dialog.status.text(), timeout=10_000)
    assert dialog.user_edit.text() == "supervisor" and dialog.password_edit.text() == "wrong-password"
    assert dialog.sign_in_button.isEnabled()


def test_unreachable_backend_is_a_clear_message(qtbot: QtBot) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dialog = make_dialog(qtbot, f"http://127.0.0.1:{port}", "operator", "demo")
    dialog.sign_in_button.click()
    qtbot.waitUntil(lambda: "reach" in dialog.status.text().lower(), timeout=15_000)
    assert f"127.0.0.1:{port}" in dialog.status.text()
    assert dialog.password_edit.text() == "demo"


def test_missing_url_or_password_is_caught_before_any_call(qtbot: QtBot) -> None:
    dialog = make_dialog(qtbot, "not a url", "operator", "demo")
    dialog.sign_in_button.click()
    assert "URL" in dialog.status.text()
    dialog.url_edit.setText("http://127.0.0.1:9")
    dialog.password_edit.clear()
    dialog.sign_in_button.click()
    assert "password" in dialog.status.text()
