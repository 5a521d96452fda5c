"""Send what waits in the outbox; keep what the backend could not take yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import BackendError, MalformedResponse, SessionExpired
from rtcc_desktop.api.schemas import FootageRequest
from rtcc_desktop.footage.outbox import Outbox, RejectedEntry

# The backend judged the request itself: invalid (400, 413, 422) or not allowed (403).
_FINAL_STATUSES = frozenset({400, 403, 413, 422})


def is_final_refusal(exc: BackendError) -> bool:
    """Whether the backend refused this request for good, so resending it unchanged cannot help.

    Only a refusal the backend itself words (its JSON error) about the request's content
    or the user's permission is final. Everything else is about the moment, not the
    request, and the request stays queued: an ended session (401, sent after the next
    sign-in), 408, 429, 5xx, no answer, and any reply that is not the backend's own
    (a proxy's HTML page, non-JSON, garbled) whatever its status.
    """
    if isinstance(exc, MalformedResponse | SessionExpired):
        return False
    return exc.status in _FINAL_STATUSES


@dataclass
class SendReport:
    sent: list[FootageRequest] = field(default_factory=list)
    rejected: list[RejectedEntry] = field(default_factory=list)
    waiting: int = 0
    problem: str | None = None
    error: BackendError | None = None  # why sending stopped, for the UI (a 401 asks to sign in)
    retry_after: float | None = None  # seconds the backend asked us to wait before the next try
    set_aside: list[Path] = field(default_factory=list)  # entries unreadable or someone else's: not sent


def send_pending(client: BackendClient, outbox: Outbox) -> SendReport:
    """Blocking: run it through the background helper.

    Sends as the client's user only what was queued for that user on that backend;
    stops at the first reply that is not a final refusal (the next entries would meet
    the same backend state), keeping the entry for a later try."""
    report = SendReport()
    if not outbox.owner.sends_as(client.username, client.base_url):
        report.problem = (f"These requests were queued for {outbox.owner.user} at {outbox.owner.backend_url}; "
                          f"they are not sent as {client.username or 'nobody'} at {client.base_url}.")
        report.waiting = len(outbox)
        return report
    for entry in outbox.pending():
        try:
            report.sent.append(client.create_request(entry.body))
        except BackendError as exc:
            if not is_final_refusal(exc):
                report.problem, report.error, report.retry_after = exc.message, exc, exc.retry_after
                break
            # Kept beside the queue with the backend's reason, for the operator to fix or discard.
            report.rejected.append(outbox.reject(entry, exc.message, exc.status))
            continue
        outbox.done(entry)
    report.waiting, report.set_aside = len(outbox), outbox.set_aside
    return report
