"""``rtcc-desktop room-wall --name NAME``: the room's display controller (options in
``rtcc_desktop.room_wall.device_login``; ``rtcc-desktop room-wall --help``)."""

from __future__ import annotations

import atexit
import logging
import os
import sys

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from rtcc_desktop import __version__
from rtcc_desktop.api.errors import RefusedAddress
from rtcc_desktop.config import BackendProfile, check_backend_url, load_settings
from rtcc_desktop.log_setup import enable_crash_log, route_qt_messages, setup_logging
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.resources import resource_path
from rtcc_desktop.room_wall.device_login import DEMO_PASSWORD, DEMO_PREFIX, DeviceArgs, parse_args, read_credentials
from ui.background import run_in_background
from ui.room_wall.display import Credentials, RoomWallDisplay
from ui.theme import apply_dark_theme
from ui.translations import install_translator

log = logging.getLogger(__name__)
DEMO_MOCK_ARGS = ["--ephemeral", "--cameras", "2000", "--owner-delay", "20"]


def _profile(args: DeviceArgs) -> BackendProfile:
    """The backend a real display signs in to; SystemExit with the reason when there is none."""
    if args.backend:
        try:
            return BackendProfile("Room wall", check_backend_url(args.backend))
        except RefusedAddress as exc:
            raise SystemExit(f"rtcc-desktop room-wall: --backend: {exc.message}") from None
    settings = load_settings()
    if args.profile and all(p.name != args.profile for p in settings.profiles):
        names = ", ".join(repr(p.name) for p in settings.profiles) or "none"
        raise SystemExit(f"rtcc-desktop room-wall: there is no backend profile {args.profile!r} "
                         f"(the profiles: {names}).")
    return settings.profile(args.profile)


def run_room_wall(argv: list[str]) -> int:
    args = parse_args(argv)
    path = setup_logging(logging.INFO)
    enable_crash_log()
    route_qt_messages()
    log.info("RTCC Desktop %s room wall %r starting (pid %d); log file %s", __version__, args.name, os.getpid(),
             path or "none")
    profile = None if args.demo else _profile(args)
    # Words larger for the room; Qt scales before the first window, and the tiles decode pictures
    # at device pixels, so only the words and chrome grow.
    os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    app = QApplication.instance() or QApplication(sys.argv[:1] or ["rtcc-desktop"])
    assert isinstance(app, QApplication)
    app.setApplicationName("RTCC Desktop")
    app.setOrganizationName("RTCC")
    app.setDesktopFileName("rtcc-desktop")
    app.setWindowIcon(QIcon(str(resource_path("icons", "rtcc-desktop.svg"))))
    install_translator(app)
    apply_dark_theme(app)
    app.setQuitOnLastWindowClosed(False)  # the windows follow the screens; only the quit key ends it
    shown: list[RoomWallDisplay] = []

    def open_display(on: BackendProfile, credentials: Credentials) -> None:
        display = RoomWallDisplay(on, args.name, credentials, windowed=args.windowed)
        app.aboutToQuit.connect(display.shutdown)
        shown.append(display)
        display.start()

    if profile is not None:
        credentials_file = args.credentials
        open_display(profile, lambda: read_credentials(credentials_file))
    else:
        mock = MockProcess(args=DEMO_MOCK_ARGS)
        atexit.register(mock.stop)
        app.aboutToQuit.connect(mock.stop)
        mock.launch()  # on the UI thread: see MockProcess.launch
        account = (DEMO_PREFIX + args.name, DEMO_PASSWORD)

        def failed(exc: BaseException) -> None:
            print(f"rtcc-desktop room-wall: the training backend did not start: {exc}", file=sys.stderr)
            app.exit(1)

        run_in_background(mock.wait_ready,
                          lambda url: open_display(BackendProfile("Demo (bundled mock backend)", url),
                                                   lambda: account), failed)
    return app.exec()
