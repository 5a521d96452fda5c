"""A tile's right-click menu: what can be done to that tile, each routed to the wall model."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QPoint
from PySide6.QtWidgets import QMenu, QWidget

from rtcc_desktop.wall.model import WallModel
from ui.cameras.camera_hub import CameraHub


def tile_menu(parent: QWidget, model: WallModel, index: int, select: Callable[[int | None], None],
              tour_dialog: Callable[[int], None], hub: CameraHub | None = None) -> QMenu:
    menu = QMenu(parent)
    menu.addAction(QCoreApplication.translate("ui.wall.tile_menu", "Unfocus") if model.focused == index
                   else QCoreApplication.translate("ui.wall.tile_menu", "Focus (double-click)"),
                   lambda: model.toggle_focus(index))
    assignment = model.tile(index)
    if assignment is not None:
        camera_id = assignment.camera_id
        menu.addAction(QCoreApplication.translate("ui.wall.tile_menu", "Retry"),
                       lambda: model.retry(index))
        menu.addAction(QCoreApplication.translate("ui.wall.tile_menu", "Select on map"),
                       lambda: select(camera_id))
        menu.addAction(QCoreApplication.translate("ui.wall.tile_menu", "Clear tile (Delete)"),
                       lambda: model.clear(index))
        if hub is not None:  # the features' actions for the tile's camera, under the view's own case
            hub.add_to_menu(menu, [camera_id], assignment.purpose)
    menu.addSeparator()
    if model.tour(index) is not None:
        menu.addAction(QCoreApplication.translate("ui.wall.tile_menu", "Stop tour"),
                       lambda: model.stop_tour(index))
    else:
        menu.addAction(QCoreApplication.translate("ui.wall.tile_menu", "Tour on this tile…"),
                       lambda: tour_dialog(index))
    if model.alarm_tile == index:
        menu.addAction(QCoreApplication.translate("ui.wall.tile_menu", "Stop using as the alarm tile"),
                       lambda: model.set_alarm_tile(None))
    else:
        menu.addAction(QCoreApplication.translate("ui.wall.tile_menu", "Use as the alarm tile"),
                       lambda: model.set_alarm_tile(index))
    return menu


def show_tile_menu(parent: QWidget, model: WallModel, index: int, where: QPoint,
                   select: Callable[[int | None], None], tour_dialog: Callable[[int], None],
                   hub: CameraHub | None = None) -> None:
    tile_menu(parent, model, index, select, tour_dialog, hub).exec(where)
