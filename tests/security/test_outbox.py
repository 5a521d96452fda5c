"""The footage-request outbox (issue #21). Findings covered:

- any non-transient BackendError parked a request in ``.rejected`` for good: an ended session
  (401), a 408, a 429, a 5xx or a proxy's HTML page lost it. Now only the backend's own refusal
  of the request (400/413/422) or of the user (403) is final (``is_final_refusal``); everything
  else keeps the entry, and a later send delivers it exactly once (client_ref dedupe), also when
  the backend created it and the reply was lost; 429's Retry-After is honoured;
- rejected requests were only a status-bar line: the Requests panel lists them with the
  backend's reason, "Edit and resend…" reopens the dialog filled in and re-queues the fix,
  "Discard…" asks first;
- the outbox folder mapped every non-alphanumeric character to ``_``, so ``j.doe`` and ``j_doe``
  (or similar backend URLs) shared one outbox and one user's requests went out as another's.
  Folders are keyed on a hash of the exact user and URL; entries record their owner and are
  never sent as anyone else; old-style folders are left untouched and named in a warning.

The real mock answers where it can (422 refusals, an ended session, client_ref dedupe); the
other replies come from a small proxy on loopback in front of it that forwards everything except
the POST it was scripted to answer (optionally after forwarding it, as when a reply is lost).
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import SessionExpired, parse_retry_after
from rtcc_desktop.api.schemas import API_PREFIX, Camera, FootageRequestCreate
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.footage.outbox import Outbox, OutboxOwner
from rtcc_desktop.footage.sending import send_pending
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from tests.conftest import module_mock
from ui.footage.requests_panel import RequestsPanel

USERS = {"j.doe": "pw-of-j-dot-doe", "j_doe": "pw-of-j-underscore-doe"}
outbox_mock = module_mock("outbox-mock", *(a for u, p in USERS.items() for a in ("--user", f"{u}:{p}:operator")))
REQUESTS = f"{API_PREFIX}/requests"


# --- a scripted proxy in front of the real mock ------------------------------------------------------
@dataclass
class Inject:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    forward_first: bool = False  # the backend gets (and creates) the request; the client gets this instead


@dataclass
class Proxy:
    url: str
    injections: list[Inject]
    posts: list[float]  # when each POST /requests arrived


def _json_error(status: int, code: str, message: str, **headers: str) -> Inject:
    return Inject(status, json.dumps({"error": {"code": code, "message": message}}).encode(), headers=headers)


HTML = b"<!DOCTYPE html><html><body><h1>Gateway</h1>Please log in to the proxy.</body></html>"


@pytest.fixture
def proxy(outbox_mock: MockProcess) -> Iterator[Proxy]:
    upstream = outbox_mock.url
    state = Proxy("", [], [])

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = self.path
            forward = {k: v for k, v in self.headers.items() if k.lower() in ("authorization", "content-type")}
            inject = None
            if self.command == "POST" and path == REQUESTS:
                state.posts.append(time.monotonic())
                inject = state.injections.pop(0) if state.injections else None
            if inject is None or inject.forward_first:
                resp = requests.request(self.command, upstream + path, headers=forward, data=data, timeout=10)
            if inject is None:
                status, body, kind, extra = resp.status_code, resp.content, resp.headers.get(
                    "Content-Type", "application/json"), {}
            else:
                status, body, kind, extra = inject.status, inject.body, inject.content_type, inject.headers
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


# --- helpers ---------------------------------------------------------------------------------------------
def session_at(url: str, user: str = "j.doe") -> Session:
    return open_session(BackendProfile("Test", url), user, USERS[user])


def body_for(cameras: list[Camera], case: str, camera_ids: list[int] | None = None) -> FootageRequestCreate:
    cam = cameras[0]
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    return FootageRequestCreate(case_number=case, incident_lat=cam.lat, incident_lon=cam.lon, incident_at=now,
                                window_start=now - timedelta(hours=1), window_end=now,
                                camera_ids=camera_ids or [cam.id], reason="Burglary of a corner shop at night")


def created(mock: MockProcess, case: str) -> list[str]:
    """Who created the requests of this case, as the real mock has them."""
    client = BackendClient(mock.url)
    client.sign_in("supervisor", "demo")
    try:
        return [r.created_by for r in client.list_requests(case_number=case).items]
    finally:
        client.close()


def outbox_for(root: Path, session: Session) -> Outbox:
    return Outbox.for_account(root, OutboxOwner(session.username, session.profile.url))


# --- transient replies keep the request ----------------------------------------------------------------------
TRANSIENT = {
    "408 request timeout": [_json_error(408, "request_timeout", "The request took too long.")],
    "429 with Retry-After": [_json_error(429, "rate_limited", "Slow down.", **{"Retry-After": "7"})],
    "503 proxy HTML page": [Inject(503, HTML, "text/html")],
    "502 JSON": [_json_error(502, "bad_gateway", "Upstream is restarting.")],
    "200 proxy portal page": [Inject(200, HTML, "text/html")],
    "403 from a proxy, as HTML": [Inject(403, HTML, "text/html")],
    "401 twice (refresh did not help)": [_json_error(401, "unauthorized", "Who are you?")] * 2,
    "created, then the reply was cut": [Inject(200, b'{"id": 1, "case_', forward_first=True)],
    "created, then 500": [Inject(500, b"Internal Server Error", "text/plain", forward_first=True)],
}


@pytest.mark.parametrize("name", list(TRANSIENT))
def test_a_transient_reply_keeps_the_request_and_a_later_send_delivers_it_once(
        name: str, proxy: Proxy, outbox_mock: MockProcess, tmp_path: Path) -> None:
    session = session_at(proxy.url)
    case = f"2026-{900100 + list(TRANSIENT).index(name)}"
    outbox = outbox_for(tmp_path, session)
    outbox.put(body_for(session.client.list_cameras(limit=5).items, case))
    proxy.injections = list(TRANSIENT[name])

    first = send_pending(session.client, outbox)
    assert not first.sent and not first.rejected
    assert first.problem and len(outbox) == 1 and not outbox.rejected(), first
    if name.startswith("429"):
        assert first.retry_after == 7

    second = send_pending(session.client, outbox)  # the backend is fine again
    assert len(second.sent) == 1 and len(outbox) == 0 and not outbox.rejected()
    assert created(outbox_mock, case) == ["j.doe"], "delivered exactly once"


def test_an_ended_session_keeps_the_request_until_the_next_sign_in(outbox_mock: MockProcess, tmp_path: Path) -> None:
    session = session_at(outbox_mock.url)
    outbox = outbox_for(tmp_path, session)
    outbox.put(body_for(session.client.list_cameras(limit=5).items, "2026-900200"))
    # The session is revoked on the server (signed out elsewhere): both tokens stop working.
    requests.post(f"{outbox_mock.url}{API_PREFIX}/auth/logout", headers=session.client.auth_headers(),
                  json={"refresh_token": session.client.refresh_token_value}, timeout=10).raise_for_status()

    report = send_pending(session.client, outbox)
    assert isinstance(report.error, SessionExpired) and report.error.status == 401
    assert len(outbox) == 1 and not outbox.rejected() and not report.sent

    session.client.sign_in("j.doe", USERS["j.doe"])
    again = send_pending(session.client, outbox)
    assert len(again.sent) == 1 and len(outbox) == 0
    assert created(outbox_mock, "2026-900200") == ["j.doe"]


# --- final refusals are kept aside with the reason ------------------------------------------------------------
def test_the_backends_validation_refusal_moves_the_request_to_rejected_with_its_reason(
        outbox_mock: MockProcess, tmp_path: Path) -> None:
    session = session_at(outbox_mock.url)
    outbox = outbox_for(tmp_path, session)
    entry = outbox.put(body_for(session.client.list_cameras(limit=5).items, "2026-900300", camera_ids=[2**31 - 2]))

    report = send_pending(session.client, outbox)
    assert len(outbox) == 0 and not report.sent
    [rejected] = outbox.rejected()
    assert report.rejected == [rejected]
    assert rejected.status == 422 and "Unknown camera ids: 2147483646" in rejected.reason
    assert rejected.body == entry.body and rejected.owner == outbox.owner
    assert not send_pending(session.client, outbox).sent and created(outbox_mock, "2026-900300") == []


@pytest.mark.parametrize("inject", [
    _json_error(400, "bad_request", "The case number is closed."),
    _json_error(403, "forbidden", "Your agency may not request footage in this county."),
    _json_error(422, "validation_error", "reason: too vague"),
], ids=["400", "403", "422"])
def test_a_refusal_of_the_request_or_the_user_is_final(inject: Inject, proxy: Proxy, tmp_path: Path) -> None:
    session = session_at(proxy.url)
    outbox = outbox_for(tmp_path, session)
    outbox.put(body_for(session.client.list_cameras(limit=5).items, "2026-900310"))
    proxy.injections = [inject]
    report = send_pending(session.client, outbox)
    [rejected] = outbox.rejected()
    assert rejected.status == inject.status and rejected.reason == json.loads(inject.body)["error"]["message"]
    assert len(outbox) == 0 and report.rejected == [rejected]


def test_retry_after_is_read_in_seconds_or_as_a_date_and_capped() -> None:
    now = datetime(2026, 12, 3, 8, 0, tzinfo=UTC)
    assert parse_retry_after("12", now) == 12
    assert parse_retry_after("Thu, 03 Dec 2026 08:01:30 GMT", now) == 90
    assert parse_retry_after("Thu, 03 Dec 2026 07:00:00 GMT", now) == 0  # already past
    assert parse_retry_after("99999999", now) == 900  # a server cannot park us for days
    assert parse_retry_after("soon", now) is None and parse_retry_after(None, now) is None


# --- one outbox per exact user and backend ---------------------------------------------------------------------
@pytest.mark.parametrize(("a", "b", "mixed_before"), [
    (("j.doe", "http://127.0.0.1:8000"), ("j_doe", "http://127.0.0.1:8000"), True),
    (("j.doe", "http://127.0.0.1:8000"), ("j.doe", "http://127.0.0.1:8000/"), False),
    (("op", "https://rtcc-a.local:8443"), ("op", "https://rtcc.a.local:8443"), True),
    (("op", "http://127.0.0.1:8000/a"), ("op", "http://127.0.0.1:8000_a"), True),
    (("op", "http://127.0.0.1:8000"), ("op_http", "//127.0.0.1:8000"), True),
], ids=["dot-vs-underscore", "trailing-slash", "similar-hosts", "path-vs-port", "split-elsewhere"])
def test_similar_accounts_get_different_outbox_folders(a: tuple[str, str], b: tuple[str, str], mixed_before: bool,
                                                       tmp_path: Path) -> None:
    one, other = OutboxOwner(*a), OutboxOwner(*b)
    # Where the old scheme (every non-alphanumeric character to "_") gave both one folder.
    assert (one.legacy_folder_name() == other.legacy_folder_name()) is mixed_before
    first, second = Outbox.for_account(tmp_path, one), Outbox.for_account(tmp_path, other)
    assert first.folder != second.folder
    assert Outbox.for_account(tmp_path, OutboxOwner(*a)).folder == first.folder  # stable across runs
    assert first.folder.name.split("-")[0].startswith(a[0].replace(".", "_"))  # readable for people


def test_one_users_queued_request_is_never_sent_as_another(outbox_mock: MockProcess, tmp_path: Path) -> None:
    dot, underscore = session_at(outbox_mock.url, "j.doe"), session_at(outbox_mock.url, "j_doe")
    queued = outbox_for(tmp_path, dot)
    queued.put(body_for(dot.client.list_cameras(limit=5).items, "2026-900400"))

    theirs = outbox_for(tmp_path, underscore)
    assert len(theirs) == 0 and not send_pending(underscore.client, theirs).sent
    # Defence in depth: an entry that lands in another user's folder is set aside, not sent as them.
    [entry] = queued.pending()
    shutil.copy(entry.path, theirs.folder / entry.path.name)
    report = send_pending(underscore.client, theirs)
    assert not report.sent and (theirs.folder / f"{entry.key}.foreign").exists()
    # And an outbox is only sent by a client signed in as its owner.
    refused = send_pending(underscore.client, queued)
    assert not refused.sent and refused.problem and len(queued) == 1
    assert created(outbox_mock, "2026-900400") == []

    assert len(send_pending(dot.client, queued).sent) == 1
    assert created(outbox_mock, "2026-900400") == ["j.doe"]


def test_old_style_outbox_folders_are_left_untouched_and_named_in_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    owner = OutboxOwner("j.doe", "http://127.0.0.1:8000")
    legacy = tmp_path / owner.legacy_folder_name()
    legacy.mkdir()
    (legacy / "0123456789abcdef.json").write_text('{"case_number": "2026-1"}', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="rtcc_desktop.footage.outbox"):
        outbox = Outbox.for_account(tmp_path, owner)
    assert len(outbox) == 0 and outbox.legacy_leftovers == ["0123456789abcdef.json"]
    assert str(legacy) in caplog.text
    assert [p.name for p in legacy.iterdir()] == ["0123456789abcdef.json"]


# --- the Requests panel ----------------------------------------------------------------------------------------
def test_the_panel_shows_a_rejected_request_with_its_reason_and_resends_it_once_fixed(
        qtbot: QtBot, outbox_mock: MockProcess, tmp_path: Path) -> None:
    session = session_at(outbox_mock.url)
    panel = RequestsPanel(session, outbox_for(tmp_path, session))
    qtbot.addWidget(panel)
    panel.reload()
    qtbot.waitUntil(lambda: bool(panel.cameras), timeout=20_000)
    good = sorted(panel.cameras)[0]
    panel.submit(body_for([panel.cameras[good]], "2026-900500", camera_ids=[good, 2**31 - 3]))
    qtbot.waitUntil(lambda: len(panel.rejected_view.rows) == 1 and not panel._flushing, timeout=20_000)
    assert panel.rejected_view.isVisibleTo(panel)
    [row] = panel.rejected_view.rows
    assert "Unknown camera ids: 2147483645" in row.reason.text() and "2026-900500" in row.title.text()
    assert len(panel.outbox) == 0

    row.edit.click()
    dialog = panel.resend_dialog
    assert dialog is not None and dialog.case.text() == "2026-900500"
    assert dialog.camera_ids() == [good, 2**31 - 3] and dialog.reason.toPlainText() == row.entry.body.reason
    assert not dialog.send.isEnabled()  # the dialog sees the unknown camera too
    dialog.cameras.setText(str(good))
    assert dialog.send.isEnabled(), dialog.problems.text()
    dialog.send.click()
    qtbot.waitUntil(lambda: created(outbox_mock, "2026-900500") == ["j.doe"] and not panel._flushing,
                    timeout=20_000)
    assert not panel.rejected_view.rows and not panel.rejected_view.isVisibleTo(panel)
    assert len(panel.outbox) == 0 and panel.outbox.rejected() == []


def test_discarding_a_rejected_request_asks_first(qtbot: QtBot, outbox_mock: MockProcess, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    session = session_at(outbox_mock.url)
    panel = RequestsPanel(session, outbox_for(tmp_path, session))
    qtbot.addWidget(panel)
    cams = session.client.list_cameras(limit=5).items
    panel.submit(body_for(cams, "2026-900510", camera_ids=[2**31 - 4]))
    qtbot.waitUntil(lambda: len(panel.rejected_view.rows) == 1 and not panel._flushing, timeout=20_000)

    for answer, left in ((QMessageBox.StandardButton.Cancel, 1), (QMessageBox.StandardButton.Discard, 0)):
        panel.rejected_view.rows[0].discard.click()
        box = panel.rejected_view.confirm
        assert box is not None and "2026-900510" in box.text()
        box.button(answer).click()
        qtbot.waitUntil(lambda n=left: len(panel.outbox.rejected()) == n, timeout=5_000)
        assert len(panel.rejected_view.rows) == left
    assert not panel.rejected_view.isVisibleTo(panel)


def test_the_panel_waits_as_long_as_retry_after_asks(qtbot: QtBot, proxy: Proxy, outbox_mock: MockProcess,
                                                      tmp_path: Path) -> None:
    session = session_at(proxy.url)
    panel = RequestsPanel(session, outbox_for(tmp_path, session))
    qtbot.addWidget(panel)
    proxy.injections = [_json_error(429, "rate_limited", "Slow down.", **{"Retry-After": "1"})]
    panel.submit(body_for(session.client.list_cameras(limit=5).items, "2026-900520"))
    qtbot.waitUntil(lambda: not panel._flushing and len(proxy.posts) == 1, timeout=20_000)
    assert len(panel.outbox) == 1 and not panel.rejected_view.rows
    panel.flush_outbox()  # the 15 s timer or a new request: still too early
    qtbot.wait(100)
    assert len(proxy.posts) == 1
    qtbot.waitUntil(lambda: len(panel.outbox) == 0 and not panel._flushing, timeout=10_000)
    assert proxy.posts[1] - proxy.posts[0] >= 1.0
    assert created(outbox_mock, "2026-900520") == ["j.doe"]


def test_an_ended_session_asks_to_sign_in_and_keeps_the_request(qtbot: QtBot, outbox_mock: MockProcess,
                                                                 tmp_path: Path) -> None:
    session = session_at(outbox_mock.url)
    panel = RequestsPanel(session, outbox_for(tmp_path, session))
    qtbot.addWidget(panel)
    cams = session.client.list_cameras(limit=5).items
    requests.post(f"{outbox_mock.url}{API_PREFIX}/auth/logout", headers=session.client.auth_headers(),
                  json={"refresh_token": session.client.refresh_token_value}, timeout=10).raise_for_status()
    with qtbot.waitSignal(panel.error, timeout=20_000) as signal:
        panel.submit(body_for(cams, "2026-900530"))
    assert isinstance(signal.args[0], SessionExpired)
    qtbot.waitUntil(lambda: not panel._flushing, timeout=5_000)
    assert len(panel.outbox) == 1 and not panel.rejected_view.rows
