"""Roles and separation of duties on the real mock (issue #21):

- a supervisor cannot approve the escalation he filed himself (403 ``own_escalation``, audited);
- an exigent live-view approval is the requester's: a colleague quoting the case number is refused;
- on a production backend a trainer downloads nobody's footage and cannot read the audit trail;
  on a training backend a trainer keeps both (debriefs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import Forbidden
from rtcc_desktop.api.schemas import (
    Escalation,
    EscalationStatus,
    ExigentRequest,
    FootageItem,
    RequestStatus,
    Sharing,
)
from rtcc_desktop.mock_process import MockProcess
from tests.conftest import module_mock
from tests.contract.helpers import densest, nearest, request_body, wait_for

PASSWORD = "roles-test-pass"
# Owners always consent, so an approved escalation opens live access at once.
training_mock = module_mock("roles-training", "--owner-approve-ratio", "1",
                            "--user", f"boss2:{PASSWORD}:supervisor", "--user", f"op2:{PASSWORD}:operator")
production_mock = module_mock("roles-prod", "--environment", "production", "--owner-approve-ratio", "1",
                              "--cameras", "300", "--user", f"alice:{PASSWORD}:operator",
                              "--user", f"tess:{PASSWORD}:trainer", "--user", f"sam:{PASSWORD}:supervisor")

SignIn = Callable[..., BackendClient]


def _clients(mock: MockProcess) -> Iterator[SignIn]:
    made: list[BackendClient] = []

    def sign_in(username: str, password: str = PASSWORD) -> BackendClient:
        client = BackendClient(mock.url)
        client.sign_in(username, password)
        made.append(client)
        return client

    yield sign_in
    for client in made:
        client.close()


@pytest.fixture
def on_training(training_mock: MockProcess) -> Iterator[SignIn]:
    yield from _clients(training_mock)


@pytest.fixture
def on_production(production_mock: MockProcess) -> Iterator[SignIn]:
    yield from _clients(production_mock)


def _not_live_camera(client: BackendClient, skip: int) -> int:
    cams = [c for c in client.all_cameras() if c.sharing is Sharing.on_request and c.status.value == "online"]
    return cams[skip].id


def _exigent(client: BackendClient, camera_id: int, case: str) -> Escalation:
    return client.request_exigent(ExigentRequest(camera_id=camera_id, case_number=case,
                                                 justification="Hostage situation, suspect inside"))


def test_a_supervisor_cannot_approve_his_own_escalation(on_training: SignIn) -> None:
    sup, boss2 = on_training("supervisor", "demo"), on_training("boss2")
    esc = _exigent(sup, _not_live_camera(sup, 0), "2026-000901")
    with pytest.raises(Forbidden) as refused:
        sup.decide_escalation(esc.id, True, "I need it now")
    assert refused.value.code == "own_escalation" and "another supervisor" in refused.value.message
    with pytest.raises(Forbidden):  # denying one's own is a decision too
        sup.decide_escalation(esc.id, False, "Never mind")
    still = next(e for e in sup.list_escalations().items if e.id == esc.id)
    assert still.status is EscalationStatus.pending and still.decided_by is None
    denied = [e for e in boss2.list_audit(actor="supervisor", action="access.denied").items
              if e.target == f"escalation:{esc.id}"]
    assert len(denied) == 2 and all(e.outcome == "failure" and e.detail["reason"] == "own_escalation"
                                    for e in denied)
    # A colleague decides it.
    decided = boss2.decide_escalation(esc.id, True, "Life at risk")
    assert decided.status is EscalationStatus.approved and decided.decided_by == "boss2"


def test_an_over_limit_request_is_not_approved_by_its_own_supervisor(on_training: SignIn) -> None:
    sup = on_training("supervisor", "demo")
    cams = sup.all_cameras()
    origin = densest(cams)
    created = sup.create_request(request_body(nearest(cams, origin, 30), origin, case="2026-000902",
                                              justification="A series over two nights"))
    assert created.status is RequestStatus.needs_supervisor and created.escalation_id
    with pytest.raises(Forbidden) as refused:
        sup.decide_escalation(created.escalation_id, True, "Mine, approved")
    assert refused.value.code == "own_escalation"
    assert sup.get_request(created.id).status is RequestStatus.needs_supervisor


def test_an_exigent_approval_is_the_requesters_not_the_case_numbers(on_training: SignIn) -> None:
    op, colleague, boss = on_training("operator", "demo"), on_training("op2"), on_training("supervisor", "demo")
    case, camera_id = "2026-000903", _not_live_camera(op, 1)
    esc = _exigent(op, camera_id, case)
    boss.decide_escalation(esc.id, True, "Life at risk")
    wait_for(lambda: next(e for e in op.list_escalations().items if e.id == esc.id),
             lambda e: e.owner_response == "consented")
    assert op.request_stream(camera_id, case, "Hostage situation").camera_id == camera_id
    with pytest.raises(Forbidden) as refused:  # same camera, same case, never asked, never approved
        colleague.request_stream(camera_id, case, "Hostage situation")
    assert refused.value.code == "no_live_consent" and "your own emergency request" in refused.value.message
    refusals = [e for e in boss.list_audit(actor="op2", action="stream.grant").items
                if e.target == f"camera:{camera_id}"]
    assert refusals and all(e.outcome == "failure" for e in refusals)


def _fulfilled_footage(owner: BackendClient, case: str) -> FootageItem:
    cams = owner.all_cameras()
    origin = densest(cams)
    created = owner.create_request(request_body(nearest(cams, origin, 4), origin, case=case))
    done = wait_for(lambda: owner.get_request(created.id), lambda r: r.status is RequestStatus.fulfilled)
    return done.footage[0]


def test_on_production_a_trainer_downloads_nobodys_footage(on_production: SignIn, tmp_path: Path) -> None:
    alice, tess, sam = on_production("alice"), on_production("tess"), on_production("sam")
    item = _fulfilled_footage(alice, "2026-000904")
    with pytest.raises(Forbidden):
        tess.download_footage(item, tmp_path / "tess.mp4")
    assert not (tmp_path / "tess.mp4").exists()
    # The requester and a supervisor still get it; the supervisor sees the refusal.
    assert alice.download_footage(item, tmp_path / "alice.mp4").stat().st_size > 0
    assert sam.download_footage(item, tmp_path / "sam.mp4").stat().st_size > 0
    assert any(e.action == "footage.download" and e.outcome == "failure"
               for e in sam.list_audit(actor="tess").items)


def test_on_production_a_trainer_cannot_read_the_audit_trail(on_production: SignIn) -> None:
    tess, sam = on_production("tess"), on_production("sam")
    with pytest.raises(Forbidden) as refused:
        tess.list_audit()
    assert "supervisor" in refused.value.message
    assert any(e.action == "access.denied" and e.target == "audit" for e in sam.list_audit(actor="tess").items)


def test_on_training_a_trainer_keeps_footage_and_audit_for_debriefs(on_training: SignIn, tmp_path: Path) -> None:
    op, trainer = on_training("op2"), on_training("trainer", "demo")
    item = _fulfilled_footage(op, "2026-000905")
    assert trainer.download_footage(item, tmp_path / "debrief.mp4").stat().st_size > 0
    assert any(e.action == "footage.download" for e in trainer.list_audit(actor="trainer").items)


def test_cancelling_someone_elses_request_is_refused_and_audited(on_training: SignIn) -> None:
    op, colleague, sup = on_training("op2"), on_training("operator", "demo"), on_training("boss2")
    cams = op.all_cameras()
    origin = densest(cams)
    created = op.create_request(request_body(nearest(cams, origin, 3), origin, case="2026-000906"))
    with pytest.raises(Forbidden):
        colleague.cancel_request(created.id)
    assert op.get_request(created.id).status is not RequestStatus.cancelled
    assert any(e.target == f"request:{created.id}" and e.outcome == "failure"
               for e in sup.list_audit(actor="operator", action="access.denied").items)
