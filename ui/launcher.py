"""The ``rtcc-desktop`` entry point: the windowed app, or a sub-command (``rtcc-desktop --help``
lists them).

A sub-command's own options are parsed by the sub-command itself (``rtcc-desktop doctor --help``),
so everything after its name goes to it unchanged; the options before it are the app's.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from rtcc_desktop import __version__
from rtcc_desktop.cli import COMMANDS, run_command
from rtcc_desktop.log_setup import DIR_ENV, LEVEL_ENV, LEVELS, log_file, parse_level, setup_logging


def run_mock_backend(args: list[str]) -> int:
    try:
        from mock_backend.cli import main as mock_main
    except ImportError as exc:  # the mock's extra (FastAPI, uvicorn) is not installed
        print(f"rtcc-desktop mock-backend: the mock backend cannot start here ({exc}); "
              "install the project with its mock extra (make demo)", file=sys.stderr)
        return 2
    return mock_main(args)


def run_room_wall(args: list[str]) -> int:
    if getattr(os, "geteuid", lambda: -1)() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from ui.room_wall.display_app import run_room_wall as run

    return run(args)


# name -> (help line, runner taking the sub-command's own arguments)
SUBCOMMANDS: dict[str, tuple[str, Callable[[list[str]], int]]] = {
    **{name: (text, lambda a, n=name: run_command([n, *a])) for name, text in COMMANDS.items()},
    "room-wall": ("show a room wall full screen on every screen attached, as the room's display controller "
                  "(signs in with its wall-device account; 'rtcc-desktop room-wall --help')", run_room_wall),
    "mock-backend": ("run the mock backend for training and tests (as rtcc-mock-backend; "
                     "'rtcc-desktop mock-backend --help' for its options)", run_mock_backend),
}
VALUE_OPTIONS = ("--role", "--log-level")  # the app's options that take a value


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rtcc-desktop",
        usage="%(prog)s [options] [COMMAND [its options]]",
        description="RTCC Desktop: real-time crime center client. Without a command it opens the app "
                    "(the sign-in dialog, or with --demo the bundled training backend).",
        epilog=f"The log is written to {log_file()} (${DIR_ENV} to move it). "
               "'rtcc-desktop COMMAND --help' shows a command's own options.",
    )
    p.add_argument("--version", action="version", version=f"rtcc-desktop {__version__}")
    p.add_argument("--demo", action="store_true", help="start the bundled mock backend and sign in to it")
    p.add_argument("--role", choices=("operator", "supervisor", "trainer"), default="operator",
                   help="demo role (with --demo)")
    p.add_argument("--log-level", type=str.lower, choices=LEVELS, default=None,
                   help=f"what the log and stderr show (default: ${LEVEL_ENV}, else info)")
    commands = p.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    for name, (text, _) in SUBCOMMANDS.items():
        commands.add_parser(name, help=text, add_help=False)
    return p


def split_command(args: list[str]) -> tuple[list[str], list[str]]:
    """(the app's options, the sub-command with its own arguments): the split is at the first
    word that is not an option or an option's value."""
    n = 0
    while n < len(args):
        word = args[n]
        if not word.startswith("-"):
            return args[:n], args[n:]
        n += 2 if word in VALUE_OPTIONS else 1
    return args, []


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    own, command = split_command(args)
    parser = build_parser()
    parsed = parser.parse_args(own + command[:1])  # an unknown command is refused here, in words
    try:
        level = parse_level(parsed.log_level)
    except ValueError as exc:  # from $RTCC_LOG_LEVEL: --log-level is checked by argparse
        parser.error(f"{exc} (${LEVEL_ENV})")
    if command:
        if parsed.demo:
            parser.error(f"--demo opens the app; it does not go with the command {command[0]!r}")
        if parsed.log_level or os.environ.get(LEVEL_ENV):
            setup_logging(level, to_file=False)
        return SUBCOMMANDS[command[0]][1](command[1:])
    if getattr(os, "geteuid", lambda: -1)() == 0:
        # Chromium (QtWebEngine) refuses to run its sandbox as root.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from ui.app import run_app

    return run_app(parsed.role if parsed.demo else None, log_level=level)


if __name__ == "__main__":
    sys.exit(main())
