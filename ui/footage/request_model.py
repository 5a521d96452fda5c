"""``RequestTableModel``: footage requests for a table view, filtered and sorted in Python.

A QSortFilterProxyModel would call back into Python for every comparison
(~2 million calls to sort 100,000 rows); sorting a list of ids with a key
function does the same job in tens of milliseconds. Live updates are batched:
a burst of events becomes one model update per frame, not one per event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor

from rtcc_desktop.api.schemas import FootageRequest, RequestStatus
from rtcc_desktop.footage.sort_order import ascending_order
from ui.long_lived import settle_after_bulk_load

Index = QModelIndex | QPersistentModelIndex
STATUS_TEXT = {
    RequestStatus.needs_supervisor: QT_TRANSLATE_NOOP("RequestTableModel", "Needs supervisor"),
    RequestStatus.denied: QT_TRANSLATE_NOOP("RequestTableModel", "Denied"),
    RequestStatus.pending_owner: QT_TRANSLATE_NOOP("RequestTableModel", "Waiting for owners"),
    RequestStatus.approved: QT_TRANSLATE_NOOP("RequestTableModel", "Approved"),
    RequestStatus.declined: QT_TRANSLATE_NOOP("RequestTableModel", "Declined"),
    RequestStatus.expired: QT_TRANSLATE_NOOP("RequestTableModel", "Expired"),
    RequestStatus.fulfilled: QT_TRANSLATE_NOOP("RequestTableModel", "Footage ready"),
    RequestStatus.cancelled: QT_TRANSLATE_NOOP("RequestTableModel", "Cancelled"),
}


def status_text(status: RequestStatus | str) -> str:
    """A request status in the operator's words and language."""
    text = STATUS_TEXT.get(status)  # type: ignore[call-overload]  # a str-valued enum: its value finds it too
    return QCoreApplication.translate("RequestTableModel", text) if text is not None else str(status)


# Colour only where action or outcome matters: amber waits on someone, green is done.
STATUS_COLOURS = {
    RequestStatus.needs_supervisor: QColor("#f0a400"),
    RequestStatus.fulfilled: QColor("#3fb950"),
    RequestStatus.approved: QColor("#3fb950"),
    RequestStatus.denied: QColor("#ff7b72"),
    RequestStatus.declined: QColor("#8b95a3"),
    RequestStatus.expired: QColor("#8b95a3"),
    RequestStatus.cancelled: QColor("#8b95a3"),
}


def _age(since: datetime, now: datetime) -> str:
    s = int((now - since).total_seconds())
    if s < 60:
        return f"{max(s, 0)} s"
    if s < 3600:
        return f"{s // 60} min"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60:02d} min"
    return f"{s // 86400} d"


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[FootageRequest, datetime], str]
    key: Callable[[FootageRequest], Any]


COLUMNS = (
    Column(QT_TRANSLATE_NOOP("RequestTableModel", "Status"),
           lambda r, _n: status_text(r.status),
           lambda r: r.status.value),
    Column(QT_TRANSLATE_NOOP("RequestTableModel", "Case"),
           lambda r, _n: r.case_number, lambda r: r.case_number),
    Column(QT_TRANSLATE_NOOP("RequestTableModel", "Cameras"),
           lambda r, _n: str(len(r.camera_ids)), lambda r: len(r.camera_ids)),
    Column(QT_TRANSLATE_NOOP("RequestTableModel", "Window"),
           lambda r, _n: f"{r.window_start:%m-%d %H:%M}–{r.window_end:%H:%M}",
           lambda r: r.window_start.timestamp()),
    Column(QT_TRANSLATE_NOOP("RequestTableModel", "Age"),
           lambda r, n: _age(r.created_at, n), lambda r: -r.created_at.timestamp()),
    Column(QT_TRANSLATE_NOOP("RequestTableModel", "Due in"),
           lambda r, n: _age(n, r.due_at) if r.due_at and r.due_at > n else "–",
           lambda r: r.due_at.timestamp() if r.due_at else float("inf")),
    Column(QT_TRANSLATE_NOOP("RequestTableModel", "Owners ✓/✗/?"),
           lambda r, _n: f"{r.owners_approved}/{r.owners_declined}/{r.owners_pending}",
           lambda r: r.owners_approved),
    Column(QT_TRANSLATE_NOOP("RequestTableModel", "Requested by"),
           lambda r, _n: r.created_by, lambda r: r.created_by),
)


@dataclass(frozen=True, slots=True)
class _Record:
    """What filtering and sorting read, computed once per request version (not per comparison)."""

    # Plain copies of the fields filters read: reaching through the pydantic model
    # for 100,000 rows costs several times more than reading a slot.
    request: FootageRequest
    id: int
    status: str
    case: str
    user: str
    keys: tuple[Any, ...]
    search: str

    @classmethod
    def of(cls, r: FootageRequest) -> _Record:
        search = f"{r.case_number}\n{r.reason}\n{r.created_by}".casefold()
        return cls(r, r.id, r.status.value, r.case_number, r.created_by, tuple(c.key(r) for c in COLUMNS), search)


@dataclass
class RequestFilter:
    status: RequestStatus | None = None
    case_number: str = ""
    mine_user: str | None = None  # show only this user's requests
    text: str = ""  # free-text search over case number, reason and requester

    def accepts(self, r: FootageRequest) -> bool:
        one = _Columns()
        one.put(_Record.of(r))
        return bool(self.select(one, [0]))

    def select(self, cols: _Columns, candidates: list[int]) -> list[int]:
        """Positions in ``cols`` that pass, one narrowing pass per active criterion:
        tight comprehensions over plain lists beat a per-row closure several times over."""
        chosen = candidates
        if self.status is not None:
            status = self.status.value
            chosen = [i for i in chosen if cols.status[i] == status]
        if self.case_number:
            chosen = [i for i in chosen if cols.case[i] == self.case_number]
        if self.mine_user is not None:
            chosen = [i for i in chosen if cols.user[i] == self.mine_user]
        if self.text:
            needle = self.text.casefold()
            chosen = [i for i in chosen if needle in cols.search[i]]
        return list(chosen)


