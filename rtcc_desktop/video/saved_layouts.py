"""Named walls (layout, cameras, tours), saved in the user's config dir.

Saving never loses a wall it could not read: an entry this version cannot read (damaged,
or a layout it does not know) is written back as it was, and a file that is not a list of
walls at all is moved aside, not overwritten.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rtcc_desktop.video.wall_layouts import LAYOUTS


@dataclass(frozen=True)
class SavedTour:
    tile: int
    camera_ids: tuple[int, ...]
    dwell_s: int


@dataclass(frozen=True)
class SavedWall:
    name: str
    layout: str
    cameras: list[int | None]  # one entry per tile; None = empty tile
    tours: tuple[SavedTour, ...] = ()

    def to_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {"name": self.name, "layout": self.layout, "cameras": list(self.cameras)}
        if self.tours:
            item["tours"] = [{"tile": t.tile, "camera_ids": list(t.camera_ids), "dwell_s": t.dwell_s}
                             for t in self.tours]
        return item


def wall_from(item: Any) -> SavedWall:
    """One saved wall from its JSON; ValueError saying what is wrong."""
    try:
        wall = SavedWall(str(item["name"]), str(item["layout"]),
                         [None if c is None else int(c) for c in item["cameras"]],
                         tuple(SavedTour(int(t["tile"]), tuple(int(c) for c in t["camera_ids"]), int(t["dwell_s"]))
                               for t in item.get("tours", ())))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"not a saved wall ({type(exc).__name__}: {exc})") from None
    if wall.layout not in LAYOUTS:
        raise ValueError(f"wall '{wall.name}' has a layout this version does not know ({wall.layout})")
    return wall


@dataclass
class WallsFile:
    """What the file holds: the walls read, the entries kept as they were, and what was wrong."""

    walls: dict[str, SavedWall] = field(default_factory=dict)
    unreadable: list[Any] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    whole_file_damaged: bool = False  # not a list of walls: saving moves it aside
    error: OSError | None = None  # could not be read at all: saving must not write over it


class SavedWalls:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, SavedWall]:
        return self.read().walls

    def read(self) -> WallsFile:
        found = WallsFile()
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return found
        except OSError as exc:
            found.problems.append(f"{self.path.name} could not be read: {exc.strerror or exc}")
            found.error = exc
            return found
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raw = exc
        if not isinstance(raw, list):
            found.problems.append(f"{self.path.name} is not a list of saved walls"
                                  + (f" ({raw})" if isinstance(raw, ValueError) else ""))
            found.whole_file_damaged = True
            return found
        for n, item in enumerate(raw, start=1):
            try:
                wall = wall_from(item)
            except ValueError as exc:  # one damaged entry must not lose the others
                found.unreadable.append(item)
                found.problems.append(f"{self.path.name}, entry {n}: {exc}; it is kept in the file")
                continue
            found.walls[wall.name] = wall
        return found

    def save(self, wall: SavedWall) -> list[str]:
        """Add or replace a wall; what was wrong with the file, in words (nothing is lost).
        OSError when the file cannot be read or written."""
        return self._write(wall.name, wall)

    def delete(self, name: str) -> list[str]:
        return self._write(name, None)

    def _write(self, name: str, wall: SavedWall | None) -> list[str]:
        found = self.read()
        if found.error is not None:
            raise found.error
        problems = list(found.problems)
        if found.whole_file_damaged and self.path.exists():
            aside = self.path.with_name(f"{self.path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S%f}")
            os.replace(self.path, aside)
            problems.append(f"the damaged file is kept as {aside.name}")
        walls = {k: v for k, v in found.walls.items() if k != name}
        if wall is not None:
            walls[name] = wall
        kept = [item for item in found.unreadable if not (isinstance(item, dict) and item.get("name") == name)]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps([w.to_json() for w in walls.values()] + kept, indent=1), encoding="utf-8")
        os.replace(tmp, self.path)  # never a half-written file after a crash
        return problems
