"""The alarms running now, kept current from the event stream.

An alarm on an alarm-only camera opens it to live viewing for a limited time;
the wall, the map and the alarm bar all read this one board.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import ValidationError

from rtcc_desktop.api.schemas import Alarm, ServerEvent

ALARM_EVENTS = ("alarm.raised", "alarm.ended", "alarm.acknowledged")


class AlarmBoard:
    def __init__(self, alarms: Iterable[Alarm] = ()) -> None:
        self._alarms: dict[int, Alarm] = {a.id: a for a in alarms}

    def replace_all(self, alarms: Iterable[Alarm]) -> None:
        self._alarms = {a.id: a for a in alarms if a.ended_at is None}

    def apply(self, event: ServerEvent) -> tuple[str, Alarm] | None:
        """What an alarm event changed: ("raised" | "ended" | "acknowledged", alarm), or None
        for other events and for malformed data (a bad event must not break the wall)."""
        if event.type not in ALARM_EVENTS:
            return None
        try:
            alarm = Alarm.model_validate(event.data)
        except ValidationError:
            return None
        kind = event.type.split(".", 1)[1]
        if kind == "ended" or alarm.ended_at is not None:
            known = self._alarms.pop(alarm.id, None)
            return ("ended", alarm) if known is not None or kind == "ended" else None
        if kind == "raised" and alarm.id in self._alarms:
            kind = "extended"  # the same alarm again, running longer
        self.put(alarm)
        return kind, alarm

    def put(self, alarm: Alarm) -> None:
        """The latest state of one alarm (an event, or the answer to an acknowledgement)."""
        if alarm.ended_at is None:
            self._alarms[alarm.id] = alarm
        else:
            self._alarms.pop(alarm.id, None)

    def get(self, alarm_id: int) -> Alarm | None:
        return self._alarms.get(alarm_id)

    def active(self, now: datetime) -> list[Alarm]:
        return sorted((a for a in self._alarms.values() if a.is_active(now)), key=lambda a: a.started_at)

    def for_camera(self, camera_id: int, now: datetime) -> Alarm | None:
        return next((a for a in self.active(now) if a.camera_id == camera_id), None)

    def camera_ids(self, now: datetime) -> list[int]:
        return sorted({a.camera_id for a in self.active(now)})
