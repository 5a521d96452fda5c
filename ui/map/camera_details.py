"""The details of the selected camera, with its two actions.

Every owner-supplied field is shown as plain text (a QLabel would otherwise
guess rich text and render markup from a label)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from rtcc_desktop.api.schemas import Alarm, Camera
from rtcc_desktop.map.camera_marks import state_text, why_not_live


def plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _when(value: datetime | None) -> str:
    return "—" if value is None else value.astimezone().strftime("%Y-%m-%d %H:%M")


class CameraDetails(QWidget):
    show_on_wall = Signal(int)
    request_footage = Signal(int)
    exigent_requested = Signal(int)  # ask a supervisor for emergency live view of this camera
    alarm_requested = Signal(int)  # show this alarm-only camera while its alarm runs

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.camera: Camera | None = None
        # The alarm running on a camera, if any (the alarm feature sets this; the map alone has none).
        self.alarm_for: Callable[[int], Alarm | None] = lambda _camera_id: None
        self._alarm: Alarm | None = None
        self.title = plain_label(self.tr("No camera selected"))
        self.title.setObjectName("detailsTitle")
        self.hint = plain_label(self.tr("Click a camera on the map, pick one in the Cameras list, "
                                        "or right-click the map for an incident radius."))
        self.hint.setObjectName("hintText")
        self.fields = {name: plain_label() for name in
                       (QT_TRANSLATE_NOOP("CameraDetails", "Camera"), QT_TRANSLATE_NOOP("CameraDetails", "Owner"),
                        QT_TRANSLATE_NOOP("CameraDetails", "Address"), QT_TRANSLATE_NOOP("CameraDetails", "Enrollment"),
                        QT_TRANSLATE_NOOP("CameraDetails", "Sharing"),
                        QT_TRANSLATE_NOOP("CameraDetails", "Consent window"),
                        QT_TRANSLATE_NOOP("CameraDetails", "State"), QT_TRANSLATE_NOOP("CameraDetails", "Updated"))}
        self.form_box = QWidget()
        form = QFormLayout(self.form_box)
        form.setContentsMargins(0, 0, 0, 0)
        for name, label in self.fields.items():  # the field names are the keys: shown translated
            form.addRow(QCoreApplication.translate("CameraDetails", name), label)
        self.wall_button = QPushButton(self.tr("Show on wall"))
        self.wall_button.setToolTip(self.tr("Open this camera's live feed on the first free wall tile"))
        self.request_button = QPushButton(self.tr("Request footage…"))
        self.exigent_button = QPushButton(self.tr("Emergency live view…"))
        self.exigent_button.setToolTip(self.tr("Ask a supervisor for live video of this camera (life or safety at "
                                               "risk)"))
        self.exigent_button.clicked.connect(lambda: self.camera and self.exigent_requested.emit(self.camera.id))
        self.wall_button.clicked.connect(self._wall_clicked)
        self.request_button.clicked.connect(lambda: self.camera and self.request_footage.emit(self.camera.id))
        self.reason = plain_label()
        self.reason.setObjectName("hintText")
        buttons = QHBoxLayout()
        buttons.addWidget(self.wall_button)
        buttons.addWidget(self.request_button)
        buttons.addStretch(1)
        exigent_row = QHBoxLayout()
        exigent_row.addWidget(self.exigent_button)
        exigent_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.form_box)
        layout.addLayout(buttons)
        layout.addWidget(self.reason)
        layout.addLayout(exigent_row)
        layout.addStretch(1)
        self.show_camera(None)

    def _wall_clicked(self) -> None:
        if self.camera is not None:
            (self.alarm_requested if self._alarm is not None else self.show_on_wall).emit(self.camera.id)

    def show_camera(self, camera: Camera | None) -> None:
        self.camera = camera
        has = camera is not None
        self.hint.setVisible(not has)
        self.form_box.setVisible(has)
        self.wall_button.setVisible(has)
        self.request_button.setVisible(has)
        self.reason.setVisible(has)
        self.exigent_button.setVisible(False)
        if camera is None:
            self.title.setText(self.tr("No camera selected"))
            return
        now = datetime.now(UTC)
        self.title.setText(camera.label)
        f = self.fields
        f["Camera"].setText(f"#{camera.id}")
        f["Owner"].setText(camera.owner_kind.value)
        f["Address"].setText(camera.address)
        f["Enrollment"].setText(camera.enrollment.value)
        f["Sharing"].setText(camera.sharing.value.replace("_", " "))
        if camera.sharing.value == "live":
            f["Consent window"].setText(self.tr("no time limit") if camera.live_until is None
                                        else self.tr("until {when}").format(when=_when(camera.live_until)))
        else:
            f["Consent window"].setText(self.tr("no live consent"))
        f["State"].setText(f"{state_text(camera, now)} · {camera.status.value}")
        f["Updated"].setText(_when(camera.updated_at))
        blocker = why_not_live(camera, now)
        self._alarm = self.alarm_for(camera.id) if blocker is not None and camera.status.value == "online" else None
        if self._alarm is not None:  # the owner's alarm opens it, for the alarm's time
            blocker = None
            f["Consent window"].setText(self.tr("ALARM: live until {when}").format(when=_when(self._alarm.ends_at)))
        self.wall_button.setText(self.tr("Show alarm on wall") if self._alarm is not None else self.tr("Show on wall"))
        self.wall_button.setEnabled(blocker is None)
        # Only where live video is not shared anyway, and the camera can stream at all.
        self.exigent_button.setVisible(blocker is not None and camera.status.value == "online")
        self.reason.setText(blocker or (self.tr("The owner's alarm is active: live video while it lasts, logged "
                                                "under the alarm's reference.") if self._alarm is not None
                                        else self.tr("Live view is logged under the case number you give.")))
