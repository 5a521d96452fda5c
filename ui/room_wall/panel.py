"""The Room wall panel: the seat's view of the crime center's shared wall.

It renders what it is given (the mirror's ``RoomWall``, the list of walls, the connection) and
routes input out as signals: which tile is selected is its only state of its own, since that is
where this operator's keyboard is, not part of the room wall. ``panel_desk`` does the work.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas.room_walls import RoomWall
from rtcc_desktop.video.wall_layouts import LAYOUTS
from ui.room_wall.panel_screen import RoomScreenView
from ui.room_wall.panel_tile import RoomTileView, one_line

SCREENS_PER_ROW = 4  # a room's screens side by side as on the wall; more wrap to another row

_ARROWS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


class RoomWallPanel(QWidget):
    wall_chosen = Signal(str)  # the wall's name
    send_requested = Signal(int, int)  # screen, tile: the seat's selected camera goes there
    cameras_dropped = Signal(int, int, list)  # screen, tile, camera ids
    wall_tile_dropped = Signal(int, int, int)  # screen, tile, the seat's wall tile index
    clear_requested = Signal(int, int)  # screen, tile
    layout_requested = Signal(int, str)  # screen, layout name
    put_my_wall_requested = Signal(int)  # screen
    lock_requested = Signal(int, int, bool)  # screen, tile, locked
    context_requested = Signal(int, int, QPoint)  # screen, tile, global position
    reload_requested = Signal()

    def __init__(self, can_lock: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("roomWallPanel")
        self.setAccessibleName(self.tr("Room wall"))
        self.can_lock = can_lock
        self.wall: RoomWall | None = None
        self.selected: tuple[int, int] | None = None  # (screen, tile) this operator's keys act on
        self.screens: list[RoomScreenView] = []
        self._previews: dict[int, QPixmap] = {}  # camera id -> a still from the seat's own wall
        self._previews_at: datetime | None = None
        self._build()
        self._add_keys()
        self.set_walls([], None)
        self.show_empty(self.tr("Loading the room wall…"))

    # --- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(self.tr("Room wall"))
        self.chooser.setToolTip(self.tr("Which room wall this panel shows"))
        self.chooser.activated.connect(self._chosen)
        self.chooser_label = QLabel(self.tr("Wall"))
        self.send_button = QPushButton(self.tr("Send camera here"))
        self.send_button.setToolTip(self.tr("Put the camera selected on the map, list or your wall on the chosen "
                                            "room tile (Enter)"))
        self.send_button.setAccessibleName(self.tr("Send the selected camera to the chosen room tile"))
        self.send_button.clicked.connect(lambda: self._on_selected(self.send_requested.emit))
        self.clear_button = QPushButton(self.tr("Clear tile"))
        self.clear_button.setToolTip(self.tr("Take the camera off the chosen room tile (Delete)"))
        self.clear_button.setAccessibleName(self.tr("Clear the chosen room tile"))
        self.clear_button.clicked.connect(lambda: self._on_selected(self.clear_requested.emit))
        self.lock_button = QPushButton(self.tr("Lock tile"))
        self.lock_button.setToolTip(self.tr("A locked tile keeps its camera: only a supervisor changes it (Ctrl+K)"))
        self.lock_button.setAccessibleName(self.tr("Lock or unlock the chosen room tile"))
        self.lock_button.clicked.connect(self._toggle_lock)
        self.lock_button.setVisible(self.can_lock)
        self.layouts = QComboBox()
        self.layouts.addItems(list(LAYOUTS))
        self.layouts.setAccessibleName(self.tr("Layout of the chosen room screen"))
        self.layouts.setToolTip(self.tr("Layout of the chosen room screen"))
        self.layouts.activated.connect(self._layout_chosen)
        self.my_wall_button = QPushButton(self.tr("Put my wall here"))
        self.my_wall_button.setToolTip(self.tr("Your wall's layout and cameras onto the chosen room screen"))
        self.my_wall_button.setAccessibleName(self.tr("Put my wall on the chosen room screen"))
        self.my_wall_button.clicked.connect(self._put_my_wall)
        self.connection = QLabel()
        self.connection.setObjectName("hintText")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.chooser_label, self.chooser, self.send_button, self.clear_button, self.lock_button,
                  QLabel(self.tr("Layout")), self.layouts, self.my_wall_button):
            bar.addWidget(w)
        bar.addStretch(1)
        # The panel shares a column with the map: the words go on a line of their own, so the
        # bar is no wider than its buttons.
        self.connection.setTextFormat(Qt.TextFormat.PlainText)
        self.connection.setAccessibleName(self.tr("Room wall connection"))
        self.notice = QLabel()  # a refused change, a conflict: in words, until the next action
        self.notice.setObjectName("errorText")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Room wall message"))
        self.notice.hide()
        self.screens_box = QWidget()
        self.screens_grid = QGridLayout(self.screens_box)
        self.screens_grid.setContentsMargins(0, 0, 0, 0)
        self.screens_grid.setSpacing(6)
        self.empty = QWidget()
        self.empty_text = QLabel()
        self.empty_text.setObjectName("placeholder")
        self.empty_text.setTextFormat(Qt.TextFormat.PlainText)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_text.setWordWrap(True)
        self.retry = QToolButton()
        self.retry.setText(self.tr("Try again"))
        self.retry.setAccessibleName(self.tr("Load the room wall again"))
        self.retry.clicked.connect(self.reload_requested)
        empty_box = QVBoxLayout(self.empty)
        empty_box.addStretch(1)
        empty_box.addWidget(self.empty_text)
        empty_box.addWidget(self.retry, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_box.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.screens_box)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addLayout(bar)
        box.addWidget(self.connection)
        box.addWidget(self.notice)
        box.addWidget(self.stack, 1)

    def _add_keys(self) -> None:
        for keys, text, slot in (
                ("Return", "Send the selected camera to the chosen room tile",
                 lambda: self._on_selected(self.send_requested.emit)),
                ("Enter", "Send the selected camera to the chosen room tile",
                 lambda: self._on_selected(self.send_requested.emit)),
                ("Delete", "Clear the chosen room tile", lambda: self._on_selected(self.clear_requested.emit)),
                ("Ctrl+K", "Lock or unlock the chosen room tile (supervisors)", self._toggle_lock)):
            act = QAction(text, self)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

    # --- what it shows --------------------------------------------------------------------------------
    def set_walls(self, walls: list[RoomWall], current: str | None) -> None:
        """The chooser: shown only when the backend has more than one room wall."""
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for wall in walls:
            self.chooser.addItem(one_line(wall.title) or one_line(wall.name) or f"Wall {wall.id}", wall.name)
        if current is not None and (at := self.chooser.findData(current)) >= 0:
            self.chooser.setCurrentIndex(at)
        self.chooser.blockSignals(False)
        several = len(walls) > 1
        self.chooser.setVisible(several)
        self.chooser_label.setVisible(several)

    def show_wall(self, wall: RoomWall) -> None:
        self.wall = wall
        self.stack.setCurrentWidget(self.screens_box)
        while len(self.screens) > len(wall.screens):
            view = self.screens.pop()
            self.screens_grid.removeWidget(view)
            view.deleteLater()
        for n in range(len(self.screens), len(wall.screens)):
            view = RoomScreenView(n, self.screens_box)
            self.screens_grid.addWidget(view, n // SCREENS_PER_ROW, n % SCREENS_PER_ROW)
            self.screens.append(view)
        for view, screen in zip(self.screens, wall.screens, strict=False):
            for tile in view.show_screen(screen):
                self._wire(tile)
        if self.selected is None or self.tile_view(*self.selected) is None:
            self.selected = (0, 0) if self.tile_view(0, 0) is not None else None
        self._apply_previews()
        self._show_selection()

    def show_empty(self, text: str, can_retry: bool = False) -> None:
        """No wall to show: none set up, not loaded yet, or the backend cannot be reached."""
        self.wall = None
        self.empty_text.setText(text)
        self.retry.setVisible(can_retry)
        self.stack.setCurrentWidget(self.empty)
        self._enable()

    def set_connection(self, text: str, good: bool) -> None:
        self.connection.setText(text)
        self.connection.setObjectName("hintText" if good else "connWarn")
        self.connection.style().unpolish(self.connection)
        self.connection.style().polish(self.connection)

    def say(self, text: str, warning: bool = True) -> None:
        """A message that stays until the next one: a refusal or a conflict must be read."""
        self.notice.setObjectName("connWarn" if warning else "hintText")
        self.notice.style().unpolish(self.notice)
        self.notice.style().polish(self.notice)
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    @property
    def has_previews(self) -> bool:
        return bool(self._previews)

    def set_previews(self, previews: dict[int, QPixmap], taken: datetime | None = None) -> None:
        self._previews, self._previews_at = previews, taken
        self._apply_previews()

    def _apply_previews(self) -> None:
        for tile in self.all_tiles():
            cam = tile.camera_id
            tile.set_preview(self._previews.get(cam) if cam is not None else None, self._previews_at)

    # --- tiles -------------------------------------------------------------------------------------------
    def all_tiles(self) -> list[RoomTileView]:
        return [t for view in self.screens for t in view.tiles]

    def tile_view(self, screen: int, tile: int) -> RoomTileView | None:
        if 0 <= screen < len(self.screens) and 0 <= tile < len(self.screens[screen].tiles):
            return self.screens[screen].tiles[tile]
        return None

    def _wire(self, tile: RoomTileView) -> None:
        tile.activated.connect(self.select)
        tile.cameras_dropped.connect(self.cameras_dropped)
        tile.wall_tile_dropped.connect(self.wall_tile_dropped)
        tile.context_requested.connect(self.context_requested)
        tile.key_pressed.connect(self._tile_key)

    def select(self, screen: int, tile: int) -> None:
        if self.tile_view(screen, tile) is None:
            return
        self.selected = (screen, tile)
        self._show_selection()

    def _show_selection(self) -> None:
        for t in self.all_tiles():
            t.set_selected((t.screen_index, t.index) == self.selected)
        self._enable()

    def _enable(self) -> None:
        view = self.tile_view(*self.selected) if self.selected is not None else None
        has_wall = self.wall is not None
        locked = view is not None and view.tile is not None and view.tile.locked
        for w in (self.send_button, self.my_wall_button, self.layouts):
            w.setEnabled(has_wall and view is not None)
        self.clear_button.setEnabled(has_wall and view is not None and view.camera_id is not None)
        self.lock_button.setEnabled(has_wall and view is not None)
        self.lock_button.setText(self.tr("Unlock tile") if locked else self.tr("Lock tile"))
        if has_wall and self.selected is not None and self.wall is not None \
                and self.selected[0] < len(self.wall.screens):
            self.layouts.setCurrentText(self.wall.screens[self.selected[0]].layout)

    def focus_selected(self) -> None:
        view = self.tile_view(*self.selected) if self.selected is not None else None
        if view is not None:
            view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _tile_key(self, screen: int, tile: int, event: QKeyEvent) -> None:
        step = _ARROWS.get(Qt.Key(event.key()))
        if step is None:
            event.ignore()
            return
        event.accept()
        target = self.neighbour(screen, tile, *step)
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def neighbour(self, screen: int, tile: int, dx: int, dy: int) -> RoomTileView | None:
        """The tile next to this one in the arrow's direction, across screens as they stand in
        the panel: the nearest whose centre lies that way, straight lines first."""
        here = self.tile_view(screen, tile)
        if here is None:
            return None
        centre = here.mapTo(self, here.rect().center())
        best: tuple[float, RoomTileView] | None = None
        for other in self.all_tiles():
            if other is here or not other.isVisible():
                continue
            c = other.mapTo(self, other.rect().center())
            along = (c.x() - centre.x()) * dx + (c.y() - centre.y()) * dy
            if along <= 0:
                continue
            across = abs((c.y() - centre.y()) * dx) + abs((c.x() - centre.x()) * dy)
            score = along + 2 * across
            if best is None or score < best[0]:
                best = (score, other)
        return None if best is None else best[1]

    # --- routed out -------------------------------------------------------------------------------------------
    def _on_selected(self, emit: object) -> None:
        if self.wall is not None and self.selected is not None:
            emit(*self.selected)  # type: ignore[operator]

    def _put_my_wall(self) -> None:
        if self.wall is not None and self.selected is not None:
            self.put_my_wall_requested.emit(self.selected[0])

    def _toggle_lock(self) -> None:
        if not self.can_lock or self.wall is None or self.selected is None:
            return
        view = self.tile_view(*self.selected)
        if view is not None:
            self.lock_requested.emit(*self.selected, not (view.tile is not None and view.tile.locked))

    def _layout_chosen(self, _index: int) -> None:
        name = self.layouts.currentText()
        if self.wall is not None and self.selected is not None and name in LAYOUTS:
            if self.wall.screens[self.selected[0]].layout != name:
                self.layout_requested.emit(self.selected[0], name)

    def _chosen(self, _index: int) -> None:
        name = self.chooser.currentData()
        if isinstance(name, str):
            self.wall_chosen.emit(name)
