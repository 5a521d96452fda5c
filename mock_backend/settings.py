"""Everything the mock can be told at start-up."""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import platformdirs

ROLES = ("operator", "supervisor", "trainer", "wall_device")


def user_data_root() -> Path:
    """The mock's place in the user's data dir (beside the desktop app's)."""
    return Path(platformdirs.user_data_dir("rtcc-desktop"))


def private_dir(path: Path, ours: bool = True) -> Path:
    """``path`` with mode 0700, created if missing: footage, feeds and packaged video are for this
    user only. One of the mock's own default folders (``ours``) is made 0700 even if it exists;
    an existing folder the user named is left as it is."""
    created = not path.exists()
    path.mkdir(parents=True, exist_ok=True)
    if created or ours:
        os.chmod(path, 0o700)  # after mkdir, whose mode would pass through the umask
    return path


def default_data_dir() -> Path:
    return private_dir(user_data_root() / "mock-data")


def parse_user(spec: str) -> tuple[str, str, str]:
    """``NAME:PASSWORD:ROLE`` (the password may hold colons); ValueError says what is wrong."""
    name, _, rest = spec.strip().partition(":")
    password, _, role = rest.rpartition(":")
    if not name or not password or role not in ROLES:
        raise ValueError(f"expected NAME:PASSWORD:{'|'.join(ROLES)}, got {spec.split(':', 1)[0]!r}:…")
    return name, password, role


def parse_users(text: str) -> list[tuple[str, str, str]]:
    """Accounts from a users file or ``RTCC_MOCK_USERS``: one NAME:PASSWORD:ROLE a line; blank
    lines and ``#`` comments are skipped. ValueError names the bad line."""
    users = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                users.append(parse_user(line))
            except ValueError as exc:
                raise ValueError(f"line {number}: {exc}") from None
    return users


@dataclass
class MockSettings:
    host: str = "127.0.0.1"
    port: int = 8765
    cameras: int = 2000
    seed: int = 7
    environment: Literal["production", "training"] = "training"
    # None = in-memory database (``--ephemeral``).
    db_path: Path | None = None
    data_dir: Path = field(default_factory=default_data_dir)
    discard_data_dir: bool = False  # a folder of this run only (--ephemeral): removed when the mock stops
    stream_protocol: Literal["http-ts", "rtsp", "hls"] = "http-ts"  # what stream grants point at
    # Served over TLS with this certificate and key (a deployment with an agency CA, rehearsed).
    tls_cert: Path | None = None
    tls_key: Path | None = None
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
    # Extra accounts (name, password, role); production mode has no demo accounts.
    users: list[tuple[str, str, str]] = field(default_factory=list)
    sim_interval_s: float = 0.2
    scenario: Path | None = None  # a drill to load and start at once (--scenario)
    cad_rate_per_hour: float = 6.0  # the simulated dispatch feed (dispatch_feed.py); 0: none

    def own_tls(self) -> ssl.SSLContext | None:
        """How the mock's own helpers (the HLS packager's feed pumps) reach it when it serves TLS:
        over its own loopback socket, where its certificate (made for whatever name the rehearsal
        uses) need not name the address. None for plain HTTP."""
        if self.tls_cert is None:
            return None
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the mock talking to itself on loopback
        return context

