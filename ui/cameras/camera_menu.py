"""The right-click menu of a table of cameras (the camera list, an incident's cameras): select
the camera, then whatever the features add for the rows chosen (``CameraHub.menu_extras``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QMenu

from ui.cameras.camera_hub import CameraHub


def attach_camera_menu(view: QAbstractItemView, hub: CameraHub, chosen: Callable[[], list[int]]) -> None:
    """``chosen``: the camera ids of the rows the menu is for (the selection, nearest first)."""
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(where: QPoint) -> None:
        ids = chosen()
        if not ids or not hub.menu_extras:
            return
        menu = QMenu(view)
        hub.add_to_menu(menu, ids)
        if not menu.isEmpty():
            menu.popup(view.viewport().mapToGlobal(where))

    view.customContextMenuRequested.connect(show)


def selected_ids(view: QAbstractItemView) -> list[int]:
    """The camera ids (UserRole of column 0) of the selected rows, in the view's order."""
    model = view.model()
    rows = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    ids: list[int] = []
    for row in rows:
        value = model.data(model.index(row, 0), Qt.ItemDataRole.UserRole)
        if isinstance(value, int) and value not in ids:
            ids.append(value)
    return ids
