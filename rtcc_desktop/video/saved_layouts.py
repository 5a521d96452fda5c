"""Named wall layouts with their cameras, saved in the user's config dir."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from rtcc_desktop.video.wall_layouts import LAYOUTS


@dataclass(frozen=True)
class SavedWall:
    name: str
    layout: str
    cameras: list[int | None]  # one entry per tile; None = empty tile


class SavedWalls:
    def __init__(self, path: Path) -> None:
        self.path = path

    def load(self) -> dict[str, SavedWall]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        walls: dict[str, SavedWall] = {}
        for item in raw if isinstance(raw, list) else []:
            try:
                wall = SavedWall(str(item["name"]), str(item["layout"]),
                                 [None if c is None else int(c) for c in item["cameras"]])
            except (KeyError, TypeError, ValueError):
                continue  # one damaged entry must not lose the others
            if wall.layout in LAYOUTS:
                walls[wall.name] = wall
        return walls

    def save(self, wall: SavedWall) -> None:
        walls = self.load()
        walls[wall.name] = wall
        self._write(walls)

    def delete(self, name: str) -> None:
        walls = self.load()
        walls.pop(name, None)
        self._write(walls)

    def _write(self, walls: dict[str, SavedWall]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps([asdict(w) for w in walls.values()], indent=1), encoding="utf-8")
        os.replace(tmp, self.path)  # never a half-written file after a crash
