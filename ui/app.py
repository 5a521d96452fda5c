"""Application controller: demo backend, sign-in, main window, sign-out."""

from __future__ import annotations

import atexit
import logging
import os
import sys

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from rtcc_desktop import __version__
from rtcc_desktop.config import AppSettings, BackendProfile, load_settings, save_settings
from rtcc_desktop.log_setup import enable_crash_log, route_qt_messages, setup_logging
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.resources import resource_path
from rtcc_desktop.session import Session, open_session
from ui.alarms.install import install_alarms
from ui.background import run_in_background, wait_for_background
from ui.cameras.camera_hub import CameraHub
from ui.errors import describe
from ui.focus_order import chain_panels
from ui.footage.install import install_requests_panel
from ui.incidents.install import install_incidents
from ui.main_window import MainWindow
from ui.map.install import install_map_panel
from ui.room_wall.panel_install import install_room_wall_panel
from ui.sign_in_dialog import SignInDialog
from ui.theme import apply_dark_theme
from ui.training.install import install_training_console
from ui.translations import install_translator
from ui.wall.install import connect_exigent_views, install_wall_panel

log = logging.getLogger(__name__)
DEMO_PROFILE = "Demo (bundled mock backend)"
# Quitting waits this long (connect, read) for the server to revoke the session.
QUIT_REVOKE_TIMEOUT = (2.0, 3.0)
QUIT_WAIT_MS = 5000


