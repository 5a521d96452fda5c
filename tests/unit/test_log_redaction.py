"""The log file holds no secret: real messages go through the real handlers ``setup_logging``
installs (file and stderr), and the file is read back. Covers a bearer token and a refresh token
from a real sign-in to the mock, a password, ``Authorization`` headers, credentials in rtsp:// and
https:// URLs, a real stream grant's URL (in ``%s`` args, in urllib3's own DEBUG line when the
link is fetched, and in a requests exception's text, both through ``log.exception`` and as an
argument), each whatever the logger; and that the file is private to its user, rotates, and that
what is not a secret stays readable."""

from __future__ import annotations

import logging
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from rtcc_desktop import log_setup
from rtcc_desktop.api.client import BackendClient
from tests.contract.helpers import live_camera


@pytest.fixture
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv(log_setup.DIR_ENV, str(tmp_path / "log"))
    root = logging.getLogger()
    level = root.level
    path = log_setup.setup_logging(logging.DEBUG)
    assert path == tmp_path / "log" / log_setup.LOG_FILE
    yield path
    log_setup.remove_handlers()
    root.setLevel(level)


def written(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_tokens_of_a_real_session_never_reach_the_file(log_file: Path,
                                                       client_for: Callable[[str], BackendClient]) -> None:
    client = client_for("operator")
    access = client.auth_headers()["Authorization"].split()[1]
    refresh = client.refresh_token_value
    assert access and refresh
    log = logging.getLogger("rtcc_desktop.api.client")
    log.info("headers %s", client.auth_headers())
    log.info("Authorization: Bearer %s", access)
    logging.getLogger("anything.else").warning("refresh body %s", {"refresh_token": refresh})
    logging.getLogger("requests").debug('{"refresh_token": "%s", "token_type": "bearer"}', refresh)
    text = written(log_file)
    assert access not in text and refresh not in text
    assert text.count("***") >= 4
    assert "headers {'Authorization': '***'}" in text and "Authorization: ***" in text


def test_passwords_and_credentials_in_urls(log_file: Path) -> None:
    log = logging.getLogger("ui.sign_in_dialog")
    log.info("sign-in %s", {"username": "alice", "password": "s3cret-pass"})
    log.info("form username=alice&password=hunter2hunter2&remember=1")
    log.warning("camera %s failed", "rtsp://admin:Cam3raPass@10.1.2.3:554/stream1")
    log.warning("proxy https://bob:pr0xy-pw@proxy.example:3128/ refused")
    log.info("sent %r", {"Proxy-Authorization": "Basic Ym9iOnByMHh5LXB3"})
    text = written(log_file)
    for secret in ("s3cret-pass", "hunter2hunter2", "Cam3raPass", "pr0xy-pw", "Ym9iOnByMHh5LXB3", "admin:", "bob:"):
        assert secret not in text, secret
    assert "rtsp://***@10.1.2.3:554/stream1" in text  # where it went stays readable
    assert "https://***@proxy.example:3128/" in text and "remember=1" in text and "'username': 'alice'" in text


def test_a_grant_url_through_args_a_library_and_an_exception(
        log_file: Path, client_for: Callable[[str], BackendClient]) -> None:
    client = client_for("operator")
    camera = live_camera(client.all_cameras())
    grant = client.request_stream(camera.id, "2026-000777", "Log redaction test")
    token = grant.url.split("/streams/")[1].split("/")[0]
    assert len(token) >= 20
    logging.getLogger("ui.wall.tile_feed").info("playing %s on tile %d", grant.url, 3)
    # urllib3 logs the request line itself at DEBUG: the grant's path is the credential.
    with requests.get(grant.url, stream=True, timeout=10) as reply:
        assert reply.status_code == 200
    # The same link on a port nothing listens on: the exception's text carries the URL.
    with socket_closed_port() as port:
        dead = grant.url.replace(client.base_url.split("//")[1].split("/")[0], f"127.0.0.1:{port}")
        try:
            requests.get(dead, timeout=5)
        except requests.ConnectionError as exc:
            logging.getLogger("rtcc_desktop.video").exception("stream failed")
            logging.getLogger("rtcc_desktop.video").warning("stream failed: %s", exc)
        else:
            pytest.fail("a closed port answered")
    text = written(log_file)
    assert token not in text
    assert "/api/v1/streams/***/" in text
    assert 'urllib3.connectionpool DEBUG http://127.0.0.1' in text  # the library's own line, redacted
    assert '"GET /api/v1/streams/***/sub.ts HTTP/1.1" 200' in text
    assert "Traceback" in text and "ConnectionError" in text  # the exception is kept, redacted


def test_stderr_shows_the_same_redacted_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(log_setup.DIR_ENV, str(tmp_path / "log"))
    root_level = logging.getLogger().level
    try:
        log_setup.setup_logging(logging.INFO)
        logging.getLogger("rtcc_desktop.session").info("signed in, Bearer %s", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7")
        logging.getLogger("rtcc_desktop.session").debug("not shown at INFO")
    finally:
        log_setup.remove_handlers()
        logging.getLogger().setLevel(root_level)
    err = capsys.readouterr().err
    assert "rtcc_desktop.session INFO signed in, Bearer ***" in err
    assert "A1b2C3d4" not in err and "not shown" not in err


def test_the_file_is_private_and_rotates(log_file: Path) -> None:
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(log_file.parent.stat().st_mode) == 0o700
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, log_setup.PrivateRotatingFileHandler))
    handler.maxBytes = 2000
    for n in range(200):
        logging.getLogger("x").info("line %d %s", n, "x" * 40)
    rotated = sorted(log_file.parent.glob(log_setup.LOG_FILE + ".*"))
    assert rotated and len(rotated) <= log_setup.BACKUPS
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in rotated)


def test_an_unwritable_log_dir_leaves_stderr_and_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(log_setup.DIR_ENV, str(blocker / "log"))
    root_level = logging.getLogger().level
    try:
        assert log_setup.setup_logging(logging.INFO) is None
        logging.getLogger("x").info("still logged")
    finally:
        log_setup.remove_handlers()
        logging.getLogger().setLevel(root_level)
    err = capsys.readouterr().err
    assert f"no log file: {blocker / 'log'} cannot be written" in err and "still logged" in err


def test_bad_levels_are_refused_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    assert log_setup.parse_level("DEBUG") == logging.DEBUG
    monkeypatch.setenv(log_setup.LEVEL_ENV, "warning")
    assert log_setup.parse_level(None) == logging.WARNING
    with pytest.raises(ValueError, match="log level 'loud' is not one of debug, info, warning, error"):
        log_setup.parse_level("loud")


class socket_closed_port:
    """A loopback port that was just free (bound, then closed): a connection to it is refused."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    def __exit__(self, *exc: object) -> None:
        return None
