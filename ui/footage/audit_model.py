"""The audit trail as a Qt table model: a year of a city's entries is tens of thousands of
rows, which a QTableWidget would make as hundreds of thousands of items on the UI thread."""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from rtcc_desktop.api.schemas import AuditEvent

Index = QModelIndex | QPersistentModelIndex
# The CSV export's header row too, which stays in English (a file others read and parse).
HEADERS = tuple(QT_TRANSLATE_NOOP("AuditTableModel", h) for h in (
    "Time (UTC)", "Actor", "Role", "Action", "Outcome", "Case", "Target", "Detail"))


def audit_row(e: AuditEvent) -> tuple[str, ...]:
    """One entry as the table shows it and the CSV export writes it (time in full there)."""
    return (f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.role or "", e.action, e.outcome, e.case_number or "",
            e.target or "", json.dumps(e.detail, ensure_ascii=False))


class AuditTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.events: list[AuditEvent] = []
        self._rows: dict[int, tuple[str, ...]] = {}  # formatted when first shown, not all at once

    def replace_all(self, events: list[AuditEvent]) -> None:
        self.beginResetModel()
        self.events = events
        self._rows = {}
        self.endResetModel()

    def row(self, index: int) -> tuple[str, ...]:
        cached = self._rows.get(index)
        if cached is None:
            cached = self._rows[index] = audit_row(self.events[index])
        return cached

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("AuditTableModel", HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.row(index.row())[index.column()]  # plain text in a view: no markup
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == len(HEADERS) - 1:
            # The whole detail on hover; a tooltip may render markup, and detail carries user text.
            return f"<p style='white-space:pre-wrap'>{html.escape(self.row(index.row())[-1])}</p>"
        return None
