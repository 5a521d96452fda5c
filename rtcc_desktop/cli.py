"""Command-line sub-commands that need no display: ``rtcc-desktop doctor``, ``probe`` and
``install-desktop``.

The ``rtcc-desktop`` script itself starts in ``ui.launcher`` because the
windowed app lives in the Qt layer, which the core must not import; the
launcher lists these sub-commands in its ``--help`` and hands them back to the core.
"""

from __future__ import annotations

import sys

# name -> the one line ``rtcc-desktop --help`` shows; each parses its own options (``NAME --help``).
COMMANDS = {
    "doctor": "check this computer (Python, Qt, libVLC, QtWebEngine, map assets, ffmpeg, camera protocols, "
              "the log, a backend): OK / WARN / FAIL lines, exit 1 on any FAIL",
    "probe": "try one camera URL (rtsp://, http(s):// MPEG-TS, HLS) and say whether and how it plays",
    "install-desktop": "add RTCC Desktop to this user's application menu (a .desktop file and the icon in "
                       "~/.local/share; --uninstall removes them)",
}


def run_command(args: list[str]) -> int:
    """``args[0]`` is one of COMMANDS, the rest its own arguments."""
    if args[0] == "doctor":
        from rtcc_desktop.doctor import run_doctor

        return run_doctor(args[1:])
    if args[0] == "probe":
        from rtcc_desktop.video.probe import run_probe

        return run_probe(args[1:])
    if args[0] == "install-desktop":
        from rtcc_desktop.desktop_entry import run_install_desktop

        return run_install_desktop(args[1:])
    print(f"unknown command {args[0]!r}; known: {', '.join(COMMANDS)}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(run_command(sys.argv[1:] or ["doctor"]))
