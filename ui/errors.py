"""Turn any exception into words an operator can act on."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from rtcc_desktop.api.errors import BackendError


def describe(exc: BaseException) -> str:
    if isinstance(exc, BackendError):
        return exc.message
    return QCoreApplication.translate("ui.errors", "Unexpected problem: {kind}: {error}").format(
        kind=type(exc).__name__, error=exc)
