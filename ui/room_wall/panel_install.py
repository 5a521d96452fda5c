"""Puts the Room wall panel into the main window: the seat's mirror of the room's shared wall,
its "Send to room wall ▸" on every camera menu, and the incidents' nearest live cameras (the map's
incident list, the Incidents queue's menu) to a room screen."""

from __future__ import annotations

from datetime import UTC, datetime

from rtcc_desktop.api.schemas import Incident
from rtcc_desktop.map.camera_marks import why_not_live
from ui.cameras.camera_hub import CameraHub
from ui.incidents.install import IncidentsDesk
from ui.main_window import MainWindow
from ui.map.map_panel import MapPanel
from ui.room_wall.panel_desk import RoomWallDesk
from ui.wall.wall_panel import WallPanel

NEAREST_MAX = 16  # the most cameras an incident sends to one room screen (its free tiles decide)


def install_room_wall_panel(window: MainWindow, hub: CameraHub, wall: WallPanel,
                            map_panel: MapPanel | None = None, incidents: IncidentsDesk | None = None) -> RoomWallDesk:
    def nearest() -> list[int]:
        if map_panel is None or map_panel.incident.incident is None:
            return []
        return map_panel.incident.live_ids()[: map_panel.incident.live_count.value()]

    def nearest_for(incident: Incident) -> list[int]:
        """The incident's circle (a detection's accuracy, else the map's radius), nearest first."""
        if map_panel is None:
            return []
        radius = incident.accuracy_m if incident.accuracy_m is not None else float(map_panel.incident.radius.value())
        now = datetime.now(UTC)
        live = [h.camera_id for h in map_panel.index.within(incident.lat, incident.lon, radius)
                if (cam := hub.directory.get(h.camera_id)) is not None and why_not_live(cam, now) is None]
        return live[:NEAREST_MAX]

    desk = RoomWallDesk(window, hub, wall, nearest, nearest_for)
    window.set_panel("roomWallPanel", "Room wall", desk.panel)
    window.closing.connect(desk.shutdown)
    if incidents is not None:
        incidents.panel.menu_extras.append(desk.add_incident_menu)
    desk.load()
    return desk
