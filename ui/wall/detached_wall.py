"""The wall on a screen of its own (multi-monitor control rooms), following the model's flag."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from rtcc_desktop.wall.model import WallModel


class DetachedWall(QWidget):
    """The window the tiles move into; Esc or closing it brings them back."""

    closing = Signal()

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(self.tr("RTCC Desktop — video wall"))
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()


class DetachedWallHost(QObject):
    """Moves ``view`` into a full-screen window of its own while the model is detached, and
    back into the panel (``reattach``) when it is not."""

    def __init__(self, model: WallModel, panel: QWidget, view: QWidget, reattach: Callable[[], None]) -> None:
        super().__init__(panel)
        self.model, self.panel, self.view, self._reattach = model, panel, view, reattach
        self.window: DetachedWall | None = None
        model.detached_changed.connect(self._follow)

    def _follow(self, detached: bool) -> None:
        if detached and self.window is None:
            self._detach()
        elif not detached and self.window is not None:
            window, self.window = self.window, None
            self._reattach()
            window.close()
            window.deleteLater()

    def _detach(self) -> None:
        window = DetachedWall()
        window.box.addWidget(self.view)
        # The wall's keys work on its own screen too: a shortcut only fires in the window (or,
        # panel-wide, the widgets) its action belongs to, and the tiles are in this window now.
        window.addActions(self.panel.actions())
        window.closing.connect(lambda: self.model.set_detached(False))
        self.window = window
        # The screen under the panel, asked of the application: PySide6 ties the QScreen that
        # QWidget.screen() returns to the widget, and once the main window is gone (a sign-out)
        # every later use of that screen in Python raised "already deleted".
        here = QGuiApplication.screenAt(self.panel.mapToGlobal(self.panel.rect().center()))
        other = next((s for s in QGuiApplication.screens() if s is not here), None)
        if other is not None:
            window.setGeometry(other.geometry())
        window.showFullScreen()  # one screen: a full-screen wall over the main window
