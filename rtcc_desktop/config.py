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
import shutil
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

import platformdirs

from rtcc_desktop.api.errors import RefusedAddress
from rtcc_desktop.settings_schema import KEYS, Checked, Problem, check_text
from rtcc_desktop.site_config import LOCKED_KEY, site_settings_path

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


DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]  # scheme, host (lower case), port


def origin_of(url: str) -> Origin:
    """(scheme, host, port) with the scheme's default port; ValueError for a port that is not one
    or a host that requests would read otherwise (``split_address``). What "the backend's own
    address" means everywhere: a footage link's, an HLS playlist's."""
    parts = split_address(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or DEFAULT_PORTS.get(scheme, 0)


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
class SettingsOrigin:
    """Where the settings came from and what could not be used (never written as a setting)."""
    user_file: Path | None = None
    site_file: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    backup: Path | None = None  # a copy of the user's file as it was, when it had problems
    locked: dict[str, Path] = field(default_factory=dict)  # key -> the site file that sets it
    user_values: dict[str, object] = field(default_factory=dict)  # what the user's file set
    base: dict[str, object] = field(default_factory=dict)  # defaults with the site file over them
    user_checked: Checked | None = None

    def notice(self) -> str:
        """The problems in words for the sign-in dialog, or ""."""
        if not self.problems:
            return ""
        lines = [p.text() for p in self.problems[:6]]
        if len(self.problems) > 6:
            lines.append(f"… and {len(self.problems) - 6} more (rtcc-desktop doctor lists them all)")
        kept = f" A copy of the file as it was is kept as {self.backup}." if self.backup else ""
        return ("Some settings could not be used; the rest are in effect:\n" + "\n".join(lines) + kept)


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
    origin: SettingsOrigin = field(default_factory=SettingsOrigin, compare=False, repr=False)

    def profile(self, name: str | None = None) -> BackendProfile:
        wanted = name or self.last_profile
        for p in self.profiles:
            if p.name == wanted:
                return p
        return self.profiles[0]

    def locked_by(self, key: str) -> Path | None:
        """The site file that locks ``key``, or None when the user may change it."""
        return self.origin.locked.get(key)

    def remember(self, profile: BackendProfile, username: str) -> None:
        """The profile and user of a sign-in, first in the list next time (locked keys stay)."""
        if not self.locked_by("profiles"):
            self.profiles = [p for p in self.profiles if p.name != profile.name and p.url != profile.url]
            self.profiles.insert(0, profile)
        if not self.locked_by("last_profile"):
            self.last_profile = profile.name
        if not self.locked_by("last_username"):
            self.last_username = username


def settings_path() -> Path:
    return config_dir() / "settings.json"


def _read(path: Path, accept: tuple[str, ...] = ()) -> tuple[str | None, Checked | None]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    except (OSError, UnicodeDecodeError) as exc:
        return None, Checked({}, [Problem(str(path), "", None, f"cannot be read ({exc})")], {}, [], {})
    return text, check_text(text, str(path), accept)


def _apply(settings: AppSettings, values: dict[str, object]) -> None:
    for key, value in values.items():
        if key == "profiles":
            assert isinstance(value, list)
            settings.profiles = [BackendProfile(**p) for p in value]
        else:
            setattr(settings, key, value)


def _keep_copy(path: Path, text: str) -> Path:
    """A copy of a file with problems, before the app writes over it; one per distinct content."""
    for old in sorted(path.parent.glob(path.name + ".bad-*")):
        try:
            if old.read_text(encoding="utf-8") == text:
                return old
        except OSError:
            continue
    copy = path.with_name(f"{path.name}.bad-{time.strftime('%Y%m%d-%H%M%S')}")
    shutil.copy2(path, copy)
    return copy


def load_settings(path: Path | None = None, site: Path | None = None, keep_copy: bool = True) -> AppSettings:
    """The defaults, the site file over them, the user's file over that (locked keys excepted).

    Never raises: a problem costs only its own key or profile, and is listed in
    ``settings.origin.problems`` with its file and line. With ``keep_copy`` a user file with
    problems is first copied to ``settings.json.bad-<time>``, so saving loses nothing."""
    path = path or settings_path()
    site = site or site_settings_path()
    settings = AppSettings()
    origin = SettingsOrigin(user_file=path)
    _site_text, site_checked = _read(site, accept=(LOCKED_KEY,))
    if site_checked is not None:
        origin.site_file = site
        origin.problems += site_checked.problems
        _apply(settings, site_checked.values)
        locked = site_checked.extra.get(LOCKED_KEY, [])
        if not isinstance(locked, list) or not all(isinstance(k, str) for k in locked):
            origin.problems.append(Problem(str(site), LOCKED_KEY, None,
                                           "must be a list of key names; nothing is locked"))
            locked = []
        for key in locked:
            if key in KEYS:
                origin.locked[key] = site
            else:
                origin.problems.append(Problem(str(site), LOCKED_KEY, None, f"{key!r} is not a setting; not locked"))
    origin.base = {f.name: getattr(settings, f.name) for f in fields(AppSettings) if f.name != "origin"}
    text, checked = _read(path)
    if checked is not None:
        origin.user_checked = checked
        origin.problems += checked.problems
        origin.user_values = dict(checked.values)
        _apply(settings, {k: v for k, v in checked.values.items() if k not in origin.locked})
        if checked.problems and keep_copy and text is not None:
            try:
                origin.backup = _keep_copy(path, text)
            except OSError as exc:
                log.warning("could not keep a copy of %s: %s", path, exc)
    for problem in origin.problems:
        log.warning("settings: %s", problem.text())
    settings.origin = origin
    return settings


def settings_for_file(settings: AppSettings) -> dict[str, object]:
    """What the user's file gets: the keys it had and those the app changed, never a locked
    key's site value, and every entry that could not be read, as it was."""
    origin = settings.origin
    out: dict[str, object] = {}
    checked = origin.user_checked
    for f in fields(AppSettings):
        if f.name == "origin":
            continue
        key = f.name
        value = getattr(settings, key)
        plain = [asdict(p) for p in value] if key == "profiles" else value
        if key in origin.locked:
            if key in origin.user_values:
                out[key] = origin.user_values[key]
            continue
        changed = not origin.base or plain != (
            [asdict(p) for p in origin.base[key]] if key == "profiles" else origin.base[key])  # type: ignore[attr-defined]
        if key in origin.user_values or changed:
            out[key] = plain
    if checked is not None:
        for key, raw in checked.unreadable.items():
            if key not in out or (key in KEYS and out[key] == origin.base.get(key)):
                out[key] = raw
        if checked.bad_profiles and isinstance(out.get("profiles"), list):
            out["profiles"] = [*out["profiles"], *checked.bad_profiles]  # type: ignore[misc]
    return out


def save_settings(settings: AppSettings, path: Path | None = None) -> None:
    path = path or settings.origin.user_file or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(settings_for_file(settings), indent=2), encoding="utf-8")
    tmp.replace(path)
