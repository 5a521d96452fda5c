"""Puts the Map panel into the main window and connects it to the wall and the request queue."""

from __future__ import annotations

from rtcc_desktop.config import AppSettings
from rtcc_desktop.map.basemap import basemap_from
from ui.cameras.camera_hub import CameraHub
from ui.footage.install import RequestsDock
from ui.main_window import MainWindow
from ui.map.map_panel import MapPanel
from ui.wall.wall_panel import WallPanel


def install_map_panel(window: MainWindow, hub: CameraHub, settings: AppSettings, wall: WallPanel,
                      requests: RequestsDock) -> MapPanel:
    panel = MapPanel(hub, basemap_from(settings))
    window.set_panel("mapPanel", "Map", panel)
    panel.message.connect(lambda text: window.status.showMessage(text, 15_000))

    def to_wall(ids: list[int]) -> None:
        window.show_panel("wallPanel")
        wall.show_cameras(ids)

    def to_request(ids: list[int], incident: tuple[float, float] | None) -> None:
        window.show_panel("requestsPanel")
        requests.setCurrentWidget(requests.requests)
        requests.requests.new_request(ids, incident)

    def to_exigent(camera_id: int) -> None:
        window.show_panel("requestsPanel")
        requests.requests.ask_exigent(camera_id)

    panel.show_on_wall.connect(to_wall)
    panel.exigent_requested.connect(to_exigent)
    panel.request_footage.connect(to_request)
    window.closing.connect(panel.shutdown)
    panel.start()
    return panel
