"""Sign-in, lockout, refresh and sign-out against the real mock over loopback."""

from __future__ import annotations

import pytest
import requests

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import AccountLocked, InvalidCredentials, SessionExpired
from rtcc_desktop.api.schemas import Role
from rtcc_desktop.mock_process import MockProcess
from tests.conftest import LOCKME


def test_info_reports_a_training_backend(mock_backend: MockProcess) -> None:
    info = BackendClient(mock_backend.url).info()
    assert info.environment == "training"
    assert info.name


def test_production_backend_says_so_and_has_no_demo_accounts(production_backend: MockProcess) -> None:
    client = BackendClient(production_backend.url)
    assert client.info().environment == "production"
    with pytest.raises(InvalidCredentials):
        client.sign_in("operator", "demo")
    assert client.sign_in("alice", "s3cret-pass").role is Role.operator


@pytest.mark.parametrize("role", ["operator", "supervisor", "trainer"])
def test_each_demo_role_signs_in(mock_backend: MockProcess, role: str) -> None:
    client = BackendClient(mock_backend.url)
    tokens = client.sign_in(role, "demo")
    assert tokens.role.value == role and tokens.username == role
    assert client.signed_in and client.role is Role(role)


def test_wrong_password_is_a_clear_error(mock_backend: MockProcess) -> None:
    with pytest.raises(InvalidCredentials) as err:
        BackendClient(mock_backend.url).sign_in("supervisor", "not-the-password")
    assert "password" in err.value.message.lower()


def test_five_failures_lock_the_account_even_for_the_right_password(mock_backend: MockProcess) -> None:
    client = BackendClient(mock_backend.url)
    for _ in range(5):
        with pytest.raises(InvalidCredentials):
            client.sign_in(LOCKME[0], "wrong")
    with pytest.raises(AccountLocked) as err:
        client.sign_in(LOCKME[0], LOCKME[1])
    assert "locked" in err.value.message.lower()


def test_refresh_rotates_tokens_and_the_old_refresh_token_dies(mock_backend: MockProcess) -> None:
    client = BackendClient(mock_backend.url)
    first = client.sign_in("operator", "demo")
    second = client.refresh()
    assert second.access_token != first.access_token
    assert second.refresh_token != first.refresh_token
    client.list_cameras(limit=1)  # the new access token works
    stale = BackendClient(mock_backend.url)
    stale.set_refresh_token(first.refresh_token)
    with pytest.raises(SessionExpired):
        stale.refresh()


def test_an_expired_access_token_is_refreshed_once_transparently(tmp_path_factory: pytest.TempPathFactory) -> None:
    from tests.conftest import start_mock

    mock = start_mock(tmp_path_factory.mktemp("ttl"), "--access-ttl", "1")
    try:
        client = BackendClient(mock.url)
        first = client.sign_in("operator", "demo")
        import time

        time.sleep(1.3)
        assert client.list_cameras(limit=1).items  # 401 token_expired -> refresh -> retried
        assert client.refresh_token_value != first.refresh_token
    finally:
        mock.stop()


def test_sign_out_revokes_the_session_on_the_server(mock_backend: MockProcess) -> None:
    client = BackendClient(mock_backend.url)
    tokens = client.sign_in("operator", "demo")
    client.sign_out()
    assert not client.signed_in
    # The old access token no longer works, and neither does the refresh token.
    r = requests.get(f"{mock_backend.url}/api/v1/cameras", headers={"Authorization": f"Bearer {tokens.access_token}"},
                     timeout=5)
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    again = BackendClient(mock_backend.url)
    again.set_refresh_token(tokens.refresh_token)
    with pytest.raises(SessionExpired):
        again.refresh()
