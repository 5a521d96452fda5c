"""One attached screen of a room-wall display: a frameless full-screen window showing one room
screen's grid (a ``WallView``), or a plain sentence when the wall has no room screen for it,
with the connection's notice in the top-right corner and a note in the bottom-right.

Nothing on the keyboard or mouse does anything: the cursor is hidden, Esc and closing the
window (Alt+F4) are ignored; only the display's quit key (``device_login.QUIT_KEYS``, for IT)
ends it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QScreen,
    QShortcut,
)
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from rtcc_desktop.room_wall.device_login import QUIT_KEYS

_CORNER = ("QLabel { color: #ffb74d; background: rgba(10, 12, 16, 215); border: 1px solid #ffb74d;"
           " border-radius: 4px; padding: 6px 10px; }")
_NOTE = ("QLabel { color: #c9d1d9; background: rgba(10, 12, 16, 200); border-radius: 4px;"
         " padding: 4px 8px; }")


class DisplayWindow(QWidget):
    def __init__(self, number: int, on_quit: Callable[[], None]) -> None:
        """``number``: the attached screen's place, left to right (0 is the leftmost)."""
        super().__init__(None, Qt.WindowType.Window | Qt.WindowType.FramelessWindowHint)
        self.number = number
        self.closing_allowed = False
        self.room_screen: int | None = None
        self.setObjectName(f"roomWallDisplay{number + 1}")
        self.setCursor(Qt.CursorShape.BlankCursor)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#000000"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel(self)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.font())
        font.setPointSizeF(22)
        self.placeholder.setFont(font)
        self.placeholder.setStyleSheet("QLabel { color: #6b7580; }")
        self.box.addWidget(self.placeholder)
        self.view: QWidget | None = None
        self.corner = self._overlay(_CORNER, 14)
        self.note = self._overlay(_NOTE, 11)
        QShortcut(QKeySequence(QUIT_KEYS), self, on_quit, context=Qt.ShortcutContext.ApplicationShortcut)

    def _overlay(self, style: str, points: float) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)  # backend words are shown as text, never markup
        label.setWordWrap(True)
        label.setStyleSheet(style)
        font = QFont(self.font())
        font.setPointSizeF(points)
        label.setFont(font)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        label.hide()
        return label

    # --- what it shows --------------------------------------------------------------------------------
    def show_view(self, view: QWidget | None, room_screen: int | None, placeholder: str = "") -> None:
        """Room screen ``room_screen`` drawn by ``view``, or ``placeholder`` words."""
        self.room_screen = room_screen
        if self.view is not None and self.view is not view and self.view.parent() is self:
            self.box.removeWidget(self.view)
            self.view.hide()
            self.view.setParent(None)
        self.view = view
        if view is not None:
            self.box.addWidget(view)
            view.show()
            self.placeholder.hide()
        else:
            self.placeholder.setText(placeholder)
            self.placeholder.show()
        self.setWindowTitle(self.tr("RTCC Desktop — room wall, screen {number}").format(number=self.number + 1))
        self._raise_overlays()

    def set_notice(self, notice: str, detail: str) -> None:
        text = notice if not detail else f"{notice}\n{detail}" if notice else detail
        self.corner.setText(text)
        self.corner.setAccessibleName(text)
        self.corner.setVisible(bool(text))
        self._place_overlays()

    def set_note(self, note: str) -> None:
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self._place_overlays()

    def place_on(self, screen: QScreen, windowed: bool) -> None:
        """Cover ``screen`` (full screen), or an ordinary window on it for IT (``windowed``)."""
        geometry = screen.geometry()
        self.setScreen(screen)
        if windowed:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
            self.setGeometry(geometry.adjusted(geometry.width() // 8, geometry.height() // 8,
                                               -geometry.width() // 8, -geometry.height() // 8))
            self.show()
        else:
            self.setGeometry(geometry)
            self.showFullScreen()

    # --- overlays in the corners ----------------------------------------------------------------------
    def _raise_overlays(self) -> None:
        self.corner.raise_()
        self.note.raise_()

    def _place_overlays(self) -> None:
        margin, width = 16, max(200, min(560, self.width() // 2))
        for label, top in ((self.corner, True), (self.note, False)):
            if not label.isVisible():
                continue
            label.setFixedWidth(width)
            label.adjustSize()
            y = margin if top else self.height() - label.height() - margin
            label.move(self.width() - width - margin, y)
        self._raise_overlays()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_overlays()

    # --- no keyboard, no closing ----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # Esc and every other key: nothing (the quit key is a shortcut)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closing_allowed:
            event.accept()
        else:
            event.ignore()  # Alt+F4 or a window manager's close: the room's wall stays up
