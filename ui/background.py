"""The one way the UI runs blocking work (network calls, file I/O).

In the spirit of Anki's ``QueryOp``: ``run_in_background(work, on_success,
on_failure)`` runs ``work`` on a thread pool and delivers its result or its
exception back on the UI thread, so no widget code ever waits on the network.
If the ``owner`` widget is gone by then, the result is dropped quietly.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)
T = TypeVar("T")

# Network calls spend their time waiting, not computing: a few more threads than
# cores keeps a slow backend from starving everything else.
_POOL = QThreadPool()
_POOL.setMaxThreadCount(8)


class _Relay(QObject):
    # Emitted from the worker thread; Qt queues the call into the relay's
    # (the UI) thread because the relay lives there.
    succeeded = Signal(object)
    failed = Signal(object)


_in_flight: set[_Relay] = set()


class _Job(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[], T], relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # delivered, not swallowed: the caller decides
            exc.__rtcc_traceback__ = traceback.format_exc()  # type: ignore[attr-defined]
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


def _default_failure(exc: BaseException) -> None:
    log.error("background operation failed: %s\n%s", exc, getattr(exc, "__rtcc_traceback__", ""))


def run_in_background(
    work: Callable[[], T],
    on_success: Callable[[T], Any] | None = None,
    on_failure: Callable[[BaseException], Any] | None = None,
    owner: QObject | None = None,
) -> None:
    """Must be called on the UI thread; callbacks run on the UI thread."""
    relay = _Relay()
    _in_flight.add(relay)

    def alive() -> bool:
        return owner is None or shiboken6.isValid(owner)

    def done_ok(result: object) -> None:
        _in_flight.discard(relay)
        if on_success is not None and alive():
            on_success(result)  # type: ignore[arg-type]

    def done_failed(exc: object) -> None:
        _in_flight.discard(relay)
        if not alive():
            return
        assert isinstance(exc, BaseException)
        (on_failure or _default_failure)(exc)

    relay.succeeded.connect(done_ok)
    relay.failed.connect(done_failed)
    _POOL.start(_Job(work, relay))


def wait_for_background(msecs: int = 10_000) -> bool:
    """For tests and shutdown: wait until queued work has finished."""
    return _POOL.waitForDone(msecs)


class ProgressRelay(QObject):
    """Progress from background work: call ``report(done, total)`` on any thread; the
    ``progressed`` signal arrives on the thread this relay lives in (the UI thread)."""

    progressed = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)
