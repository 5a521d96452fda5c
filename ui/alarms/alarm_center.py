"""Alarms for this window: the board, kept current from events, and acknowledging them."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QObject, Signal

from rtcc_desktop.api.schemas import Alarm, AlarmList, ServerEvent
from rtcc_desktop.domain.alarm_board import AlarmBoard
from rtcc_desktop.session import Session
from ui.background import run_in_background


class AlarmCenter(QObject):
    raised = Signal(object)  # Alarm: a new one
    ended = Signal(object)  # Alarm
    changed = Signal()  # anything the bar or the map shows
    error = Signal(object)  # exception

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.board = AlarmBoard()

    def reload(self) -> None:
        """What is running now (at sign-in, and after the event stream reconnects)."""
        run_in_background(self.session.client.list_alarms, self._loaded, self.error.emit, owner=self)

    def _loaded(self, alarms: AlarmList) -> None:
        known = {a.id for a in self.board.active(datetime.now(UTC))}
        self.board.replace_all(alarms.items)
        self.changed.emit()
        for alarm in self.board.active(datetime.now(UTC)):
            if alarm.id not in known and alarm.acknowledged_by is None:
                self.raised.emit(alarm)  # raised while we were not listening

    def on_event(self, event: ServerEvent) -> None:
        change = self.board.apply(event)
        if change is None:
            return
        kind, alarm = change
        if kind == "raised":
            self.raised.emit(alarm)
        elif kind == "ended":
            self.ended.emit(alarm)
        self.changed.emit()

    def active(self) -> list[Alarm]:
        return self.board.active(datetime.now(UTC))

    def acknowledge(self, alarm_id: int) -> None:
        """Audited by the backend: who saw the alarm, and when."""
        client = self.session.client

        def done(alarm: Alarm) -> None:
            self.board.put(alarm)
            self.changed.emit()

        run_in_background(lambda: client.acknowledge_alarm(alarm_id), done, self.error.emit, owner=self)
