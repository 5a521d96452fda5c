"""The client against a misbehaving backend: every failure is a typed error with a clear message."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import (
    BackendTimeout,
    BackendUnreachable,
    FootageIntegrityError,
    Forbidden,
    MalformedResponse,
    ServerError,
    SessionExpired,
)
from rtcc_desktop.api.schemas import FootageItem
from tests.unit.fake_server import Reply, fake_backend

INFO = {"name": "fake", "version": "1", "environment": "training"}
TOKENS = {"access_token": "a1", "refresh_token": "r1", "expires_in": 900, "username": "op", "role": "operator"}
PAGE = {"items": [], "next_cursor": None, "total": 0}


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_server_down_is_unreachable_with_the_url() -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    with pytest.raises(BackendUnreachable) as err:
        BackendClient(url, retries=1, backoff=0.01).info()
    assert url in err.value.message


def test_slow_server_is_a_timeout() -> None:
    with fake_backend() as (url, script):
        script.on("GET", "/api/v1/info", Reply(body=INFO, delay=1.0))
        with pytest.raises(BackendTimeout) as err:
            BackendClient(url, timeout=(1, 0.3), retries=0).info()
    assert "did not answer in time" in err.value.message


def test_html_error_page_from_a_proxy_is_a_server_error_after_retries() -> None:
    with fake_backend() as (url, script):
        script.on("GET", "/api/v1/info", Reply(502, "<html><body>Bad gateway</body></html>", "text/html"))
        with pytest.raises(ServerError) as err:
            BackendClient(url, retries=2, backoff=0.01).info()
        assert script.count("GET", "/api/v1/info") == 3
    assert "HTTP 502" in err.value.message and "proxy" in err.value.message


def test_html_page_with_200_is_malformed() -> None:
    with fake_backend() as (url, script):
        script.on("GET", "/api/v1/info", Reply(200, "<!DOCTYPE html><html>Captive portal</html>", "text/html"))
        with pytest.raises(MalformedResponse) as err:
            BackendClient(url).info()
    assert "HTML page" in err.value.message and "/api/v1/info" in err.value.message


def test_truncated_json_is_malformed() -> None:
    with fake_backend() as (url, script):
        script.on("GET", "/api/v1/info", Reply(200, '{"name": "fake", "vers', declared_length=200))
        with pytest.raises(MalformedResponse) as err:
            BackendClient(url, retries=0).info()
    assert "/api/v1/info" in err.value.message


def test_wrong_json_shape_names_the_endpoint_and_field() -> None:
    with fake_backend() as (url, script):
        script.on("GET", "/api/v1/info", Reply(200, {"name": "fake", "environment": "staging"}))
        script.on("POST", "/api/v1/auth/token", Reply(200, TOKENS))
        script.on("GET", "/api/v1/cameras", Reply(200, {"items": [{"id": "one"}], "next_cursor": None}))
        client = BackendClient(url)
        with pytest.raises(MalformedResponse) as err:
            client.info()
        assert "GET /api/v1/info" in err.value.message
        client.sign_in("op", "pw")
        with pytest.raises(MalformedResponse) as err:
            client.list_cameras()
        assert "GET /api/v1/cameras" in err.value.message and "items" in err.value.message


def test_get_is_retried_on_503_but_post_is_not() -> None:
    with fake_backend() as (url, script):
        answers = iter([Reply(503, "busy", "text/plain"), Reply(503, "busy", "text/plain"), Reply(200, INFO)])
        script.on("GET", "/api/v1/info", lambda _h: next(answers))
        assert BackendClient(url, retries=3, backoff=0.01).info().name == "fake"
        assert script.count("GET", "/api/v1/info") == 3
        script.on("POST", "/api/v1/auth/token", Reply(503, "busy", "text/plain"))
        with pytest.raises(ServerError):
            BackendClient(url, retries=3, backoff=0.01).sign_in("op", "pw")
        assert script.count("POST", "/api/v1/auth/token") == 1


def test_401_refreshes_once_and_retries_the_call() -> None:
    with fake_backend() as (url, script):
        script.on("POST", "/api/v1/auth/token", Reply(200, TOKENS))
        script.on("POST", "/api/v1/auth/refresh", Reply(200, {**TOKENS, "access_token": "a2", "refresh_token": "r2"}))
        expired = Reply(401, {"error": {"code": "token_expired", "message": "expired"}})
        script.on("GET", "/api/v1/cameras",
                  lambda h: Reply(200, PAGE) if h.headers["Authorization"] == "Bearer a2" else expired)
        client = BackendClient(url)
        client.sign_in("op", "pw")
        assert client.list_cameras().total == 0
        assert script.count("POST", "/api/v1/auth/refresh") == 1
        assert client.refresh_token_value == "r2"


def test_401_on_refresh_means_the_session_expired() -> None:
    with fake_backend() as (url, script):
        script.on("POST", "/api/v1/auth/token", Reply(200, TOKENS))
        script.on("POST", "/api/v1/auth/refresh", Reply(401, {"error": {"code": "session_expired", "message": "x"}}))
        script.on("GET", "/api/v1/cameras", Reply(401, {"error": {"code": "token_expired", "message": "expired"}}))
        client = BackendClient(url)
        client.sign_in("op", "pw")
        with pytest.raises(SessionExpired) as err:
            client.list_cameras()
        assert "sign in again" in err.value.message and not client.signed_in


def test_403_carries_the_servers_reason() -> None:
    with fake_backend() as (url, script):
        script.on("POST", "/api/v1/auth/token", Reply(200, TOKENS))
        reason = "The owner shares footage on request only; live video is not available."
        script.on("POST", "/api/v1/cameras/7/streams", Reply(403, {"error": {"code": "no_live_consent",
                                                                             "message": reason}}))
        client = BackendClient(url)
        client.sign_in("op", "pw")
        with pytest.raises(Forbidden) as err:
            client.request_stream(7, "2026-0001", "robbery")
    assert err.value.message == reason and err.value.code == "no_live_consent"


def test_footage_is_verified_and_a_tampered_file_is_quarantined(tmp_path: Path) -> None:
    clip = b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 100
    good = FootageItem(id="f1", camera_id=3, url="/api/v1/footage/f1", sha256=hashlib.sha256(clip).hexdigest(),
                       size_bytes=len(clip))
    with fake_backend() as (url, script):
        script.on("POST", "/api/v1/auth/token", Reply(200, TOKENS))
        script.on("GET", "/api/v1/footage/f1", Reply(200, clip, "video/mp4"))
        script.on("GET", "/api/v1/footage/f2", Reply(200, clip[:-1] + b"X", "video/mp4"))
        client = BackendClient(url)
        client.sign_in("op", "pw")
        seen: list[tuple[int, int]] = []
        saved = client.download_footage(good, tmp_path / "ok.mp4", progress=lambda d, t: seen.append((d, t)))
        assert saved.read_bytes() == clip and seen[-1] == (len(clip), len(clip))
        tampered = good.model_copy(update={"id": "f2", "url": "/api/v1/footage/f2"})
        with pytest.raises(FootageIntegrityError) as err:
            client.download_footage(tampered, tmp_path / "bad.mp4")
    assert "NOT delivered" in err.value.message
    assert not (tmp_path / "bad.mp4").exists() and (tmp_path / "bad.mp4.quarantine").exists()
