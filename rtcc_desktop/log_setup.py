"""Where the app logs: stderr (as a terminal shows it) and a rotating file in the user's log dir,
both redacted (``log_redaction``); native crashes (``faulthandler``) to a file beside it; Qt's
own messages into the same log.

The log dir is ``platformdirs.user_log_dir`` (``~/.local/state/rtcc-desktop/log`` on Linux), or
``$RTCC_LOG_DIR``; the level ``--log-level`` or ``$RTCC_LOG_LEVEL`` (default INFO).
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import time
from pathlib import Path
from typing import IO, Any

import platformdirs

from rtcc_desktop.config import APP_NAME
from rtcc_desktop.log_redaction import RedactingFilter

DIR_ENV = "RTCC_LOG_DIR"
LEVEL_ENV = "RTCC_LOG_LEVEL"
LOG_FILE = "rtcc-desktop.log"
CRASH_FILE = "crash.log"
# A shift's worth of INFO lines is well under a megabyte; five files keep several days.
MAX_BYTES = 5 * 1024 * 1024
BACKUPS = 5
CRASH_MAX_BYTES = 1024 * 1024
LEVELS = ("debug", "info", "warning", "error")
STDERR_FORMAT = "%(asctime)s %(name)s %(levelname)s %(message)s"
FILE_FORMAT = "%(asctime)s %(process)d %(threadName)s %(name)s %(levelname)s %(message)s"

_installed: list[logging.Handler] = []
_crash_file: IO[str] | None = None


def log_dir() -> Path:
    override = os.environ.get(DIR_ENV)
    return Path(override) if override else Path(platformdirs.user_log_dir(APP_NAME))


def log_file() -> Path:
    return log_dir() / LOG_FILE


def crash_file() -> Path:
    return log_dir() / CRASH_FILE


def parse_level(text: str | None) -> int:
    """``--log-level``'s value (or the environment's) as a logging level; ValueError in words."""
    if not text:
        text = os.environ.get(LEVEL_ENV) or "info"
    name = text.strip().lower()
    if name not in LEVELS:
        raise ValueError(f"log level {text!r} is not one of {', '.join(LEVELS)}")
    return int(getattr(logging, name.upper()))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file readable by its user only: it names cases, cameras and users."""

    def _open(self) -> Any:
        return open(self.baseFilename, self.mode, encoding=self.encoding, errors=self.errors,
                    opener=lambda path, flags: os.open(path, flags, 0o600))


def remove_handlers() -> None:
    """Take out what ``setup_logging`` installed (tests, and a second set-up)."""
    root = logging.getLogger()
    for handler in _installed:
        root.removeHandler(handler)
        handler.close()
    _installed.clear()


def setup_logging(level: int = logging.INFO, to_file: bool = True) -> Path | None:
    """Stderr and (``to_file``) the rotating log file, both redacted; the file's path, or None
    when the log dir cannot be written (then stderr says so and the app goes on). Calling it
    again replaces what it installed before."""
    remove_handlers()
    root = logging.getLogger()
    redacting = RedactingFilter()
    stderr = logging.StreamHandler()
    stderr.setFormatter(logging.Formatter(STDERR_FORMAT))
    stderr.addFilter(redacting)
    _installed.append(stderr)
    path: Path | None = None
    problem = ""
    if to_file:
        try:
            log_dir().mkdir(parents=True, exist_ok=True, mode=0o700)
            file_handler = PrivateRotatingFileHandler(log_file(), maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                      encoding="utf-8")
        except OSError as exc:
            problem = f"no log file: {log_dir()} cannot be written ({exc.strerror or exc})"
        else:
            file_handler.setFormatter(logging.Formatter(FILE_FORMAT))
            file_handler.addFilter(redacting)
            _installed.append(file_handler)
            path = log_file()
    for handler in _installed:
        root.addHandler(handler)
    root.setLevel(level)
    if problem:
        logging.getLogger(__name__).warning("%s", problem)
    return path


def enable_crash_log() -> Path | None:
    """``faulthandler`` writes a native crash's Python stacks (libVLC, Qt) to crash.log; each
    start adds a line saying which process the stacks below it belong to."""
    global _crash_file
    path = crash_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.exists() and path.stat().st_size > CRASH_MAX_BYTES:
            path.replace(path.with_suffix(".log.1"))
        handle = open(path, "a", encoding="utf-8", opener=lambda p, f: os.open(p, f, 0o600))
    except OSError as exc:
        logging.getLogger(__name__).warning("no crash log: %s cannot be written (%s)", path, exc.strerror or exc)
        return None
    handle.write(f"--- rtcc-desktop pid {os.getpid()} started {time.strftime('%Y-%m-%d %H:%M:%S %z')}\n")
    handle.flush()
    faulthandler.enable(file=handle, all_threads=True)
    if _crash_file is not None:
        _crash_file.close()
    _crash_file = handle  # faulthandler writes to its descriptor: it stays open for the process
    return path


def route_qt_messages() -> None:
    """Qt's warnings and errors (qWarning, QtWebEngine's, the platform plugin's) into the log,
    as logger ``qt.<category>``, instead of straight to stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    levels = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
              QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handler(kind: QtMsgType, context: Any, message: str) -> None:
        category = getattr(context, "category", None) or "default"
        name = category if category.startswith("qt.") else f"qt.{category}"
        logging.getLogger(name).log(levels.get(kind, logging.WARNING), "%s", message)

    qInstallMessageHandler(handler)
