"""Alarms on ``alarm_only`` cameras: while one is active, the camera may be viewed live."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from rtcc_desktop.api.schemas.common import AwareDatetime, InputModel, Model

DEFAULT_ALARM_MINUTES = 15.0


class Alarm(Model):
    id: int
    camera_id: int
    started_at: AwareDatetime
    ends_at: AwareDatetime = Field(description="When the owner's alarm-time consent lapses")
    ended_at: AwareDatetime | None = Field(default=None, description="Set once the alarm is over")
    acknowledged_by: str | None = None
    acknowledged_at: AwareDatetime | None = None

    def is_active(self, now: datetime) -> bool:
        return self.ended_at is None and self.started_at <= now < self.ends_at


class AlarmList(Model):
    items: list[Alarm]


class AlarmRaise(InputModel):
    # Fractions are allowed so drills and tests can run a short alarm.
    minutes: float = Field(default=DEFAULT_ALARM_MINUTES, gt=0, le=24 * 60,
                           description="How long the camera stays viewable (default 15)")
