"""One clock for every live view's new pictures, on the UI thread.

A wall of 64 tiles at 15 fps receives ~960 pictures a second, each on its own libVLC
thread. Told one by one (a queued signal per picture), the UI thread wakes, runs Python
and starts a repaint pass per picture. The clock instead looks at every view's newest
picture number (``FrameBuffer.seq``) a few times per frame interval and tells each view
with a new picture (``LiveView.frame``) in one pass, so the tiles that changed are
repainted together. A picture waits at most one tick (16 ms) to be painted; none is
skipped while the ticks come more often than the pictures.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

if TYPE_CHECKING:
    from rtcc_desktop.video.live_view import LiveView

TICK_MS = 16  # a 60 Hz screen's refresh; four ticks per picture of a 15 fps stream


class FrameClock(QObject):
    def __init__(self, tick_ms: int = TICK_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Weak: a view belongs to its tile; the clock only visits the ones still alive.
        self._views: weakref.WeakKeyDictionary[LiveView, int] = weakref.WeakKeyDictionary()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer drifts by up to 5 %
        self._timer.timeout.connect(self.tick)

    def watch(self, view: LiveView) -> None:
        """Tell ``view`` of its new pictures from now on (its shown player's)."""
        if view not in self._views:
            self._views[view] = view.shown.buffer.seq
        if not self._timer.isActive():
            self._timer.start()

    def forget(self, view: LiveView) -> None:
        """``view`` plays nothing: no ticks for it (none at all once no view plays)."""
        self._views.pop(view, None)

    @property
    def watching(self) -> int:
        return len(self._views)

    def tick(self) -> None:
        views = self._views
        if not views:
            self._timer.stop()
            return
        for view, seen in list(views.items()):
            seq = view.shown.buffer.seq
            if seq != seen:
                views[view] = seq
                view.frame.emit()


_clock: FrameClock | None = None


def frame_clock() -> FrameClock:
    """The process's clock, made on first use (on the UI thread, where the views live)."""
    global _clock
    if _clock is None:
        _clock = FrameClock()
    return _clock
