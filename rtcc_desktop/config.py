"""Settings and paths: backend profiles, last sign-in, lock timeout, notice text.

Stored as JSON in the user config dir (platformdirs), or in ``$RTCC_CONFIG_DIR``
(tests and the bundle use that). Secrets never go here, nor anywhere on disk:
tokens live in memory for the session only.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import platformdirs

from rtcc_desktop.api.errors import RefusedAddress

log = logging.getLogger(__name__)
APP_NAME = "rtcc-desktop"

DEFAULT_NOTICE = (
    "You are accessing a law-enforcement information system. Use is restricted to authorized "
    "personnel for criminal investigations. All activity, including every live view and footage "
    "request, is logged and audited. Community camera footage is shared voluntarily by its owners "
    "and may be used only for criminal investigations."
)


def config_dir() -> Path:
    override = os.environ.get("RTCC_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def data_dir() -> Path:
    override = os.environ.get("RTCC_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def is_loopback_host(host: str | None) -> bool:
    """127.0.0.0/8, ::1 or ``localhost``: traffic that never leaves this computer.

    ``localhost.`` (the fully qualified form) is not: the system resolver need not answer it
    from the hosts file, and then asks the network's DNS, which may name any machine."""
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def split_address(url: str) -> SplitResult:
    """``urlsplit(url)``, or ValueError when the connection would go to another host than it names.

    urlsplit ends the host part only at ``/ ? #``; requests (urllib3) and browsers end it at a
    backslash too, so in ``https://evil.example\\@backend/`` urlsplit reads the host as
    ``backend`` while requests connects to ``evil.example``. Every check of where a URL leads
    (the backend's, a footage link's origin) reads it through here."""
    parts = urlsplit(url)
    if "\\" in parts.netloc:
        raise ValueError("a backslash in its host part: the connection would go to another host than it names")
    return parts


def check_backend_url(url: str) -> str:
    """The backend URL, or ``RefusedAddress`` in words before any connection is made.

    Sign-in sends a password and every call a bearer token, so anything but this computer
    (the training mock, tests) needs https://. ``BackendClient`` calls this, so the sign-in
    dialog, ``--backend``, the doctor and saved profiles all get the same rule."""
    text = url.strip()
    try:
        parts = split_address(text)
    except ValueError as exc:  # also urlsplit's own, e.g. an unclosed "[::1"
        raise RefusedAddress(f"The backend URL {text!r} cannot be read ({exc}).") from None
    try:
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        raise RefusedAddress(f"The backend URL {text!r} has a port that is not a number.") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise RefusedAddress("Enter the backend URL, starting with https:// "
                             "(or http:// for a mock backend on this computer).")
    if parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname):
        where = parts.netloc.rpartition("@")[2] + parts.path  # without any user:password@
        raise RefusedAddress(
            f"Plain http:// is allowed only for a backend on this computer (127.0.0.1, ::1, localhost). "
            f"Use https://{where}: over http:// your password and session would "
            "cross the network unencrypted.")
    return text


@dataclass
class BackendProfile:
    name: str
    url: str
    ca_bundle: str | None = None
    # Cameras (ids on this backend) that may be sent their RTSP password in clear text (Basic over
    # plain rtsp://): IT's decision, per camera, for old cameras that offer neither Digest nor TLS.
    cleartext_basic_cameras: list[int] = field(default_factory=list)


@dataclass
class AppSettings:
    profiles: list[BackendProfile] = field(
        default_factory=lambda: [BackendProfile("Local mock backend", "http://127.0.0.1:8765")]
    )
    last_profile: str = "Local mock backend"
    last_username: str = ""
    # CJIS Security Policy: lock after at most 30 minutes of inactivity.
    idle_lock_minutes: int = 30
    system_use_notice: str = DEFAULT_NOTICE
    # Basemap (rtcc_desktop/map/basemap.py): an agency's own tile server, or a local
    # {z}/{x}/{y}.png folder for air-gapped rooms (takes precedence when set).
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_attribution: str = "&copy; OpenStreetMap contributors"
    tile_dir: str = ""
    tile_max_zoom: int = 19
    dark_tiles: bool = True  # light tiles glare in a dark control room

    def profile(self, name: str | None = None) -> BackendProfile:
        wanted = name or self.last_profile
        for p in self.profiles:
            if p.name == wanted:
                return p
        return self.profiles[0]

    def remember(self, profile: BackendProfile, username: str) -> None:
        self.profiles = [p for p in self.profiles if p.name != profile.name and p.url != profile.url]
        self.profiles.insert(0, profile)
        self.last_profile = profile.name
        self.last_username = username


def settings_path() -> Path:
    return config_dir() / "settings.json"


def load_settings(path: Path | None = None) -> AppSettings:
    """Read settings; a missing or damaged file gives defaults (and a log line), never a crash."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        profiles = [BackendProfile(**p) for p in raw.pop("profiles", [])]
        known = {k: v for k, v in raw.items() if k in AppSettings.__dataclass_fields__}
        settings = AppSettings(**known)
        if profiles:
            settings.profiles = profiles
        settings.idle_lock_minutes = max(1, min(int(settings.idle_lock_minutes), 30))
        return settings
    except FileNotFoundError:
        return AppSettings()
    except (OSError, ValueError, TypeError) as exc:
        log.warning("settings file %s is unreadable (%s); using defaults", path, exc)
        return AppSettings()


def save_settings(settings: AppSettings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    tmp.replace(path)
