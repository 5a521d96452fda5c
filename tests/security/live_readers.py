"""Raw readers of the mock's long-lived responses (its event stream, a grant's video), each on a
thread, so a test measures when the *server* ends them: no client code in between."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import requests

API = "/api/v1"


def sign_in(url: str, username: str, password: str) -> dict[str, Any]:
    resp = requests.post(f"{url}{API}/auth/token", json={"username": username, "password": password}, timeout=30)
    assert resp.status_code == 200, resp.text
    return dict(resp.json())


def bearer(tokens: dict[str, Any] | str) -> dict[str, str]:
    token = tokens if isinstance(tokens, str) else tokens["access_token"]
    return {"Authorization": f"Bearer {token}"}


class _Reader(threading.Thread):
    """The body of one streamed response, read until the server ends it (or ``read_timeout``
    seconds pass without a byte, an error here: the server kept it open). On a thread of its own
    (``background``), or in the caller's with :meth:`read_until`: closing a response that another
    thread is reading waits for that read to time out."""

    def __init__(self, response: requests.Response, background: bool = True) -> None:
        super().__init__(daemon=True)
        self.response = response
        self.received = 0
        self.ended_at: float | None = None
        self.error: BaseException | None = None
        if background:
            self.start()

    def run(self) -> None:
        self.read_until(lambda: False)

    def read_until(self, done: Callable[[], bool]) -> None:
        try:
            for chunk in self.response.iter_content(chunk_size=None):
                self.received += len(chunk)
                self.take(chunk)
                if done():
                    return
        except BaseException as exc:  # a read timeout or a reset: the test reports it
            self.error = exc
        self.ended_at = time.monotonic()

    def take(self, chunk: bytes) -> None:
        pass

    def ended_within(self, seconds: float) -> float | None:
        """When the server ended the body (monotonic), waiting up to ``seconds`` for it."""
        self.join(seconds)
        return self.ended_at

    def close(self) -> None:
        self.response.close()


class EventReader(_Reader):
    """``GET /events``: the events (id, type, data) and comment lines as they come."""

    def __init__(self, url: str, token: dict[str, Any] | str, last_event_id: int | None = None,
                 read_timeout: float = 8.0, background: bool = True) -> None:
        headers = bearer(token)
        if last_event_id is not None:
            headers["Last-Event-ID"] = str(last_event_id)
        response = requests.get(f"{url}{API}/events", headers=headers, stream=True, timeout=(5, read_timeout))
        assert response.status_code == 200, response.text
        self.events: list[tuple[int, str, dict[str, Any]]] = []
        self.comments: list[str] = []
        self._pending = b""
        super().__init__(response, background)

    def take(self, chunk: bytes) -> None:
        self._pending += chunk
        while b"\n\n" in self._pending:
            block, self._pending = self._pending.split(b"\n\n", 1)
            fields: dict[str, str] = {}
            for line in block.decode().split("\n"):
                if line.startswith(":"):
                    self.comments.append(line[1:].strip())
                else:
                    name, _, value = line.partition(":")
                    fields[name] = value[1:] if value.startswith(" ") else value
            if "event" in fields:
                self.events.append((int(fields["id"]), fields["event"], json.loads(fields["data"])))

    def wait_for(self, done: Callable[[list[tuple[int, str, dict[str, Any]]]], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not done(list(self.events)):
            if time.monotonic() > deadline or self.ended_at is not None:
                return done(list(self.events))
            time.sleep(0.02)
        return True


class VideoReader(_Reader):
    """A grant's HTTP MPEG-TS stream."""

    def __init__(self, url: str, read_timeout: float = 8.0) -> None:
        response = requests.get(url, stream=True, timeout=(5, read_timeout))
        assert response.status_code == 200, response.text
        super().__init__(response)

    def wait_for_bytes(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.received == 0 and self.ended_at is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received > 0
