"""Command-line sub-commands that need no display: ``rtcc-desktop doctor`` and ``probe``.

The ``rtcc-desktop`` script itself starts in ``ui.launcher`` because the
windowed app lives in the Qt layer, which the core must not import; the
launcher hands these sub-commands back to the core.
"""

from __future__ import annotations

import sys

COMMANDS = ("doctor", "probe")


def run_command(args: list[str]) -> int:
    """``args[0]`` is one of COMMANDS."""
    if args[0] == "doctor":
        from rtcc_desktop.doctor import run_doctor

        return run_doctor(args[1:])
    if args[0] == "probe":
        from rtcc_desktop.video.probe import run_probe

        return run_probe(args[1:])
    print(f"unknown command {args[0]!r}; known: {', '.join(COMMANDS)}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(run_command(sys.argv[1:] or ["doctor"]))
