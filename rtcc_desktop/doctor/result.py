"""One doctor finding and how it prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Level = Literal["OK", "WARN", "FAIL"]


@dataclass(frozen=True)
class Finding:
    name: str
    level: Level
    detail: str
    fix: str = ""

    def line(self) -> str:
        text = f"{self.level:<4} {self.name}: {self.detail}"
        return f"{text} — fix: {self.fix}" if self.fix and self.level != "OK" else text

    def as_dict(self) -> dict[str, str]:
        return asdict(self)
