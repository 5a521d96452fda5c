"""Where a delivered footage file and its companions go.

The name comes partly from the backend (the request's case number), so it is built
from a safe character set and every path is checked, resolved (``..``, symlinks), to
lie inside the folder the operator chose: a case number like ``../../x`` or ``/etc/x``
must not put a file anywhere else.
"""

from __future__ import annotations

import re
from pathlib import Path

from rtcc_desktop.api.errors import MalformedResponse, RefusedAddress

# Suffixes of the files that travel with a footage file, next to it.
PART = ".part"  # being downloaded
QUARANTINE = ".quarantine"  # did not match the backend's fingerprint
CUSTODY = ".custody.json"  # the chain-of-custody record
COMPANIONS = (PART, QUARANTINE, CUSTODY)

_UNSAFE = re.compile(r"[^A-Za-z0-9-]")
_CASE_CHARS = 32  # the contract's longest case number
_ID_DIGITS = 19  # a 64-bit id: longer ones would take the name past the file systems' 255 bytes


def companion(footage_file: Path, suffix: str) -> Path:
    return footage_file.with_name(footage_file.name + suffix)


def safe_case_part(case_number: str) -> str:
    """The case number with anything but letters, digits and '-' as '_' (never empty,
    never starting with '-', which a command line would read as an option)."""
    cleaned = _UNSAFE.sub("_", case_number)[:_CASE_CHARS].lstrip("-_")
    return cleaned or "case"


def _id_part(value: int) -> str:
    text = str(int(value))
    if len(text.lstrip("-")) > _ID_DIGITS:
        raise MalformedResponse(f"The backend numbers this footage {text[:24]}…, too long for a file name; "
                                "nothing was saved.")
    return text


def footage_file_name(case_number: str, request_id: int, camera_id: int) -> str:
    return f"{safe_case_part(case_number)}-request{_id_part(request_id)}-camera{_id_part(camera_id)}.mp4"


def inside_folder(folder: Path, path: Path) -> Path:
    """``path`` resolved, or ``RefusedAddress`` when it lies outside ``folder`` (or is it)."""
    root = Path(folder).resolve()
    resolved = Path(path).resolve()
    if resolved == root or not resolved.is_relative_to(root):
        raise RefusedAddress(f"The footage file {Path(path).name!r} would be saved outside the folder you "
                             f"chose ({root}); nothing was saved.")
    return resolved


def footage_destination(folder: Path, case_number: str, request_id: int, camera_id: int) -> Path:
    """The footage file's path in ``folder``, its companions checked to stay there too."""
    dest = Path(folder) / footage_file_name(case_number, request_id, camera_id)
    for path in (dest, *(companion(dest, suffix) for suffix in COMPANIONS)):
        inside_folder(folder, path)
    return dest
