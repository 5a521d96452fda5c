"""Everything the mock can be told at start-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass
class MockSettings:
    host: str = "127.0.0.1"
    port: int = 8765
    cameras: int = 2000
    seed: int = 7
    environment: Literal["production", "training"] = "training"
    # None = in-memory database (``--ephemeral``).
    db_path: Path | None = None
    data_dir: Path = field(default_factory=lambda: Path("/tmp/rtcc-mock"))
    stream_protocol: Literal["http-ts", "rtsp", "hls"] = "http-ts"  # what stream grants point at
    access_ttl_s: float = 15 * 60
    refresh_ttl_s: float = 8 * 3600
    grant_ttl_s: float = 5 * 60
    lockout_after: int = 5
    lockout_s: float = 5 * 60
    # Owner-response simulator: seconds until owners answer, share who approve.
    owner_delay_s: float = 20.0
    owner_approve_ratio: float = 0.7
    owner_deadline_s: float = 72 * 3600
    exigent_minutes: int = 30
    max_body_bytes: int = 64 * 1024
    # Extra accounts "name:password:role" (production mode has no demo accounts).
    users: list[str] = field(default_factory=list)
    sim_interval_s: float = 0.2
    scenario: Path | None = None  # a drill to load and start at once (--scenario)
