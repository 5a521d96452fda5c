"""A backend that refuses to resume the event stream (issue #21): the reader starts afresh, and
the camera directory, which may have missed camera changes meanwhile, is fetched again."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator

import pytest

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import API_PREFIX, Info
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.session import Session
from tests.security.scripted_http import Raw, Scripted, json_reply, scripted_server
from tests.security.test_event_stream_hostile import EVENTS, SSE, event, held_open
from ui.cameras.camera_hub import CameraHub
from ui.event_bridge import EventBridge

CAMERAS = f"{API_PREFIX}/cameras"


@pytest.fixture
def server() -> Iterator[Scripted]:
    with scripted_server() as s:
        yield s


def test_a_refused_resume_reloads_the_cameras(qtbot, server: Scripted) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    served = itertools.count()

    def events() -> Raw:
        n = next(served)
        if n == 0:
            return Raw(200, event(7), SSE)  # one event, then the connection ends
        if n == 1:  # the resume from id 7
            return json_reply({"error": {"code": "validation_error", "message": "unknown event id"}}, 422)
        return Raw(200, itertools.chain([event(8)], held_open(release)), SSE, length=False)

    server.on("GET", EVENTS, events)
    server.on("GET", CAMERAS, json_reply({"items": [], "next_cursor": None, "total": 0}))
    client = BackendClient(server.url)
    info = Info(name="scripted", version="1", environment="training")
    session = Session(client=client, profile=BackendProfile(name="s", url=server.url), info=info,
                      username="op", role="operator")
    bridge = EventBridge(client)
    hub = CameraHub(session)
    hub.reload_on_resync(bridge)
    try:
        with qtbot.waitSignal(hub.loaded, timeout=8000):
            bridge.start()
    finally:
        release.set()
        bridge.stop()
    assert len(server.hits_for(CAMERAS)) == 1
    assert [h.headers.get("Last-Event-ID") for h in server.hits_for(EVENTS)][:3] == [None, "7", None]
