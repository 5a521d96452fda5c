"""The mock as a faithful backend (issue #21), on the real mock over loopback:

- passwords: PBKDF2-SHA256 at 600,000 iterations in a self-describing stored hash (an older
  count is rehashed at sign-in), and an unknown name takes as long to refuse as a known one;
- HLS: the packager's ffmpeg gets neither the grant token nor the client's ``Host`` on its
  command line;
- accounts come from a file or the environment instead of the command line;
- the default data folder is private (the user's data dir, mode 0700), not a fixed path in /tmp.
"""

from __future__ import annotations

import contextlib
import hashlib
import socket
import sqlite3
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mock_backend.db import SCHEMA
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.mock_process import MockProcess
from tests.conftest import module_mock, users_file
from tests.contract.helpers import live_camera

PASSWORD = "hardening-pass"


def _sign_in_seconds(url: str, username: str, password: str) -> float:
    started = time.perf_counter()
    resp = requests.post(f"{url}/api/v1/auth/token", json={"username": username, "password": password}, timeout=30)
    elapsed = time.perf_counter() - started
    assert resp.status_code in (200, 401), resp.text
    return elapsed


def _users(db: Path) -> dict[str, tuple[bytes, object]]:
    with sqlite3.connect(db) as conn:
        return {name: (salt, stored) for name, salt, stored in
                conn.execute("SELECT username, salt, password_hash FROM users")}


@pytest.fixture(scope="module")
def db_mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[MockProcess, Path]]:
    """A mock on a database file that already holds an account hashed the old way."""
    folder = tmp_path_factory.mktemp("hardening-db")
    db = folder / "mock.sqlite3"
    salt = b"0123456789abcdef"
    with sqlite3.connect(db) as conn:
        conn.executescript(SCHEMA)
        conn.execute("INSERT INTO users (username, salt, password_hash, role) VALUES (?, ?, ?, ?)",
                     ("veteran", salt, hashlib.pbkdf2_hmac("sha256", PASSWORD.encode(), salt, 60_000),
                      "operator"))
    conn.close()
    mock = MockProcess(args=["--db", str(db), "--cameras", "50", "--data-dir", str(folder / "data")])
    mock.start()
    yield mock, db
    mock.stop()


def test_stored_hashes_name_600000_iterations_and_old_ones_are_upgraded(db_mock: tuple[MockProcess, Path]) -> None:
    mock, db = db_mock
    for name in ("operator", "supervisor", "trainer"):
        scheme, iterations, salt, digest = str(_users(db)[name][1]).split("$")
        assert (scheme, iterations) == ("pbkdf2_sha256", "600000") and salt and digest
    assert requests.post(f"{mock.url}/api/v1/auth/token", json={"username": "veteran", "password": PASSWORD},
                         timeout=30).status_code == 200  # the old hash still signs in ...
    stored = str(_users(db)["veteran"][1])
    assert stored.startswith("pbkdf2_sha256$600000$")  # ... and is rehashed at today's count
    assert requests.post(f"{mock.url}/api/v1/auth/token", json={"username": "veteran", "password": PASSWORD},
                         timeout=30).status_code == 200


