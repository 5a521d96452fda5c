"""Shared fixtures: a real mock backend on a free loopback port, and clients for it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rtcc_desktop.mock_process import MockProcess

# Qt and QtWebEngine must see these before any Qt import (tests run as root, headless).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

LOCKME = ("lockme", "right-password")


def start_mock(tmp: Path, *extra: str) -> MockProcess:
    mock = MockProcess(
        args=[
            "--ephemeral",
            "--cameras", "600",
            "--seed", "7",
            "--owner-delay", "0.3",
            "--owner-approve-ratio", "0.5",
            # No simulated dispatch calls unless a test asks (--cad-rate N in extra): the events
            # and audit trail a test reads are its own.
            "--cad-rate", "0",
            "--data-dir", str(tmp),
            *extra,
        ]
    )
    mock.start()
    return mock


def users_file(folder: Path, *accounts: str) -> str:
    """A ``--users-file`` of NAME:PASSWORD:ROLE lines: passwords stay off the command line."""
    path = folder / "users.txt"
    path.write_text("".join(f"{account}\n" for account in accounts), encoding="utf-8")
    path.chmod(0o600)
    return str(path)


def module_mock(folder: str, *extra: str) -> Callable[[pytest.TempPathFactory], Iterator[MockProcess]]:
    """A module-scoped fixture: a mock started with ``extra`` options, stopped after the module."""

    @pytest.fixture(scope="module")
    def fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
        mock = start_mock(tmp_path_factory.mktemp(folder), *extra)
        yield mock
        mock.stop()

    return fixture


@pytest.fixture(scope="session")
def mock_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    folder = tmp_path_factory.mktemp("mock")
    mock = start_mock(folder, "--users-file", users_file(folder, f"{LOCKME[0]}:{LOCKME[1]}:operator"))
    yield mock
    mock.stop()


@pytest.fixture(scope="session")
def production_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    folder = tmp_path_factory.mktemp("prod")
    mock = start_mock(folder, "--environment", "production",
                      "--users-file", users_file(folder, "alice:s3cret-pass:operator"))
    yield mock
    mock.stop()


@pytest.fixture
def client_for(mock_backend: MockProcess) -> Iterator[Callable[[str], object]]:
    """``client_for("operator")`` -> a signed-in BackendClient for that demo role."""
    from rtcc_desktop.api.client import BackendClient

    made: list[BackendClient] = []

    def make(role: str, password: str = "demo") -> BackendClient:
        client = BackendClient(mock_backend.url)
        client.sign_in(role, password)
        made.append(client)
        return client

    yield make
    for c in made:
        c.close()
