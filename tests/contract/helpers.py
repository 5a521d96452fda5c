"""Small helpers for contract tests: pick cameras, build requests, wait for states."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from rtcc_desktop.api.schemas import Camera, FootageRequestCreate, haversine_m

T = TypeVar("T")


def wait_for(fetch: Callable[[], T], done: Callable[[T], bool], timeout: float = 15.0, every: float = 0.1) -> T:
    deadline = time.monotonic() + timeout
    value = fetch()
    while not done(value):
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not reached within {timeout} s; last value: {value!r}")
        time.sleep(every)
        value = fetch()
    return value


def nearest(cameras: Sequence[Camera], origin: Camera, n: int, within_m: float = 1e9) -> list[Camera]:
    def dist(c: Camera) -> float:
        return haversine_m(origin.lat, origin.lon, c.lat, c.lon)

    return [c for c in sorted(cameras, key=dist)[:n] if dist(c) <= within_m]


def densest(cameras: Sequence[Camera], radius_m: float = 750) -> Camera:
    """The camera with the most neighbours within ``radius_m`` (a busy block)."""
    return max(cameras[:150], key=lambda o: len(nearest(cameras, o, 25, radius_m)))


def request_body(
    cameras: Sequence[Camera],
    at: Camera,
    *,
    case: str = "2026-000101",
    window: timedelta = timedelta(hours=1),
    justification: str | None = None,
) -> FootageRequestCreate:
    now = datetime.now(UTC)
    return FootageRequestCreate(
        case_number=case,
        incident_lat=at.lat,
        incident_lon=at.lon,
        incident_at=now - timedelta(minutes=30),
        window_start=now - window,
        window_end=now,
        camera_ids=[c.id for c in cameras],
        reason="Armed robbery at a corner store; suspect fled on foot",
        justification=justification,
    )


def live_camera(cameras: Sequence[Camera], skip: int = 0) -> Camera:
    now = datetime.now(UTC)
    live = [c for c in cameras if c.has_live_consent(now) and c.status.value == "online"]
    return live[skip]


def video_pes(ts: bytes) -> list[tuple[int, int]]:
    """(declared length, bytes actually carried) of each whole video PES in an MPEG-TS capture.

    A declared length of 0 means "unbounded": a demuxer then learns that the frame ended only
    when the next PES begins, a frame interval later."""
    found: list[tuple[int, int]] = []
    current: list[int] | None = None
    for off in range(0, len(ts) - 187, 188):
        packet = ts[off:off + 188]
        if packet[0] != 0x47 or not packet[3] & 0x10:  # lost sync, or no payload
            continue
        start = 5 + packet[4] if packet[3] & 0x20 else 4
        payload = packet[start:]
        if packet[1] & 0x40:  # a PES (or table) starts here
            if payload[:3] == b"\x00\x00\x01" and 0xE0 <= payload[3] <= 0xEF:
                if current is not None:
                    found.append((current[0], current[1]))
                declared = int.from_bytes(payload[4:6], "big")
                current = [declared, len(payload) - 6, ((packet[1] & 0x1F) << 8) | packet[2]]
            continue
        if current is not None and ((packet[1] & 0x1F) << 8) | packet[2] == current[2]:
            current[1] += len(payload)
    return found


def pcr_of(packet: bytes) -> int | None:
    """The 90 kHz base of a TS packet's PCR, if its adaptation field carries one."""
    if packet[3] & 0x20 and packet[4] >= 7 and packet[5] & 0x10:
        return int.from_bytes(packet[6:12], "big") >> 15
    return None


def pts_leads_ms(ts: bytes) -> list[float]:
    """For each video PES in an MPEG-TS capture, how far (ms) its PTS runs ahead of the last
    clock reference (PCR) sent before it: a player holds each frame that long."""
    leads: list[float] = []
    pcr: int | None = None
    for off in range(0, len(ts) - 187, 188):
        packet = ts[off:off + 188]
        if packet[0] != 0x47:
            continue
        if (found := pcr_of(packet)) is not None:
            pcr = found
        payload = packet[5 + packet[4] if packet[3] & 0x20 else 4:]
        if (packet[1] & 0x40 and payload[:3] == b"\x00\x00\x01" and 0xE0 <= payload[3] <= 0xEF
                and payload[7] & 0x80 and pcr is not None):
            q = payload[9:14]
            pts = ((q[0] >> 1) & 7) << 30 | q[1] << 22 | (q[2] >> 1) << 15 | q[3] << 7 | q[4] >> 1
            leads.append((pts - pcr) / 90)
    return leads