def test_an_unknown_name_takes_as_long_as_a_known_one(db_mock: tuple[MockProcess, Path]) -> None:
    mock, _ = db_mock
    _sign_in_seconds(mock.url, "operator", "demo")  # warm up the connection path
    known, unknown = [], []
    for i in range(7):  # interleaved, so load on the machine hits both alike
        known.append(_sign_in_seconds(mock.url, "operator", "demo"))
        unknown.append(_sign_in_seconds(mock.url, f"nobody-{i}", "demo"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.5 < ratio < 2, f"unknown {statistics.median(unknown):.3f} s, known {statistics.median(known):.3f} s"


hls_mock = module_mock("hardening-hls", "--stream-protocol", "hls", "--grant-ttl", "600", "--cameras", "100")


def _descendants(pid: int) -> list[int]:
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier]
        found += children
        frontier = children
    return found


def _cmdline(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:  # it ended meanwhile
        return ""


def test_hls_packaging_puts_no_grant_token_or_forged_host_on_a_command_line(hls_mock: MockProcess) -> None:
    trap = socket.create_server(("127.0.0.1", 0))  # where a forged Host would send the mock's ffmpeg
    trap.settimeout(0.2)
    forged = f"127.0.0.1:{trap.getsockname()[1]}"
    try:
        client = BackendClient(hls_mock.url)
        client.sign_in("operator", "demo")
        cam = live_camera(client.all_cameras())
        headers = {**client.auth_headers(), "Host": forged}
        grant = requests.post(f"{hls_mock.url}/api/v1/cameras/{cam.id}/streams", headers=headers, timeout=10,
                              json={"case_number": "2026-000950", "purpose": "Forged Host test", "profile": "sub"})
        assert grant.status_code == 201, grant.text
        assert grant.json()["protocol"] == "hls"
        token = grant.json()["url"].split("/streams/")[1].split("/")[0]
        playlist = requests.get(f"{hls_mock.url}/api/v1/streams/{token}/sub.m3u8", headers={"Host": forged},
                                timeout=15)
        assert playlist.status_code == 200 and b"#EXTINF" in playlist.content  # it packages all the same
        assert hls_mock.pid is not None
        lines = [_cmdline(p) for p in _descendants(hls_mock.pid)]
        assert any("-f hls" in line for line in lines), lines  # the packager runs, and was looked at
        assert not [line for line in lines if token in line or forged in line]
        with pytest.raises(TimeoutError):
            trap.accept()  # nobody came to the address the client chose
        client.close()
    finally:
        trap.close()


def _first_video(url: str, grant_url: str) -> requests.Response:
    """Start watching (so the mock runs a feed encoder) and return the open response."""
    resp = requests.get(grant_url, stream=True, timeout=15)
    assert resp.status_code == 200 and next(resp.iter_content(4096))
    return resp


def test_accounts_come_from_a_file_or_the_environment_not_the_command_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from_env, from_file = f"{PASSWORD}-env", f"{PASSWORD}-file"
    monkeypatch.setenv("RTCC_MOCK_USERS", f"# the night shift\nnina:{from_env}:supervisor\n")
    accounts = users_file(tmp_path, f"fred:{from_file}:operator")
    mock = MockProcess(args=["--ephemeral", "--environment", "production", "--cameras", "100",
                             "--data-dir", str(tmp_path / "data"), "--users-file", accounts])
    mock.start()
    try:
        fred, nina = BackendClient(mock.url), BackendClient(mock.url)
        assert fred.sign_in("fred", from_file).role.value == "operator"
        assert nina.sign_in("nina", from_env).role.value == "supervisor"
        grant = fred.request_stream(live_camera(fred.all_cameras()).id, "2026-000951", "Accounts test")
        with _first_video(mock.url, grant.url):
            assert mock.pid is not None
            family = [mock.pid, *_descendants(mock.pid)]
            assert len(family) > 1  # a feed encoder runs: the mock's children are looked at too
            for pid in family:
                assert from_file not in _cmdline(pid) and from_env not in _cmdline(pid)
            for child in family[1:]:  # the variable is not handed down to ffmpeg and co.
                with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                    environ = (Path("/proc") / str(child) / "environ").read_bytes()
                    assert b"RTCC_MOCK_USERS" not in environ and from_env.encode() not in environ
        fred.close()
        nina.close()
    finally:
        mock.stop()


def test_the_default_data_folder_is_private_and_goes_with_an_in_memory_mock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    runs = tmp_path / "xdg" / "rtcc-desktop" / "mock-runs"
    abandoned = runs / "run-999999999-killed"  # a mock killed outright (no process has that id)
    abandoned.mkdir(parents=True)
    (abandoned / "request-1-camera-2.mp4").write_bytes(b"footage")
    mock = MockProcess(args=["--ephemeral", "--cameras", "100"])  # no --data-dir: as demo mode starts it
    mock.start()
    assert not abandoned.exists()
    try:
        client = BackendClient(mock.url)
        client.sign_in("operator", "demo")
        grant = client.request_stream(live_camera(client.all_cameras()).id, "2026-000952", "Data folder test")
        with _first_video(mock.url, grant.url):
            [run] = list(runs.iterdir())
            assert (run / "feeds").is_dir()  # the feed's files are in it
            assert run.stat().st_mode & 0o777 == 0o700 and runs.stat().st_mode & 0o777 == 0o700
        client.close()
    finally:
        mock.stop()
    assert list(runs.iterdir()) == []  # an in-memory mock leaves no files behind
