"""One room-wall tile as the seat's Room wall panel draws it: camera label, who put it there,
the case number, a supervisor's lock, and a small still when the seat has one.

It renders a ``RoomTile`` it is given (the mirror's); clicks, keys, drops and the context menu
go to the panel as signals. Every text comes from the backend, so it is drawn as plain text and
elided to the tile.
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from rtcc_desktop.api.schemas.room_walls import RoomTile
from ui.cameras.camera_mime import CAMERA_MIME, camera_ids_from
from ui.wall.tile_chrome import TILE_MIME

_BACKGROUND = QColor("#0b0e12")
_EMPTY_TEXT = QColor("#5d6673")
_TEXT = QColor("#e8ecf2")
_MUTED = QColor("#9aa4b2")
_BAND = QColor(0, 0, 0, 170)
_SELECTED = QColor("#4d8fd1")
_DROP = QColor("#3ddc84")
_LOCK = QColor("#ffb74d")
_BORDER = QColor("#262b33")
MAX_TEXT = 120  # a backend's label or name longer than this is cut before it is measured


def one_line(text: str | None) -> str:
    """A backend string made safe to draw on one line: no control characters, bounded."""
    if not text:
        return ""
    return "".join(ch if ch.isprintable() else " " for ch in text[:MAX_TEXT]).strip()


def _clock(when: datetime | None) -> str:
    return "" if when is None else when.astimezone().strftime("%H:%M")


def tile_words(screen: int, tile: RoomTile | None) -> str:
    """The tile in words: its accessible name, tooltip and what the tests read."""
    where = f"Screen {screen + 1} tile {tile.index + 1 if tile else '?'}"
    if tile is None or tile.camera_id is None:
        words = f"{where}: empty"
    else:
        label = one_line(tile.camera_label) or f"camera {tile.camera_id}"
        words = f"{where}: {label}"
        if tile.case_number:
            words += f", case {one_line(tile.case_number)}"
        if tile.pushed_by:
            words += f", put there by {one_line(tile.pushed_by)}"
            if tile.since is not None:
                words += f" at {_clock(tile.since)}"
    if tile is not None and tile.locked:
        by = f" by {one_line(tile.locked_by)}" if tile.locked_by else ""
        words += f" — locked{by}"
    return words


class RoomTileView(QWidget):
    """A tile of one room screen. ``screen_index`` and ``index`` say which; ``set_tile`` what it shows."""

    activated = Signal(int, int)  # screen, tile: clicked or focused
    cameras_dropped = Signal(int, int, list)  # screen, tile, camera ids
    wall_tile_dropped = Signal(int, int, int)  # screen, tile, the seat's wall tile index
    context_requested = Signal(int, int, QPoint)  # screen, tile, global position
    key_pressed = Signal(int, int, object)  # screen, tile, QKeyEvent the tile does not handle itself

    def __init__(self, screen: int, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.screen_index, self.index = screen, index
        self.tile: RoomTile | None = None
        self.preview: QPixmap | None = None
        self.preview_at: datetime | None = None  # when the still was taken: it is never live
        self.selected = False
        self._drop_hover = False
        self.setObjectName("roomTile")
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it; arrows move between tiles
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(64, 40)
        self._describe()

    # --- what it shows ------------------------------------------------------------------------
    def set_tile(self, tile: RoomTile | None) -> None:
        if tile != self.tile:
            self.tile = tile
            if tile is None or tile.camera_id is None:
                self.preview = None
            self._describe()
            self.update()

    def set_preview(self, pixmap: QPixmap | None, taken: datetime | None = None) -> None:
        self.preview, self.preview_at = pixmap, taken if pixmap is not None else None
        self.update()

    def set_selected(self, selected: bool) -> None:
        if selected != self.selected:
            self.selected = selected
            self.update()

    @property
    def camera_id(self) -> int | None:
        return None if self.tile is None else self.tile.camera_id

    @property
    def words(self) -> str:
        return tile_words(self.screen_index, self.tile)

    def _describe(self) -> None:
        words = self.words
        self.setAccessibleName(words)
        # A tooltip guesses rich text: the backend's words are escaped so none of it is markup.
        self.setToolTip(f"<p>{html.escape(words)}</p>")

    # --- painting -------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        r = self.rect()
        p.fillRect(r, _BACKGROUND)
        tile = self.tile
        if self.preview is not None and tile is not None and tile.camera_id is not None:
            scaled = self.preview.size().scaled(r.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(r.x() + (r.width() - scaled.width()) // 2, r.y() + (r.height() - scaled.height()) // 2,
                           scaled.width(), scaled.height())
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawPixmap(target, self.preview)
        font = p.font()
        font.setPointSizeF(max(7.0, min(10.0, r.height() / 9)))
        p.setFont(font)
        metrics = QFontMetrics(font)
        line = metrics.height() + 2
        number = f"{self.screen_index + 1}·{self.index + 1}"
        if tile is None or tile.camera_id is None:
            p.setPen(_EMPTY_TEXT)
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, f"{number}\nempty")
        else:
            label = one_line(tile.camera_label) or f"camera {tile.camera_id}"
            # With a still, the label rides in the top band; without one it is the tile's picture.
            top = f"{number}  {label}" if self.preview is not None else number
            p.fillRect(QRect(r.x(), r.y(), r.width(), line), _BAND)
            p.setPen(_TEXT)
            still = "" if self.preview_at is None else \
                f"still {self.preview_at.astimezone():%H:%M:%S}" if r.width() >= 200 else "still"
            room = r.width() - 8 - (metrics.horizontalAdvance(still) + 8 if still else 0)
            p.drawText(QRect(r.x() + 4, r.y(), room, line), Qt.AlignmentFlag.AlignVCenter,
                       metrics.elidedText(top, Qt.TextElideMode.ElideRight, room))
            if still:  # a copy of the seat's picture, taken now and then: it must not look live
                p.setPen(_LOCK)
                p.drawText(QRect(r.x() + 4, r.y(), r.width() - 8, line),
                           Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, still)
            parts = (one_line(tile.case_number), one_line(tile.pushed_by), _clock(tile.since))
            bottom = " · ".join(x for x in parts if x)
            if bottom and r.height() > 2 * line:
                p.fillRect(QRect(r.x(), r.bottom() - line + 1, r.width(), line), _BAND)
                p.setPen(_MUTED)
                p.drawText(QRect(r.x() + 4, r.bottom() - line + 1, r.width() - 8, line), Qt.AlignmentFlag.AlignVCenter,
                           metrics.elidedText(bottom, Qt.TextElideMode.ElideRight, r.width() - 8))
            if self.preview is None:
                middle = r.adjusted(6, line, -6, -line)
                p.setPen(_TEXT)
                p.drawText(middle, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, label)
        if tile is not None and tile.locked:
            text = "LOCKED"
            width = metrics.horizontalAdvance(text) + 10
            badge = QRect(r.right() - width - 2, r.y() + line + 2, width, line)
            p.fillRect(badge, _LOCK)
            p.setPen(QColor("#111111"))
            p.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        if self._drop_hover:
            self._outline(p, _DROP, 3)
        elif self.selected:
            self._outline(p, _SELECTED, 3 if self.hasFocus() else 2)
        else:
            self._outline(p, _LOCK if tile is not None and tile.locked else _BORDER, 1)

    def _outline(self, p: QPainter, colour: QColor, width: int) -> None:
        pen = p.pen()
        pen.setColor(colour)
        pen.setWidth(width)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(self.rect().adjusted(width // 2, width // 2, -(width + 1) // 2, -(width + 1) // 2))

    # --- input ------------------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.activated.emit(self.screen_index, self.index)
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.activated.emit(self.screen_index, self.index)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.key_pressed.emit(self.screen_index, self.index, event)
        if not event.isAccepted():
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.activated.emit(self.screen_index, self.index)
        where = event.globalPos() if event.reason() == QContextMenuEvent.Reason.Mouse \
            else self.mapToGlobal(self.rect().center())
        self.context_requested.emit(self.screen_index, self.index, where)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(CAMERA_MIME) or event.mimeData().hasFormat(TILE_MIME):
            self._drop_hover = True
            self.update()
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._drop_hover = False
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._drop_hover = False
        self.update()
        mime = event.mimeData()
        if mime.hasFormat(TILE_MIME):
            try:
                source = int(bytes(mime.data(TILE_MIME).data()).decode() or "-1")
            except ValueError:
                source = -1
            if source >= 0:
                self.wall_tile_dropped.emit(self.screen_index, self.index, source)
        elif ids := camera_ids_from(mime):
            self.cameras_dropped.emit(self.screen_index, self.index, ids)
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
