"""Audit viewer and the transparency report: the report's counts match the audit log."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import RequestStatus
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.footage.transparency import build_report, to_html
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from tests.contract.helpers import live_camera
from tests.ui.test_requests_workflow import body_for
from ui.footage.audit_view import STALE_S, AuditView, fetch_audit


def test_report_counts_match_the_audit_log(qtbot: QtBot, mock_backend: MockProcess, tmp_path: Path) -> None:
    op = open_session(BackendProfile("T", mock_backend.url), "operator", "demo")
    sup = open_session(BackendProfile("T", mock_backend.url), "supervisor", "demo")
    cam = live_camera(op.client.all_cameras(), skip=3)
    for _ in range(3):
        op.client.request_stream(cam.id, "2026-000501", "Report test live view")
    op.client.create_request(body_for(op, "2026-000502"))
    start, end = datetime.now(UTC) - timedelta(days=1), datetime.now(UTC) + timedelta(days=1)
    audit = fetch_audit(sup, start, end)
    requests = sup.client.all_requests()
    report = build_report(start, end, audit, requests)
    ok = Counter(e.action for e in audit if e.outcome == "success")
    assert report.live_views_granted == ok["stream.grant"] >= 3
    assert report.escalations_created == ok["escalation.create"]
    assert report.footage_downloads == ok["footage.download"]
    assert report.requests_total == len(requests) == sum(report.requests_by_status.values())
    assert report.owner_declines == sum(r.owners_declined for r in requests)
    assert report.distinct_cameras_viewed == len({e.target for e in audit if e.action == "stream.grant"
                                                  and e.outcome == "success"})
    page = to_html(report)
    assert "<svg" in page and "<script" not in page
    assert not any(c.address in page for c in op.client.all_cameras()[:50])  # no owner identity or address
    assert RequestStatus.pending_owner.value.replace("_", " ") in page or report.requests_by_status


def test_audit_view_filters_and_exports_csv(qtbot: QtBot, mock_backend: MockProcess, tmp_path: Path) -> None:
    view = AuditView(open_session(BackendProfile("T", mock_backend.url), "supervisor", "demo"))
    qtbot.addWidget(view)
    view.actor.setText("supervisor")
    view.action.setText("auth")
    view.reload()
    qtbot.waitUntil(lambda: "audit entr" in view.status.text(), timeout=10_000)
    model = view.model
    assert model.rowCount() > 0
    assert all(model.index(r, 1).data() == "supervisor" for r in range(model.rowCount()))
    assert all(model.index(r, 3).data().startswith("auth") for r in range(model.rowCount()))
    out = view.export_csv(tmp_path / "audit.csv")
    assert out is not None
    rows = list(csv.reader(out.open()))
    assert rows[0][0] == "Time (UTC)" and len(rows) == model.rowCount() + 1
    assert rows[1][1:] == [model.index(0, c).data() for c in range(1, model.columnCount())]
    view.export_report(tmp_path)
    qtbot.waitUntil(lambda: "report written" in view.status.text(), timeout=20_000)
    assert list(tmp_path.glob("transparency-*.html")) and list(tmp_path.glob("transparency-*.csv"))


def test_the_audit_tab_shows_a_fresh_trail_when_opened_again(qtbot: QtBot, mock_backend: MockProcess) -> None:
    session = open_session(BackendProfile("T", mock_backend.url), "supervisor", "demo")
    view = AuditView(session)
    qtbot.addWidget(view)
    view.show()  # opening the tab loads it: nobody has to press Search first
    qtbot.waitUntil(lambda: "audit entr" in view.status.text(), timeout=10_000)
    before = view.model.rowCount()
    open_session(BackendProfile("T", mock_backend.url), "supervisor", "demo")  # a new entry: auth.login
    view.hide()
    view._loaded_at -= STALE_S + 1  # opened again a while later
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() > before, timeout=10_000)


def test_audit_rows_are_text_and_the_detail_tooltip_is_escaped(qtbot: QtBot) -> None:
    from PySide6.QtCore import Qt

    from rtcc_desktop.api.schemas import AuditEvent
    from ui.footage.audit_model import AuditTableModel

    hostile = "<img src=x onerror=alert(1)><b>case</b>"
    model = AuditTableModel()
    model.replace_all([AuditEvent(id=1, at=datetime.now(UTC), actor=hostile, action="request.create",
                                  outcome="success", detail={"reason": hostile})])
    assert model.index(0, 1).data() == hostile  # shown as text by the view
    tip = model.index(0, 7).data(Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img src=x" in tip
