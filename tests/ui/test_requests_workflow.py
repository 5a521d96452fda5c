"""The request queue against the real mock: request → owners → footage verified with custody;
escalation decided by a supervisor; the outbox keeps and sends once."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import FootageRequestCreate, RequestStatus
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.footage.outbox import Outbox, OutboxOwner
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from tests.conftest import start_mock
from tests.contract.helpers import densest, nearest
from ui.footage.escalations_view import EscalationsView
from ui.footage.install import install_requests_panel
from ui.footage.requests_panel import RequestsPanel
from ui.main_window import MainWindow


def session_for(url: str, user: str = "operator") -> Session:
    return open_session(BackendProfile("Test", url), user, "demo")


def body_for(session: Session, case: str, n: int = 6, hours: float = 1, justification: str | None = None
             ) -> FootageRequestCreate:
    cams = session.client.all_cameras()
    origin = densest(cams)
    group = nearest(cams, origin, n, within_m=750)
    now = datetime.now(UTC)
    return FootageRequestCreate(case_number=case, incident_lat=origin.lat, incident_lon=origin.lon,
                                incident_at=now, window_start=now - timedelta(hours=hours), window_end=now,
                                camera_ids=[c.id for c in group], reason="Armed robbery at a gas station",
                                justification=justification)


def test_request_to_verified_footage_with_custody_record(qtbot: QtBot, mock_backend: MockProcess,
                                                         tmp_path: Path) -> None:
    window = MainWindow(session_for(mock_backend.url))
    qtbot.addWidget(window)
    dock = install_requests_panel(window)
    window.show()
    window.start()
    panel = dock.requests
    panel.outbox = Outbox(tmp_path / "outbox", OutboxOwner("operator", mock_backend.url))
    panel.submit(body_for(window.session, "2026-000401"))

    def fulfilled_row() -> int | None:
        for row in range(panel.model.rowCount()):
            r = panel.model.request_at(row)
            if r and r.case_number == "2026-000401" and r.status is RequestStatus.fulfilled:
                return row
        return None

    qtbot.waitUntil(lambda: fulfilled_row() is not None, timeout=20_000)  # arrives through live events
    assert len(panel.outbox) == 0
    panel.table.selectRow(fulfilled_row() or 0)
    request = panel.details.request
    assert request is not None and request.footage and panel.details.download.isEnabled()
    panel.download(request, request.footage[0], folder=tmp_path)
    qtbot.waitUntil(lambda: "verified" in panel.details.result.text(), timeout=20_000)
    saved = next(tmp_path.glob("2026-000401-*.mp4"))
    custody = json.loads(Path(str(saved) + ".custody.json").read_text())
    assert custody["sha256"] == request.footage[0].sha256 and custody["downloaded_by"] == "operator"
    assert custody["request"]["case_number"] == "2026-000401"
    window.close()


def test_escalation_is_decided_by_a_supervisor_only(qtbot: QtBot, mock_backend: MockProcess) -> None:
    operator = session_for(mock_backend.url)
    created = operator.client.create_request(body_for(operator, "2026-000402", hours=14,
                                                      justification="Homicide: the whole day matters"))
    assert created.status is RequestStatus.needs_supervisor
    op_view = EscalationsView(operator)
    qtbot.addWidget(op_view)
    assert not op_view.can_decide and op_view.approve.parent() is None  # no controls for operators
    sup_view = EscalationsView(session_for(mock_backend.url, "supervisor"))
    qtbot.addWidget(sup_view)
    pending: list[int] = []
    sup_view.pending_changed.connect(pending.append)  # the tab's "(N pending)"
    sup_view.reload()
    qtbot.waitUntil(lambda: sup_view.items.count() > 0, timeout=10_000)
    assert pending and pending[-1] >= 1
    for i in range(sup_view.items.count()):
        if sup_view.items.item(i).data(256).request_id == created.id:
            sup_view.items.setCurrentRow(i)
    sup_view.approve.click()
    assert "reason" in sup_view.feedback.text()  # no decision without a reason
    sup_view.reason.setText("Justified: homicide investigation")
    sup_view.approve.click()
    qtbot.waitUntil(lambda: operator.client.get_request(created.id).status is not RequestStatus.needs_supervisor,
                    timeout=10_000)
    esc = operator.client.list_escalations().items
    assert any(e.request_id == created.id and e.decided_by == "supervisor" for e in esc)


def test_outbox_keeps_requests_while_the_backend_is_down_and_sends_once(qtbot: QtBot, tmp_path: Path) -> None:
    mock = start_mock(tmp_path / "mock")
    try:
        session = session_for(mock.url)
        body = body_for(session, "2026-000403")
        outbox = Outbox(tmp_path / "outbox", OutboxOwner(session.username, mock.url))
        panel = RequestsPanel(session, outbox)
        qtbot.addWidget(panel)
        mock.stop()  # the backend goes away before the operator presses Send
        panel.submit(body)
        qtbot.waitUntil(lambda: not panel._flushing, timeout=30_000)
        assert len(outbox) == 1 and "1 waiting" in panel.outbox_label.text()
        saved = next((tmp_path / "outbox").glob("*.json"))
        crash_copy = tmp_path / "crash-copy.json"
        shutil.copy(saved, crash_copy)  # what a crash between "accepted" and "removed" would leave

        # "Restart": a new backend on the same data is not possible in-memory, so start a fresh one on the
        # same address (an entry is only ever sent to the backend it was queued for) and point a new
        # session at it; the outbox on disk is what carries the request across.
        mock2 = start_mock(tmp_path / "mock2", "--port", str(urlsplit(mock.url).port))
        try:
            assert mock2.url == mock.url
            panel.session = session_for(mock2.url)
            panel.flush_outbox()
            qtbot.waitUntil(lambda: len(outbox) == 0 and not panel._flushing, timeout=30_000)
            shutil.copy(crash_copy, saved)  # the same entry comes back after a "crash"
            panel.flush_outbox()
            qtbot.waitUntil(lambda: len(outbox) == 0 and not panel._flushing, timeout=30_000)
            mine = panel.session.client.list_requests(case_number="2026-000403").items
            assert len(mine) == 1, "sent once, even when the outbox entry came back"
        finally:
            mock2.stop()
    finally:
        mock.stop()
