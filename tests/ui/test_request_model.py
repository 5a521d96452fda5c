"""The requests table model: Qt's model tester, filtering, sorting, batched live updates."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import RequestStatus
from tests.ui.request_factory import make_requests
from ui.footage.request_model import RequestFilter, RequestTableModel


def test_model_passes_qt_model_tester(qtmodeltester: object) -> None:
    model = RequestTableModel()
    model.set_requests(make_requests(200))
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_filter(RequestFilter(status=RequestStatus.fulfilled))
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_filter_and_sort() -> None:
    reqs = make_requests(2000)
    model = RequestTableModel()
    model.set_requests(reqs)
    model.set_filter(RequestFilter(status=RequestStatus.pending_owner, mine_user="op2"))
    expected = {r.id for r in reqs if r.status is RequestStatus.pending_owner and r.created_by == "op2"}
    shown = [model.data(model.index(row, 0), RequestTableModel.ID_ROLE) for row in range(model.rowCount())]
    assert set(shown) == expected and len(shown) == len(expected)
    model.sort(2, Qt.SortOrder.DescendingOrder)
    counts = [len(model.request_at(row).camera_ids) for row in range(model.rowCount())]  # type: ignore[union-attr]
    assert counts == sorted(counts, reverse=True)
    model.set_filter(RequestFilter(text="hit and"))
    assert all("Hit and run" == model.request_at(r).reason for r in range(model.rowCount()))  # type: ignore[union-attr]


def test_live_updates_are_batched_and_change_rows_in_place(qtbot: QtBot) -> None:
    reqs = make_requests(100)
    model = RequestTableModel(batch_ms=20)
    model.set_requests(reqs)
    model.sort(1)  # by case: event-driven changes cannot reorder
    changed: list[int] = []
    resets: list[bool] = []
    model.dataChanged.connect(lambda a, _b: changed.append(a.row()))
    model.modelReset.connect(lambda: resets.append(True))
    target = reqs[10].model_copy(update={"status": RequestStatus.fulfilled, "owners_approved": 3})
    for _ in range(50):  # a burst of the same update
        model.upsert(target)
    qtbot.waitUntil(lambda: bool(changed), timeout=2000)
    row = model.row_of(target.id)
    assert changed == [row] and not resets
    assert model.data(model.index(row, 0)) == "Footage ready"
    new = target.model_copy(update={"id": 5000, "case_number": "2026-999999"})
    model.upsert(new)
    qtbot.waitUntil(lambda: model.row_of(5000) is not None, timeout=2000)
    assert model.rowCount() == 101
