"""A request saved in the outbox survives the app being killed, and is created exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rtcc_desktop.api.schemas import FootageRequestCreate
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.footage.outbox import Outbox, OutboxOwner
from rtcc_desktop.footage.sending import send_pending
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session


def test_outbox_survives_sigkill_and_sends_once(mock_backend: MockProcess, tmp_path: Path) -> None:
    session = open_session(BackendProfile("T", mock_backend.url), "operator", "demo")
    cam = session.client.all_cameras()[0]
    now = datetime.now(UTC)
    body = FootageRequestCreate(case_number="2026-000701", incident_lat=cam.lat, incident_lon=cam.lon,
                                incident_at=now, window_start=now - timedelta(hours=1), window_end=now,
                                camera_ids=[cam.id], reason="Burglary of a garage overnight")
    folder = tmp_path / "outbox"
    owner = OutboxOwner("operator", mock_backend.url)
    # A separate process queues the request, then dies by SIGKILL before it can send anything.
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from rtcc_desktop.api.schemas import FootageRequestCreate
        from rtcc_desktop.footage.outbox import Outbox, OutboxOwner
        outbox = Outbox(Path({str(folder)!r}), OutboxOwner("operator", {mock_backend.url!r}))
        outbox.put(FootageRequestCreate.model_validate_json({body.model_dump_json()!r}))
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2], timeout=60,
                          env={**os.environ})
    assert proc.returncode == -9
    outbox = Outbox(folder, owner)
    assert len(outbox) == 1
    report = send_pending(session.client, outbox)
    assert len(report.sent) == 1 and len(outbox) == 0
    again = send_pending(session.client, outbox)  # nothing left to send
    assert not again.sent
    assert len(session.client.list_requests(case_number="2026-000701").items) == 1
