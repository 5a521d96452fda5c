"""The mock's HLS packager: a packager whose source cannot be read ends the playlist wait."""

from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path

from mock_backend.hls_packager import HlsPackager


def test_a_packager_that_cannot_read_its_feed_ends_the_wait(tmp_path: Path) -> None:
    free = socket.create_server(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    packager = HlsPackager(tmp_path)
    started = time.monotonic()
    try:
        assert asyncio.run(packager.playlist("token", "sub", f"http://127.0.0.1:{port}/feed.ts")) is None
        assert time.monotonic() - started < 4  # ffmpeg gives up at once; the wait was 6 s
    finally:
        packager.close()
    assert not (tmp_path / "token" / "sub").exists()
