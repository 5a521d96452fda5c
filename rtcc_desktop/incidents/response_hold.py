"""Respond's undo window: a sent response is held for a few seconds before any request goes to
the backend, so a wrong incident or a slip of the key can be taken back before an owner is
asked for anything. Undo ends it with nothing sent; "Send now" or the end of the window lets it
go. The live views are already on the wall (they are what the operator looks at first); undo
closes them.

One hold at a time, one table:

    held ──(undo)────────────▶ undone
      └──(window over, send now, a new response, the window closing)──▶ released
"""

from __future__ import annotations

import math
from enum import StrEnum

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from rtcc_desktop.incidents.respond import ResponsePlan

UNDO_SECONDS = 8.0  # long enough to read the notice and reach the key; short for a first minute


class HoldState(StrEnum):
    held = "held"
    released = "released"  # sending (or handed on); no longer undoable
    undone = "undone"  # nothing of it was sent


TRANSITIONS: dict[HoldState, frozenset[HoldState]] = {
    HoldState.held: frozenset({HoldState.released, HoldState.undone}),
    HoldState.released: frozenset(),
    HoldState.undone: frozenset(),
}


class ResponseHold(QObject):
    released = Signal(object)  # ResponsePlan: send it now
    undone = Signal(object)  # ResponsePlan: nothing sent
    ticked = Signal(int)  # whole seconds left, once a second while held

    def __init__(self, plan: ResponsePlan, live_tiles: list[int], seconds: float = UNDO_SECONDS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.live_tiles = list(live_tiles)  # the wall tiles Respond opened its live views on
        self.seconds = max(0.0, seconds)
        self.state = HoldState.held
        self._clock = QElapsedTimer()
        self._timer = QTimer(self, interval=200)
        self._timer.timeout.connect(self._check)
        self._last_tick = -1

    def start(self) -> None:
        self._clock.start()
        self._timer.start()
        self._check()

    @property
    def seconds_left(self) -> int:
        if self.state is not HoldState.held:
            return 0
        elapsed = self._clock.elapsed() / 1000 if self._clock.isValid() else 0.0
        return max(0, math.ceil(self.seconds - elapsed))

    def undo(self) -> bool:
        """Take it back; False once it has been released."""
        if not self._move(HoldState.undone):
            return False
        self.undone.emit(self.plan)
        return True

    def release(self) -> bool:
        """Let it go now; False once it has been released or undone."""
        if not self._move(HoldState.released):
            return False
        self.released.emit(self.plan)
        return True

    def _move(self, state: HoldState) -> bool:
        if state not in TRANSITIONS[self.state]:
            return False
        self.state = state
        self._timer.stop()
        return True

    def _check(self) -> None:
        left = self.seconds_left
        if self.state is HoldState.held and self._clock.isValid() and self._clock.elapsed() >= self.seconds * 1000:
            self.release()
        elif left != self._last_tick:
            self._last_tick = left
            self.ticked.emit(left)
