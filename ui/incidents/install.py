"""Puts the Incidents panel into the main window: the queue loaded from the backend and kept in
step by its events; a new priority-1 call raises a banner and a desktop notification; showing an
incident centres the map on it with its circle (a detection's accuracy, or the operator's radius)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from rtcc_desktop.api.schemas import Incident, IncidentList, ServerEvent
from rtcc_desktop.incidents.queue import IncidentQueue
from ui.background import run_in_background
from ui.errors import describe
from ui.incidents.incidents_panel import IncidentsPanel
from ui.incidents.new_incident_dialog import NewIncidentDialog
from ui.main_window import MainWindow
from ui.map.map_panel import MapPanel

log = logging.getLogger(__name__)


class IncidentsDesk(QObject):
    """The console's incident queue: its one owner (``IncidentQueue``), the panel rendering it, and
    the calls to the backend."""

    def __init__(self, window: MainWindow, map_panel: MapPanel) -> None:
        super().__init__(window)
        self.window, self.map = window, map_panel
        self.queue = IncidentQueue()
        self.panel = IncidentsPanel(self.queue)
        window.set_panel("incidentsPanel", "Incidents", self.panel)
        self.panel.show_incident.connect(self.show_on_map)
        self.panel.close_requested.connect(self.close)
        self.panel.reload_requested.connect(self.reload)
        window.server_event.connect(self.on_event)
        window.events.resync.connect(self.reload)  # events may have been missed: load the queue again
        map_panel.create_incident_requested.connect(self.create_at)

    def reload(self) -> None:
        client = self.window.session.client

        def loaded(found: IncidentList) -> None:
            self.queue.load(found.items)
            self.panel.refresh()

        run_in_background(lambda: client.list_incidents(status="all", limit=500), loaded,
                          lambda exc: self.window.status.showMessage(f"Incidents not loaded: {describe(exc)}", 15_000),
                          owner=self)

    def on_event(self, event: ServerEvent) -> None:
        try:
            change = self.queue.apply(event)
        except ValueError as exc:  # an event that does not hold an incident: say so, keep the queue
            log.warning("incident event %s not applied: %s", event.id, exc)
            return
        if change is None:
            return
        self.panel.refresh()
        if change.became_urgent:
            incident = change.incident
            self.panel.alert(incident)
            self.window.notify(f"Priority 1: {incident.kind}", f"{incident.address} ({incident.cad_number})")

    def show_on_map(self, incident: Incident) -> None:
        self.window.show_panel("mapPanel")
        accuracy = f" ±{incident.accuracy_m:.0f} m" if incident.accuracy_m is not None else ""
        self.map.set_incident(incident.lat, incident.lon, incident.accuracy_m,
                              f"P{incident.priority} {incident.kind} · {incident.cad_number}{accuracy}\n"
                              f"{incident.address}")

    def create_at(self, lat: float, lon: float) -> None:
        """An incident placed by hand; the queue hears of it by its event, like any other."""
        dialog = NewIncidentDialog(lat, lon, self.window)
        if not dialog.exec() or dialog.result_incident is None:
            return
        body, client = dialog.result_incident, self.window.session.client

        def made(incident: Incident) -> None:
            self.window.status.showMessage(f"Incident {incident.cad_number} created.", 10_000)
            self.show_on_map(incident)

        run_in_background(lambda: client.create_incident(body), made,
                          lambda exc: self.window.report_error(exc), owner=self)

    def close(self, incident: Incident) -> None:
        client = self.window.session.client

        def closed(done: Incident) -> None:
            self.window.status.showMessage(f"Incident {done.cad_number} closed.", 10_000)

        run_in_background(lambda: client.close_incident(incident.id), closed,
                          lambda exc: self.window.status.showMessage(
                              f"Incident {incident.cad_number} not closed: {describe(exc)}", 15_000), owner=self)


def install_incidents(window: MainWindow, map_panel: MapPanel) -> IncidentsDesk:
    desk = IncidentsDesk(window, map_panel)
    desk.reload()
    return desk
