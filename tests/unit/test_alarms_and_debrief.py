"""The alarm board and the debrief against bad input: malformed events, hostile text."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from rtcc_desktop.api.schemas import AuditEvent, ServerEvent
from rtcc_desktop.domain.alarm_board import AlarmBoard
from rtcc_desktop.training.debrief import build_debrief, debrief_html

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def alarm(alarm_id: int = 1, camera_id: int = 7, ended: bool = False) -> dict[str, object]:
    return {"id": alarm_id, "camera_id": camera_id, "started_at": NOW.isoformat(),
            "ends_at": (NOW + timedelta(minutes=15)).isoformat(),
            "ended_at": (NOW + timedelta(minutes=1)).isoformat() if ended else None}


def event(type_: str, data: dict[str, object]) -> ServerEvent:
    return ServerEvent(id=1, type=type_, data=data)


def test_the_board_follows_raise_extend_end_and_ignores_bad_events() -> None:
    board = AlarmBoard()
    at = NOW + timedelta(minutes=2)
    assert board.apply(event("alarm.raised", alarm())) is not None
    assert board.apply(event("alarm.raised", alarm()))[0] == "extended"  # type: ignore[index]
    assert board.camera_ids(at) == [7]
    for bad in ({"id": "x"}, {}, {"id": 2, "camera_id": 7, "started_at": "yesterday", "ends_at": None}):
        assert board.apply(event("alarm.raised", bad)) is None  # malformed: no crash, nothing changes
    assert board.apply(event("camera.updated", alarm(3))) is None
    assert board.camera_ids(at) == [7]
    kind, ended = board.apply(event("alarm.ended", alarm(ended=True)))  # type: ignore[misc]
    assert kind == "ended" and ended.id == 1 and board.camera_ids(at) == []


def test_the_debrief_page_escapes_every_hostile_value() -> None:
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>'
    events = [
        AuditEvent(id=1, at=NOW, actor=hostile, role="operator", action="request.create", outcome="success",
                   case_number=hostile, target="request:5", detail={"cameras": 2, "over_limit": [hostile]}),
        AuditEvent(id=2, at=NOW, actor="trainer", role="trainer", action="training.incident", outcome="success",
                   target="incident:1", detail={"kind": hostile, "lat": 43.0, "lon": -87.9}),
    ]
    debrief = build_debrief(events, lambda _id: None, title=hostile, started_at=NOW - timedelta(minutes=1), now=NOW)
    page = debrief_html(debrief)
    assert "<script" not in page and "<img" not in page and "&lt;script&gt;" in page
    assert debrief.requests[0].over_limit == (hostile,) and not debrief.requests[0].within_limits
