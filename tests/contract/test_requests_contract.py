"""Footage requests, the owner simulator, escalations and the audit trail, end to end."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import Conflict, Forbidden, InvalidCredentials, ValidationFailed
from rtcc_desktop.api.schemas import EscalationStatus, ExigentRequest, RequestStatus, Sharing
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from tests.conftest import module_mock
from tests.contract.helpers import densest, nearest, request_body, wait_for

ClientFor = Callable[..., BackendClient]
SETTLED = {RequestStatus.fulfilled, RequestStatus.declined, RequestStatus.expired}


def test_request_within_limits_reaches_fulfilled_and_footage_verifies(client_for: ClientFor, tmp_path: Path) -> None:
    op = client_for("operator")
    cams = op.all_cameras()
    origin = densest(cams)
    group = nearest(cams, origin, 12, within_m=750)
    assert len(group) >= 8
    created = op.create_request(request_body(group, origin, case="2026-000301"))
    assert created.status is RequestStatus.pending_owner and not created.limit_reasons
    assert created.owners_pending == len(group) and created.due_at is not None

    done = wait_for(lambda: op.get_request(created.id), lambda r: r.status in SETTLED)
    assert done.status is RequestStatus.fulfilled
    # Decliners are counted, never named: footage only names cameras that shared.
    assert done.owners_approved + done.owners_declined == len(group) and done.owners_declined > 0
    assert len(done.footage) == done.owners_approved
    assert [t.status for t in done.timeline] == [
        RequestStatus.pending_owner, RequestStatus.approved, RequestStatus.fulfilled]

    item = done.footage[0]
    saved = op.download_footage(item, tmp_path / "clip.mp4")
    data = saved.read_bytes()
    assert hashlib.sha256(data).hexdigest() == item.sha256 and len(data) == item.size_bytes
    assert data[4:8] == b"ftyp"  # a real MP4
    audit = client_for("supervisor").list_audit(case_number="2026-000301").items
    actions = {e.action for e in audit}
    assert {"request.create", "request.approved", "request.fulfilled", "footage.download"} <= actions


def test_over_limit_request_needs_a_justification(client_for: ClientFor) -> None:
    op = client_for("operator")
    cams = op.all_cameras()
    with pytest.raises(ValidationFailed) as err:
        op.create_request(request_body(nearest(cams, cams[0], 30), cams[0]))
    assert "30 cameras exceed the limit of 25" in err.value.message


def test_over_limit_request_goes_to_a_supervisor_who_approves(client_for: ClientFor) -> None:
    op, sup = client_for("operator"), client_for("supervisor")
    cams = op.all_cameras()
    body = request_body(nearest(cams, cams[20], 3), cams[20], case="2026-000302", window=timedelta(hours=20),
                        justification="Homicide: suspect movements over the whole day are needed")
    created = op.create_request(body)
    assert created.status is RequestStatus.needs_supervisor
    assert any("20.0 h is longer than the 12 h maximum" in r for r in created.limit_reasons)
    esc = next(e for e in sup.list_escalations(status="pending").items if e.request_id == created.id)
    assert esc.kind.value == "over_limit_request" and esc.reasons == created.limit_reasons

    with pytest.raises(Forbidden):  # operators cannot decide, whatever their UI shows
        op.decide_escalation(esc.id, True, "I approve my own request")
    with pytest.raises(ValidationFailed):  # a decision needs a reason
        sup.decide_escalation(esc.id, True, "")
    decided = sup.decide_escalation(esc.id, True, "Justified by the homicide investigation")
    assert decided.status is EscalationStatus.approved and decided.decided_by == "supervisor"
    with pytest.raises(Conflict):
        sup.decide_escalation(esc.id, False, "Changed my mind")
    done = wait_for(lambda: op.get_request(created.id), lambda r: r.status in SETTLED)
    assert done.status in {RequestStatus.fulfilled, RequestStatus.declined}
    assert op.list_escalations().items[0].decision_reason is not None  # the operator sees the decision


def test_supervisor_denial_ends_the_request(client_for: ClientFor) -> None:
    op, sup = client_for("operator"), client_for("supervisor")
    cams = op.all_cameras()
    far = [cams[0], max(cams, key=lambda c: abs(c.lat - cams[0].lat))]
    created = op.create_request(request_body(far, cams[0], case="2026-000303",
                                             justification="Suspect crossed the whole city"))
    assert any("search radius" in r for r in created.limit_reasons)
    sup.decide_escalation(created.escalation_id or 0, False, "Too broad: narrow the area first")
    assert op.get_request(created.id).status is RequestStatus.denied


def test_cancel_is_allowed_once_and_only_for_the_requester(client_for: ClientFor) -> None:
    op, trainer = client_for("operator"), client_for("trainer")
    cams = op.all_cameras()
    created = op.create_request(request_body(nearest(cams, cams[30], 2), cams[30], case="2026-000304",
                                             window=timedelta(hours=13), justification="Long window needed"))
    with pytest.raises(Forbidden):
        trainer.cancel_request(created.id)
    assert op.cancel_request(created.id).status is RequestStatus.cancelled
    with pytest.raises(Conflict):
        op.cancel_request(created.id)


def test_exigent_live_view_needs_supervisor_then_owner(client_for: ClientFor) -> None:
    op, sup = client_for("operator"), client_for("supervisor")
    not_live = [c for c in op.all_cameras() if c.sharing is Sharing.on_request and c.status.value == "online"][:6]
    escalations = [
        op.request_exigent(ExigentRequest(camera_id=c.id, case_number="2026-000305",
                                          justification="Hostage situation, suspect inside"))
        for c in not_live
    ]
    for e in escalations:
        sup.decide_escalation(e.id, True, "Life at risk")
    answered = wait_for(
        lambda: [x for x in op.list_escalations().items if x.case_number == "2026-000305"],
        lambda xs: len(xs) == 6 and all(x.owner_response for x in xs),
    )
    consented = [x for x in answered if x.owner_response == "consented"]
    assert consented, "with a 0.5 approve ratio some of six owners consent"
    cam_id = consented[0].camera_id or 0
    assert op.request_stream(cam_id, "2026-000305", "Hostage situation").camera_id == cam_id
    with pytest.raises(Forbidden):  # the exigent access is for that case only
        op.request_stream(cam_id, "2026-009999", "Another case")


def test_audit_is_supervisor_only_and_filters(client_for: ClientFor, mock_backend: MockProcess) -> None:
    with pytest.raises(Forbidden):
        client_for("operator").list_audit()
    sup = client_for("supervisor")
    logins = sup.list_audit(actor="supervisor", action="auth").items
    assert logins and all(e.actor == "supervisor" and e.action.startswith("auth.") for e in logins)
    with pytest.raises(InvalidCredentials):
        BackendClient(mock_backend.url).sign_in("trainer", "guessing")
    failures = [e for e in sup.list_audit(action="auth.login", actor="trainer").items if e.outcome == "failure"]
    assert failures  # wrong passwords are on the record
    r = requests.get(f"{mock_backend.url}/api/v1/audit", params={"since": "2026-01-01T00:00:00"},
                     headers=sup.auth_headers(), timeout=5)
    assert r.status_code == 422 and "timezone" in r.json()["error"]["message"]



city = module_mock("split-requests", "--cameras", "2000")


def test_an_over_limit_request_split_in_parts_still_goes_to_a_supervisor(city: MockProcess) -> None:
    """Requests under one case within a day count together against the per-request camera limit:
    without this, 40 cameras asked as 20 + 20 reached the owners with no supervisor."""
    operator = open_session(BackendProfile("Test", city.url), "operator", "demo").client
    cams = operator.all_cameras()
    at = densest(cams)
    near = nearest(cams, at, 40, 780)
    assert len(near) == 40
    first = operator.create_request(request_body(near[:20], at, case="2026-000951"))
    assert first.status is RequestStatus.pending_owner
    with pytest.raises(ValidationFailed) as refused:
        operator.create_request(request_body(near[20:], at, case="2026-000951"))
    assert "earlier requests" in refused.value.message and "40 cameras" in refused.value.message
    second = operator.create_request(request_body(near[20:], at, case="2026-000951",
                                                  justification="Second block of the same scene"))
    assert second.status is RequestStatus.needs_supervisor
    other_case = operator.create_request(request_body(near[20:], at, case="2026-000952"))
    assert other_case.status is RequestStatus.pending_owner  # another case counts on its own
    operator.cancel_request(first.id)  # a cancelled request no longer counts ...
    again = operator.create_request(request_body(near[:5], at, case="2026-000951"))
    assert again.status is RequestStatus.pending_owner  # ... 20 escalated + 5 = 25, within the limit
