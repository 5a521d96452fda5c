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

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from rtcc_desktop.mock_process import MockProcess
from tests.conftest import start_mock, users_file
from tests.security import live_readers
from tests.security.live_readers import API, EventReader, VideoReader, bearer

PASSWORD = "session-pass"
ACCOUNTS = ("unlocker", "lockedout", "watcher", "quiet", "viewer", "victim", "pumper")
CASE = "2026-000721"


def _accounts(folder: Path) -> str:
    return users_file(folder, *(f"{name}:{PASSWORD}:operator" for name in ACCOUNTS), f"boss:{PASSWORD}:supervisor")


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    folder = tmp_path_factory.mktemp("sessions")
    started = start_mock(folder, "--users-file", _accounts(folder))
    yield started
    started.stop()


@pytest.fixture(scope="module")
def short_lived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    """Access tokens that expire 2 s after sign-in."""
    folder = tmp_path_factory.mktemp("sessions-short")
    started = start_mock(folder, "--users-file", _accounts(folder), "--access-ttl", "2")
    yield started
    started.stop()


def sign_in(url: str, username: str, password: str = PASSWORD) -> dict:
    return live_readers.sign_in(url, username, password)


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


# --- helpers for the stream tests -----------------------------------------------------------------

def cameras(url: str, tokens: dict) -> list[dict]:
    resp = requests.get(f"{url}{API}/cameras", params={"limit": 5000}, headers=bearer(tokens), timeout=30)
    assert resp.status_code == 200, resp.text
    return list(resp.json()["items"])


def alarm_camera(url: str) -> int:
    trainer = sign_in(url, "trainer", "demo")
    cam = next(c for c in cameras(url, trainer) if c["sharing"] == "alarm_only" and c["enrollment"] == "integrated")
    resp = requests.post(f"{url}{API}/training/cameras/{cam['id']}/alarm", json={"minutes": 15},
                         headers=bearer(trainer), timeout=10)
    assert resp.status_code == 201, resp.text
    return int(resp.json()["id"])


class Pump(threading.Thread):
    """Events every 0.1 s (acknowledgements of an alarm, which every role sees), signing in again
    whenever its own token runs out: events keep flowing while a test watches a stream."""

    def __init__(self, url: str, alarm_id: int) -> None:
        super().__init__(daemon=True)
        self.url, self.alarm_id = url, alarm_id
        self.stopped = threading.Event()
        self.start()

    def run(self) -> None:
        tokens = sign_in(self.url, "pumper")
        for _ in range(400):  # bounded: 40 s at most
            if self.stopped.wait(0.1):
                return
            resp = requests.post(f"{self.url}{API}/alarms/{self.alarm_id}/acknowledge", headers=bearer(tokens),
                                 timeout=10)
            if resp.status_code == 401:
                tokens = sign_in(self.url, "pumper")

    def stop(self) -> None:
        self.stopped.set()
        self.join(10)


def last_accepted(url: str, tokens: dict, within: float) -> float:
    """Poll a REST route with ``tokens`` until it answers 401; the time the last accepted call was
    sent: the token expired after it, so a stream's end measured from it is an upper bound."""
    deadline = time.monotonic() + within
    accepted = time.monotonic()
    while time.monotonic() < deadline:
        sent = time.monotonic()
        resp = requests.get(f"{url}{API}/alarms", headers=bearer(tokens), timeout=10)
        if resp.status_code == 401:
            assert resp.json()["error"]["code"] == "token_expired"
            return accepted
        assert resp.status_code == 200, resp.text
        accepted = sent
        time.sleep(0.05)
    raise AssertionError(f"the access token still worked {within} s after sign-in")


def grant(url: str, tokens: dict) -> str:
    cam = next(c for c in cameras(url, tokens) if c["sharing"] == "live" and c["enrollment"] == "integrated"
               and c["status"] == "online" and c["live_until"] is None)
    resp = requests.post(f"{url}{API}/cameras/{cam['id']}/streams",
                         json={"case_number": CASE, "purpose": "session tie test", "profile": "sub"},
                         headers=bearer(tokens), timeout=30)
    assert resp.status_code == 201, resp.text
    return str(resp.json()["url"])


def watch(url: str) -> VideoReader:
    video = VideoReader(url)
    assert video.wait_for_bytes(20), f"no video from the grant: {video.error!r}"
    return video


def assert_ended_by_server(reader: EventReader | VideoReader, since: float, within: float = 1.0) -> None:
    ended = reader.ended_within(since + within + 2.0 - time.monotonic())
    try:
        assert ended is not None, f"still open {within + 2.0:.0f} s later"
        assert reader.error is None, f"ended by {reader.error!r}, not by the server"
        assert ended - since < within, f"ended {ended - since:.2f} s later"
    finally:
        reader.close()


