"""The mock as a faithful backend (issue #21), on the real mock over loopback:

- passwords: PBKDF2-SHA256 at 600,000 iterations in a self-describing stored hash (an older
  count is rehashed at sign-in), and an unknown name takes as long to refuse as a known one;
- HLS: the packager's ffmpeg gets neither the grant token nor the client's ``Host`` on its
  command line;
- accounts come from a file or the environment instead of the command line;
- the default data folder is private (the user's data dir, mode 0700), not a fixed path in /tmp.
"""

from __future__ import annotations

import hashlib
import sqlite3
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from mock_backend.db import SCHEMA
from rtcc_desktop.mock_process import MockProcess

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
