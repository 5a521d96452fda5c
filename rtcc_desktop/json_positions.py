"""The line of every key and list item in a JSON text, so a settings problem can name its line.

``json`` gives values without positions; this walks a text that ``json.loads`` has accepted and
records where each path (``("profiles", 1, "url")``) starts."""

from __future__ import annotations

import json
from json.decoder import scanstring  # type: ignore[attr-defined]  # the C scanner json itself uses

Path = tuple[str | int, ...]
_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"


def line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def key_lines(text: str) -> dict[Path, int]:
    """path -> 1-based line of its key (object members) or its value (list items)."""
    lines: dict[Path, int] = {}
    _walk(text, _skip(text, 0), (), lines)
    return lines


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACE:
        i += 1
    return i


def _walk(text: str, i: int, path: Path, lines: dict[Path, int]) -> int:
    """Index just past the value starting at ``i``."""
    if text[i] == "{":
        i = _skip(text, i + 1)
        while text[i] != "}":
            start = i
            key, i = scanstring(text, i + 1)
            lines[(*path, key)] = line_of(text, start)
            i = _skip(text, _skip(text, i) + 1)  # past the colon
            i = _skip(text, _walk(text, i, (*path, key), lines))
            if text[i] == ",":
                i = _skip(text, i + 1)
        return i + 1
    if text[i] == "[":
        i = _skip(text, i + 1)
        n = 0
        while text[i] != "]":
            lines[(*path, n)] = line_of(text, i)
            i = _skip(text, _walk(text, i, (*path, n), lines))
            if text[i] == ",":
                i = _skip(text, i + 1)
            n += 1
        return i + 1
    _, end = _DECODER.raw_decode(text, i)
    return end


def line_for(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its nearest enclosing key that has one."""
    for n in range(len(path), 0, -1):
        if path[:n] in lines:
            return lines[path[:n]]
    return None
