"""Entry points: ``rtcc-desktop`` (the app) and its sub-commands."""

from __future__ import annotations

import argparse
import sys

from rtcc_desktop import __version__


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rtcc-desktop", description="RTCC Desktop: real-time crime center client")
    p.add_argument("--version", action="version", version=f"rtcc-desktop {__version__}")
    p.add_argument("--demo", action="store_true", help="start the bundled mock backend and sign in to it")
    p.add_argument("--role", choices=("operator", "supervisor", "trainer"), default="operator",
                   help="demo role (with --demo)")
    return p


def main(argv: list[str] | None = None) -> int:
    build_parser().parse_args(argv)
    print("The desktop shell is not built yet (issue: desktop shell). "
          "Run the mock backend with: rtcc-mock-backend", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
