"""The client's session handling (issue #21), on the real mock and the real app:

- unlocking the lock screen checks the password within the session (``POST /auth/verify``):
  no second session, the same tokens and event stream; a wrong password says so and signs
  nothing out; an access token that expired while locked is refreshed in the same session; a
  session ended while locked goes back to sign-in; a backend without /auth/verify refuses to
  unlock and says to sign out, and never signs in again;
- no token is stored: after a normal quit and after sign-out, the refresh token the app held is
  refused by the backend, and nothing of it is in the keyring or in the app's files;
- signing out with an access token that expired (here: from the lock screen) still revokes;
- after sign-out the client holds no tokens, the event stream is closed, the wall's video stopped.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import CameraStatus
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from rtcc_desktop.video.live_state import LiveState
from tests.conftest import module_mock
from tests.ui.app_rig import close_app, open_app
from tests.unit.fake_server import Reply, fake_backend
from ui.app import AppController
from ui.main_window import MainWindow
from ui.wall.viewing_purpose import ViewingPurpose

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "sessions-test-pass"
ACCESS_TTL_S = 2.0
_USERS = ("keeper", "fumbler", "ended", "watcher", "quitter", "leaver", "sleeper", "drifter")
_ACCOUNTS = [a for u in _USERS for a in ("--user", f"{u}:{PASSWORD}:operator")]
_AUDITOR = ("--user", f"auditor:{PASSWORD}:supervisor")
sessions_mock = module_mock("sessions", "--cameras", "200", *_ACCOUNTS, *_AUDITOR)
# Access tokens that expire while the screen is locked.
ttl_mock = module_mock("sessions-ttl", "--cameras", "100", "--access-ttl", str(ACCESS_TTL_S), *_ACCOUNTS, *_AUDITOR)


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RTCC_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RTCC_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def app(qtbot: QtBot) -> Iterator[Callable[[MockProcess, str], AppController]]:
    """``app(mock, username)``: the whole app signed in; closed (and its sign-in dialog too) after."""
    opened: list[AppController] = []

    def make(mock: MockProcess, username: str) -> AppController:
        controller = open_app(qtbot, mock.url, username, PASSWORD)
        opened.append(controller)
        return controller

    yield make
    for controller in opened:
        close_app(controller)
        if controller.dialog is not None:
            controller.dialog.close()


def auditor(mock: MockProcess) -> BackendClient:
    client = BackendClient(mock.url)
    client.sign_in("auditor", PASSWORD)
    return client


def sign_ins(mock: MockProcess, username: str) -> int:
    """How many sessions the backend opened for ``username`` (each password sign-in is one)."""
    return auditor(mock).list_audit(actor=username, action="auth.login").total


def refresh_refused(mock: MockProcess, refresh_token: str) -> bool:
    r = requests.post(f"{mock.url}/api/v1/auth/refresh", json={"refresh_token": refresh_token}, timeout=5)
    return r.status_code == 401


def cameras_status(mock: MockProcess, headers: dict[str, str]) -> int:
    return requests.get(f"{mock.url}/api/v1/cameras", params={"limit": 1}, headers=headers, timeout=5).status_code


def wait_for_access_to_expire(qtbot: QtBot, mock: MockProcess, client: BackendClient) -> dict[str, str]:
    """Until the access token the client holds is refused (a background refresh meanwhile only
    starts the clock again); that token's header."""
    for _ in range(int(ACCESS_TTL_S * 4) + 20):
        qtbot.wait(250)
        headers = client.auth_headers()
        if cameras_status(mock, headers) == 401:
            return headers
    raise AssertionError("the access token never expired")


def type_password(qtbot: QtBot, window: MainWindow, password: str) -> None:
    field = window.lock_screen.password
    field.setText(password)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def lock(window: MainWindow) -> None:
    window.actions_by_name["lock"].trigger()
    assert window.locked


