"""Send what waits in the outbox; keep what the backend could not take yet."""

from __future__ import annotations

from dataclasses import dataclass, field

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import BackendError, BackendTimeout, BackendUnreachable, ServerError
from rtcc_desktop.api.schemas import FootageRequest
from rtcc_desktop.footage.outbox import Outbox, OutboxEntry

# Worth retrying later: the backend was away or broken, not the request.
TRANSIENT = (BackendUnreachable, BackendTimeout, ServerError)


@dataclass
class SendReport:
    sent: list[FootageRequest] = field(default_factory=list)
    rejected: list[tuple[OutboxEntry, str]] = field(default_factory=list)
    waiting: int = 0
    problem: str | None = None


def send_pending(client: BackendClient, outbox: Outbox) -> SendReport:
    """Blocking: run it through the background helper."""
    report = SendReport()
    for entry in outbox.pending():
        try:
            report.sent.append(client.create_request(entry.body))
        except TRANSIENT as exc:
            report.problem = exc.message
            break
        except BackendError as exc:
            # The backend refused the request itself (validation, permissions): retrying
            # cannot help. Keep the text beside the outbox for the operator, never delete it.
            entry.path.replace(entry.path.with_suffix(".rejected"))
            report.rejected.append((entry, exc.message))
            continue
        outbox.done(entry)
    report.waiting = len(outbox)
    return report
