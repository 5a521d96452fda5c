"""The ``rtcc-desktop`` entry point: the windowed app, or a core sub-command."""

from __future__ import annotations

import argparse
import os
import sys

from rtcc_desktop import __version__
from rtcc_desktop.cli import COMMANDS, run_command


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="rtcc-desktop",
        description="RTCC Desktop: real-time crime center client. "
        "'rtcc-desktop doctor' checks this computer (libVLC, Qt, QtWebEngine, backend).",
    )
    p.add_argument("--version", action="version", version=f"rtcc-desktop {__version__}")
    p.add_argument("--demo", action="store_true", help="start the bundled mock backend and sign in to it")
    p.add_argument("--role", choices=("operator", "supervisor", "trainer"), default="operator",
                   help="demo role (with --demo)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] and args[0] in COMMANDS:
        return run_command(args)
    parsed = build_parser().parse_args(args)
    if getattr(os, "geteuid", lambda: -1)() == 0:
        # Chromium (QtWebEngine) refuses to run its sandbox as root.
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from ui.app import run_app

    return run_app(parsed.role if parsed.demo else None)


if __name__ == "__main__":
    sys.exit(main())
