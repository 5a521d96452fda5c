"""Bypasses of the client-side fixes of issue #21, found by probing them as an attacker would.

- Footage origin rule and backend URL policy: ``http://other\\@backend/`` is read by
  ``urlsplit`` as host ``backend`` but requests (urllib3) connects to ``other`` (it ends the
  host part at a backslash). A footage link of that shape got the bearer token sent to another
  port, and a backend URL ``http://evil.example\\@127.0.0.1`` passed as "loopback" while the
  password went over plain http to evil.example. Every origin check reads URLs through
  ``rtcc_desktop.config.split_address``, which refuses a backslash in the host part.
- ``localhost.`` (and ``localhost..``) counted as loopback, so plain http was allowed, but the
  resolver does not answer the fully qualified name from the hosts file: it asks the
  network's DNS, which may name any machine. ``is_loopback_host`` takes ``localhost`` only.
- Numbers in headers: ``"²".isdigit()`` is True and ``int``/``float`` refuse it. A footage
  reply with ``Content-Length: ²`` (byte 0xB2) escaped as a bare ValueError, and any error
  reply with ``Retry-After: ²`` made every API call raise a bare ValueError and killed the
  event-stream reader thread for good (live updates ended, silently). Both parse ASCII
  digits only (``_check_footage_length``, ``errors.parse_retry_after``).
- JSON nested deeply: a few KiB of ``[[[[…`` make the parser raise RecursionError, which is
  no ValueError. One such event killed the event-stream reader thread for good; one such
  reply (or error body) made an API call raise a bare RecursionError. Replies, events and
  outbox files are parsed by ``rtcc_desktop.api.json_text.loads`` (a ValueError then).
- Redirects back: storage on another origin (fetched without the token) could redirect the
  download to a backend address of its choosing, and that hop got the token again: a GET in
  the operator's name (audited as theirs) chosen by a server the token must not reach. Once a
  hop has left the backend's origin, no later hop gets the token (``_open_footage``).
- A backend URL urlsplit cannot read at all (``http://[::1``) escaped ``check_backend_url`` as
  a bare ValueError (the sign-in dialog catches RefusedAddress); it is a RefusedAddress in words.
- CSV cells: a formula behind leading white space (`` =1+1``, ``\n=1+1``, a full-width
  space) was written as is, and a cell was quoted only when it held a comma or a quote, so
  ``x;=cmd|' /C calc'!A0`` became two cells, the second a formula, in a spreadsheet whose
  locale separates with ``;``. ``csv_safe`` looks past leading white space and quotes every cell.
- Outbox: one hostile file in the outbox folder stopped every send: a dangling symlink
  (``stat`` in the sort key raised FileNotFoundError), a small file of ``[[[[…`` (json's
  RecursionError is no ValueError), and a named pipe blocked the sending thread for good; a
  ``.rejected`` file of ``[[[[…`` made building the Requests panel raise. Entries are read by
  ``outbox._load``: regular files only (no symlink, pipe or device), at most 256 KiB, deep
  nesting a ValueError; such files are set aside (``.damaged``), the others are sent (the
  "huge" case passed before too, its file being JSON of the wrong shape: it guards the cap).
  And a set-aside entry (unreadable, or its owner fields edited) vanished from the count without
  a word: the operator believed a typed request queued. The Requests panel now says how many
  were not sent and where they are kept (``Outbox.set_aside`` -> ``SendReport.set_aside``).
- Lock screen: it covers the main window, but a covered button still took the focus by Tab
  and a press by Space: with an alarm on, Tab from the password field reached the alarm bar's
  "Acknowledge" and Space acknowledged it as the locked user, no password asked. And a window
  of its own (a dialog left open when the idle lock came, the detached wall) stayed on screen
  and usable. ``MainWindow.lock`` disables what lies under the lock screen and hides the
  other windows until unlock. A tour on the wall went on pulling video while locked (a new
  audited stream grant every few seconds, the picture decoded on a blanked tile);
  the wall model steps no tour while the wall is locked (``WallModel._tour_step``).
- Footage names: a request or camera id of 250 digits from the backend made a name past 255
  bytes, and the download ended in a bare OSError ("File name too long"); ids longer than a
  64-bit number are a MalformedResponse in words (``file_names._id_part``), nothing written.
- Markup from the backend: the sign-in dialog's and the lock screen's messages and the status
  bar's user label were QLabels in AutoText, so an error message or a user name the backend
  sent as ``<a href=…>`` or ``<h1>…`` was rendered as rich text (a fake prompt, a link) where
  the app's own words go; the panels already show backend text as plain text. These labels
  (and the debrief dialog's note, which quotes a backend error) are plain text now.

Every server is a real one on 127.0.0.1 (tests/security/scripted_http.py).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QToolBar, QWidget
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import InvalidCredentials, MalformedResponse, RefusedAddress, ServerError
from rtcc_desktop.api.event_stream import EventStream
from rtcc_desktop.api.schemas import FootageItem, FootageRequestCreate, Info, Role, ScenarioStatus
from rtcc_desktop.config import AppSettings, BackendProfile, check_backend_url
from rtcc_desktop.footage.csv_safe import FORMULA_STARTS, csv_text
from rtcc_desktop.footage.custody import deliver_footage
from rtcc_desktop.footage.outbox import MAX_ENTRY_BYTES, Outbox, OutboxOwner
from rtcc_desktop.footage.sending import send_pending
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.tour import MIN_DWELL_S, Tour
from tests.conftest import module_mock
from tests.security.scripted_http import (
    TOKENS,
    Raw,
    Scripted,
    json_reply,
    scripted_server,
    signed_in,
    signing_in_server,
)
from tests.ui.app_rig import close_app, open_app
from ui.errors import describe
from ui.footage.requests_panel import RequestsPanel
from ui.lock_screen import LockScreen
from ui.sign_in_dialog import SignInDialog
from ui.status_bar import StatusBar
from ui.training.debrief_dialog import DebriefDialog
from ui.wall.viewing_purpose import ViewingPurpose

CLIP = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 8
FOOTAGE = "/api/v1/footage/f1"


def item_for(url: str, data: bytes = CLIP) -> FootageItem:
    return FootageItem(id="f1", camera_id=3, url=url, sha256=hashlib.sha256(data).hexdigest(),
                       size_bytes=len(data))


@pytest.fixture
def backend() -> Iterator[Scripted]:
    with signing_in_server() as server:
        server.on("GET", FOOTAGE, Raw(200, CLIP))
        yield server


@pytest.fixture
def other() -> Iterator[Scripted]:
    """Another origin (another port on loopback) that would like the token."""
    with scripted_server() as server:
        for path in ("/", FOOTAGE):
            server.on("GET", path, Raw(200, CLIP))
        yield server


# --- a backslash in the host part: urlsplit and requests disagree on the host ------------------------------
@pytest.mark.parametrize("shape", ["{other}\\@{backend}{path}", "{other}\\\\@{backend}{path}"])
def test_a_footage_link_with_a_backslash_before_the_host_gets_no_token(
        backend: Scripted, other: Scripted, tmp_path: Path, shape: str) -> None:
    link = shape.format(other=other.url, backend=backend.url.removeprefix("http://"), path=FOOTAGE)
    client = signed_in(backend.url)
    with pytest.raises(MalformedResponse) as err:
        client.download_footage(item_for(link), tmp_path / "f.mp4")
    assert "cannot be read" in err.value.message
    assert other.hits == [], [(h.target, h.headers.get("Authorization")) for h in other.hits]
    assert list(tmp_path.iterdir()) == []


def test_a_redirect_with_a_backslash_before_the_host_gets_no_token(backend: Scripted, other: Scripted,
                                                                   tmp_path: Path) -> None:
    hop = f"{other.url}\\@{backend.url.removeprefix('http://')}{FOOTAGE}"
    backend.on("GET", "/api/v1/footage/moved", Raw(302, b"", {"Location": hop}))
    client = signed_in(backend.url)
    with pytest.raises(MalformedResponse):
        client.download_footage(item_for("/api/v1/footage/moved"), tmp_path / "f.mp4")
    assert other.hits == [], [(h.target, h.headers.get("Authorization")) for h in other.hits]


def test_a_redirect_from_another_origin_back_to_the_backend_carries_no_token(
        backend: Scripted, other: Scripted, tmp_path: Path) -> None:
    backend.on("GET", "/api/v1/footage/elsewhere", Raw(302, b"", {"Location": f"{other.url}/hop"}))
    other.on("GET", "/hop", Raw(302, b"", {"Location": f"{backend.url}/api/v1/audit?limit=1"}))
    backend.on("GET", "/api/v1/audit", Raw(200, CLIP))
    client = signed_in(backend.url)
    client.download_footage(item_for("/api/v1/footage/elsewhere"), tmp_path / "f.mp4")
    assert backend.hits_for("/api/v1/footage/elsewhere")[0].headers.get("Authorization")  # its own link: yes
    assert "Authorization" not in other.hits_for("/hop")[0].headers
    [back] = backend.hits_for("/api/v1/audit")
    assert "Authorization" not in back.headers, back.headers  # chosen by the other origin: no


def test_a_backend_url_with_a_backslash_before_the_host_is_not_loopback(backend: Scripted, other: Scripted) -> None:
    """``http://other\\@127.0.0.1:port`` looked like loopback (plain http allowed) but the
    password went to ``other``; here "other" is another loopback port that records it."""
    disguised = f"{other.url}\\@{backend.url.removeprefix('http://')}"
    with pytest.raises(RefusedAddress) as err:
        BackendClient(disguised, retries=0).sign_in("op", "pw")
    assert "backslash" in err.value.message
    assert other.hits == [] and backend.hits == []
    with pytest.raises(RefusedAddress):
        check_backend_url("http://evil.example\\@127.0.0.1:8765")
    assert check_backend_url(backend.url) == backend.url  # an ordinary loopback URL still passes


@pytest.mark.parametrize("host", ["localhost.", "LOCALHOST..", "localhost.evil.example", "127.0.0.1.nip.io",
                                  "0x7f.1", "127.1"])
def test_only_true_loopback_names_may_use_plain_http(host: str) -> None:
    with pytest.raises(RefusedAddress):
        check_backend_url(f"http://{host}:8765")
    for loopback in ("localhost", "LocalHost", "127.0.0.1", "127.8.9.10", "[::1]"):
        assert check_backend_url(f"http://{loopback}:8765")


def test_a_footage_link_to_localhost_dot_over_http_is_refused(backend: Scripted, tmp_path: Path) -> None:
    """From a loopback backend, plain http is allowed to loopback hosts only."""
    client = signed_in(backend.url)
    with pytest.raises(RefusedAddress):
        client.download_footage(item_for(f"http://localhost.:{backend.port}{FOOTAGE}"), tmp_path / "f.mp4")
    assert backend.hits_for(FOOTAGE) == [] and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["http://[::1", "https://[backend.example/", "http://127.0.0.1:99999"])
def test_a_backend_url_that_cannot_be_read_is_refused_in_words(url: str) -> None:
    with pytest.raises(RefusedAddress) as err:
        check_backend_url(url)
    assert url in err.value.message


# --- CSV: formulas behind white space or behind a ';' ------------------------------------------------------
def spreadsheet_cells(text: str, separator: str) -> list[str]:
    """The cells a spreadsheet starts reading ``text`` with ``separator``: a new one at every
    separator or line break outside double quotes, white space and the opening quote trimmed
    (as an import with "Trim spaces" does)."""
    cells, cell, quoted = [], "", False
    for char in text:
        if char == '"':
            quoted = not quoted
        if not quoted and char in (separator, "\n", "\r"):
            cells.append(cell)
            cell = ""
        else:
            cell += char
    return [c.strip().removeprefix('"').strip() for c in [*cells, cell]]


@pytest.mark.parametrize("value", [" =1+1", "\n=1+1", "\u3000=1+1", "  @SUM(A1)", "\t\t", "x;=cmd|' /C calc'!A0",
                                   "a; +1", "ok;-2"])
def test_no_cell_of_an_export_starts_a_formula_in_either_separator(value: str) -> None:
    text = csv_text([("actor", "detail"), ("op", value)])
    for separator in (",", ";"):
        cells = spreadsheet_cells(text, separator)
        assert not any(cell.startswith(FORMULA_STARTS) for cell in cells), (separator, cells)
    assert list(csv.reader(io.StringIO(text, newline="")))[1][1].removeprefix("'") == value  # the value is kept


# --- the outbox: one hostile file must not stop the others --------------------------------------------------
def request_body(client: BackendClient, case: str) -> FootageRequestCreate:
    """A request the mock accepts: at one of its cameras."""
    camera = client.list_cameras(limit=1).items[0]
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    return FootageRequestCreate(case_number=case, incident_lat=camera.lat, incident_lon=camera.lon,
                                incident_at=now, window_start=now - timedelta(hours=1), window_end=now,
                                camera_ids=[camera.id], reason="Burglary of a corner shop at night")


HOSTILE_ENTRIES = {
    "dangling symlink": lambda folder: (folder / "a.json").symlink_to(folder / "nowhere"),
    "symlink to a device": lambda folder: (folder / "a.json").symlink_to("/dev/zero"),
    "named pipe": lambda folder: os.mkfifo(folder / "a.json"),
    "deep nesting": lambda folder: (folder / "a.json").write_text("[" * 100_000),
    "huge": lambda folder: (folder / "a.json").write_bytes(b" " * (MAX_ENTRY_BYTES + 1) + b"{}"),
}


@pytest.mark.parametrize("name", list(HOSTILE_ENTRIES))
def test_a_hostile_file_in_the_outbox_is_set_aside_and_the_others_are_sent(
        name: str, mock_backend: MockProcess, tmp_path: Path) -> None:
    session = open_session(BackendProfile("T", mock_backend.url), "operator", "demo")
    outbox = Outbox.for_account(tmp_path, OutboxOwner("operator", mock_backend.url))
    case = f"2026-{990100 + list(HOSTILE_ENTRIES).index(name)}"
    outbox.put(request_body(session.client, case))
    HOSTILE_ENTRIES[name](outbox.folder)
    result: dict[str, object] = {}

    def send() -> None:  # on a thread: the old code blocked for good on a named pipe
        try:
            result["report"] = send_pending(session.client, outbox)
        except Exception as exc:  # the old code raised here
            result["error"] = exc

    sender = threading.Thread(target=send, daemon=True)
    sender.start()
    sender.join(20)
    assert "report" in result, result or "send_pending still blocked after 20 s"
    report = result["report"]
    assert [r.case_number for r in report.sent] == [case], report  # type: ignore[attr-defined]
    assert len(outbox) == 0 and (outbox.folder / "a.damaged").is_symlink() == ("symlink" in name)
    assert (outbox.folder / "a.damaged").exists() or "symlink" in name  # set aside, never deleted


def test_a_hostile_rejected_file_does_not_stop_the_requests_panel(qtbot: QtBot, mock_backend: MockProcess,
                                                                  tmp_path: Path) -> None:
    session = open_session(BackendProfile("T", mock_backend.url), "operator", "demo")
    outbox = Outbox.for_account(tmp_path, OutboxOwner("operator", mock_backend.url))
    outbox.reject(outbox.put(request_body(session.client, "2026-990200")), "camera 7 is not in the program", 422)
    (outbox.folder / "b.rejected").write_text("[" * 100_000)
    panel = RequestsPanel(session, outbox)
    qtbot.addWidget(panel)
    assert [row.entry.body.case_number for row in panel.rejected_view.rows] == ["2026-990200"]


# --- the lock screen: nothing but the password field answers -------------------------------------------------
LOCK_PASSWORD = "lock-probe-pass-1"
lock_mock = module_mock("bypass-lock", "--cameras", "60", "--user", f"locked:{LOCK_PASSWORD}:operator",
                        "--user", f"drill:{LOCK_PASSWORD}:trainer")


@pytest.fixture
def app_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RTCC_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("RTCC_DATA_DIR", str(tmp_path / "data"))


def tab_through(qtbot: QtBot, presses: int) -> list[QWidget]:
    """Where the keyboard focus goes, Tab after Tab, from where it is."""
    reached = []
    for _ in range(presses):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    return reached


def test_tab_from_the_lock_screen_does_not_reach_an_alarm_under_it(
        qtbot: QtBot, lock_mock: MockProcess, app_config: None) -> None:
    controller = open_app(qtbot, lock_mock.url, "locked", LOCK_PASSWORD)
    try:
        window = controller.window
        assert window is not None
        window.show()
        qtbot.waitExposed(window)
        trainer = BackendClient(lock_mock.url)
        trainer.sign_in("drill", LOCK_PASSWORD)
        camera = next(c for c in trainer.all_cameras()
                      if c.enrollment.value == "integrated" and c.sharing.value == "alarm_only")
        alarm = trainer.training_alarm(camera.id, minutes=5)
        [bar] = [t for t in window.findChildren(QToolBar) if t.objectName() == "alarmToolbar"]
        qtbot.waitUntil(bar.isVisible, timeout=10_000)
        window.actions_by_name["lock"].trigger()
        assert QApplication.focusWidget() is window.lock_screen.password
        for widget in tab_through(qtbot, 40):
            assert widget is None or window.lock_screen.isAncestorOf(widget), widget
            if isinstance(widget, QPushButton) and widget.text() == "Acknowledge":
                qtbot.keyClick(widget, Qt.Key.Key_Space)
        qtbot.wait(300)  # an acknowledgement, had one been sent, is answered by then
        [now] = [a for a in trainer.list_alarms().items if a.id == alarm.id]
        assert now.acknowledged_by is None, now
        window.lock_screen.password.setText(LOCK_PASSWORD)
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
        assert bar.isEnabled() and window.statusBar().isEnabled()  # all given back on unlock
    finally:
        close_app(controller)


def test_a_dialog_left_open_and_the_detached_wall_are_hidden_while_locked(
        qtbot: QtBot, lock_mock: MockProcess, app_config: None) -> None:
    controller = open_app(qtbot, lock_mock.url, "locked", LOCK_PASSWORD)
    try:
        window = controller.window
        assert window is not None
        window.show()
        qtbot.waitExposed(window)
        controller.requests.requests.new_request()
        controller.wall.toggle_detached()
        others = [w for w in QApplication.topLevelWidgets() if w is not window and w.isVisible()]
        assert {type(w).__name__ for w in others} >= {"NewRequestDialog", "DetachedWall"}, others
        window.lock("Idle for 30 minutes.")
        assert [w for w in QApplication.topLevelWidgets() if w is not window and w.isVisible()] == []
        window.lock_screen.password.setText(LOCK_PASSWORD)
        qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not window.locked, timeout=10_000)
        assert all(w.isVisible() for w in others)  # shown again as they were, nothing typed lost
        assert controller.wall.detached is not None and controller.wall.detached.isFullScreen()
    finally:
        if controller.wall.detached is not None:
            controller.wall.toggle_detached()
        close_app(controller)


def test_a_tour_pulls_no_video_while_locked(qtbot: QtBot, lock_mock: MockProcess, app_config: None) -> None:
    controller = open_app(qtbot, lock_mock.url, "locked", LOCK_PASSWORD)
    try:
        window, wall, directory = controller.window, controller.wall, controller.cameras.directory
        assert window is not None
        wall.purpose = ViewingPurpose("2026-990300", "Tour of the plaza cameras")
        live = [c.id for c in directory if directory.live_viewable(c.id) and c.status.value == "online"][:3]
        wall.start_tour(0, Tour(live, MIN_DWELL_S))
        tile = wall.view.tile_at(0)
        qtbot.waitUntil(lambda: tile.feed.state is LiveState.playing, timeout=MIN_DWELL_S * 1000)
        window.lock("Idle for 30 minutes.")
        since = datetime.now(UTC)
        qtbot.wait(int(MIN_DWELL_S * 1500) + 500)  # the tour's next step (and half of one more) is due
        trainer = BackendClient(lock_mock.url)
        trainer.sign_in("drill", LOCK_PASSWORD)  # on a training backend a trainer reads the audit trail
        grants = trainer.list_audit(actor="locked", action="stream.grant", since=since).items
        assert grants == [] and tile.feed.state is not LiveState.playing, (grants, tile.feed.state)
    finally:
        close_app(controller)


# --- footage names from the backend's numbers ---------------------------------------------------------------
@pytest.mark.parametrize("field", ["id", "camera_id"])
def test_an_absurdly_long_id_is_a_backend_error_and_nothing_is_written(backend: Scripted, tmp_path: Path,
                                                                      field: str) -> None:
    now = datetime.now(UTC).isoformat()
    item = {**item_for(FOOTAGE).model_dump(mode="json"), **({"camera_id": 10**250} if field == "camera_id" else {})}
    request = {"id": 10**250 if field == "id" else 1, "case_number": "2026-000901", "incident_lat": 38.9,
               "incident_lon": -77.0, "incident_at": now, "window_start": now, "window_end": now, "camera_ids": [3],
               "reason": "Robbery", "radius_m": 100.0, "status": "fulfilled", "created_by": "op", "created_at": now,
               "updated_at": now, "footage": [item]}
    backend.on("GET", "/api/v1/requests/1", json_reply(request))
    client = signed_in(backend.url)
    got = client.get_request(1)
    with pytest.raises(MalformedResponse) as err:
        deliver_footage(client, got, got.footage[0], tmp_path, "op", backend.url)
    assert "too long for a file name" in err.value.message
    assert list(tmp_path.iterdir()) == [] and backend.hits_for(FOOTAGE) == []


# --- numbers in headers: "²".isdigit() is True -----------------------------------------------------------------
@pytest.mark.parametrize("length", ["\u00b2", "\u00b9\u00b2"])
def test_a_superscript_content_length_is_a_backend_error(backend: Scripted, tmp_path: Path, length: str) -> None:
    backend.on("GET", FOOTAGE, Raw(200, CLIP, {"Content-Length": length, "Connection": "close"}))
    with pytest.raises(MalformedResponse):
        signed_in(backend.url).download_footage(item_for(FOOTAGE), tmp_path / "f.mp4")
    assert list(tmp_path.iterdir()) == []


def test_a_superscript_retry_after_is_ignored_and_the_event_reader_lives_on(backend: Scripted) -> None:
    busy = Raw(503, b'{"error": {"code": "busy", "message": "Busy."}}',
               {"Retry-After": "\u00b2", "Content-Type": "application/json"})
    backend.on("GET", "/api/v1/cameras", busy)
    backend.on("GET", "/api/v1/events", busy)
    client = signed_in(backend.url)
    with pytest.raises(ServerError) as err:
        client.list_cameras()
    assert err.value.retry_after is None
    stream = EventStream(client, on_event=lambda _e: None, initial_backoff=0.1, max_backoff=0.2)
    stream.start()
    try:
        deadline = time.monotonic() + 5
        while len(backend.hits_for("/api/v1/events")) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(backend.hits_for("/api/v1/events")) >= 3  # it keeps trying, as for any 503
        assert stream._thread is not None and stream._thread.is_alive()
    finally:
        stream.stop()


# --- JSON nested deeper than the parser recurses ---------------------------------------------------------------
DEEP = b"[" * 100_000


def test_an_event_nested_too_deeply_is_ignored_and_the_reader_lives_on(backend: Scripted) -> None:
    body = (b"id: 1\nevent: camera.updated\ndata: " + DEEP + b"\n\n"
            b"id: 2\nevent: camera.updated\ndata: {\"id\": 2}\n\n")
    backend.on("GET", "/api/v1/events", Raw(200, body, {"Content-Type": "text/event-stream"}))
    got, problems = [], []
    stream = EventStream(signed_in(backend.url), on_event=got.append, on_error=problems.append,
                         initial_backoff=0.1, max_backoff=0.2)
    stream.start()
    try:
        deadline = time.monotonic() + 5
        while not got and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [e.id for e in got[:1]] == [2], (got, problems)
        assert any("malformed event" in p for p in problems), problems
        assert stream._thread is not None and stream._thread.is_alive()
    finally:
        stream.stop()


@pytest.mark.parametrize("status, body", [(200, DEEP), (400, b'{"error": ' + DEEP)], ids=["reply", "error"])
def test_a_reply_nested_too_deeply_is_a_backend_error(backend: Scripted, status: int, body: bytes) -> None:
    backend.on("GET", "/api/v1/cameras", Raw(status, body, {"Content-Type": "application/json"}))
    with pytest.raises(MalformedResponse):
        signed_in(backend.url).list_cameras()


def test_the_requests_panel_says_when_queued_files_are_set_aside(qtbot: QtBot, mock_backend: MockProcess,
                                                                 tmp_path: Path) -> None:
    session = open_session(BackendProfile("T", mock_backend.url), "operator", "demo")
    outbox = Outbox.for_account(tmp_path, OutboxOwner("operator", mock_backend.url))
    good = outbox.put(request_body(session.client, "2026-990400"))
    edited = outbox.put(request_body(session.client, "2026-990401"))
    record = json.loads(edited.path.read_text())
    edited.path.write_text(json.dumps({**record, "user": "supervisor"}))  # someone else's now
    (outbox.folder / "c.json").write_text("{not json")
    panel = RequestsPanel(session, outbox)
    qtbot.addWidget(panel)
    said: list[str] = []
    panel.message.connect(said.append)
    panel.flush_outbox()
    qtbot.waitUntil(lambda: not panel._flushing and bool(said), timeout=20_000)
    assert any("2 queued request file(s) were not sent" in m and str(outbox.folder) in m for m in said), said
    assert not good.path.exists() and len(outbox) == 0  # the good one went out
    assert sorted(p.name for p in outbox.folder.iterdir()) == sorted(
        [f"{edited.key}.foreign", "c.damaged"])  # the others kept, not deleted


# --- markup from the backend is shown as text ---------------------------------------------------------------
MARKUP = "<h1>Session suspended</h1><a href='http://evil.example/'>Enter your password here</a>"


def renders_markup(label: QLabel) -> bool:
    fmt = label.textFormat()
    return fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and QtGui.mightBeRichText(label.text()))


def refusal(code: str, message: str) -> Raw:
    return json_reply({"error": {"code": code, "message": message}}, status=401)


def test_the_sign_in_dialog_shows_the_backends_message_as_text(qtbot: QtBot, backend: Scripted,
                                                               app_config: None) -> None:
    backend.on("GET", "/api/v1/info", json_reply({"name": "Hostile", "version": "1", "environment": "training"}))
    backend.on("POST", "/api/v1/auth/token", refusal("invalid_credentials", MARKUP))
    dialog = SignInDialog(AppSettings())
    qtbot.addWidget(dialog)
    dialog.url_edit.setText(backend.url)
    dialog.user_edit.setText("op")
    dialog.password_edit.setText("pw")
    dialog.attempt()
    qtbot.waitUntil(lambda: "Enter your password here" in dialog.status.text(), timeout=10_000)
    assert not renders_markup(dialog.status)


def test_the_lock_screen_and_status_bar_show_the_backends_words_as_text(qtbot: QtBot, backend: Scripted) -> None:
    backend.on("POST", "/api/v1/auth/token", json_reply({**TOKENS, "username": "<b>op</b>"}))
    backend.on("POST", "/api/v1/auth/verify", refusal("wrong_password", MARKUP))
    client = signed_in(backend.url)
    screen, status = LockScreen(), StatusBar()
    qtbot.addWidget(screen)
    qtbot.addWidget(status)
    screen.prepare(client.username or "", "Locked on request.")
    status.set_user(client.username or "", "operator")
    with pytest.raises(InvalidCredentials) as err:
        client.verify_password("guess")
    screen.show_error(describe(err.value))
    assert "Enter your password here" in screen.message.text() and "<b>op</b>" in screen.who.text()
    assert not any(renders_markup(label) for label in (screen.message, screen.who, status.user))


def test_the_debrief_dialog_quotes_the_backends_refusal_as_text(qtbot: QtBot, backend: Scripted) -> None:
    backend.on("GET", "/api/v1/audit", json_reply({"error": {"code": "forbidden", "message": MARKUP}}, status=403))
    client = signed_in(backend.url)
    session = Session(client, BackendProfile("T", backend.url), Info(name="t", version="1", environment="training"),
                      "op", Role.trainer)
    dialog = DebriefDialog(session, ScenarioStatus(name="drill"), {})
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "Enter your password here" in dialog.note.text(), timeout=10_000)
    assert not renders_markup(dialog.note)
