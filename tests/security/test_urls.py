"""Addresses the client is given (issue #21). Findings covered:

- a stream grant's ``url`` reached libVLC whatever its scheme (``file://``, ``v4l2://``,
  ``screen://`` validated). A grant is held to http/https (http-ts, hls) or rtsp/rtsps (rtsp)
  by the contract schema (``StreamGrant``: the client refuses the reply in words) and, with the
  same rule, by ``StreamPlayer`` before anything reaches libVLC or the relay; the tile says why;
- the sign-in dialog accepted ``http://`` for any host. Plain http is allowed only for
  loopback (127.0.0.0/8, ::1, localhost); anything else needs https. ``BackendClient``
  enforces it, so the dialog, ``--backend``/the doctor and saved profiles all get it, and the
  dialog shows the message; the refusal comes before any connection.

"Another machine" is reached through a scripted forward proxy on loopback, so the tests see
that nothing is sent (and the old code's attempt would not leave the computer either).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import MalformedResponse, RefusedAddress
from rtcc_desktop.api.schemas import Camera, Info, Role
from rtcc_desktop.config import AppSettings, BackendProfile, load_settings
from rtcc_desktop.doctor.checks import check_backend
from rtcc_desktop.session import Session, open_session
from rtcc_desktop.video.live_state import LiveState
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from tests.security.scripted_http import Scripted, json_reply, signed_in, signing_in_server
from ui.sign_in_dialog import SignInDialog
from ui.wall.tile_feed import TileFeed
from ui.wall.viewing_purpose import ViewingPurpose

S = PlayerState
CASE = "2026-000777"
OFF_MACHINE = "http://rtcc.example.gov"


# --- sign-in ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [OFF_MACHINE, "http://10.0.0.5:8765", "http://127.0.0.1@evil.example",
                                 "http://127.0.0.1.evil.example", "HTTP://RTCC.EXAMPLE.GOV/"])
def test_plain_http_to_a_backend_off_this_computer_is_refused(proxy: Scripted, url: str) -> None:
    with pytest.raises(RefusedAddress) as err:
        BackendClient(url).info()
    assert "only for a backend on this computer" in err.value.message and "https://" in err.value.message
    assert proxy.hits == []


@pytest.mark.parametrize("url", ["ftp://rtcc.example.gov", "rtcc.example.gov", "http://", "http://host:port"])
def test_an_address_that_is_no_backend_url_is_refused_in_words(proxy: Scripted, url: str) -> None:
    with pytest.raises(RefusedAddress) as err:
        BackendClient(url)
    assert "https://" in err.value.message or "port" in err.value.message
    assert proxy.hits == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765", "http://127.9.8.7:1", "http://[::1]:8765",
                                 "http://localhost:8765", "https://rtcc.example.gov", "https://10.0.0.5"])
def test_loopback_http_and_any_https_are_accepted(url: str) -> None:
    assert BackendClient(url).base_url == url  # constructing connects to nothing


def test_the_sign_in_dialog_says_why_and_sends_nothing(qtbot: QtBot, proxy: Scripted) -> None:
    settings = AppSettings(profiles=[BackendProfile("County", OFF_MACHINE)], last_profile="County")
    dialog = SignInDialog(settings)
    qtbot.addWidget(dialog)
    dialog.user_edit.setText("operator")
    dialog.password_edit.setText("secret")
    dialog.sign_in_button.click()
    qtbot.wait(300)  # a sign-in started anyway would reach the proxy within this
    assert "Plain http:// is allowed only for a backend on this computer" in dialog.status.text()
    assert "https://rtcc.example.gov" in dialog.status.text()
    assert dialog.sign_in_button.isEnabled() and dialog.password_edit.text() == "secret"  # nothing lost
    assert proxy.hits == [] and dialog.session is None


def test_a_saved_profile_over_plain_http_is_kept_but_not_used(proxy: Scripted, tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"profiles": [{"name": "County", "url": OFF_MACHINE}], "last_profile": "County"}))
    settings = load_settings(path)
    assert settings.profile().url == OFF_MACHINE  # nothing in the file is lost
    with pytest.raises(RefusedAddress):
        open_session(settings.profile(), "operator", "secret")
    assert proxy.hits == []


def test_the_doctor_reports_it(proxy: Scripted) -> None:
    finding = check_backend(OFF_MACHINE)
    assert finding.level == "FAIL" and "only for a backend on this computer" in finding.detail
    assert proxy.hits == []


# --- stream grants ----------------------------------------------------------------------------------------
def grant(url: str, protocol: str) -> dict[str, object]:
    return {"grant_id": "g1", "camera_id": 7, "profile": "sub", "url": url, "protocol": protocol,
            "expires_at": (datetime.now(UTC) + timedelta(minutes=5)).isoformat(), "case_number": CASE}


REFUSED = [("file:///etc/passwd", "http-ts"), ("FILE:///etc/passwd", "hls"), ("v4l2:///dev/video0", "http-ts"),
           ("screen://", "http-ts"), ("/etc/passwd", "http-ts"), ("rtsp://127.0.0.1/cam", "http-ts"),
           ("http://127.0.0.1/x.ts", "rtsp"), ("file:///etc/passwd", "rtsp"), ("rtsp:///no-host", "rtsp"),
           ("dshow://", "hls"), ("http://[::1/x", "http-ts")]
ACCEPTED = [("http://127.0.0.1:8765/x.ts", "http-ts"), ("https://cdn.example/x.ts", "http-ts"),
            ("https://cdn.example/x.m3u8", "hls"), ("rtsp://127.0.0.1:8554/cam", "rtsp"),
            ("rtsps://cam.example/live", "rtsp"), ("RTSP://user:pw@10.0.0.9/x", "rtsp")]


@pytest.fixture
def backend() -> Iterator[Scripted]:
    with signing_in_server() as server:
        yield server


@pytest.mark.parametrize(("url", "protocol"), REFUSED)
def test_a_grant_for_something_other_than_a_camera_stream_is_refused(backend: Scripted, url: str,
                                                                     protocol: str) -> None:
    backend.on("POST", "/api/v1/cameras/7/streams", json_reply(grant(url, protocol)))
    with pytest.raises(MalformedResponse) as err:
        signed_in(backend.url).request_stream(7, CASE, "Robbery in progress")
    assert "Refused the" in err.value.message or "cannot be read" in err.value.message, err.value.message


@pytest.mark.parametrize(("url", "protocol"), ACCEPTED)
def test_a_grant_for_a_camera_stream_is_accepted(backend: Scripted, url: str, protocol: str) -> None:
    backend.on("POST", "/api/v1/cameras/7/streams", json_reply(grant(url, protocol)))
    assert signed_in(backend.url).request_stream(7, CASE, "Robbery in progress").url == url


def camera() -> Camera:
    now = datetime.now(UTC).isoformat()
    return Camera.model_validate({"id": 7, "label": "Front door", "owner_kind": "business", "address": "1 Main St",
                                  "lat": 38.9, "lon": -77.0, "enrollment": "integrated", "sharing": "live",
                                  "status": "online", "updated_at": now})


def test_the_tile_says_why_a_grant_was_refused(qtbot: QtBot, backend: Scripted) -> None:
    backend.on("POST", "/api/v1/cameras/7/streams", json_reply(grant("file:///etc/passwd", "http-ts")))
    client = signed_in(backend.url)
    session = Session(client, BackendProfile("T", backend.url), Info(name="t", version="1", environment="training"),
                      "op", Role.operator)
    feed = TileFeed(session)
    feed.show(camera(), ViewingPurpose(CASE, "Robbery in progress"), "sub")
    qtbot.waitUntil(lambda: "Refused the http-ts stream" in feed.message, timeout=10_000)
    assert "file://" in feed.message and feed.state is not LiveState.playing
    assert feed.shown.source is None  # nothing was handed to a player
    feed.stop("", forget=True)
    feed.release()


@pytest.mark.parametrize(("url", "protocol"), [("file:///etc/passwd", "http-ts"), ("v4l2:///dev/video0", "rtsp"),
                                               ("screen://", "hls")])
def test_the_player_refuses_a_source_that_is_not_a_camera_stream(qtbot: QtBot, url: str, protocol: str) -> None:
    """The last check before libVLC and the relay, whoever made the source."""
    player = StreamPlayer()
    player.play(StreamSource(7, url, "sub", CASE, None, protocol))
    qtbot.waitUntil(lambda: player.state is S.failed, timeout=5_000)
    assert "Refused the" in player.detail and player.relay_pid is None
    player.release()
