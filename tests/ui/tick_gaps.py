"""Measures how long the UI thread goes without running a 10 ms timer: any wait shows up as a gap."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer


class TickGaps:
    def __init__(self, interval_ms: int = 10):
        self.gaps: list[float] = []
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.timeout.connect(self._tick)
        self._interval = interval_ms

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            self.gaps.append(now - self._last)
        self._last = now

    def start(self) -> None:
        self._timer.start(self._interval)

    def stop(self) -> None:
        self._timer.stop()
