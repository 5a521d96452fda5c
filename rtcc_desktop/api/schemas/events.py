"""Server-Sent Events on ``GET /events``.

Each SSE message has ``id`` (a growing integer), ``event`` (one of EVENT_TYPES)
and ``data`` (JSON). Reconnect with ``Last-Event-ID`` to get what was missed.
"""

from __future__ import annotations

from typing import Any

from rtcc_desktop.api.schemas.common import Model

EVENT_TYPES = (
    "camera.updated",
    "consent.changed",
    "request.updated",
    "escalation.created",
    "escalation.decided",
    "incident.created",
    "incident.updated",
    "incident.closed",
    "alarm.raised",
    "alarm.ended",
    "alarm.acknowledged",
    "scenario.changed",
    "room_wall.updated",
)


class ServerEvent(Model):
    id: int
    type: str
    data: dict[str, Any]
