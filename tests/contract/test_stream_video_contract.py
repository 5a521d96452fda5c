"""Live feeds from the mock over loopback: real MPEG-TS, shared encoders, GOP cache, cuts."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from mock_backend.ffmpeg_tool import ffmpeg_exe
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import frame_strip
from rtcc_desktop.mock_process import MockProcess
from tests.contract.helpers import live_camera, video_pes, wait_for

ClientFor = Callable[..., BackendClient]


def encoders(mock: MockProcess) -> list[str]:
    """Command lines of the mock's running ffmpeg encoders (its child processes)."""
    found = []
    for child in Path(f"/proc/{mock.process.pid}/task").glob("*/children"):
        for pid in child.read_text().split():
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if "lavfi" in cmd:
                found.append(cmd)
    return found


def mine(mock: MockProcess, camera_id: int) -> list[str]:
    return [c for c in encoders(mock) if f"rtcc camera {camera_id} " in c]


def read_for(url: str, seconds: float) -> tuple[bytes, float]:
    """Bytes received in ``seconds`` and the time to the first byte."""
    start = time.perf_counter()
    first = -1.0
    data = bytearray()
    with requests.get(url, stream=True, timeout=5) as r:
        assert r.status_code == 200 and r.headers["content-type"] == "video/mp2t"
        for chunk in r.iter_content(8192):
            if first < 0:
                first = time.perf_counter() - start
            data += chunk
            if time.perf_counter() - start > seconds:
                break
    return bytes(data), first


