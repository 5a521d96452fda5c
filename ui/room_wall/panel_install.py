"""Puts the Room wall panel into the main window: the seat's mirror of the room's shared wall,
its "Send to room wall ▸" on every camera menu, and the incident's nearest cameras from the map."""

from __future__ import annotations

from ui.cameras.camera_hub import CameraHub
from ui.main_window import MainWindow
from ui.map.map_panel import MapPanel
from ui.room_wall.panel_desk import RoomWallDesk
from ui.wall.wall_panel import WallPanel


def install_room_wall_panel(window: MainWindow, hub: CameraHub, wall: WallPanel,
                            map_panel: MapPanel | None = None) -> RoomWallDesk:
    def nearest() -> list[int]:
        if map_panel is None or map_panel.incident.incident is None:
            return []
        return map_panel.incident.live_ids()[: map_panel.incident.live_count.value()]

    desk = RoomWallDesk(window, hub, wall, nearest)
    window.set_panel("roomWallPanel", "Room wall", desk.panel)
    window.closing.connect(desk.shutdown)
    desk.load()
    return desk
