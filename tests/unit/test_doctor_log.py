"""``rtcc-desktop doctor`` says where the log and crash log are (``$RTCC_LOG_DIR`` or the user's
log dir), how big the log is once written, and warns with a fix when the folder cannot be
written (the app then logs to stderr only). Through the real entry point in a subprocess."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from rtcc_desktop import log_setup
from tests.unit.test_cli import run


def log_finding(tmp: Path, **env: str) -> dict[str, str]:
    out = run(tmp, "doctor", "--no-webengine", "--json", **env)
    return next(f for f in json.loads(out.stdout) if f["name"] == "Log")


def test_doctor_names_the_log_and_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "log"
    before = log_finding(tmp_path)
    assert before["level"] == "OK"
    log, crash = folder / "rtcc-desktop.log", folder / "crash.log"
    assert before["detail"] == f"{log}, not written yet; native crashes in {crash}"
    assert not folder.exists()  # the doctor only looks
    monkeypatch.setenv(log_setup.DIR_ENV, str(folder))
    root_level = logging.getLogger().level
    try:
        log_setup.setup_logging(logging.INFO)
        logging.getLogger("x").info("%s", "y " * 2000)
    finally:
        log_setup.remove_handlers()
        logging.getLogger().setLevel(root_level)
    assert log_finding(tmp_path)["detail"].startswith(f"{folder / 'rtcc-desktop.log'}, 3 KiB;")


def test_an_unwritable_log_folder_is_a_warning_with_the_fix(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    found = log_finding(tmp_path, RTCC_LOG_DIR=str(blocker / "log"))
    assert found["level"] == "WARN"
    assert found["detail"] == f"{blocker / 'log'} cannot be written: the app logs to stderr only"
    assert f"make {blocker} writable by this user, or set RTCC_LOG_DIR" in found["fix"]
