"""Brings the backend's event stream (a core reader on its own thread) onto the UI thread."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.event_stream import EventStream
from rtcc_desktop.api.schemas import ServerEvent


class EventBridge(QObject):
    # Signals emitted from the reader thread are queued into this object's (UI) thread.
    event = Signal(object)  # ServerEvent
    state = Signal(str)  # connecting / connected / reconnecting / offline
    problem = Signal(str)
    resync = Signal()  # the backend would not resume: events may be missed, reload what is shown

    def __init__(self, client: BackendClient, parent: QObject | None = None):
        super().__init__(parent)
        self.connection_state = "connecting"  # the latest state (read by tests and late joiners)
        self._stream = EventStream(client, on_event=self._on_event, on_state=self._on_state,
                                   on_error=self.problem.emit, on_resync=self.resync.emit)

    def _on_state(self, state: str) -> None:
        self.connection_state = state
        self.state.emit(state)

    def _on_event(self, event: ServerEvent) -> None:
        self.event.emit(event)

    def start(self) -> None:
        self._stream.start()

    def stop(self) -> None:
        self._stream.stop()
