"""The last room wall a display or seat saw, kept in a small JSON file in the user's data dir, so
a display restarted while the backend is down (a power cut) shows the last wall it knew, marked
as such. The file is read as hostile input: only a regular file of a bounded size, of this
app's format, for this backend and wall; anything else is ignored (and written over later)."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
import threading
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rtcc_desktop.api import json_text
from rtcc_desktop.api.schemas import RoomWall
from rtcc_desktop.config import data_dir

log = logging.getLogger(__name__)
FORMAT = 1
# An 8-screen wall of 8x8 tiles is about 150 KiB; the largest shape.fit lets through (every text
# at its limit, in 4-byte characters) about 1.9 MiB. Written as \uXXXX escapes (ensure_ascii)
# that one was 5 MiB, refused when read back: a display restarted with the backend down showed
# nothing. The file is UTF-8, and a wall too large for the reader is not written.
MAX_BYTES = 4 * 1024 * 1024


def cache_file(base_url: str, wall_name: str, folder: Path | None = None) -> Path:
    """``<data dir>/room-walls/<backend>-<wall>.json``: one file per backend and wall."""
    backend = hashlib.sha256(base_url.rstrip("/").encode()).hexdigest()[:12]
    name = wall_name if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", wall_name) else \
        "wall-" + hashlib.sha256(wall_name.encode()).hexdigest()[:12]
    return (folder or data_dir() / "room-walls") / f"{backend}-{name}.json"


class WallCache:
    """One wall's file. ``save`` may be called from any thread; the newest save wins."""

    def __init__(self, path: Path, base_url: str, wall_name: str) -> None:
        self.path = path
        self._backend = base_url.rstrip("/")
        self._name = wall_name
        self._lock = threading.Lock()
        self._written = 0  # the sequence number of the newest save on disk

    def read(self) -> tuple[RoomWall | None, str | None]:
        """The wall kept, or None and why not in words (None, None: there is no file yet)."""
        try:
            data = self._load()
        except FileNotFoundError:
            return None, None
        except (OSError, ValueError, UnicodeDecodeError) as exc:
            log.warning("room wall cache %s not used: %s", self.path, exc)
            return None, f"The last room wall kept on this computer could not be read ({exc}); it is not shown."
        try:
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not a room wall file of this app")
            if data.get("backend") != self._backend:
                raise ValueError("kept for another backend")
            wall = RoomWall.model_validate(data.get("wall"))
            if wall.name != self._name:
                raise ValueError("kept for another wall")
        except (ValueError, ValidationError) as exc:
            reason = str(exc).splitlines()[0] if not isinstance(exc, ValidationError) else "not a room wall"
            log.warning("room wall cache %s not used: %s", self.path, reason)
            return None, f"The last room wall kept on this computer could not be used ({reason}); it is not shown."
        return wall, None

    def _load(self) -> Any:
        if not stat.S_ISREG(self.path.lstat().st_mode):
            raise ValueError("not a regular file")
        fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the check above
                raise ValueError("not a regular file")
            raw = f.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES // 1024} KiB")
        return json_text.loads(raw.decode("utf-8"))

    def save(self, wall: RoomWall, sequence: int) -> None:
        """Write the wall (whole, or not at all) unless a newer one was written already."""
        data = json.dumps({"format": FORMAT, "backend": self._backend, "wall": wall.model_dump(mode="json")},
                          ensure_ascii=False).encode("utf-8")
        if len(data) > MAX_BYTES:
            raise ValueError(f"the wall is larger than the {MAX_BYTES // 1024} KiB a kept wall may be")
        with self._lock:
            if sequence <= self._written:
                return
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = self.path.with_name(self.path.name + ".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
            with open(fd, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)  # never a half-written file after a power cut's restart
            self._written = sequence
