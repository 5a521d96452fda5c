"""Every camera as a sortable, searchable table: the keyboard way to the map and the
wall (select to show it on the map, drag rows onto wall tiles)."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTableView, QVBoxLayout, QWidget

from rtcc_desktop.api.schemas import Camera, CameraStatus
from rtcc_desktop.map.camera_marks import category, state_text
from ui.cameras.camera_mime import CAMERA_MIME, camera_mime
from ui.map.category_look import category_dot, short_state

Index = QModelIndex | QPersistentModelIndex
# The side panel is narrow: the label and its state first, where they are seen without scrolling.
COLUMNS = tuple(QT_TRANSLATE_NOOP("CameraTableModel", c) for c in ("Label", "State", "Owner", "Address"))


class CameraTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.cameras: list[Camera] = []
        self._row: dict[int, int] = {}
        self._now = datetime.now(UTC)

    def replace_all(self, cameras: list[Camera]) -> None:
        self.beginResetModel()
        self.cameras = list(cameras)
        self._row = {c.id: i for i, c in enumerate(self.cameras)}
        self._now = datetime.now(UTC)
        self.endResetModel()

    def update(self, camera: Camera) -> None:
        row = self._row.get(camera.id)
        if row is None:
            self.beginInsertRows(QModelIndex(), len(self.cameras), len(self.cameras))
            self._row[camera.id] = len(self.cameras)
            self.cameras.append(camera)
            self.endInsertRows()
            return
        self.cameras[row] = camera
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def row_of(self, camera_id: int) -> int | None:
        return self._row.get(camera_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cameras)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cam = self.cameras[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return cam.label
            if col == 1:
                return short_state(category(cam, self._now), cam.status is CameraStatus.offline)
            if col == 2:
                return cam.owner_kind.value
            return cam.address
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return category_dot(category(cam, self._now), cam.status is CameraStatus.offline)
        if role == Qt.ItemDataRole.ToolTipRole:
            # Tooltips may render markup: the owner's text is escaped inside an explicit paragraph.
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
        ids = list(dict.fromkeys(self.cameras[i.row()].id for i in indexes if i.isValid()))
        return camera_mime(ids)


class CameraList(QWidget):
    camera_selected = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CameraTableModel()
        self._following = False
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter cameras by label, address, state…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName(self.tr("Filter cameras"))
        # 100,000 rows: filter once typing pauses, not on every key.
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(lambda: self.proxy.setFilterFixedString(self.filter.text()))
        self.filter.textChanged.connect(lambda _t: self._debounce.start())
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Cameras, sortable by column"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move within it)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(22)
        # The side panel is narrow: the label with the map's dot is what shows without scrolling,
        # the state's word next to it; owner and address after, and the address takes what is
        # left on a wide panel. Fixed widths, since measuring 100,000 rows is not free.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        metrics = self.table.fontMetrics()
        self.table.setColumnWidth(0, metrics.horizontalAdvance("Mueller Dollar Store – side door") + 36)
        self.table.setColumnWidth(1, metrics.horizontalAdvance("Registry · offline") + 16)
        self.table.setColumnWidth(2, metrics.horizontalAdvance("residence") + 16)
        self.table.setWordWrap(False)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self._following:
            self.camera_selected.emit(int(self.proxy.data(current, Qt.ItemDataRole.UserRole)))

    def show_selection(self, camera_id: int | None) -> None:
        """Follow a selection made elsewhere (map, wall) without echoing it back."""
        row = self.model.row_of(camera_id) if camera_id is not None else None
        if row is None:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid() or index == self.table.currentIndex():
            return
        self._following = True
        try:
            self.table.setCurrentIndex(index)
        finally:
            self._following = False
        self.table.scrollTo(index)
