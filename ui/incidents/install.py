"""Puts the Incidents panel into the main window: the queue loaded from the backend and kept in
step by its events; a new priority-1 call raises a banner and a desktop notification; showing an
incident centres the map on it with its circle (a detection's accuracy, or the operator's radius).
Respond's live views go to the wall at once; its requests and door-knock list wait out an undo
window (``ResponseHold``) and are then sent off the UI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut

from rtcc_desktop.api.schemas import FootageRequestCreate, Incident, IncidentList, ServerEvent, haversine_m
from rtcc_desktop.config import data_dir
from rtcc_desktop.geo.grid_index import Hit
from rtcc_desktop.incidents.queue import IncidentQueue
from rtcc_desktop.incidents.respond import PURPOSE, RequestsRefused, ResponsePlan, plan_response
from rtcc_desktop.incidents.respond_sending import ResponseResult, send_response
from rtcc_desktop.incidents.response_hold import UNDO_SECONDS, HoldState, ResponseHold
from rtcc_desktop.wall.assignment import ViewingPurpose
from ui.alarms.alarm_center import AlarmCenter
from ui.background import run_in_background
from ui.errors import describe
from ui.incidents.door_knock_pdf import write_pdf
from ui.incidents.incidents_panel import IncidentsPanel
from ui.incidents.new_incident_dialog import NewIncidentDialog
from ui.incidents.respond_dialog import RespondDialog
from ui.main_window import MainWindow
from ui.map.map_panel import MapPanel
from ui.wall.wall_panel import WallPanel

LIVE_TILES = 4  # the nearest live cameras Respond puts on the wall, at most (as many as are free)

log = logging.getLogger(__name__)


class IncidentsDesk(QObject):
    """The console's incident queue: its one owner (``IncidentQueue``), the panel rendering it, and
    the calls to the backend."""

    responded = Signal(object)  # ResponseResult, once a plan's requests and lists are done

    def __init__(self, window: MainWindow, map_panel: MapPanel, wall: WallPanel, alarms: AlarmCenter) -> None:
        super().__init__(window)
        self.window, self.map, self.wall, self.alarms = window, map_panel, wall, alarms
        self.queue = IncidentQueue()
        self.last_result: ResponseResult | None = None
        self.hold: ResponseHold | None = None  # the response in its undo window, if any
        self.undo_seconds = UNDO_SECONDS
        # Where a held response's requests go when the window closes before they are sent (the
        # requests panel's outbox: on disk, sent when the backend answers, in this session or
        # the next). Without one they are sent at once.
        self.hand_over: Callable[[FootageRequestCreate], None] | None = None
        self.panel = IncidentsPanel(self.queue)
        window.set_panel("incidentsPanel", "Incidents", self.panel)
        self.panel.show_incident.connect(self.show_on_map)
        self.panel.close_requested.connect(self.close)
        self.panel.respond_requested.connect(self.respond)
        self.panel.reload_requested.connect(self.reload)
        self.panel.undo_requested.connect(self.undo)
        self.panel.send_now_requested.connect(self.send_held_now)
        # Ctrl+Z takes a held response back wherever the focus is (the wall is raised by then),
        # except in a text field, which keeps its own undo.
        self.undo_key = QShortcut(QKeySequence.StandardKey.Undo, window, context=Qt.ShortcutContext.WindowShortcut)
        self.undo_key.setEnabled(False)
        self.undo_key.activated.connect(self.undo)
        window.closing.connect(self._closing)
        window.server_event.connect(self.on_event)
        window.events.resync.connect(self.reload)  # events may have been missed: load the queue again
        map_panel.create_incident_requested.connect(self.create_at)

    def reload(self) -> None:
        client = self.window.session.client

        def loaded(found: IncidentList) -> None:
            self.queue.load(found.items)
            self.panel.refresh()

        run_in_background(lambda: client.list_incidents(status="all", limit=500), loaded,
                          lambda exc: self.window.status.showMessage(self.tr("Incidents not loaded: {error}").format(
                              error=describe(exc)), 15_000),
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
        if change.became_urgent and change.incident.created_by != self.window.session.username:  # one's own: known
            incident = change.incident
            self.panel.alert(incident)
            self.window.notify(self.tr("Priority 1: {kind}").format(
                kind=incident.kind), f"{incident.address} ({incident.cad_number})")

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
            self.window.status.showMessage(self.tr("Incident {cad_number} created.").format(
                cad_number=incident.cad_number), 10_000)
            self.show_on_map(incident)

        run_in_background(lambda: client.create_incident(body), made,
                          lambda exc: self.window.report_error(exc), owner=self)

    # --- respond ------------------------------------------------------------------------------------
    def plan_for(self, incident: Incident) -> ResponsePlan:
        """Every camera in the incident's circle, sorted by what its owner's terms allow."""
        radius = incident.accuracy_m if incident.accuracy_m is not None else float(self.map.incident.radius.value())
        directory = self.map.hub.directory
        index = self.map.index
        if len(index.ids) < len(directory):  # the map's index is still being built: measure each camera
            near = sorted((Hit(c.id, haversine_m(incident.lat, incident.lon, c.lat, c.lon)) for c in directory),
                          key=lambda h: (h.distance_m, h.camera_id))
            found = [h for h in near if h.distance_m <= radius]
        else:
            found = index.within(incident.lat, incident.lon, radius)
        hits = [(hit, cam) for hit in found if (cam := directory.get(hit.camera_id)) is not None]
        free = sum(1 for tile in self.wall.view.visible_tiles if tile.feed.camera is None)
        return plan_response(incident, hits, min(free, LIVE_TILES), radius, datetime.now(UTC),
                             alarm_cameras={a.camera_id for a in self.alarms.active()})

    def respond(self, incident: Incident) -> None:
        self.show_on_map(incident)
        dialog = RespondDialog(self.plan_for(incident), self.window)
        if dialog.exec() and dialog.result_plan is not None:
            self.send(dialog.result_plan)

    def send(self, plan: ResponsePlan) -> None:
        """The live views now; the requests and the door-knock list once the undo window is over
        (or "Send now"), off the UI thread. A response still held is sent first."""
        self.send_held_now()
        incident = plan.incident
        tiles: list[int] = []
        if plan.live:
            self.window.show_panel("wallPanel")
            tiles = self.wall.show_cameras(list(plan.live), purpose=ViewingPurpose(incident.cad_number, PURPOSE))
        hold = ResponseHold(plan, tiles, self.undo_seconds, self)
        hold.ticked.connect(lambda left: self._show_held(hold, left))
        hold.released.connect(self._release)
        hold.undone.connect(lambda _plan: self._undone(hold))
        self.hold = hold
        self.undo_key.setEnabled(True)
        hold.start()

    def undo(self) -> None:
        """Take back the held response: nothing is sent, and the live views it opened close."""
        hold = self.hold
        if hold is not None:
            hold.undo()

    def send_held_now(self) -> None:
        hold = self.hold
        if hold is not None:
            hold.release()

    def _show_held(self, hold: ResponseHold, left: int) -> None:
        if hold is self.hold and hold.state is HoldState.held:
            plan = hold.plan
            if plan.request or plan.escalate or plan.canvass:
                words = self.tr("{cad_number}: {summary} — sending in {left} s")
            else:
                words = self.tr("{cad_number}: {summary} — nothing to send; Undo closes the views for {left} s")
            self.panel.show_held(words.format(cad_number=plan.incident.cad_number, summary=plan.summary(), left=left))

    def _undone(self, hold: ResponseHold) -> None:
        self.hold = None
        self.undo_key.setEnabled(False)
        self.panel.hide_held()
        plan, purpose_case = hold.plan, hold.plan.incident.cad_number
        closed = 0
        for index in hold.live_tiles:  # only the views Respond opened, if they still show its cameras
            tile = self.wall.model.tile(index)
            if tile is not None and tile.camera_id in plan.live and tile.purpose.case_number == purpose_case:
                self.wall.clear_tile(index)
                closed += 1
        self.window.status.showMessage(self.tr("Respond for {cad_number} undone: nothing was sent; {closed} live "
                                               "view(s) closed.").format(cad_number=purpose_case, closed=closed),
                                       20_000)

    def _closing(self) -> None:
        """The window goes while a response is held: its requests are not lost (the outbox sends
        them); the door-knock list can be made again from the incident."""
        hold = self.hold
        if hold is None or hold.state is not HoldState.held:
            return
        if self.hand_over is None:
            hold.release()
            return
        hold.undone.disconnect()
        hold.released.disconnect()
        hold.release()
        self.hold = None
        self.undo_key.setEnabled(False)
        try:
            bodies = hold.plan.requests()
        except RequestsRefused as exc:  # nothing the outbox could send either: logged in words
            log.warning("the footage requests for %s were not made: %s", hold.plan.incident.cad_number, exc)
            bodies = []
        for body in bodies:
            self.hand_over(body)
        if hold.plan.canvass:
            log.warning("the door-knock list for %s was not made: the window closed in its undo window",
                        hold.plan.incident.cad_number)

    def _release(self, plan: ResponsePlan) -> None:
        self.hold = None
        self.undo_key.setEnabled(False)
        self.panel.hide_held()
        if not (plan.request or plan.escalate or plan.canvass):
            return
        incident = plan.incident
        client, user, folder, now = self.window.session.client, self.window.session.username, \
            data_dir() / "door-knock", datetime.now()

        def work() -> ResponseResult:
            result = send_response(client, plan, folder, user, now)
            if result.door_knock is not None and result.files:
                result.files.append(write_pdf(result.door_knock, result.files[0].with_suffix(".pdf"), user, now))
            return result

        def done(result: ResponseResult) -> None:
            self.last_result = result
            words = self.tr("{cad_number}: {live} live · {summary}").format(
                cad_number=incident.cad_number, live=len(plan.live), summary=result.summary())
            if result.files:
                words += self.tr(" · files in {folder}").format(folder=result.files[0].parent)
            self.window.status.showMessage(words, 60_000)
            self.responded.emit(result)

        run_in_background(work, done, lambda exc: self.window.report_error(exc), owner=self)

    def close(self, incident: Incident) -> None:
        client = self.window.session.client

        def closed(done: Incident) -> None:
            self.window.status.showMessage(self.tr("Incident {cad_number} closed.").format(
                cad_number=done.cad_number), 10_000)

        run_in_background(lambda: client.close_incident(incident.id), closed,
                          lambda exc: self.window.status.showMessage(
                              self.tr("Incident {cad_number} not closed: {error}").format(
                                  cad_number=incident.cad_number, error=describe(exc)), 15_000), owner=self)


def install_incidents(window: MainWindow, map_panel: MapPanel, wall: WallPanel, alarms: AlarmCenter) -> IncidentsDesk:
    desk = IncidentsDesk(window, map_panel, wall, alarms)
    desk.reload()
    return desk
