"""Typed errors from the backend client, each with a message an operator can act on.

No tracebacks, no raw JSON: ``BackendError.message`` is what the UI shows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from rtcc_desktop.api.schemas import RoomWall

# A hostile or confused server must not park the app's retries for days.
MAX_RETRY_AFTER_S = 900.0


class BackendError(Exception):
    """Base of everything the client raises."""

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait (Retry-After)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date), capped at
    ``MAX_RETRY_AFTER_S``; None when absent or unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():  # "²" passes isdigit() alone, and float() refuses it
        seconds = float(text)
    else:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


class BackendUnreachable(BackendError):
    """Connection refused, DNS failure, connection reset."""


class BackendTimeout(BackendError):
    """The backend did not answer in time."""


class TlsError(BackendError):
    """The backend's certificate could not be verified."""


class InvalidCredentials(BackendError):
    pass


class AccountLocked(BackendError):
    pass


class SessionExpired(BackendError):
    """The refresh token is no longer valid: sign in again."""


class NotSignedIn(BackendError):
    pass


class Forbidden(BackendError):
    """403: carries the server's reason (e.g. no live consent)."""


class NotFound(BackendError):
    pass


class Conflict(BackendError):
    pass


class ValidationFailed(BackendError):
    """413/422: the server refused the input, with its explanation."""


class ServerError(BackendError):
    """5xx."""


class MalformedResponse(BackendError):
    """Not JSON (e.g. a proxy's HTML page), truncated, or not the contract's shape."""


class RefusedAddress(BackendError):
    """An address the client will not use: plain http to another machine, a footage link
    off the backend without TLS, a stream scheme no camera speaks, a file path outside the
    folder the operator chose. Refused before anything is sent or written."""


class FootageIntegrityError(BackendError):
    """A downloaded file does not match the backend's sha256 or size; it was quarantined."""


class FootageNotWritten(BackendError):
    """Footage that this computer cannot hold or write (no room for the size the backend
    declares, or a write that failed); nothing partial is left."""


class PreconditionRequired(BackendError):
    """428: the backend wants the version a change was made against (this client always sends it)."""


class RoomWallConflictError(Conflict):
    """412: the room wall changed since the version this change was made against; the change was
    not made. ``current`` is the wall as it is now, ``changed_by`` / ``changed_at`` / ``change``
    say who changed it, when and how (the backend's words, shown as text only)."""

    def __init__(self, current: RoomWall, *, code: str | None = None, status: int | None = 412):
        self.current = current
        self.changed_by = current.updated_by
        self.changed_at = current.updated_at
        self.change = current.change
        when = current.updated_at.astimezone().strftime("%H:%M")
        what = f" ({current.change})" if current.change else ""
        super().__init__(f"{current.updated_by} changed this room wall at {when}{what}; your change was not made. "
                         "You see their version now.", code=code, status=status)


_BY_CODE: dict[str, type[BackendError]] = {
    "invalid_credentials": InvalidCredentials,
    "account_locked": AccountLocked,
    "session_expired": SessionExpired,
}
_BY_STATUS: dict[int, type[BackendError]] = {
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    413: ValidationFailed,
    422: ValidationFailed,
    423: AccountLocked,
    428: PreconditionRequired,
}


def error_for(status: int, code: str | None, message: str) -> BackendError:
    cls = _BY_CODE.get(code or "") or _BY_STATUS.get(status)
    if cls is None:
        cls = ServerError if status >= 500 else BackendError
    return cls(message, code=code, status=status)