# --- the event stream ends with its token ---------------------------------------------------------

def test_event_stream_ends_within_a_second_of_its_token_expiring_without_events(short_lived: MockProcess) -> None:
    tokens = sign_in(short_lived.url, "quiet")
    reader = EventReader(short_lived.url, tokens)
    accepted = last_accepted(short_lived.url, tokens, within=6)
    assert_ended_by_server(reader, accepted)
    assert any(c.startswith("token_expired") for c in reader.comments), reader.comments


def test_event_stream_ends_within_a_second_of_its_token_expiring_while_events_flow(
        short_lived: MockProcess) -> None:
    pump = Pump(short_lived.url, alarm_camera(short_lived.url))
    try:
        tokens = sign_in(short_lived.url, "watcher")
        reader = EventReader(short_lived.url, tokens)
        assert reader.wait_for(lambda got: len(got) >= 3, 5), "no events flowed"
        accepted = last_accepted(short_lived.url, tokens, within=6)
        assert_ended_by_server(reader, accepted)
        assert pump.is_alive(), "events stopped flowing before the stream ended"
    finally:
        pump.stop()


def test_event_stream_ends_within_a_second_of_sign_out_without_events(mock: MockProcess) -> None:
    tokens = sign_in(mock.url, "quiet")
    reader = EventReader(mock.url, tokens)
    time.sleep(0.3)  # the stream is waiting for events
    out = time.monotonic()
    assert requests.post(f"{mock.url}{API}/auth/logout", headers=bearer(tokens), timeout=10).status_code == 204
    assert_ended_by_server(reader, out)


def test_event_stream_ends_within_a_second_of_sign_out_while_events_flow(mock: MockProcess) -> None:
    pump = Pump(mock.url, alarm_camera(mock.url))
    try:
        tokens = sign_in(mock.url, "watcher")
        reader = EventReader(mock.url, tokens)
        assert reader.wait_for(lambda got: len(got) >= 3, 5), "no events flowed"
        out = time.monotonic()
        assert requests.post(f"{mock.url}{API}/auth/logout", headers=bearer(tokens), timeout=10).status_code == 204
        assert_ended_by_server(reader, out)
        assert pump.is_alive()
    finally:
        pump.stop()


# --- a grant lives in its session ----------------------------------------------------------------

def test_sign_out_ends_the_sessions_video_within_a_second(mock: MockProcess) -> None:
    tokens = sign_in(mock.url, "viewer")
    other_session = sign_in(mock.url, "viewer")
    url = grant(mock.url, tokens)
    kept = grant(mock.url, other_session)  # the same user's other sign-in keeps its video
    video, other = watch(url), watch(kept)
    out = time.monotonic()
    assert requests.post(f"{mock.url}{API}/auth/logout", headers=bearer(tokens), timeout=10).status_code == 204
    assert_ended_by_server(video, out)
    refused = requests.get(url, timeout=10)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "session_ended"
    assert other.ended_at is None and other.error is None
    other.close()


# --- a reused refresh token revokes its family ----------------------------------------------------

def test_reusing_a_spent_refresh_token_revokes_the_whole_session(mock: MockProcess) -> None:
    first = sign_in(mock.url, "victim")
    bystander = sign_in(mock.url, "victim")  # another sign-in of the same user: not the stolen session
    resp = requests.post(f"{mock.url}{API}/auth/refresh", json={"refresh_token": first["refresh_token"]},
                         timeout=10)
    assert resp.status_code == 200, resp.text
    current = resp.json()
    events = EventReader(mock.url, current)
    video = watch(grant(mock.url, current))
    time.sleep(0.3)
    reused_at = time.monotonic()
    reuse = requests.post(f"{mock.url}{API}/auth/refresh", json={"refresh_token": first["refresh_token"]},
                          timeout=10)
    assert reuse.status_code == 401 and reuse.json()["error"]["code"] == "session_expired"
    assert_ended_by_server(events, reused_at)
    assert_ended_by_server(video, reused_at)
    assert requests.get(f"{mock.url}{API}/alarms", headers=bearer(current), timeout=10).status_code == 401
    again = requests.post(f"{mock.url}{API}/auth/refresh", json={"refresh_token": current["refresh_token"]},
                          timeout=10)
    assert again.status_code == 401
    assert requests.get(f"{mock.url}{API}/alarms", headers=bearer(bystander), timeout=10).status_code == 200
    boss = sign_in(mock.url, "boss")
    refreshes = audit(mock.url, boss, "victim", "auth.refresh")
    assert [e["outcome"] for e in refreshes] == ["success", "failure"], refreshes
    assert "session is revoked" in refreshes[1]["detail"]["reason"]
