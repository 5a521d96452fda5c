"""The bundle's one executable: the app, and the tools a locked-down workstation has no Python for.

``rtcc-desktop`` (app) and its sub-commands (``doctor``, ``probe``, ``mock-backend``: the
training backend, which demo mode starts this way since a frozen app has no ``python -m``;
all through ``ui.launcher``), ``rtcc-desktop screenshot ...``, and
``doctor-probe NAME`` (doctor's child-process checks, which elsewhere run as ``python -c``) and
``rtsp-relay`` (the built-in RTSP relay's child, which elsewhere runs as ``python -m``).
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["doctor-probe"] and len(args) == 2:
        from rtcc_desktop.doctor.checks import PROBE_SCRIPTS

        # Only doctor's own scripts, each in a fresh namespace (as "python -c" would run it).
        exec(compile(PROBE_SCRIPTS[args[1]], f"<doctor probe {args[1]}>", "exec"), {"__name__": "__main__"})
        return 0
    if args[:1] == ["rtsp-relay"]:  # before any Qt import: one runs per playing RTSP tile
        from rtcc_desktop.video.rtsp_relay.child import main as relay_main

        return relay_main()
    if args[:1] == ["screenshot"]:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
        from ui.screenshot import main as screenshot_main

        return screenshot_main(args[1:])
    from ui.launcher import main as app_main

    return app_main(args)


if __name__ == "__main__":
    sys.exit(main())
