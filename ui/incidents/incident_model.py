"""The incident queue as a table: priority (coloured), type, age, address, source, CAD number."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from rtcc_desktop.api.schemas import Incident
from rtcc_desktop.incidents.queue import IncidentQueue, age_text

COLUMNS = ("P", "Type", "Age", "Address", "Source", "CAD #")
AGE_COLUMN = 2
# Priority 1 red to 5 grey: read across the room, and never the only cue (the number is there too).
PRIORITY_COLOURS = {1: "#e5484d", 2: "#f08c00", 3: "#d9b400", 4: "#5b8def", 5: "#7b8794"}
SOURCE_WORDS = {"cad": QT_TRANSLATE_NOOP("IncidentModel", "dispatch"),
                "gunshot": QT_TRANSLATE_NOOP("IncidentModel", "gunshot detection"),
                "manual": QT_TRANSLATE_NOOP("IncidentModel", "placed here")}
Index = QModelIndex | QPersistentModelIndex


class IncidentModel(QAbstractTableModel):
    def __init__(self, queue: IncidentQueue) -> None:
        super().__init__()
        self.queue = queue
        self.rows: list[Incident] = []
        self.include_closed = False  # also those closed in the last hour

    def refresh(self) -> None:
        """Re-read the queue (after a load or an event): rows are the queue's, newest first."""
        self.beginResetModel()
        self.rows = self.queue.shown(include_closed=self.include_closed)
        self.endResetModel()

    def tick(self) -> None:
        """Ages move without events."""
        if self.rows:
            self.dataChanged.emit(self.index(0, AGE_COLUMN), self.index(len(self.rows) - 1, AGE_COLUMN))

    def incident_at(self, row: int) -> Incident | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def row_of(self, incident_id: int) -> int | None:
        return next((n for n, i in enumerate(self.rows) if i.id == incident_id), None)

    # --- Qt ------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def _source(self, source: str) -> str:
        words = SOURCE_WORDS.get(source)
        return self.tr(words) if words is not None else source  # a source this app does not know: as sent

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        incident = self.incident_at(index.row())
        if incident is None:
            return None
        column = index.column()
        closed = incident.status == "closed"
        if role == Qt.ItemDataRole.DisplayRole:
            where = incident.address or f"{incident.lat:.5f}, {incident.lon:.5f}"
            return (str(incident.priority), incident.kind + (self.tr(" (closed)") if closed else ""),
                    age_text(incident, datetime.now(UTC)), where, self._source(incident.source),
                    incident.cad_number)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            accuracy = (self.tr(" · located to ±{accuracy_m:.0f} m").format(accuracy_m=incident.accuracy_m)
                        if incident.accuracy_m is not None else "")
            words = self.tr("Priority {priority} · {kind} · {cad_number}{accuracy}\n{address}\n{description}").format(
                priority=incident.priority, kind=incident.kind, cad_number=incident.cad_number, accuracy=accuracy,
                address=incident.address, description=incident.description).strip()
            # A tooltip is rich text when it looks like it: dispatch's text is escaped, never markup.
            return "<p>" + html.escape(words).replace("\n", "<br>") + "</p>"
        if role == Qt.ItemDataRole.BackgroundRole and column == 0 and not closed:
            return QBrush(QColor(PRIORITY_COLOURS.get(incident.priority, "#7b8794")))
        if role == Qt.ItemDataRole.ForegroundRole:
            if closed:
                return QBrush(QColor("#7b8794"))
            if column == 0:
                return QBrush(QColor("#0b0f14"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, AGE_COLUMN):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (self.tr("Priority {priority}, {kind}, reported {age} ago at {address}, {source}").format(
                priority=incident.priority, kind=incident.kind, age=age_text(incident), address=incident.address,
                source=self._source(incident.source)) + (self.tr(", closed") if closed else ""))
        if role == Qt.ItemDataRole.UserRole:
            return incident.id
        return None