def test_unlock_checks_the_password_in_the_same_session(
        qtbot: QtBot, sessions_mock: MockProcess, app: Callable[[MockProcess, str], AppController]) -> None:
    controller = app(sessions_mock, "keeper")
    window = controller.window
    assert window is not None
    client = window.session.client
    refresh, access = client.refresh_token_value, client.auth_headers()
    assert refresh is not None
    reader = window.events._stream._thread
    opened = sign_ins(sessions_mock, "keeper")
    lock(window)
    type_password(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    # The same session: no new sign-in, the same tokens, the same event stream reader.
    assert sign_ins(sessions_mock, "keeper") == opened
    assert client.refresh_token_value == refresh and client.auth_headers() == access
    assert window.events._stream._thread is reader and reader is not None and reader.is_alive()
    assert window.events.connection_state == "connected"
    # And nothing else is left alive by the unlock: signing out ends it all.
    window.actions_by_name["sign_out"].trigger()
    qtbot.waitUntil(lambda: not client.signed_in, timeout=10_000)
    assert refresh_refused(sessions_mock, refresh)


def test_a_wrong_password_says_so_on_the_lock_screen_and_signs_nothing_out(
        qtbot: QtBot, sessions_mock: MockProcess, app: Callable[[MockProcess, str], AppController]) -> None:
    controller = app(sessions_mock, "fumbler")
    window = controller.window
    assert window is not None
    client = window.session.client
    refresh, access = client.refresh_token_value, client.auth_headers()
    lock(window)
    type_password(qtbot, window, "not-the-password")
    message = window.lock_screen.message
    qtbot.waitUntil(lambda: "not your password" in message.text(), timeout=10_000)
    # Asked once: a retry (after a refresh, say) would count twice towards the lockout.
    assert auditor(sessions_mock).list_audit(actor="fumbler", action="auth.unlock").total == 1
    assert window.locked and controller.window is window and window.lock_screen.password.isEnabled()
    assert client.refresh_token_value == refresh and client.auth_headers() == access
    assert cameras_status(sessions_mock, access) == 200  # the session is still valid
    type_password(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert client.refresh_token_value == refresh


def test_a_session_ended_while_locked_returns_to_sign_in_on_unlock(
        qtbot: QtBot, sessions_mock: MockProcess, app: Callable[[MockProcess, str], AppController]) -> None:
    controller = app(sessions_mock, "ended")
    window = controller.window
    assert window is not None
    client = window.session.client
    lock(window)
    # An administrator ends the session behind the locked screen.
    requests.post(f"{sessions_mock.url}/api/v1/auth/logout", headers=client.auth_headers(), timeout=5)
    type_password(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: controller.dialog is not None, timeout=10_000)
    assert controller.window is None and "sign in again" in controller.dialog.status.text()
    assert controller.dialog.user_edit.text() == "ended"
    assert not client.signed_in


def test_an_access_token_that_expired_while_locked_is_refreshed_in_the_same_session(
        qtbot: QtBot, ttl_mock: MockProcess, app: Callable[[MockProcess, str], AppController]) -> None:
    controller = app(ttl_mock, "sleeper")
    window = controller.window
    assert window is not None
    client = window.session.client
    lock(window)
    opened = sign_ins(ttl_mock, "sleeper")
    expired = wait_for_access_to_expire(qtbot, ttl_mock, client)
    type_password(qtbot, window, PASSWORD)
    qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
    assert sign_ins(ttl_mock, "sleeper") == opened  # refreshed, not signed in again
    assert client.auth_headers() != expired and client.signed_in
    refresh = client.refresh_token_value
    assert refresh is not None
    window.actions_by_name["sign_out"].trigger()
    qtbot.waitUntil(lambda: not client.signed_in, timeout=10_000)
    assert refresh_refused(ttl_mock, refresh)


def test_signing_out_from_the_lock_screen_after_the_access_token_expired_still_revokes(
        qtbot: QtBot, ttl_mock: MockProcess, app: Callable[[MockProcess, str], AppController]) -> None:
    controller = app(ttl_mock, "drifter")
    window = controller.window
    assert window is not None
    client = window.session.client
    lock(window)
    wait_for_access_to_expire(qtbot, ttl_mock, client)
    refresh = client.refresh_token_value
    assert refresh is not None
    [switch] = [b for b in window.lock_screen.findChildren(QPushButton) if b.text() == "Sign in as someone else"]
    switch.click()
    assert controller.window is None and controller.dialog is not None
    qtbot.waitUntil(lambda: not client.signed_in, timeout=10_000)
    assert refresh_refused(ttl_mock, refresh)


def test_a_backend_without_verify_refuses_to_unlock_and_signs_nobody_in(qtbot: QtBot) -> None:
    tokens = {"access_token": "access-1", "refresh_token": "refresh-1", "token_type": "bearer", "expires_in": 900,
              "username": "olduser", "role": "operator"}
    with fake_backend() as (url, script):
        script.on("GET", "/api/v1/info", Reply(body={"name": "older backend", "version": "0.9",
                                                      "environment": "production"}))
        script.on("POST", "/api/v1/auth/token", Reply(body=tokens))
        script.on("POST", "/api/v1/auth/verify", Reply(404, {"detail": "Not Found"}))  # FastAPI's own 404
        session = open_session(BackendProfile("Older", url), "olduser", PASSWORD)
        window = MainWindow(session)
        qtbot.addWidget(window)
        window.show()
        window.lock("Locked on request.")
        type_password(qtbot, window, PASSWORD)
        message = window.lock_screen.message
        qtbot.waitUntil(lambda: "sign in as someone else" in message.text().lower(), timeout=10_000)
        assert "cannot unlock" in message.text()
        assert window.locked
        assert script.count("POST", "/api/v1/auth/token") == 1  # the first sign-in only
        assert script.count("POST", "/api/v1/auth/verify") == 1
        assert session.client.refresh_token_value == "refresh-1"
        window.close()


def test_sign_out_leaves_no_tokens_no_event_stream_and_no_video(
        qtbot: QtBot, sessions_mock: MockProcess, app: Callable[[MockProcess, str], AppController]) -> None:
    controller = app(sessions_mock, "watcher")
    window = controller.window
    assert window is not None
    client = window.session.client
    directory = controller.cameras.directory
    camera = next(c for c in directory if directory.live_viewable(c.id) and c.status is CameraStatus.online)
    [index] = controller.wall.show_cameras([camera.id], purpose=ViewingPurpose("2026-000777", "sign-out test"))
    feed = controller.wall.view.tile_at(index).feed
    qtbot.waitUntil(lambda: feed.state is LiveState.playing, timeout=20_000)
    views = [tile.feed.live for tile in controller.wall.view.tiles]
    stream = window.events._stream
    reader = stream._thread
    assert reader is not None and reader.is_alive()
    refresh = client.refresh_token_value
    assert refresh is not None

    window.actions_by_name["sign_out"].trigger()
    # Read before Qt deletes the window's objects: every player's libVLC player and relay are gone
    # (nothing pulled any more) and none will try again.
    assert all(p._mp is None and p._relay is None for view in views for p in view.players)
    assert not any(view._retry.isActive() for view in views)
    assert controller.window is None and controller.dialog is not None
    assert stream._thread is None and not reader.is_alive()
    qtbot.waitUntil(lambda: not client.signed_in, timeout=10_000)
    assert client.refresh_token_value is None and client.auth_headers() == {}
    assert refresh_refused(sessions_mock, refresh)


@pytest.mark.parametrize("how", ["quit", "sign-out"])
def test_the_token_the_app_held_is_refused_and_kept_nowhere_after(
        sessions_mock: MockProcess, tmp_path: Path, how: str) -> None:
    """The real app in a child process: signed in through its dialog, then a normal quit (or a
    sign-out, then the sign-in dialog cancelled, which quits), with a keyring that would keep
    whatever the app put in it."""
    keyring_file = tmp_path / "keyring.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1",
           "RTCC_CONFIG_DIR": str(tmp_path / "config"), "RTCC_DATA_DIR": str(tmp_path / "data"),
           "PYTHON_KEYRING_BACKEND": "tests.security.tmp_keyring.TmpFileKeyring",
           "RTCC_TEST_KEYRING": str(keyring_file)}
    user = "quitter" if how == "quit" else "leaver"
    child = subprocess.run([sys.executable, "-m", "tests.security.session_child", sessions_mock.url, user, PASSWORD,
                            how], cwd=ROOT, env=env, capture_output=True, text=True, timeout=90)
    lines = [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 2, child.stdout + child.stderr[-3000:]
    held, end = lines
    assert end == {"exit": 0, "still_signed_in": False, "keyring": "TmpFileKeyring"}, child.stderr[-3000:]
    refresh, access = held["refresh"], held["authorization"].removeprefix("Bearer ")
    assert refresh and access
    assert refresh_refused(sessions_mock, refresh)
    assert cameras_status(sessions_mock, {"Authorization": f"Bearer {access}"}) == 401
    stored = keyring_file.read_text() if keyring_file.exists() else ""
    assert refresh not in stored and access not in stored
    for path in tmp_path.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert refresh.encode() not in data and access.encode() not in data, path
