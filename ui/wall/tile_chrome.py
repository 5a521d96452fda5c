"""What every wall tile shows and does around its picture, whichever way it paints it.

The overlay carries the camera label, the state, a live dot, the case number
the view was opened under, the owner's consent countdown, and - whenever the
picture is not fresh - its age in red: a frozen picture must never look live.
Clicks, drags, drops and the context menu go to the wall as signals.

``TileChrome`` is mixed into the tile widgets (``VideoTile`` paints with QPainter,
``GlTile`` with a shader): ``class Tile(TileChrome, QWidget)``. The tile paints its
picture, then calls ``paint_chrome``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QMimeData, QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDrag,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from rtcc_desktop.video.live_state import SHOWING, LiveState
from rtcc_desktop.wall.model import WallModel
from ui.cameras.camera_mime import CAMERA_MIME, camera_ids_from
from ui.wall.tile_feed import TileFeed

S = LiveState
TILE_MIME = "application/x-rtcc-tile"
BACKGROUND = QColor("#05070a")  # around a letterboxed picture, and before one arrives

_STATE_TEXT = {
    S.idle: "",
    S.requesting: QT_TRANSLATE_NOOP("TileChrome", "requesting access…"),
    S.connecting: QT_TRANSLATE_NOOP("TileChrome", "connecting…"),
    S.playing: QT_TRANSLATE_NOOP("TileChrome", "live"),
    # a new size starts behind the picture on screen, which stays live
    S.switching: QT_TRANSLATE_NOOP("TileChrome", "live"),
    S.stalled: QT_TRANSLATE_NOOP("TileChrome", "stalled"),
    S.reconnecting: QT_TRANSLATE_NOOP("TileChrome", "reconnecting"),
    S.stopped: QT_TRANSLATE_NOOP("TileChrome", "stopped"),
    S.denied: QT_TRANSLATE_NOOP("TileChrome", "not allowed"),
    S.failed: QT_TRANSLATE_NOOP("TileChrome", "no video"),
    S.ended: QT_TRANSLATE_NOOP("TileChrome", "ended"),
}
_RED, _GREEN, _AMBER = QColor("#ff5a5a"), QColor("#3ddc84"), QColor("#ffb74d")
_SELECTED, _FOCUS = QColor("#ffb020"), QColor("#4fa3ff")
# How long what the chrome says is reused between new pictures: its countdowns count seconds,
# and anything else that changes asks for a repaint (``update``), which works it out again.
_CHROME_FOR_S = 0.25


@dataclass(frozen=True)
class _Bands:
    key: tuple[object, ...]
    top: QPixmap
    bottom: QPixmap
    height: int  # of each band, in the tile's pixels
    font: QFont


@dataclass(frozen=True)
class _ChromePlan:
    """What the chrome draws over one tile, worked out once and drawn for every picture."""

    key: tuple[object, ...]  # (picture under it, width, height, device pixel ratio)
    until: float  # time.monotonic() after which it is worked out again
    bands: _Bands | None
    warning: tuple[QRect, QColor, str, QFont] | None  # band, its fill, the words, their font
    centered: tuple[str, QColor] | None
    outlines: tuple[tuple[QColor, int], ...]


@contextmanager
def _painting(pixmap: QPixmap) -> Iterator[QPainter]:
    painter = QPainter(pixmap)
    try:
        yield painter
    finally:
        painter.end()


def format_countdown(seconds: float) -> str:
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


BEHIND_LIVE = QT_TRANSLATE_NOOP("TileChrome", "HLS: seconds behind live")


@cache
def words(text: str) -> str:
    """``text`` (marked with QT_TRANSLATE_NOOP("TileChrome", ...)) in the user's language, looked
    up once: a tile repaints for every picture, and the translator is loaded before the first."""
    return QCoreApplication.translate("TileChrome", text)


def state_words(state: LiveState) -> str:
    return words(_STATE_TEXT[state]) if _STATE_TEXT[state] else ""


def age_text(state: LiveState, age: float | None) -> str:
    """The red warning under a picture that is not live; empty when it is."""
    if state in (S.stalled, S.reconnecting) and age is not None:
        return words(QT_TRANSLATE_NOOP("TileChrome", "{state} — last frame {age:.1f} s ago")).format(
            state=state_words(state), age=age)
    return ""


# Type checkers see the widget the mixin is mixed into; at run time it is a plain class.
_Widget = QWidget if TYPE_CHECKING else object


class TileChrome(_Widget):
    double_clicked = Signal(int)  # tile index
    cameras_dropped = Signal(int, list)  # tile index, camera ids
    tile_dropped = Signal(int, int)  # from tile, onto tile
    context_requested = Signal(int, QPoint)  # tile index, global position
    clicked = Signal(int)  # tile index: a click that did not become a drag

    index: int
    feed: TileFeed
    wall: WallModel | None

    def _init_chrome(self, index: int, feed: TileFeed, wall: WallModel | None) -> None:
        """Call from the tile's ``__init__``, after the widget's own."""
        self.index = index
        self.feed = feed
        self.wall = wall  # the model this tile renders (None: a tile on its own, no wall around it)
        self.selected_camera: int | None = None  # the session's selection (map, list, wall)
        self._press: QPoint | None = None
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(80, 45)
        self._chrome_plan: _ChromePlan | None = None
        feed.frame.connect(self._new_picture)
        feed.changed.connect(self._changed)

    def update(self, *area: object) -> None:  # type: ignore[override]
        """A repaint for anything but a new picture: what the chrome says is worked out again."""
        self._chrome_plan = None
        super().update(*area)  # type: ignore[misc]

    def _new_picture(self) -> None:
        super().update()  # only the picture changed: the chrome as it was

    def _changed(self) -> None:
        self.setAccessibleName(self.status_line())
        self.update()

    def status_line(self) -> str:
        """The tile's state in words (accessibility, tests, the wall's status bar)."""
        cam = self.feed.camera
        if cam is None:
            return words(QT_TRANSLATE_NOOP("TileChrome", "Tile {number}: empty")).format(number=self.index + 1)
        text = age_text(self.feed.state, self.feed.frame_age_s()) or state_words(self.feed.state)
        if self.feed.message and self.feed.state not in SHOWING:
            text = f"{text}: {self.feed.message}" if text else self.feed.message
        if self.behind_live and self.feed.state in SHOWING:
            text = f"{text} ({words(BEHIND_LIVE)})"
        if via := self.feed.via():
            text = f"{text}, {via}"
        return words(QT_TRANSLATE_NOOP("TileChrome", "Tile {number}: camera {camera_id} — {state}")).format(
            number=self.index + 1, camera_id=cam.id, state=text)

    @property
    def behind_live(self) -> bool:
        """HLS is segments behind real time by design: the tile must not look live."""
        source = self.feed.shown.source
        return source is not None and source.protocol == "hls"

    @property
    def alarm(self) -> bool:
        return self.alarm_until is not None

    @property
    def blanked(self) -> bool:
        """The wall is locked: nothing is shown."""
        return self.wall is not None and self.wall.locked

    @property
    def alarm_until(self) -> datetime | None:
        """Shown under an alarm: the alarm's end."""
        assignment = None if self.wall is None else self.wall.tile(self.index)
        return None if assignment is None else assignment.alarm_until

    @property
    def is_alarm_tile(self) -> bool:
        """Where alarms open (says so while empty)."""
        return self.wall is not None and self.wall.alarm_tile == self.index

    @property
    def is_selected(self) -> bool:
        return self.selected_camera is not None and self.feed.camera_id == self.selected_camera

    def set_selected_camera(self, camera_id: int | None) -> None:
        if camera_id != self.selected_camera:
            self.selected_camera = camera_id
            self.update()

    # --- painting ------------------------------------------------------------------------
    def paint_blanked(self, p: QPainter) -> None:
        """The locked wall's tile: nothing of the camera."""
        self._centered(p, words(QT_TRANSLATE_NOOP("TileChrome", "Wall locked")), QColor("#8a96a3"))

    def paint_chrome(self, p: QPainter, painted: bool) -> None:
        """Everything over the picture; ``painted``: a picture is under it."""
        now = time.monotonic()
        key = (painted, self.width(), self.height(), self.devicePixelRatioF())
        plan = self._chrome_plan
        if plan is None or plan.key != key or now > plan.until:
            plan = self._chrome_plan = self._plan_chrome(key, now + _CHROME_FOR_S)
        if plan.bands is not None:
            p.drawPixmap(0, 0, plan.bands.top)
            p.drawPixmap(0, self.height() - plan.bands.height, plan.bands.bottom)
        if plan.warning is not None:
            band, fill, words, font = plan.warning
            p.fillRect(band, fill)
            p.setFont(font)
            p.setPen(_RED)
            p.drawText(band.adjusted(6, 0, -6, 0), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, words)
        if plan.centered is not None:
            self._centered(p, *plan.centered)
        for colour, width in plan.outlines:
            self._outline(p, colour, width)
        if self.hasFocus():
            self._outline(p, _FOCUS, 1)

    def _plan_chrome(self, key: tuple[object, ...], until: float) -> _ChromePlan:
        painted = bool(key[0])
        bands, warning, centered = self._plan_overlay(painted)
        outlines = []
        if self.alarm:  # an alarm view: a red frame, visible across the room
            outlines.append((_RED, 4))
        if self.is_selected:  # the camera selected on the map or in a list: outlined in amber
            outlines.append((_SELECTED, 3))
        return _ChromePlan(key, until, bands, warning, centered, tuple(outlines))

    def _outline(self, p: QPainter, colour: QColor, width: int) -> None:
        """A frame ``width`` pixels wide inside the tile's edge, filled rather than stroked: the
        raster and the GL paint engines place a wide pen's pixels differently, fills alike."""
        w, h = self.width(), self.height()
        for band in (QRect(0, 0, w, width), QRect(0, h - width, w, width),
                     QRect(0, 0, width, h), QRect(w - width, 0, width, h)):
            p.fillRect(band, colour)

    def _plan_overlay(self, painted: bool) -> tuple[_Bands | None, tuple[QRect, QColor, str, QFont] | None,
                                                    tuple[str, QColor] | None]:
        """The bands, the warning over the picture and the words in its place, as they are now."""
        feed, cam = self.feed, self.feed.camera
        if cam is None:
            return None, None, ("Alarm tile — alarms open here" if self.is_alarm_tile else "Drop a camera here",
                                _AMBER if self.is_alarm_tile else QColor("#56606b"))
        state = feed.state
        live = state in SHOWING and (feed.frame_age_s() or 99) < 1.0
        delayed = self.behind_live
        dot = (_AMBER if delayed else _GREEN) if live else (_RED if state in (S.stalled, S.reconnecting)
                                                            else QColor("#6b7580"))
        # Bottom band: state, case number, consent countdown.
        bottom = [_STATE_TEXT[state], feed.via(short=True)]
        if feed.purpose is not None:
            bottom.append(f"case {feed.purpose.case_number}")
        if cam.live_until is not None:
            left = (cam.live_until - datetime.now(UTC)).total_seconds()
            bottom.append(f"consent ends in {format_countdown(left)}")
        if delayed and state in SHOWING:
            bottom.insert(0, BEHIND_LIVE)
        if self.alarm:
            left = (self.alarm_until - datetime.now(UTC)).total_seconds() if self.alarm_until else 0
            bottom.insert(0, f"ALARM · ends in {format_countdown(left)}")
        bands = self._bands(dot, f"{cam.id} · {cam.label}", "  ·  ".join(b for b in bottom if b),
                            _AMBER if self.alarm else QColor("#c9d1d9"))
        text = age_text(state, feed.frame_age_s())
        if not text and state not in SHOWING and feed.message:
            text = feed.message
        if text:
            fm = QFontMetrics(bands.font)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            room = QRect(6, 0, self.width() - 12, self.height() - 2 * bands.height)
            needed = fm.boundingRect(room, flags, text).height() + 6
            band = QRect(0, (self.height() - needed) // 2, self.width(), min(needed, room.height()))
            fill = QColor(60, 0, 0, 200) if painted else QColor(30, 8, 8, 230)
            return bands, (band, fill, text, bands.font), None
        if not painted:
            return bands, None, (_STATE_TEXT[state] or "…", QColor("#8a96a3"))
        return bands, None, None

    def _bands(self, dot: QColor, title: str, bottom: str, bottom_colour: QColor) -> _Bands:
        """The top and bottom bands, drawn again only when what they say or their size changes:
        a tile repaints for every picture, and laying text out each time cost more than the picture."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), ratio, self.font().key(), dot.rgba(), title, bottom, bottom_colour.rgba())
        cached: _Bands | None = getattr(self, "_bands_cache", None)
        if cached is not None and cached.key == key:
            return cached
        font = QFont(self.font())
        font.setPointSizeF(8 if self.width() < 240 else 9.5)
        fm = QFontMetrics(font)
        line = fm.height() + 2
        width = self.width()
        top, low = (QPixmap(max(1, round(width * ratio)), round((line + 4) * ratio)) for _ in range(2))
        for pixmap in (top, low):
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
        with _painting(top) as p:
            p.fillRect(QRect(0, 0, width, line + 4), QColor(0, 0, 0, 150))
            p.setFont(font)
            # The live dot (amber when the protocol itself runs behind), the label (owner text:
            # drawn as plain text, never markup).
            p.setBrush(dot)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPoint(8, 2 + line // 2), 4, 4)
            p.setPen(QColor("#e8edf2"))
            p.drawText(QRect(18, 2, width - 20, line), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
                       fm.elidedText(title, Qt.TextElideMode.ElideRight, width - 24))
        with _painting(low) as p:
            p.fillRect(QRect(0, 0, width, line + 4), QColor(0, 0, 0, 150))
            p.setFont(font)
            p.setPen(bottom_colour)
            p.drawText(QRect(6, 2, width - 12, line), Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine,
                       fm.elidedText(bottom, Qt.TextElideMode.ElideRight, width - 12))
        bands = _Bands(key, top, low, line + 4, font)
        self._bands_cache = bands
        return bands

    def _centered(self, p: QPainter, text: str, colour: QColor) -> None:
        p.setPen(colour)
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

    # --- interaction ------------------------------------------------------------------------
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.double_clicked.emit(self.index)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or self.feed.camera is None:
            return
        if (event.position().toPoint() - self._press).manhattanLength() < 12:
            return
        self._press = None
        mime = QMimeData()
        mime.setData(TILE_MIME, str(self.index).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.MoveAction)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.index)
        self._press = None
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: object) -> None:
        self.context_requested.emit(self.index, self.mapToGlobal(self.rect().center()))

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CAMERA_MIME) or event.mimeData().hasFormat(TILE_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        mime = event.mimeData()
        if mime.hasFormat(TILE_MIME):
            source = int(bytes(mime.data(TILE_MIME).data()).decode() or -1)
            if source != self.index and source >= 0:
                self.tile_dropped.emit(source, self.index)
        elif ids := camera_ids_from(mime):
            self.cameras_dropped.emit(self.index, ids)
        event.acceptProposedAction()
