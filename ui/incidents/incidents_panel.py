"""The Incidents panel: the queue from dispatch, gunshot detections and the operators' own, newest
first, with a banner for a new priority-1 call that stays until someone looks at it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import Incident
from rtcc_desktop.incidents.queue import IncidentQueue, age_text
from ui.incidents.incident_model import IncidentModel

_AGE_TICK_MS = 15_000


class IncidentsPanel(QWidget):
    show_incident = Signal(object)  # Incident: centre the map on it and draw its circle
    close_requested = Signal(object)  # Incident
    respond_requested = Signal(object)  # Incident: work out what to do with every camera around it
    reload_requested = Signal()
    undo_requested = Signal()  # take back the response held in its undo window
    send_now_requested = Signal()  # send the held response without waiting out the window

    def __init__(self, queue: IncidentQueue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.queue = queue
        self.model = IncidentModel(queue)
        self.urgent: Incident | None = None  # the priority-1 call the banner shows

        self.banner = QLabel()
        self.banner.setObjectName("urgentBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)  # the call type and address come from dispatch
        self.banner.setStyleSheet("QLabel#urgentBanner { background: #7a1118; color: #fff; font-weight: 600;"
                                  " padding: 6px 8px; border: 2px solid #e5484d; border-radius: 3px; }")
        self.banner_show = QPushButton(self.tr("Show (Enter)"))
        self.banner_show.setAccessibleName(self.tr("Show the priority 1 incident on the map"))
        self.banner_show.clicked.connect(self._show_urgent)
        self.banner_dismiss = QPushButton(self.tr("Dismiss"))
        self.banner_dismiss.setAccessibleName(self.tr("Dismiss the priority 1 banner"))
        self.banner_dismiss.clicked.connect(self._hide_banner)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.banner_show)
        banner_row.addWidget(self.banner_dismiss)
        self.banner_box = QWidget()
        self.banner_box.setLayout(banner_row)
        banner_row.setContentsMargins(0, 0, 0, 0)
        self.banner_box.hide()

        # A sent response waits here for its undo window before any request goes out.
        self.held = QLabel()
        self.held.setObjectName("heldNotice")
        self.held.setWordWrap(True)
        self.held.setTextFormat(Qt.TextFormat.PlainText)  # the CAD number comes from dispatch
        self.held.setStyleSheet("QLabel#heldNotice { background: #15324d; color: #fff; padding: 6px 8px;"
                                " border: 2px solid #4aa3ff; border-radius: 3px; }")
        self.undo_button = QPushButton(self.tr("Undo (Ctrl+Z)"))
        self.undo_button.setWhatsThis(self.tr("Undo the response just sent (nothing is sent yet)"))
        self.undo_button.setAccessibleName(self.tr("Undo the response: send nothing, close its live views"))
        self.undo_button.clicked.connect(self.undo_requested)
        self.send_now_button = QPushButton(self.tr("Send now"))
        self.send_now_button.setAccessibleName(self.tr("Send the response now"))
        self.send_now_button.clicked.connect(self.send_now_requested)
        held_row = QHBoxLayout()
        held_row.setContentsMargins(0, 0, 0, 0)
        held_row.addWidget(self.held, 1)
        held_row.addWidget(self.undo_button)
        held_row.addWidget(self.send_now_button)
        self.held_box = QWidget()
        self.held_box.setLayout(held_row)
        self.held_box.hide()

        self.scope = QComboBox()
        self.scope.addItems([self.tr("Open"), self.tr("Open and closed in the last hour")])
        self.scope.setAccessibleName(self.tr("Which incidents to list"))
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.counts = QLabel()
        self.counts.setObjectName("mutedText")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Incident queue, newest first"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move within it)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda index: self._show_row(index.row()))
        self.table.activated.connect(lambda index: self._show_row(index.row()))
        # Features add their actions for the incident under the pointer (the room wall's "nearest
        # live cameras to a room screen"); the menu key opens it for the selected one.
        self.menu_extras: list[Callable[[QMenu, Incident], None]] = []
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.show_button = QPushButton(self.tr("Show on map"))
        self.show_button.setToolTip(self.tr("Centre the map on the incident and list the cameras around it (Enter)"))
        self.show_button.clicked.connect(lambda: self._show_row(self._current_row()))
        self.respond_button = QPushButton(self.tr("Respond… (R)"))
        self.respond_button.setToolTip(self.tr("Live cameras to the wall, a footage request and a door-knock list "
                                               "for the selected incident, shown before anything is sent"))
        self.respond_button.clicked.connect(self._respond_current)
        self.close_button = QPushButton(self.tr("Close incident"))
        self.close_button.setToolTip(self.tr("Close an incident placed here (a supervisor may close any)"))
        self.close_button.clicked.connect(self._close_current)
        self.reload_button = QPushButton(self.tr("Reload"))
        self.reload_button.setToolTip(self.tr("Load the queue from the backend again"))
        self.reload_button.clicked.connect(self.reload_requested)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("List")))
        top.addWidget(self.scope)
        top.addStretch(1)
        top.addWidget(self.counts)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.respond_button)
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addWidget(self.banner_box)
        box.addWidget(self.held_box)
        box.addLayout(top)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        enter.activated.connect(self._enter)
        respond = QShortcut(QKeySequence(Qt.Key.Key_R), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        respond.activated.connect(self._respond_current)
        self._ages = QTimer(self)
        self._ages.timeout.connect(self._tick)
        self._ages.start(_AGE_TICK_MS)
        self.refresh()

    # --- rendering the queue ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-render from the queue, keeping the selected incident selected."""
        selected = self.selected()
        self.model.include_closed = self.scope.currentIndex() == 1
        self.model.refresh()
        if selected is not None and (row := self.model.row_of(selected.id)) is not None:
            self.table.selectRow(row)
        open_count, urgent = self.queue.open_count(), self.queue.open_count(priority=1)
        self.counts.setText(f"{open_count} open" + (f" · {urgent} priority 1" if urgent else ""))
        if self.urgent is not None:
            current = self.queue.get(self.urgent.id)
            if current is None or current.status == "closed" or current.priority != 1:
                self._hide_banner()
            else:
                self.urgent = current
                self._banner_text()

    def alert(self, incident: Incident) -> None:
        """A new priority-1 call: a banner that stays until it is looked at (no sound: the room
        has radios)."""
        self.urgent = incident
        self._banner_text()
        self.banner_box.show()

    def show_held(self, text: str) -> None:
        """The response waiting out its undo window, in words, with Undo and Send now."""
        self.held.setText(text)
        self.held_box.show()

    def hide_held(self) -> None:
        self.held_box.hide()

    def _banner_text(self) -> None:
        incident = self.urgent
        if incident is not None:
            self.banner.setText(self.tr("PRIORITY 1 · {kind} · {address} · {cad_number} · {age} ago").format(
                kind=incident.kind, address=incident.address or self.tr("location on the map"),
                cad_number=incident.cad_number, age=age_text(incident)))

    def _hide_banner(self) -> None:
        self.urgent = None
        self.banner_box.hide()

    def _tick(self) -> None:
        self.model.tick()
        self._banner_text()

    # --- input ----------------------------------------------------------------------------------------
    def selected(self) -> Incident | None:
        return self.model.incident_at(self._current_row())

    def _context_menu(self, where: QPoint) -> None:
        under = self.table.indexAt(where)
        incident = self.model.incident_at(under.row()) if under.isValid() else self.selected()
        if incident is None or not self.menu_extras:
            return
        menu = QMenu(self.table)
        for extra in self.menu_extras:
            extra(menu, incident)
        if not menu.isEmpty():
            menu.popup(self.table.viewport().mapToGlobal(where))

    def _current_row(self) -> int:
        index: QModelIndex = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def _enter(self) -> None:
        if self.banner_box.isVisible():
            self._show_urgent()
        else:
            self._show_row(self._current_row())

    def _show_urgent(self) -> None:
        incident = self.urgent
        self._hide_banner()
        if incident is not None:
            if (row := self.model.row_of(incident.id)) is not None:
                self.table.selectRow(row)
            self.show_incident.emit(incident)

    def _show_row(self, row: int) -> None:
        incident = self.model.incident_at(row)
        if incident is not None:
            if self.urgent is not None and self.urgent.id == incident.id:
                self._hide_banner()
            self.show_incident.emit(incident)

    def _respond_current(self) -> None:
        incident = self.selected() or self.urgent
        if incident is not None and incident.status == "open":
            self.respond_requested.emit(incident)

    def _close_current(self) -> None:
        incident = self.selected()
        if incident is not None and incident.status == "open":
            self.close_requested.emit(incident)
