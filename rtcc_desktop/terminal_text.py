"""Text from outside (a backend's name and version, its error messages, a camera's words) as the
command-line tools print it and the log keeps it: inert.

An escape character starts a terminal's own commands: clearing the screen, moving the cursor back
over the lines above (a FAIL overwritten with an OK), setting the window title, writing the
clipboard (OSC 52). The bidirectional overrides reorder what is shown. Each becomes "?"; tabs
stay, and a finding stays one line.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROLS_BUT_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    return _CONTROLS.sub("?", text)


def escaped(text: str, keep_newlines: bool = False) -> str:
    """``text`` with each such character written as its escape (``\\x1b``, ``\\n``): for the log,
    where a line must stay one line (a newline in a backend's words would forge the next entry)
    and what was sent stays readable. ``keep_newlines``: a traceback's own lines."""
    pattern = _CONTROLS_BUT_NEWLINE if keep_newlines else _CONTROLS
    return pattern.sub(lambda m: repr(m.group(0))[1:-1], text)
