"""Fixtures shared by the security tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.security.scripted_http import Scripted, scripted_server


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Scripted]:
    """A recording forward proxy on 127.0.0.1 for every host but loopback: a request "to another
    machine" arrives here (and is recorded) instead of leaving the computer."""
    with scripted_server() as server:
        for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"):
            monkeypatch.setenv(name, server.url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.setenv(name, "127.0.0.1,localhost")
        for name in ("ALL_PROXY", "all_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield server
