"""The incident panel's table: the nearest cameras in the circle as a model. A view asks only for
the rows it paints, so a new incident costs one reset; an item per cell, each re-measuring its
column as it is set, costs seconds of the UI thread for a dense circle (bench/incident_bench.py)."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from rtcc_desktop.api.schemas import Camera, CameraStatus
from rtcc_desktop.geo.grid_index import Hit
from rtcc_desktop.map.camera_marks import category, state_text
from ui.cameras.camera_mime import CAMERA_MIME, camera_mime
from ui.map.category_look import category_dot, short_state

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Camera", "Distance", "State")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class NearbyModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[Hit, Camera]] = []
        self._now = datetime.now(UTC)

    def replace(self, rows: list[tuple[Hit, Camera]], now: datetime) -> None:
        self.beginResetModel()
        self.rows, self._now = rows, now
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit, cam = self.rows[index.row()]
        col = index.column()
        offline = cam.status is CameraStatus.offline
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return cam.label  # plain text in a view, never markup
            if col == 1:
                return f"{hit.distance_m:,.0f} m"
            # The state in the map toolbar's words with the map's dot; the full wording on hover.
            return short_state(category(cam, self._now), offline)
        if role == Qt.ItemDataRole.DecorationRole and col == 2:
            return category_dot(category(cam, self._now), offline)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and col != 1:
            # The columns are narrow: the whole row on hover. Tooltips may render markup, so the
            # owner's text is escaped inside an explicit paragraph.
            return (f"<p>{html.escape(cam.label)}<br>{html.escape(cam.address)}<br>"
                    f"{html.escape(state_text(cam, self._now))}</p>")
        if role == Qt.ItemDataRole.UserRole:
            return cam.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [CAMERA_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = list(dict.fromkeys(self.rows[i.row()][1].id for i in indexes if i.isValid()))
        return camera_mime(ids)