class AppController(QObject):
    def __init__(self, settings: AppSettings, demo_role: str | None = None, demo_args: list[str] | None = None):
        super().__init__()
        self.settings = settings
        self.demo_role = demo_role
        self.demo_args = demo_args or ["--ephemeral", "--cameras", "2000", "--owner-delay", "20"]
        self.mock: MockProcess | None = None
        self.window: MainWindow | None = None
        self.dialog: SignInDialog | None = None
        self._revoking = 0  # sign-outs still on their way to the server

    # --- start-up -------------------------------------------------------------------------------
    def start(self) -> None:
        if self.demo_role is None:
            self.show_sign_in()
            return
        self.mock = MockProcess(args=self.demo_args)
        atexit.register(self.mock.stop)
        progress = QProgressDialog(self.tr("Starting the training backend…"), "", 0, 0)
        progress.setCancelButton(None)
        progress.setWindowTitle(self.tr("RTCC Desktop — demo"))
        progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        progress.show()
        self._progress = progress
        mock, role = self.mock, self.demo_role
        mock.launch()  # on the UI thread: see MockProcess.launch

        def work() -> Session:
            url = mock.wait_ready()
            return open_session(BackendProfile(DEMO_PROFILE, url), role, "demo")

        run_in_background(work, self._demo_ready, self._demo_failed)

    def _demo_ready(self, session: Session) -> None:
        self._progress.close()
        self.open_main(session)

    def _demo_failed(self, exc: BaseException) -> None:
        self._progress.close()
        QMessageBox.critical(None, self.tr("RTCC Desktop — demo"),
                             self.tr("The training backend did not start:\n\n{error}").format(error=describe(exc)))
        QApplication.quit()

    # --- sign-in ----------------------------------------------------------------------------------
    def show_sign_in(self, message: str = "") -> None:
        self.dialog = SignInDialog(self.settings, message=message)
        self.dialog.signed_in.connect(self._signed_in)
        self.dialog.rejected.connect(self._sign_in_cancelled)
        self.dialog.show()

    def _signed_in(self, session: Session) -> None:
        save_settings(self.settings)
        self.open_main(session)

    def _sign_in_cancelled(self) -> None:
        if self.window is None:
            QApplication.quit()

    # --- the main window -----------------------------------------------------------------------------
    def open_main(self, session: Session) -> None:
        self.close_main()
        window = MainWindow(session, idle_lock_minutes=self.settings.idle_lock_minutes)
        window.sign_out_requested.connect(self.sign_out)
        window.switch_user_requested.connect(self.sign_out)  # a new user means a new session
        window.session_expired.connect(self._session_expired)
        self.cameras = CameraHub(session, window)
        window.server_event.connect(self.cameras.on_event)
        self.cameras.reload_on_resync(window.events)
        self.wall = install_wall_panel(window, self.cameras)
        self.requests = install_requests_panel(window)
        self.map = install_map_panel(window, self.cameras, self.settings, self.wall, self.requests)
        connect_exigent_views(window, self.requests, self.wall)
        self.alarms = install_alarms(window, self.cameras, self.wall, self.map)
        self.incidents = install_incidents(window, self.map, self.wall, self.alarms.center)
        self.incidents.hand_over = self.requests.requests.submit  # a held response's requests, at close
        self.room_wall = install_room_wall_panel(window, self.cameras, self.wall, self.map, self.incidents)
        self.training = install_training_console(window, self.cameras)
        self.cameras.load_failed.connect(window.report_error)
        chain_panels(window.docks_in_menu_order())  # Tab: one panel after another, as View lists them
        self.cameras.reload()
        window.restore_layout()
        window.show()
        window.start()
        self.window = window

    def close_main(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def sign_out(self) -> None:
        window = self.window
        if window is None:
            return
        self.close_main()
        self._revoke(window.session)
        self.show_sign_in(self.tr("Signed out."))

    def _session_expired(self, message: str) -> None:
        window = self.window
        if window is None:
            return
        self.settings.remember(window.session.profile, window.session.username)  # offer them again
        self.close_main()
        self._revoke(window.session)  # whatever part of it the server still honours
        self.show_sign_in(message)

    def _revoke(self, session: Session) -> None:
        """End the session on the server in the background; the client forgets its tokens even
        if the server cannot be reached."""
        self._revoking += 1

        def done(_result: object = None) -> None:
            self._revoking -= 1

        def failed(exc: BaseException) -> None:
            done()
            log.warning("sign-out: %s", describe(exc))

        run_in_background(session.client.sign_out, done, failed)

    def shutdown(self) -> None:
        """A normal quit ends the session on the server too: no token the app held outlives it
        (none is stored anywhere, so none would be used again)."""
        window = self.window
        if window is not None:
            window.close()
            self.window = None
            window.session.client.sign_out(timeout=QUIT_REVOKE_TIMEOUT)
            window.deleteLater()
        if self._revoking:
            wait_for_background(QUIT_WAIT_MS)
        if self.mock is not None:
            self.mock.stop()


def build_app(demo_role: str | None, argv: list[str] | None = None) -> tuple[QApplication, AppController]:
    """The application and its controller, wired as ``run_app`` runs them (not started)."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # QtWebEngine aborts on an empty argv, so always pass the program name.
    app = QApplication.instance() or QApplication(argv or sys.argv[:1] or ["rtcc-desktop"])
    assert isinstance(app, QApplication)
    app.setApplicationName("RTCC Desktop")
    app.setOrganizationName("RTCC")
    # The desktop matches the windows to resources/rtcc-desktop.desktop by this (Wayland's app id;
    # on X11 _GTK_APPLICATION_ID, and WM_CLASS "RTCC Desktop" from the name above: StartupWMClass).
    app.setDesktopFileName("rtcc-desktop")
    app.setWindowIcon(QIcon(str(resource_path("icons", "rtcc-desktop.svg"))))
    install_translator(app)  # before any window: their texts are translated when made
    apply_dark_theme(app)
    controller = AppController(load_settings(), demo_role=demo_role)
    app.aboutToQuit.connect(controller.shutdown)
    return app, controller


def run_app(demo_role: str | None, argv: list[str] | None = None, log_level: int = logging.INFO) -> int:
    """The windowed app until it quits: it logs to stderr and the log file (log_setup), native
    crashes to crash.log, Qt's messages into the log."""
    path = setup_logging(log_level)
    enable_crash_log()
    route_qt_messages()
    log.info("RTCC Desktop %s starting (pid %d); log file %s", __version__, os.getpid(), path or "none")
    app, controller = build_app(demo_role, argv)
    from ui.single_instance import claim, raise_and_activate  # one copy per user and config dir

    instance = claim(lambda: raise_and_activate(controller.window or controller.dialog), parent=controller)
    if isinstance(instance, int):  # another copy runs: it was asked to raise its window
        return instance
    controller.start()
    return app.exec()
