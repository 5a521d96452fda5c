"""What one wall tile is given to show: a camera, why it is viewed, and an alarm's end."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

ALARM_OVER = "Alarm over — the owner's alarm-time sharing has ended"


@dataclass(frozen=True)
class ViewingPurpose:
    """Why live video is opened: recorded with every grant the wall asks for."""

    case_number: str
    purpose: str


@dataclass(frozen=True)
class TileAssignment:
    camera_id: int
    purpose: ViewingPurpose
    alarm_until: datetime | None = None  # an alarm view: when the owner's alarm-time consent lapses
    ended: str = ""  # the wall ended this view (its alarm is over): why; the camera stays named on the tile

    @property
    def is_alarm_view(self) -> bool:
        return self.alarm_until is not None

    @property
    def live(self) -> bool:
        """The tile should be pulling video (unless the wall is locked)."""
        return not self.ended