class _Columns:
    """Every request, in arrival order, as parallel plain lists (what filters and sorts read)."""

    def __init__(self) -> None:
        self.records: list[_Record] = []
        self.ids: list[int] = []
        self.status: list[str] = []
        self.case: list[str] = []
        self.user: list[str] = []
        self.search: list[str] = []
        self.index: dict[int, int] = {}  # id -> position
        self.keys: list[list[Any]] = [[] for _ in COLUMNS]  # per column, every row's sort key
        # Per column, the ascending order of all positions, built when first sorted on and
        # kept while no key of that column changes (most events change status and owners only).
        self._orders: dict[int, list[int]] = {}

    def put(self, rec: _Record) -> bool:
        """Add or replace; True when it was new."""
        i = self.index.get(rec.id)
        if i is None:
            self._orders.clear()
            self.index[rec.id] = len(self.ids)
            for column, value in zip((self.records, self.ids, self.status, self.case, self.user, self.search),
                                     (rec, rec.id, rec.status, rec.case, rec.user, rec.search), strict=True):
                column.append(value)  # type: ignore[attr-defined]
            for keys, key in zip(self.keys, rec.keys, strict=True):
                keys.append(key)
            return True
        old = self.records[i].keys
        for column in [c for c in self._orders if old[c] != rec.keys[c]]:
            del self._orders[column]
        for keys, key in zip(self.keys, rec.keys, strict=True):
            keys[i] = key
        self.records[i] = rec
        self.status[i], self.case[i], self.user[i], self.search[i] = rec.status, rec.case, rec.user, rec.search
        return False

    def order_by(self, column: int, descending: bool) -> list[int]:
        order = self._orders.get(column)
        if order is None:
            order = self._orders[column] = ascending_order(self.keys[column])
        # Descending is the ascending order reversed: ties then list newest-arrived first.
        return order[::-1] if descending else order


class RequestTableModel(QAbstractTableModel):
    ID_ROLE = Qt.ItemDataRole.UserRole + 1
    REQUEST_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent: Any = None, batch_ms: int = 50):
        super().__init__(parent)
        self._cols = _Columns()
        self._order: list[int] = []  # positions in self._cols, in the current sort order
        self._view: list[int] = []  # positions in self._cols of the rows that pass the filter, in that order
        self._positions: dict[int, int] | None = None  # id -> row, built when first needed
        self._filter = RequestFilter()
        self._sort_column = 4  # newest first
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._pending: dict[int, FootageRequest] = {}
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(batch_ms)
        self._flush_timer.timeout.connect(self.flush)

    # --- Qt model API ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._view)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("RequestTableModel", COLUMNS[section].title)
        if role == Qt.ItemDataRole.ToolTipRole and section == 6:
            return self.tr("Camera owners who shared footage / declined / have not answered yet")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._view)) or \
                not (0 <= index.column() < len(COLUMNS)):
            return None
        request = self._cols.records[self._view[index.row()]].request
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[index.column()].text(request, datetime.now(UTC))
        if role == self.ID_ROLE:
            return request.id
        if role == self.REQUEST_ROLE:
            return request
        if role == Qt.ItemDataRole.ToolTipRole:
            return request.reason
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
            return STATUS_COLOURS.get(request.status)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self._sort_column, self._sort_order = column, order
        self._rebuild(resort=True)

    # --- data --------------------------------------------------------------------------------------
    def set_requests(self, requests: list[FootageRequest]) -> None:
        self._cols = _Columns()
        for r in requests:
            self._cols.put(_Record.of(r))
        self._pending.clear()
        self._rebuild(resort=True)
        settle_after_bulk_load()

    def set_filter(self, request_filter: RequestFilter) -> None:
        self._filter = request_filter
        self._rebuild(resort=False)

    def request_at(self, row: int) -> FootageRequest | None:
        if not 0 <= row < len(self._view):
            return None
        return self._cols.records[self._view[row]].request

    def row_of(self, request_id: int) -> int | None:
        return self._row_positions().get(request_id)

    def _row_positions(self) -> dict[int, int]:
        if self._positions is None:
            ids = self._cols.ids
            self._positions = {ids[pos]: row for row, pos in enumerate(self._view)}
        return self._positions

    def upsert(self, request: FootageRequest) -> None:
        """Queue a live change; applied with the rest of its burst on the next flush."""
        self._pending[request.id] = request
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        records = {rid: _Record.of(r) for rid, r in pending.items()}
        new = [self._cols.put(rec) for rec in records.values()]
        if any(new) or self._sort_depends_on_changes():
            self._rebuild(resort=True)
            return
        positions = self._row_positions()
        if any((rid in positions) != self._filter.accepts(rec.request) for rid, rec in records.items()):
            self._rebuild(resort=False)
            return
        # Only visible rows changed and their order cannot have: repaint those rows in place.
        for rid in records:
            row = positions[rid]
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _sort_depends_on_changes(self) -> bool:
        # Status, owners and due-time columns change with events; the others do not.
        return self._sort_column in (0, 5, 6)

    def _rebuild(self, resort: bool) -> None:
        """Re-sort (only when the order may have changed) and re-filter the sorted rows."""
        self.beginResetModel()
        if resort:
            self._order = self._cols.order_by(self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder)
        self._view = self._order if self._filter == RequestFilter() else self._filter.select(self._cols, self._order)
        self._positions = None
        self.endResetModel()
