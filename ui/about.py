"""Help → About: versions of everything that matters for a support call."""

from __future__ import annotations

import html
import platform

import PySide6
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

from rtcc_desktop import __version__
from rtcc_desktop.log_setup import crash_file, log_file
from rtcc_desktop.session import Session


def versions() -> dict[str, str]:
    try:
        import vlc

        libvlc = vlc.libvlc_get_version().decode()
    except Exception:  # libVLC missing or broken: About must still open
        libvlc = QCoreApplication.translate("ui.about", "not found")
    return {
        "RTCC Desktop": __version__,
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": PySide6.__version__,
        "libVLC": libvlc,
    }


def about_text(session: Session | None = None) -> str:
    """The About box's rich text: versions, the backend, and where the log is (support asks)."""
    rows = "".join(f"<tr><td>{k}</td><td>&nbsp;{v}</td></tr>" for k, v in versions().items())
    backend = ""
    if session is not None:
        info = session.info  # server-supplied text: escape it in rich text
        backend = html.escape(f"{info.name} {info.version} ({info.environment})")
        backend = "<p>" + QCoreApplication.translate("ui.about", "Backend: {backend}").format(backend=backend) + "</p>"
    logs = "<p>" + QCoreApplication.translate("ui.about", "Log: {log}<br>Crash log: {crash_log}").format(
        log=html.escape(str(log_file())), crash_log=html.escape(str(crash_file()))) + "</p>"
    about = QCoreApplication.translate("ui.about", "Real-time crime center client for the voluntary community "
                                                   "camera program. Footage is for criminal investigations only.")
    return f"<h3>RTCC Desktop</h3><p>{about}</p><table>{rows}</table>{backend}{logs}"


def show_about(parent: QWidget, session: Session | None = None) -> None:
    QMessageBox.about(parent, QCoreApplication.translate("ui.about", "About RTCC Desktop"), about_text(session))
