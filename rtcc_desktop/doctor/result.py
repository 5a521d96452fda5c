"""One doctor finding and how it prints."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from rtcc_desktop.terminal_text import inert

Level = Literal["OK", "WARN", "FAIL"]


@dataclass(frozen=True)
class Finding:
    name: str
    level: Level
    detail: str
    fix: str = ""

    def line(self) -> str:
        """The finding as the terminal shows it: a backend's or a camera's words in it are inert."""
        text = f"{self.level:<4} {self.name}: {self.detail}"
        return inert(f"{text} — fix: {self.fix}" if self.fix and self.level != "OK" else text)

    def as_dict(self) -> dict[str, str]:
        return asdict(self)
