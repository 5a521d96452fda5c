"""Camera registry and stream grants against the real mock over loopback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import requests

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import Conflict, Forbidden, NotFound, ValidationFailed
from rtcc_desktop.api.schemas import Enrollment, Sharing
from rtcc_desktop.mock_process import MockProcess
from tests.contract.helpers import live_camera

ClientFor = Callable[..., BackendClient]


def test_paged_listing_returns_every_camera_once(client_for: ClientFor) -> None:
    client = client_for("operator")
    first = client.list_cameras(limit=100)
    assert first.total == 600 and len(first.items) == 100 and first.next_cursor
    everything = client.all_cameras(limit=70)
    assert len(everything) == 600
    assert len({c.id for c in everything}) == 600


def test_seeded_registry_is_a_plausible_milwaukee_program(client_for: ClientFor) -> None:
    cams = client_for("operator").all_cameras()
    assert all(42.92 <= c.lat <= 43.19 and -88.07 <= c.lon <= -87.86 for c in cams)
    integrated = sum(c.enrollment is Enrollment.integrated for c in cams) / len(cams)
    assert 0.2 < integrated < 0.4
    assert any(c.sharing is Sharing.live for c in cams) and any(c.status.value == "offline" for c in cams)


def test_bbox_filter_keeps_only_cameras_inside(client_for: ClientFor) -> None:
    client = client_for("operator")
    box = (-87.95, 43.02, -87.90, 43.06)
    page = client.list_cameras(bbox=box, limit=5000)
    assert 0 < page.total < 600 and len(page.items) == page.total
    assert all(box[1] <= c.lat <= box[3] and box[0] <= c.lon <= box[2] for c in page.items)


def test_updated_since_returns_what_changed(client_for: ClientFor) -> None:
    client, trainer = client_for("operator"), client_for("trainer")
    mark = datetime.now(UTC) - timedelta(milliseconds=5)
    trainer.training_set_label(5, "Renamed by the trainer")
    changed = client.list_cameras(updated_since=mark).items
    assert [c.id for c in changed] == [5] and changed[0].label == "Renamed by the trainer"


def test_unknown_camera_is_not_found(client_for: ClientFor) -> None:
    with pytest.raises(NotFound):
        client_for("operator").get_camera(999_999)


def test_bad_bbox_is_a_validation_error(client_for: ClientFor) -> None:
    with pytest.raises(ValidationFailed) as err:
        client_for("operator").list_cameras(bbox=(10, 10, 5, 5))
    assert "bbox" in err.value.message


def test_live_consented_camera_gets_a_short_lived_audited_grant(client_for: ClientFor) -> None:
    client = client_for("operator")
    cam = live_camera(client.all_cameras())
    grant = client.request_stream(cam.id, "2026-000201", "Robbery in progress nearby", profile="sub")
    assert grant.camera_id == cam.id and grant.protocol == "http-ts" and grant.url.startswith("http://127.0.0.1")
    assert datetime.now(UTC) < grant.expires_at <= datetime.now(UTC) + timedelta(seconds=301)
    audit = client_for("supervisor").list_audit(action="stream.grant", case_number="2026-000201").items
    assert any(e.outcome == "success" and e.target == f"camera:{cam.id}" and e.actor == "operator" for e in audit)


def test_no_live_consent_is_refused_with_the_reason_and_audited(client_for: ClientFor) -> None:
    client = client_for("operator")
    cams = client.all_cameras()
    registry = next(c for c in cams if c.enrollment is Enrollment.registered)
    with pytest.raises(Forbidden) as err:
        client.request_stream(registry.id, "2026-000203", "Burglary follow-up")
    assert "footage" in err.value.message.lower()  # tells the operator what to do instead
    audit = client_for("supervisor").list_audit(case_number="2026-000203").items
    assert any(e.action == "stream.grant" and e.outcome == "failure" for e in audit)


def test_grant_needs_a_case_number_and_purpose(client_for: ClientFor, mock_backend: MockProcess) -> None:
    client = client_for("operator")
    cam = live_camera(client.all_cameras())
    with pytest.raises(ValidationFailed):
        client.request_stream(cam.id, "", "x")
    r = requests.post(f"{mock_backend.url}/api/v1/cameras/{cam.id}/streams", json={"profile": "sub"},
                      headers=client.auth_headers(), timeout=5)
    assert r.status_code == 422 and "case_number" in r.json()["error"]["message"]


def test_offline_camera_is_a_conflict(client_for: ClientFor) -> None:
    client, trainer = client_for("operator"), client_for("trainer")
    cam = live_camera(client.all_cameras(), skip=1)
    trainer.training_set_status(cam.id, "offline")
    try:
        with pytest.raises(Conflict) as err:
            client.request_stream(cam.id, "2026-000204", "Vehicle pursuit")
        assert "offline" in err.value.message
    finally:
        trainer.training_set_status(cam.id, "online")


def test_revoked_consent_kills_the_grant_and_refuses_new_ones(client_for: ClientFor) -> None:
    client, trainer = client_for("operator"), client_for("trainer")
    cam = live_camera(client.all_cameras(), skip=2)
    grant = client.request_stream(cam.id, "2026-000205", "Stolen vehicle sighting")
    trainer.training_consent(cam.id, "revoke")
    r = requests.get(grant.url, timeout=5)
    assert r.status_code == 403 and r.json()["error"]["code"] == "no_live_consent"
    with pytest.raises(Forbidden):
        client.request_stream(cam.id, "2026-000205", "Stolen vehicle sighting")
    trainer.training_consent(cam.id, "grant", minutes=60)
    assert client.request_stream(cam.id, "2026-000205", "Stolen vehicle sighting").camera_id == cam.id


def test_training_controls_are_trainer_only(client_for: ClientFor) -> None:
    with pytest.raises(Forbidden):
        client_for("operator").training_set_status(1, "offline")
    with pytest.raises(Forbidden):
        client_for("supervisor").training_consent(1, "revoke")
    names = {s.name for s in client_for("trainer").training_scenarios()}
    assert {"robbery-dropout", "consent-withdrawn", "over-limit-request"} <= names


def test_training_controls_do_not_exist_on_production(production_backend: MockProcess) -> None:
    client = BackendClient(production_backend.url)
    client.sign_in("alice", "s3cret-pass")
    with pytest.raises(Forbidden) as err:
        client.training_scenarios()
    assert "training" in err.value.message.lower()


def test_hostile_label_round_trips_verbatim(client_for: ClientFor) -> None:
    # The backend stores owner text as given; escaping is the client's job at display time.
    hostile = '<img src=x onerror=alert(1)></script><script>alert(2)</script>'
    client_for("trainer").training_set_label(7, hostile)
    assert client_for("operator").get_camera(7).label == hostile
