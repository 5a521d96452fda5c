"""What the command-line tools print of a backend's words (issue #21's boundary, at the terminal).
``rtcc-desktop doctor`` printed the backend's name, version and error messages as they came: an
escape sequence in them ran in the IT technician's terminal (clear the screen, move the cursor back
over a FAIL line, set the title, write the clipboard with OSC 52). Every printed finding is inert
(``rtcc_desktop/terminal_text.py``); ``--json`` was safe already (JSON escapes them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

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
