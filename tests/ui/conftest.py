"""UI test fixtures: an isolated config dir so tests never touch a user's settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("RTCC_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RTCC_DATA_DIR", str(tmp_path / "data"))
    yield tmp_path


@pytest.fixture(scope="session")
def qapp_args() -> list[str]:
    # QtWebEngine aborts with an empty argv.
    return ["rtcc-desktop-tests"]
