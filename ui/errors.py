"""Turn any exception into words an operator can act on."""

from __future__ import annotations

from rtcc_desktop.api.errors import BackendError


def describe(exc: BaseException) -> str:
    if isinstance(exc, BackendError):
        return exc.message
    return f"Unexpected problem: {type(exc).__name__}: {exc}"
