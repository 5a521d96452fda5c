"""The mock's shared state, hung on ``app.state.mock``."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from mock_backend.db import Database
from mock_backend.event_bus import EventBus
from mock_backend.hls_packager import HlsPackager
from mock_backend.rtsp_service import RtspService
from mock_backend.scenario_runner import ScenarioRunner
from mock_backend.settings import MockSettings
from mock_backend.stream_hub import StreamHub


@dataclass
class MockState:
    settings: MockSettings
    db: Database
    bus: EventBus
    streams: StreamHub
    hls: HlsPackager  # every grant's feed as HLS too, started on demand
    rtsp_base: str = ""  # rtsp://host:port of the mock's RTSP server, once it runs
    http_base: str = ""  # http://host:port the mock answers on (set once it listens)
    rtsp: RtspService = field(default_factory=RtspService)
    # Per-camera protocol, set by a drill's protocol step; others follow --stream-protocol.
    camera_protocols: dict[int, str] = field(default_factory=dict)
    scenarios: ScenarioRunner = field(init=False)  # the drill being run (training backends)

    def __post_init__(self) -> None:
        self.scenarios = ScenarioRunner(self)

    def start_rtsp(self) -> str:
        """The RTSP server in front of this mock, started on first need (call on a long-lived
        thread: PR_SET_PDEATHSIG follows the forking thread). Raises when it cannot start."""
        if not self.rtsp_base and self.http_base:
            self.rtsp_base = self.rtsp.start(self.http_base)
        return self.rtsp_base


def get_state(request: Request) -> MockState:
    state: MockState = request.app.state.mock
    return state
