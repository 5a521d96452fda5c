"""Request-queue benchmark: the table model with 100,000 requests.

Filter and sort times (target ≤ 50 ms; each sort right after a new request arrived, so
nothing is cached), and the UI thread's longest stall while
a burst of 1,000 request.updated events per second arrives for 5 seconds.
Prints a table, then one JSON line with the figures and the machine.
Usage: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/queue_bench.py [--rows 100000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from bench._machine import machine, print_table
from rtcc_desktop.api.schemas import FootageRequest, RequestStatus
from tests.ui.request_factory import make_requests
from tests.ui.tick_gaps import TickGaps
from ui.footage.request_model import RequestFilter, RequestTableModel


def timed_sort_after_new_request(model: RequestTableModel, column: int, order: Qt.SortOrder, runs: int,
                                 fresh: list[FootageRequest]) -> float:
    """A sort as an operator meets it: the table is sorted by another column and a new request
    has just arrived (which drops every cached column order), so each run sorts from scratch."""
    times = []
    for _ in range(runs):
        model.sort(4 if column != 4 else 1, Qt.SortOrder.AscendingOrder)
        model.upsert(fresh.pop())
        model.flush()
        t = time.perf_counter()
        model.sort(column, order)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def timed(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


class Feeder(QObject):
    # Events reach the UI thread as queued signals, as the event bridge delivers them.
    event = Signal(object)


def burst(app: QApplication, model: RequestTableModel, reqs: list, rate: int, seconds: float) -> dict[str, float]:
    feeder = Feeder()
    feeder.event.connect(model.upsert)
    ticks = TickGaps()
    ticks.start()
    done = threading.Event()

    def produce() -> None:
        statuses = list(RequestStatus)
        sent, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            r = reqs[(sent * 7919) % len(reqs)]
            feeder.event.emit(r.model_copy(update={"status": statuses[sent % len(statuses)]}))
            sent += 1
            target = start + sent / rate
            delay = target - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        done.set()

    threading.Thread(target=produce, daemon=True).start()
    while not done.is_set():
        app.processEvents()
        time.sleep(0.001)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)
    ticks.stop()
    gaps = sorted(ticks.gaps)
    return {"max_gap_ms": gaps[-1] * 1000, "p99_gap_ms": gaps[int(len(gaps) * 0.99)] * 1000}


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--rate", type=int, default=1000)
    p.add_argument("--seconds", type=float, default=5.0)
    a = p.parse_args()
    app = QApplication(["queue-bench"])
    reqs = make_requests(a.rows)
    # New requests arriving between timed sorts (ids above the table's).
    fresh = [r.model_copy(update={"id": a.rows + 1 + i}) for i, r in enumerate(make_requests(4 * a.runs, seed=2))]
    model = RequestTableModel()
    view = QTableView()
    # As the panel configures it: fixed-height rows and no row header, so a reset costs
    # O(visible rows) in the view rather than O(all rows).
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setModel(model)
    view.resize(1200, 800)
    view.show()
    model.set_requests(reqs)
    results = {
        "rows": a.rows,
        "filter_status_ms": timed(lambda: model.set_filter(RequestFilter(status=RequestStatus.pending_owner)), a.runs),
        "filter_text_ms": timed(lambda: model.set_filter(RequestFilter(text="robbery")), a.runs),
        "filter_none_ms": timed(lambda: model.set_filter(RequestFilter()), a.runs),
        "sort_case_ms": timed_sort_after_new_request(model, 1, Qt.SortOrder.AscendingOrder, a.runs, fresh),
        "sort_age_ms": timed_sort_after_new_request(model, 4, Qt.SortOrder.DescendingOrder, a.runs, fresh),
        "sort_requested_by_ms": timed_sort_after_new_request(model, 7, Qt.SortOrder.AscendingOrder, a.runs, fresh),
        "resort_unchanged_ms": timed(lambda: (model.sort(1, Qt.SortOrder.AscendingOrder),
                                              model.sort(1, Qt.SortOrder.DescendingOrder)), a.runs),
    }
    model.sort(1)
    results.update(burst(app, model, reqs, a.rate, a.seconds))
    results["events_per_s"] = a.rate
    info = machine()
    print(f"Queue benchmark on {info['cpu']} ({info['cores']} cores); {a.rows} requests; medians of {a.runs}")
    print_table(["figure", "value", "target"], [
        ["filter by status (ms)", f"{results['filter_status_ms']:.1f}", "≤ 50"],
        ["filter by text (ms)", f"{results['filter_text_ms']:.1f}", "≤ 50"],
        ["clear filter (ms)", f"{results['filter_none_ms']:.1f}", "≤ 50"],
        ["sort by case (ms)", f"{results['sort_case_ms']:.1f}", "≤ 50"],
        ["sort by age (ms)", f"{results['sort_age_ms']:.1f}", "≤ 50"],
        ["sort by requester (ms)", f"{results['sort_requested_by_ms']:.1f}", "≤ 50"],
        ["sort again, data unchanged (ms; both directions)", f"{results['resort_unchanged_ms']:.1f}", "≤ 50"],
        [f"UI max stall, {a.rate} events/s (ms)", f"{results['max_gap_ms']:.1f}", "responsive"],
        [f"UI p99 tick gap, {a.rate} events/s (ms)", f"{results['p99_gap_ms']:.1f}", "~10"],
    ])
    print(json.dumps({"bench": "queue", "machine": info, "runs": a.runs, "results": results}))


if __name__ == "__main__":
    main()
