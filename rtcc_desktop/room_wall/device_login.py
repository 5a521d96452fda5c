"""How a room-wall display is started and signs in: ``rtcc-desktop room-wall --name NAME``.

A display controller has no keyboard, and nobody types a password at the front of the room, so
its wall-device account comes from a credentials file IT puts on it (``--credentials FILE``,
default ``<config dir>/room-wall.credentials``)::

    # the display account of the room wall "front"
    username = wall-front
    password = ...

The file must be a regular file of this user that no one else may read (mode 0600 or 0400): a
password readable by every account on the machine is refused, in words, before it is used. The
backend comes from a profile (``--profile``, from settings.json or the agency's site file, which
also give its CA bundle) or ``--backend URL``; ``--demo`` starts the bundled training backend and
signs in as its demo display of the wall (``wall-<name>``, password ``demo``).
"""

from __future__ import annotations

import argparse
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from rtcc_desktop.config import config_dir

CREDENTIALS_FILE = "room-wall.credentials"
MAX_BYTES = 4096
NAME_PATTERN = r"[a-z0-9][a-z0-9-]{0,39}"  # as the schemas' ROOM_WALL_NAME_PATTERN
QUIT_KEYS = "Ctrl+Alt+Q"
DEMO_PASSWORD = "demo"  # the training backend's documented demo password
DEMO_PREFIX = "wall-"  # the training backend binds the account wall-<name> to the wall <name>
DEFAULT_SCALE = 1.5  # the seats' tile words at 1.5x: readable from the back of a room at 1080p


class CredentialsError(Exception):
    """The credentials file cannot be used: the message says why and what to do, in words."""


@dataclass(frozen=True)
class DeviceArgs:
    name: str
    profile: str | None
    backend: str | None
    demo: bool
    credentials: Path
    windowed: bool
    scale: float


def default_credentials() -> Path:
    return config_dir() / CREDENTIALS_FILE


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rtcc-desktop room-wall",
        description="Show a room wall full screen on every screen attached (room screen 1 on the leftmost), "
                    "as the room's display controller: it signs in with its wall-device account, follows what "
                    "the operators put on the wall, and needs no keyboard or mouse.",
        epilog=f"The account comes from the credentials file (lines 'username = ...' and 'password = ...'; "
               f"mode 0600, owned by the user running the display). {QUIT_KEYS} quits (for IT); nothing else on "
               "the keyboard or mouse does anything. Started again (a power cut), it comes back to the same wall "
               "by itself, showing the last wall it saw until the backend answers. See docs/deployment.md, "
               "'The room wall display'.")
    p.add_argument("--name", required=True, help="the room wall's short name, e.g. front")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--profile", help="the backend profile to use (by its name in settings.json or the agency's "
                                         "site file; default: the last one used)")
    where.add_argument("--backend", metavar="URL", help="the backend's URL (https://...), instead of a profile")
    where.add_argument("--demo", action="store_true",
                       help="start the bundled training backend and sign in as its demo display of the wall "
                            f"({DEMO_PREFIX}NAME, password {DEMO_PASSWORD})")
    p.add_argument("--credentials", type=Path, metavar="FILE",
                   help=f"the display account's credentials file (default: {default_credentials()})")
    p.add_argument("--windowed", action="store_true",
                   help="for IT: one ordinary window per screen instead of full screen")
    p.add_argument("--scale", type=float, default=DEFAULT_SCALE, metavar="FACTOR",
                   help=f"how much larger than on a desk the tiles' words are, to be read across the room "
                        f"(default {DEFAULT_SCALE}; pictures are decoded at the screens' own pixels whatever it is)")
    return p


def parse_args(argv: list[str]) -> DeviceArgs:
    """The sub-command's arguments; exits with argparse's message on bad ones."""
    parser = build_parser()
    parsed = parser.parse_args(argv)
    if not re.fullmatch(NAME_PATTERN, parsed.name):
        parser.error(f"--name {parsed.name!r}: a room wall's name is lower-case letters, digits and '-', "
                     "e.g. front")
    if parsed.demo and parsed.credentials is not None:
        parser.error("--demo signs in with the training backend's demo display account; --credentials is for a "
                     "real backend")
    if not 0.5 <= parsed.scale <= 4:
        parser.error(f"--scale {parsed.scale}: between 0.5 and 4")
    return DeviceArgs(parsed.name, parsed.profile, parsed.backend, parsed.demo,
                      parsed.credentials or default_credentials(), parsed.windowed, parsed.scale)


def read_credentials(path: Path) -> tuple[str, str]:
    """(username, password) from a credentials file, or ``CredentialsError`` saying why not."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise CredentialsError(f"There is no credentials file {path}. IT writes the display's account there "
                               "(lines 'username = ...' and 'password = ...', chmod 600), or names another "
                               "with --credentials.") from None
    except OSError as exc:
        raise CredentialsError(f"The credentials file {path} cannot be read ({exc.strerror}).") from None
    if not stat.S_ISREG(info.st_mode):
        raise CredentialsError(f"The credentials file {path} is not a regular file (a link or a folder is not used).")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        raise CredentialsError(f"The credentials file {path} belongs to another user; it must be this user's "
                               f"(chown it to the account running the display).")
    if info.st_mode & 0o077:
        raise CredentialsError(f"The credentials file {path} may be read by other users (mode "
                               f"{stat.S_IMODE(info.st_mode):03o}); it is not used. Make it private: chmod 600 {path}")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as f:
            opened = os.fstat(f.fileno())
            # The file checked above is the one opened: not another put in its place meanwhile.
            if (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
                raise CredentialsError(f"The credentials file {path} was replaced while it was read; it is not "
                                       "used. Start the display again.")
            raw = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CredentialsError(f"The credentials file {path} cannot be read ({exc.strerror}).") from None
    if len(raw) > MAX_BYTES:
        raise CredentialsError(f"The credentials file {path} is larger than {MAX_BYTES} bytes; it is not one.")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CredentialsError(f"The credentials file {path} is not text (UTF-8).") from None
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        key = key.strip().lower()
        if not sep or key not in ("username", "password"):
            raise CredentialsError(f"The credentials file {path}, line {number}: expected 'username = ...' or "
                                   "'password = ...'.")
        if key in values:
            raise CredentialsError(f"The credentials file {path}, line {number}: {key} is given twice.")
        values[key] = value.strip()
    missing = [k for k in ("username", "password") if not values.get(k)]
    if missing:
        raise CredentialsError(f"The credentials file {path} has no {' and no '.join(missing)}.")
    return values["username"], values["password"]
