"""The red bar under the menu while alarms run: which camera, how long, show it, acknowledge it."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from rtcc_desktop.api.schemas import Alarm
from rtcc_desktop.domain.camera_directory import CameraDirectory
from ui.alarms.alarm_center import AlarmCenter
from ui.wall.tile import format_countdown

_SHOWN = 3  # rows; more alarms are summed up in one line


class AlarmBar(QFrame):
    """Lives in a toolbar that install.py shows only while alarms run (hiding this widget itself
    would hide and disable it for good: a toolbar manages its widgets' visibility)."""

    show_requested = Signal(object)  # Alarm

    def __init__(self, center: AlarmCenter, directory: CameraDirectory, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alarmBar")
        self.center, self.directory = center, directory
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(8, 4, 8, 4)
        self.rows.setSpacing(2)
        center.changed.connect(self.refresh)
        self._texts: list[tuple[QLabel, Alarm]] = []
        self._clock = QTimer(self)  # countdowns move without events; rows are rebuilt only on changes
        self._clock.timeout.connect(self._tick)
        self._clock.start(1000)

    def _tick(self) -> None:
        if self._texts and min(len(self.center.active()), _SHOWN) != len(self._texts):
            self.refresh()  # one ran out while the end event is still on its way
            return
        for text, alarm in self._texts:
            text.setText(self._words(alarm))

    def _words(self, alarm: Alarm) -> str:
        camera = self.directory.get(alarm.camera_id)
        left = (alarm.ends_at - datetime.now(UTC)).total_seconds()
        seen = (self.tr(" · acknowledged by {user}").format(user=alarm.acknowledged_by)
                if alarm.acknowledged_by else "")
        label = camera.label if camera is not None else self.tr("camera not in the registry")
        return self.tr("ALARM · camera {camera_id} · {label} · viewable for {time_left}{seen}").format(
            camera_id=alarm.camera_id, label=label, time_left=format_countdown(left), seen=seen)

    def refresh(self) -> None:
        self._texts = []
        while self.rows.count():
            item = self.rows.takeAt(0)
            if item is not None and (w := item.widget()) is not None:
                w.deleteLater()
        alarms = self.center.active()
        for alarm in alarms[:_SHOWN]:
            self.rows.addWidget(self._row(alarm))
        if len(alarms) > _SHOWN:
            more = QLabel(self.tr("… and {count} more alarm(s): see the map").format(count=len(alarms) - _SHOWN))
            more.setObjectName("alarmText")
            self.rows.addWidget(more)

    def _row(self, alarm: Alarm) -> QWidget:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        text = QLabel()
        text.setObjectName("alarmText")
        text.setTextFormat(Qt.TextFormat.PlainText)  # the label is owner text: never markup
        text.setText(self._words(alarm))
        text.setMinimumWidth(120)  # clipped on a narrow screen rather than widening the window
        text.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._texts.append((text, alarm))
        line.addWidget(text, 1)
        show = QPushButton(self.tr("Show on wall"))
        show.setToolTip(self.tr("Open this camera on the alarm tile (or the first free tile)"))
        show.clicked.connect(lambda: self.show_requested.emit(alarm))
        line.addWidget(show)
        if alarm.acknowledged_by is None:
            ack = QPushButton(self.tr("Acknowledge"))
            ack.setToolTip(self.tr("Record that you have seen this alarm (audited)"))
            ack.clicked.connect(lambda: self.center.acknowledge(alarm.id))
            line.addWidget(ack)
        return row
