"""Alarms in the main window: the bar, the Alarms menu, the wall's alarm tile and the map's rings."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from rtcc_desktop.api.schemas import Alarm
from ui.alarms.alarm_bar import AlarmBar
from ui.alarms.alarm_center import AlarmCenter
from ui.cameras.camera_hub import CameraHub
from ui.main_window import MainWindow
from ui.map.map_panel import MapPanel
from ui.wall.wall_panel import WallPanel, wall_settings

_AUTO_OPEN = "alarms_open_on_wall"


class AlarmWiring:
    """Keeps what the alarm feature put into the window (tests and the screenshot reach it here)."""

    def __init__(self, window: MainWindow, hub: CameraHub, wall: WallPanel, map_panel: MapPanel) -> None:
        self.window, self.wall, self.map = window, wall, map_panel
        self.center = AlarmCenter(window.session, window)
        self.bar = AlarmBar(self.center, hub.directory)
        self.toolbar = QToolBar(QCoreApplication.translate("AlarmWiring", "Alarms"))
        self.toolbar.setObjectName("alarmToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(self.bar)
        window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)
        window.insertToolBarBreak(self.toolbar)  # a row of its own, the window's full width
        self.toolbar.setVisible(False)

        menu = QMenu(QCoreApplication.translate("AlarmWiring", "&Alarms"), window)
        window.menuBar().insertMenu(window.menus["help"].menuAction(), menu)
        self.auto_open = QAction(QCoreApplication.translate("AlarmWiring", "Open new alarms on the &wall"), window)
        self.auto_open.setCheckable(True)
        self.auto_open.setChecked(str(wall_settings().value(_AUTO_OPEN, "false")).lower() == "true")
        self.auto_open.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.auto_open.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.auto_open.setToolTip(QCoreApplication.translate("AlarmWiring",
                "A new alarm opens its camera on the alarm tile (right-click a tile to choose it), or on the first "
                "free tile"))
        self.auto_open.toggled.connect(lambda on: wall_settings().setValue(_AUTO_OPEN, "true" if on else "false"))
        menu.addAction(self.auto_open)
        window.actions_by_name["alarms_auto_open"] = self.auto_open
        ack = QAction(QCoreApplication.translate("AlarmWiring", "&Acknowledge all alarms"), window)
        ack.setShortcut(QKeySequence("Ctrl+Shift+K"))
        ack.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        ack.triggered.connect(self.acknowledge_all)
        menu.addAction(ack)
        window.actions_by_name["alarms_acknowledge"] = ack

        self.center.raised.connect(self._raised)
        self.center.ended.connect(self._ended)
        self.center.changed.connect(self._changed)
        self.center.error.connect(window.report_error)
        self.bar.show_requested.connect(self.show_on_wall)
        details = map_panel.details  # the map's details panel knows a camera under alarm may be shown
        details.alarm_for = lambda camera_id: self.center.board.for_camera(camera_id, datetime.now(UTC))
        details.alarm_requested.connect(self._show_camera_alarm)
        window.server_event.connect(self.center.on_event)
        window.events.state.connect(lambda state: state == "connected" and self.center.reload())

    def _raised(self, alarm: Alarm) -> None:
        # The desktop's notification first: without a notification service it falls back to the
        # status bar, and the alarm's own line there says more.
        self.window.notify(QCoreApplication.translate("AlarmWiring", "Alarm"), QCoreApplication.translate(
            "AlarmWiring", "Camera {camera_id}: the owner's alarm is active.").format(camera_id=alarm.camera_id))
        self.window.status.showMessage(QCoreApplication.translate(
            "AlarmWiring", "ALARM on camera {camera_id} — live video while it lasts").format(
            camera_id=alarm.camera_id), 60_000)
        if self.auto_open.isChecked():
            self.wall.show_alarm(alarm)

    def _ended(self, alarm: Alarm) -> None:
        self.wall.end_alarm(alarm)
        self.window.status.showMessage(QCoreApplication.translate(
            "AlarmWiring", "Alarm on camera {camera_id} is over; its live video has ended.").format(
            camera_id=alarm.camera_id), 30_000)

    def _changed(self) -> None:
        active = self.center.active()
        if active and not self.window.toolBarBreak(self.toolbar):
            self.window.insertToolBarBreak(self.toolbar)  # a saved layout may have put it beside the banner
        self.toolbar.setVisible(bool(active))
        self.map.view.set_alarms(self.center.board.camera_ids(datetime.now(UTC)))
        self.map.details.show_camera(self.map.details.camera)  # its button follows the alarm

    def _show_camera_alarm(self, camera_id: int) -> None:
        alarm = self.center.board.for_camera(camera_id, datetime.now(UTC))
        if alarm is not None:
            self.show_on_wall(alarm)

    def show_on_wall(self, alarm: Alarm) -> None:
        self.window.show_panel("wallPanel")
        self.wall.show_alarm(alarm)

    def acknowledge_all(self) -> None:
        for alarm in self.center.active():
            if alarm.acknowledged_by is None:
                self.center.acknowledge(alarm.id)


def install_alarms(window: MainWindow, hub: CameraHub, wall: WallPanel, map_panel: MapPanel) -> AlarmWiring:
    wiring = AlarmWiring(window, hub, wall, map_panel)
    wiring.center.reload()
    return wiring
