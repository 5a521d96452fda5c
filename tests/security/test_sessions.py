"""Sessions on the real mock over loopback (issue #21):

- an event stream ends within a second of its access token expiring or its session signing
  out, also while events keep flowing and also while none do;
- a stream grant belongs to its session: sign-out cuts its video within a second;
- reusing a rotated refresh token is theft: the whole family (access and refresh tokens, event
  streams, grants) is revoked;
- ``POST /auth/verify`` checks the signed-in user's password for the lock screen: 204 or 401,
  a wrong password audited as a failed unlock and counted towards the sign-in lockout.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from rtcc_desktop.mock_process import MockProcess
from tests.conftest import start_mock, users_file

API = "/api/v1"
PASSWORD = "session-pass"
ACCOUNTS = ("unlocker", "lockedout", "watcher", "thief", "viewer", "victim")


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    folder = tmp_path_factory.mktemp("sessions")
    accounts = [f"{name}:{PASSWORD}:operator" for name in ACCOUNTS]
    started = start_mock(folder, "--users-file", users_file(folder, *accounts, f"boss:{PASSWORD}:supervisor"))
    yield started
    started.stop()


def sign_in(url: str, username: str, password: str = PASSWORD) -> dict:
    resp = requests.post(f"{url}{API}/auth/token", json={"username": username, "password": password}, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def verify(url: str, tokens: dict, password: str) -> requests.Response:
    return requests.post(f"{url}{API}/auth/verify", json={"password": password}, headers=bearer(tokens),
                         timeout=30)


def audit(url: str, boss: dict, actor: str, action: str) -> list[dict]:
    resp = requests.get(f"{url}{API}/audit", params={"actor": actor, "action": action}, headers=bearer(boss),
                        timeout=10)
    assert resp.status_code == 200, resp.text
    return list(resp.json()["items"])


# --- POST /auth/verify ---------------------------------------------------------------------------

def test_verify_answers_204_for_the_users_password_and_401_otherwise(mock: MockProcess) -> None:
    tokens = sign_in(mock.url, "unlocker")
    assert verify(mock.url, tokens, PASSWORD).status_code == 204
    wrong = verify(mock.url, tokens, "not-the-password")
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "wrong_password"
    assert verify(mock.url, tokens, "demo").status_code == 401  # another account's password is no key
    # The check opened no session and ended none: the same token still works, and no new one came.
    assert requests.get(f"{mock.url}{API}/cameras", params={"limit": 1}, headers=bearer(tokens),
                        timeout=10).status_code == 200
    assert "access_token" not in (verify(mock.url, tokens, PASSWORD).text or "")
    boss = sign_in(mock.url, "boss")
    unlocks = audit(mock.url, boss, "unlocker", "auth.unlock")
    assert [(e["outcome"], e["detail"].get("reason")) for e in unlocks] == [
        ("success", None), ("failure", "wrong password"), ("failure", "wrong password"), ("success", None)]


def test_verify_needs_a_valid_bearer_token(mock: MockProcess) -> None:
    resp = requests.post(f"{mock.url}{API}/auth/verify", json={"password": PASSWORD}, timeout=10)
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "unauthorized"
    tokens = sign_in(mock.url, "unlocker")
    requests.post(f"{mock.url}{API}/auth/logout", headers=bearer(tokens), timeout=10)
    assert verify(mock.url, tokens, PASSWORD).status_code == 401


def test_wrong_passwords_at_the_lock_screen_lock_the_account_like_sign_in(mock: MockProcess) -> None:
    tokens = sign_in(mock.url, "lockedout")
    for _ in range(5):  # the mock locks an account after 5 failures
        assert verify(mock.url, tokens, "guess").status_code == 401
    locked = verify(mock.url, tokens, PASSWORD)
    assert locked.status_code == 423 and locked.json()["error"]["code"] == "account_locked"
    refused = requests.post(f"{mock.url}{API}/auth/token", json={"username": "lockedout", "password": PASSWORD},
                            timeout=30)
    assert refused.status_code == 423
