"""The wall's keys: layouts (Alt+1 … Alt+8), detach, clear and focus the selected tile."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from rtcc_desktop.video.wall_layouts import LAYOUTS
from rtcc_desktop.wall.model import WallModel


def add_wall_keys(panel: QWidget, model: WallModel, toggle_detached: Callable[[], None],
                  clear_current: Callable[[], None], focus_current: Callable[[], None]) -> None:
    # Alt, not Ctrl: Ctrl+1…3 switch panels window-wide, and an ambiguous key does nothing at all.
    for n, name in enumerate(LAYOUTS, start=1):
        act = QAction(QCoreApplication.translate("ui.wall.wall_keys", "Layout {name}").format(name=name), panel)
        act.setShortcut(QKeySequence(f"Alt+{n}"))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(lambda _c=False, name=name: model.set_layout(name))
        panel.addAction(act)
    for keys, text, slot in (("Ctrl+Shift+D", QCoreApplication.translate(
                                 "ui.wall.wall_keys", "Detach the wall to a screen of its own (Esc brings it back)"),
                              toggle_detached),
                             ("Delete", QCoreApplication.translate("ui.wall.wall_keys", "Clear the selected tile"),
                              clear_current),
                             ("Return", QCoreApplication.translate(
                                 "ui.wall.wall_keys", "Focus the selected tile on the whole wall, and back"),
                              focus_current)):
        act = QAction(text, panel)
        act.setShortcut(QKeySequence(keys))
        act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act.triggered.connect(slot)
        panel.addAction(act)
