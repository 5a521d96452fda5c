"""What the command-line tools print of a backend's words (issue #21's boundary, at the terminal).
``rtcc-desktop doctor`` printed the backend's name, version and error messages as they came: an
escape sequence in them ran in the IT technician's terminal (clear the screen, move the cursor back
over a FAIL line, set the title, write the clipboard with OSC 52). Every printed finding is inert
(``rtcc_desktop/terminal_text.py``); ``--json`` was safe already (JSON escapes them). The log file
wrote the same words raw: an escape ran in `tail -f`, a newline began a forged entry."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from rtcc_desktop import log_setup
from rtcc_desktop.doctor import run_doctor
from rtcc_desktop.terminal_text import inert
from tests.security.scripted_http import Scripted, json_reply, scripted_server

HOSTILE = "Evil\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b[1A\rOK   Backend\u202e\x9b0m"


@pytest.fixture
def backend() -> Iterator[Scripted]:
    with scripted_server() as server:
        yield server


@pytest.mark.parametrize("reply", ["info", "error"])
def test_doctor_prints_a_backend_s_words_inert(backend: Scripted, capsys: pytest.CaptureFixture[str],
                                               reply: str) -> None:
    if reply == "info":
        backend.on("GET", "/api/v1/info", json_reply({"name": HOSTILE, "version": "1\x1b[31m",
                                                      "environment": "production"}))
    else:
        backend.on("GET", "/api/v1/info", json_reply({"error": {"code": "down", "message": HOSTILE}}, status=503))
    run_doctor(["--backend", backend.url, "--no-webengine"])
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if "Backend:" in line)
    assert not any(c in out for c in "\x1b\x07\x9b\u202e\r"), repr(line)
    if reply == "info":
        assert "Evil?]52;c;cm0gLXJmIH4=??[2J?[1A?OK   Backend??0m" in line


def test_tabs_stay_and_a_line_stays_one() -> None:
    assert inert("a\tb\nc\x00d") == "a\tb?c?d"


def test_a_backend_s_words_in_the_log_keep_each_entry_one_line_and_run_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CAD number or a camera's reason logged as it came: a newline in it began a forged entry of
    its own ("... INFO ... consent granted"), an escape sequence ran in `tail -f`. Written as escapes;
    a traceback keeps its own lines."""
    monkeypatch.setenv(log_setup.DIR_ENV, str(tmp_path / "log"))
    root = logging.getLogger()
    level = root.level
    path = log_setup.setup_logging(logging.INFO)
    assert path is not None
    try:
        forged = "C26-1\n2026-12-04 12:00:00,000 INFO rtcc_desktop.audit: consent granted \x1b[2J"
        logging.getLogger("rtcc_desktop.incidents").warning("the footage requests for %s were not made", forged)
        try:
            raise ValueError("boom\x1b]0;title\x07")
        except ValueError:
            logging.getLogger("rtcc_desktop.video").exception("playing failed")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
    finally:
        log_setup.remove_handlers()
        root.setLevel(level)
    assert "\x1b" not in text and "\x07" not in text
    [entry] = [line for line in text.splitlines() if "footage requests" in line]
    assert "C26-1\\n2026-12-04" in entry and "\\x1b[2J" in entry
    assert not any(line.startswith("2026-12-04 12:00:00,000") for line in text.splitlines())
    assert "Traceback (most recent call last):" in text and "ValueError: boom\\x1b]0;title\\x07" in text
