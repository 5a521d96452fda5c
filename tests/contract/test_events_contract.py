"""Server-Sent Events: live changes arrive, and a dropped connection loses nothing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.event_stream import EventStream
from rtcc_desktop.api.schemas import ServerEvent

ClientFor = Callable[..., BackendClient]


class Collector:
    def __init__(self) -> None:
        self.events: list[ServerEvent] = []
        self.states: list[str] = []
        self.lock = threading.Lock()

    def on_event(self, event: ServerEvent) -> None:
        with self.lock:
            self.events.append(event)

    def wait(self, n: int, timeout: float = 10.0) -> list[ServerEvent]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.events) >= n:
                    return list(self.events)
            time.sleep(0.02)
        raise AssertionError(f"expected {n} events, got {len(self.events)}: {self.events}")


def test_changes_arrive_live_and_resume_after_a_drop_loses_nothing(client_for: ClientFor) -> None:
    op, trainer = client_for("operator"), client_for("trainer")
    got = Collector()
    stream = EventStream(op, on_event=got.on_event, on_state=got.states.append)
    stream.start()
    try:
        deadline = time.monotonic() + 10
        while "connected" not in got.states and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "connected" in got.states
        trainer.training_set_status(40, "offline")
        first = got.wait(1)
        assert first[0].type == "camera.updated" and first[0].data["id"] == 40
        stream.stop()  # the connection drops...
        for label in ("drop-1", "drop-2", "drop-3"):
            trainer.training_set_label(41, label)  # ...while these happen
        consent_cam = next(c for c in op.all_cameras() if c.sharing.value == "live")
        trainer.training_consent(consent_cam.id, "revoke")
        stream.start()  # resumes from the last id it saw
        events = got.wait(1 + 3 + 2)
    finally:
        stream.stop()
        trainer.training_set_status(40, "online")
    ids = [e.id for e in events]
    assert ids == sorted(set(ids)), "no duplicates, in order"
    assert ids == list(range(ids[0], ids[0] + len(ids))), f"no gaps: {ids}"
    labels = [e.data["label"] for e in events if e.type == "camera.updated" and e.data["id"] == 41]
    assert labels == ["drop-1", "drop-2", "drop-3"]
    assert any(e.type == "consent.changed" and e.data["camera_id"] == consent_cam.id for e in events)