def last_frame_strip(ts: bytes, width: int, height: int) -> frame_strip.StripReading | None:
    raw = subprocess.run(
        [ffmpeg_exe(), "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0", "-pix_fmt", "bgra",
         "-f", "rawvideo", "pipe:1"], input=ts, capture_output=True, check=True, timeout=30).stdout
    size = width * height * 4
    assert len(raw) >= size, "no complete frame decoded"
    last = raw[len(raw) // size * size - size:len(raw) // size * size]
    return frame_strip.read_strip(last, width, height, width * 4, int(time.time() * 1000))


@pytest.mark.parametrize(("profile", "size"), [("sub", (320, 180)), ("main", (1280, 720))])
def test_feed_is_h264_ts_carrying_its_camera_and_a_fresh_time(
        client_for: ClientFor, profile: str, size: tuple[int, int]) -> None:
    client = client_for("operator")
    cam = live_camera(client.all_cameras(), skip=4)
    grant = client.request_stream(cam.id, "2026-000401", "Carjacking suspect vehicle", profile=profile)
    ts, _ = read_for(grant.url, 2.0)
    assert ts[0] == 0x47 and all(ts[i] == 0x47 for i in range(0, len(ts) - 188, 188))
    reading = last_frame_strip(ts, *size)
    assert reading is not None and reading.camera_number == cam.id
    assert 0 <= reading.age_ms(int(time.time() * 1000)) < 5000


def test_every_frame_says_how_long_it_is(client_for: ClientFor) -> None:
    """As a camera's muxer does: a demuxer (the mock's RTSP server, libVLC) can pass a frame on
    when it is whole instead of a frame interval later, when the next one begins."""
    client = client_for("operator")
    cam = live_camera(client.all_cameras(), skip=6)
    grant = client.request_stream(cam.id, "2026-000402", "Frame lengths")
    ts, _ = read_for(grant.url, 1.5)
    frames = video_pes(ts)
    assert len(frames) >= 10
    assert all(declared == carried for declared, carried in frames), frames[:5]


def test_viewers_share_one_encoder_which_stops_after_the_last(client_for: ClientFor,
                                                              mock_backend: MockProcess) -> None:
    client = client_for("operator")
    cam = live_camera(client.all_cameras(), skip=5)
    grant = client.request_stream(cam.id, "2026-000402", "Shots fired call")
    results: list[tuple[bytes, float]] = []
    threads = [threading.Thread(target=lambda: results.append(read_for(grant.url, 2.0))) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(1.0)
    running = mine(mock_backend, cam.id)
    assert len(running) == 1, running  # three viewers, one encoder
    for t in threads:
        t.join()
    assert len(results) == 3 and all(len(data) > 10_000 for data, _ in results)
    wait_for(lambda: mine(mock_backend, cam.id), lambda v: not v, timeout=6)


def test_a_joining_viewer_gets_the_current_gop_at_once(client_for: ClientFor) -> None:
    client = client_for("operator")
    cam = live_camera(client.all_cameras(), skip=6)
    grant = client.request_stream(cam.id, "2026-000403", "Vehicle pursuit")
    holder = threading.Thread(target=read_for, args=(grant.url, 4.0))
    holder.start()
    time.sleep(1.5)  # the encoder is running and mid-GOP
    ts, first = read_for(grant.url, 0.3)
    holder.join()
    assert first < 0.25  # no waiting for the next keyframe
    packets = [ts[i:i + 188] for i in range(0, len(ts) - 187, 188)]
    pids = [((p[1] & 0x1F) << 8) | p[2] for p in packets]
    assert pids[0] == 0  # starts with the PAT, so a player can begin decoding right away
    keyframe = next(i for i, p in enumerate(packets) if (p[3] >> 4) & 2 and p[4] > 0 and p[5] & 0x40)
    assert keyframe <= 3


def test_consent_revoked_mid_stream_cuts_the_connection_within_a_second(client_for: ClientFor) -> None:
    client, trainer = client_for("operator"), client_for("trainer")
    cam = live_camera(client.all_cameras(), skip=7)
    grant = client.request_stream(cam.id, "2026-000404", "Armed robbery in progress")
    closed_at: list[float] = []

    def watch() -> None:
        with requests.get(grant.url, stream=True, timeout=10) as r:
            for _ in r.iter_content(4096):
                pass
        closed_at.append(time.perf_counter())

    reader = threading.Thread(target=watch)
    reader.start()
    time.sleep(1.0)
    revoked = time.perf_counter()
    trainer.training_consent(cam.id, "revoke")
    try:
        reader.join(timeout=5)
        assert closed_at and closed_at[0] - revoked < 1.0
    finally:
        trainer.training_consent(cam.id, "grant")


def test_offline_camera_stops_its_encoder(client_for: ClientFor, mock_backend: MockProcess) -> None:
    client, trainer = client_for("operator"), client_for("trainer")
    cam = live_camera(client.all_cameras(), skip=8)
    grant = client.request_stream(cam.id, "2026-000405", "Burglary in progress")
    reader = threading.Thread(target=read_for, args=(grant.url, 10.0))
    reader.start()
    wait_for(lambda: mine(mock_backend, cam.id), bool, timeout=5)
    trainer.training_set_status(cam.id, "offline")
    try:
        reader.join(timeout=5)
        assert not reader.is_alive()
        wait_for(lambda: mine(mock_backend, cam.id), lambda v: not v, timeout=2)
    finally:
        trainer.training_set_status(cam.id, "online")


def test_start_keyframe_sends_tables_then_begins_at_a_keyframe(client_for: ClientFor) -> None:
    """What the mock's RTSP server asks for, as a camera starts a session: no GOP burst."""
    from mock_backend.stream_hub import TS_PACKET, _pid, _random_access

    client = client_for("operator")
    cam = live_camera(client.all_cameras(), skip=5)
    grant = client.request_stream(cam.id, "2026-000206", "Start at a keyframe")
    with requests.get(grant.url + "?start=keyframe", stream=True, timeout=10) as r:
        assert r.status_code == 200
        data = b""
        for chunk in r.iter_content(TS_PACKET * 64):
            data += chunk
            if len(data) >= TS_PACKET * 64:
                break
    packets = [data[i:i + TS_PACKET] for i in range(0, len(data) - TS_PACKET + 1, TS_PACKET)]
    assert all(p[0] == 0x47 for p in packets)
    pat = next(p for p in packets if _pid(p) == 0)
    tables = {0, 0x11, ((pat[15] & 0x1F) << 8) | pat[16]}  # PAT, SDT, and the PMT the PAT names
    assert _pid(packets[0]) in tables  # the tables come first
    first_media = next(p for p in packets if _pid(p) not in tables)
    assert _random_access(first_media), "the first picture data is not a keyframe"
