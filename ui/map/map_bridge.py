"""The map page's only way into Python, over QWebChannel.

Everything arriving here comes from a web page that also shows owner-supplied
text, so each slot checks its arguments and ignores what does not fit: a camera
id must be a known camera, coordinates must be finite and on Earth.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Signal, Slot


def _camera_id(value: object) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not float(value).is_integer() or not 1 <= value < 2**31:
        return None
    return int(value)


def _count(value: object) -> int | None:
    return 0 if value == 0 and not isinstance(value, bool) else _camera_id(value)


def _coordinate(value: object, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    v = float(value)
    return v if math.isfinite(v) and -limit <= v <= limit else None


class MapBridge(QObject):
    page_ready = Signal(str)  # Leaflet version
    camera_clicked = Signal(int)
    context_menu = Signal(float, float)
    drag_camera = Signal(int)
    frame_drawn = Signal(int, int, int)  # seq, visible, total
    tiles_state = Signal(str)  # "ok" | "unavailable"
    rejected = Signal(str)  # a call that did not fit (tests watch this)

    @Slot(str)
    def pageReady(self, version: str) -> None:
        self.page_ready.emit(str(version)[:32])

    @Slot("QVariant")
    def cameraClicked(self, camera_id: object) -> None:
        cid = _camera_id(camera_id)
        if cid is None:
            self.rejected.emit(f"cameraClicked({camera_id!r:.40})")
            return
        self.camera_clicked.emit(cid)

    @Slot("QVariant")
    def dragCamera(self, camera_id: object) -> None:
        cid = _camera_id(camera_id)
        if cid is None:
            self.rejected.emit(f"dragCamera({camera_id!r:.40})")
            return
        self.drag_camera.emit(cid)

    @Slot("QVariant", "QVariant")
    def contextMenu(self, lat: object, lon: object) -> None:
        la, lo = _coordinate(lat, 90), _coordinate(lon, 180)
        if la is None or lo is None:
            self.rejected.emit(f"contextMenu({lat!r:.40}, {lon!r:.40})")
            return
        self.context_menu.emit(la, lo)

    @Slot("QVariant", "QVariant", "QVariant")
    def drawn(self, seq: object, visible: object, total: object) -> None:
        values = [_count(v) for v in (seq, visible, total)]
        if None not in values:
            self.frame_drawn.emit(*values)

    @Slot(str)
    def tilesState(self, state: str) -> None:
        if state in ("ok", "unavailable"):
            self.tiles_state.emit(state)
