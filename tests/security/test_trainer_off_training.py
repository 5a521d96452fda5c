"""Trainers get nothing outside training (issue #21): on a production backend a trainer account
is refused every case-work route (live video, footage requests, escalations, alarms), each
refusal audited, and its event stream carries none of that work; the map stays readable.
On a training backend the same account keeps all of it, for drills."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import Forbidden
from rtcc_desktop.api.schemas import ExigentRequest, Sharing
from rtcc_desktop.mock_process import MockProcess
from tests.contract.helpers import densest, nearest, request_body
from tests.security.live_readers import EventReader
from tests.security.test_roles import PASSWORD, production_mock, training_mock  # noqa: F401  (fixtures)

SignIn = Callable[[MockProcess, str], BackendClient]


@pytest.fixture
def sign_in() -> Iterator[SignIn]:
    made: list[BackendClient] = []

    def make(mock: MockProcess, username: str) -> BackendClient:
        client = BackendClient(mock.url)
        client.sign_in(username, "demo" if username == "trainer" else PASSWORD)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


def _case_work(client: BackendClient) -> dict[str, Callable[[], object]]:
    cams = client.all_cameras()
    live = next(c for c in cams if c.sharing is Sharing.live and c.status.value == "online")
    on_request = next(c for c in cams if c.sharing is Sharing.on_request)
    origin = densest(cams)
    return {
        "live video": lambda: client.request_stream(live.id, "2026-000961", "Robbery in progress"),
        "file a request": lambda: client.create_request(request_body(nearest(cams, origin, 3), origin,
                                                                     case="2026-000962")),
        "read requests": lambda: client.list_requests(),
        "read escalations": lambda: client.list_escalations(),
        "file an escalation": lambda: client.request_exigent(ExigentRequest(
            camera_id=on_request.id, case_number="2026-000963", justification="Hostage situation inside")),
        "read alarms": lambda: client.list_alarms(),
    }


def test_on_production_a_trainer_is_refused_all_case_work(request: pytest.FixtureRequest, sign_in: SignIn) -> None:
    mock = request.getfixturevalue("production_mock")
    tess, sam = sign_in(mock, "tess"), sign_in(mock, "sam")
    assert tess.all_cameras()  # the map stays readable
    for what, call in _case_work(tess).items():
        with pytest.raises(Forbidden) as refused:
            call()
        assert refused.value.code == "training_only", what
        assert "training backend" in refused.value.message
    denied = [e for e in sam.list_audit(actor="tess", action="access.denied").items if e.detail.get("reason")
              == "training_only"]
    assert len(denied) >= len(_case_work(tess))


def test_on_production_a_trainer_s_event_stream_carries_no_case_work(request: pytest.FixtureRequest,
                                                                      sign_in: SignIn) -> None:
    mock = request.getfixturevalue("production_mock")
    tess, alice = sign_in(mock, "tess"), sign_in(mock, "alice")
    reader = EventReader(mock.url, tess.auth_headers()["Authorization"].removeprefix("Bearer "))
    watcher = EventReader(mock.url, alice.auth_headers()["Authorization"].removeprefix("Bearer "))
    try:
        cams = alice.all_cameras()
        origin = densest(cams)
        created = alice.create_request(request_body(nearest(cams, origin, 3), origin, case="2026-000964"))
        assert watcher.wait_for(lambda evs: any(t == "request.updated" and d.get("id") == created.id
                                                for _i, t, d in evs), 10)
        reader.wait_for(lambda _evs: False, 1.0)  # what tess would have had by now
        assert not [t for _i, t, _d in reader.events if t.startswith(("request.", "escalation.", "alarm."))]
    finally:
        reader.close()
        watcher.close()


def test_on_training_a_trainer_keeps_case_work_for_drills(request: pytest.FixtureRequest, sign_in: SignIn) -> None:
    mock = request.getfixturevalue("training_mock")
    trainer = sign_in(mock, "trainer")
    work = _case_work(trainer)
    for what in ("live video", "read requests", "read escalations", "read alarms", "file a request"):
        work[what]()
