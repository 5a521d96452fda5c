"""Property test of the whole API from its own /openapi.json: whatever the
generated input, the mock answers with no 5xx and with the JSON error shape."""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from mock_backend import security
from mock_backend.app import build_state, create_app
from mock_backend.settings import MockSettings

_settings = MockSettings(cameras=300, db_path=None, data_dir=Path(tempfile.mkdtemp(prefix="rtcc-fuzz-")),
                         owner_delay_s=0.1)
_state = build_state(_settings)
app = create_app(_settings, _state)
with _state.db.tx() as _conn:
    TOKENS = {role: security.issue_tokens(_conn, _state, role)["access_token"]
              for role in ("supervisor", "trainer", "wall-front")}

schema = schemathesis.openapi.from_asgi("/openapi.json", app).exclude(
    # An event stream never ends by design; its behaviour is covered by the contract tests.
    path="/api/v1/events"
)


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: schemathesis.Case) -> None:
    # A room tile's stream grant is the wall device's route (everyone else gets 403).
    role = "trainer" if "/training/" in case.path else "wall-front" if case.path.endswith("/stream-grant") \
        else "supervisor"
    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKENS[role]}"}, checks=[not_a_server_error]
    )
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        body = response.json()
        assert set(body["error"]) >= {"code", "message"}, body
