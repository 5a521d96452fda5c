"""A tour: a list of cameras cycled through one tile, every N seconds."""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_DWELL_S = 3


@dataclass
class Tour:
    camera_ids: list[int]
    dwell_s: int = 10
    _position: int = field(default=-1, repr=False)

    def __post_init__(self) -> None:
        if not self.camera_ids:
            raise ValueError("A tour needs at least one camera.")
        if self.dwell_s < MIN_DWELL_S:
            raise ValueError(f"A tour shows each camera for at least {MIN_DWELL_S} s.")

    def next_camera(self, skip: frozenset[int] = frozenset()) -> int | None:
        """The next camera, skipping those that cannot be shown now (None if none can)."""
        for _ in range(len(self.camera_ids)):
            self._position = (self._position + 1) % len(self.camera_ids)
            candidate = self.camera_ids[self._position]
            if candidate not in skip:
                return candidate
        return None
