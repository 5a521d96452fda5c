"""The "Send to room wall ▸ <wall> ▸ <screen>/<tile>" submenu every camera context menu gets
(map, camera lists, the seat's wall tiles), and the room tile's own context menu."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu

from rtcc_desktop.api.schemas.room_walls import RoomTile, RoomWall
from rtcc_desktop.video.wall_layouts import LAYOUTS
from ui.room_wall.panel_screen import MAX_TILES, layout_for
from ui.room_wall.panel_tile import one_line

FLAT_TILES = 16  # a wall with at most this many tiles lists them in one menu; more get a menu per screen

# (the wall's name, screen, tile) the cameras go to
Send = Callable[[str, int, int], None]


def tile_entry(screen: int, tile: RoomTile) -> str:
    where = f"Screen {screen + 1} / tile {tile.index + 1}"
    if tile.camera_id is None:
        what = "empty"
    else:
        what = one_line(tile.camera_label) or f"camera {tile.camera_id}"
    lock = " — locked" if tile.locked else ""
    return f"{where} — {what}{lock}"


def _tiles(wall: RoomWall) -> list[tuple[int, RoomTile]]:
    found: list[tuple[int, RoomTile]] = []
    for s, screen in enumerate(wall.screens):
        drawn, _note = layout_for(screen)
        by_index = {t.index: t for t in screen.tiles[:MAX_TILES]}
        found.extend((s, by_index.get(n) or RoomTile(index=n)) for n in range(drawn.tile_count))
    return found


def add_send_menu(menu: QMenu, walls: list[RoomWall], count: int, send: Send, can_change_locked: bool) -> QMenu:
    """``count`` cameras: the first goes to the tile chosen, the rest to the free tiles after it
    on that screen. A locked tile is offered to a supervisor only; an operator sees it greyed."""
    title = "Send to room wall" if count == 1 else f"Send {count} cameras to room wall"
    sub = menu.addMenu(title)
    sub.setObjectName("sendToRoomWall")
    if not walls:
        sub.addAction(QCoreApplication.translate(
            "ui.room_wall.panel_menu", "No room wall is set up")).setEnabled(False)
        return sub
    for wall in walls:
        wall_menu = sub.addMenu(one_line(wall.title) or one_line(wall.name) or f"Wall {wall.id}")
        tiles = _tiles(wall)
        per_screen = len(tiles) > FLAT_TILES
        screen_menus: dict[int, QMenu] = {}
        for s, tile in tiles:
            target = wall_menu
            if per_screen:
                if s not in screen_menus:
                    screen_menus[s] = wall_menu.addMenu(QCoreApplication.translate(
                        "ui.room_wall.panel_menu", "Screen {screen}").format(screen=s + 1))
                target = screen_menus[s]
            action = target.addAction(tile_entry(s, tile), partial(send, wall.name, s, tile.index))
            if tile.locked and not can_change_locked:
                action.setEnabled(False)
                action.setToolTip(QCoreApplication.translate(
                    "ui.room_wall.panel_menu", "Locked by a supervisor: only a supervisor changes it"))
    return sub


def room_tile_menu(menu: QMenu, tile: RoomTile | None, screen_layout: str, *, has_selection: bool,
                   can_lock: bool, has_incident: bool, actions: dict[str, Callable[[], None]],
                   set_layout: Callable[[str], None]) -> QMenu:
    """A room tile's right-click menu; ``actions`` by name: send, clear, my_wall, lock, nearest."""
    send = menu.addAction(QCoreApplication.translate(
        "ui.room_wall.panel_menu", "Send the selected camera here (Enter)"), actions["send"])
    send.setEnabled(has_selection)
    empty = tile is None or tile.camera_id is None
    clear = menu.addAction(QCoreApplication.translate(
        "ui.room_wall.panel_menu", "Clear this tile (Delete)"), actions["clear"])
    clear.setEnabled(not empty)
    menu.addSeparator()
    layouts = menu.addMenu(QCoreApplication.translate(
        "ui.room_wall.panel_menu", "Screen layout"))
    for name in LAYOUTS:
        act = layouts.addAction(name, partial(set_layout, name))
        act.setCheckable(True)
        act.setChecked(name == screen_layout)
    menu.addAction(QCoreApplication.translate(
        "ui.room_wall.panel_menu", "Put my wall on this screen"), actions["my_wall"])
    nearest = menu.addAction(QCoreApplication.translate(
        "ui.room_wall.panel_menu", "Put the incident's nearest live cameras on this screen"), actions["nearest"])
    nearest.setEnabled(has_incident)
    if can_lock:
        menu.addSeparator()
        locked = tile is not None and tile.locked
        menu.addAction("Unlock this tile (Ctrl+K)" if locked else "Lock this tile (Ctrl+K)", actions["lock"])
    return menu
