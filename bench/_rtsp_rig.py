"""A mock on this machine with the mock's RTSP server in front of it, signed in: what the
camera-source benches share."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from bench.wall_bench import live_cameras
from mock_backend.rtsp_service import RtspService
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session


@dataclass(frozen=True)
class RtspRig:
    client: BackendClient
    rtsp_base: str  # rtsp://127.0.0.1:<port>
    cameras: list[int]  # live-shared and online


@contextmanager
def mock_with_rtsp(cameras: int) -> Iterator[RtspRig]:
    mock = MockProcess(args=["--ephemeral", "--cameras", str(cameras), "--data-dir", tempfile.mkdtemp(),
                             "--grant-ttl", "3600"])
    mock.start()
    rtsp = RtspService()
    try:
        rtsp_base = rtsp.start(mock.url)
        client = open_session(BackendProfile("bench", mock.url), "operator", "demo").client
        yield RtspRig(client, rtsp_base, [c.id for c in live_cameras(client)])
    finally:
        rtsp.stop()
        mock.stop()
