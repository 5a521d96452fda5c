"""What the console offers follows the server's separation of duties (issue #21):

- a supervisor's own escalation offers no Approve/Deny (the server refuses it: ``own_escalation``),
  with the reason on hover, while a colleague's stays decidable;
- a trainer on a production backend gets no Audit tab (the server refuses it there); on a
  training backend the tab stays, for debriefs.
"""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import EscalationStatus, ExigentRequest, Sharing
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from tests.security.test_roles import PASSWORD, production_mock, training_mock  # noqa: F401  (fixtures)
from ui.footage.escalations_view import EscalationsView
from ui.footage.install import install_requests_panel
from ui.main_window import MainWindow


def _session(mock: MockProcess, user: str, password: str = PASSWORD) -> Session:
    return open_session(BackendProfile("Test", mock.url), user, password)


def _exigent(session: Session, skip: int, case: str) -> int:
    cams = [c for c in session.client.all_cameras() if c.sharing is Sharing.on_request]
    return session.client.request_exigent(ExigentRequest(
        camera_id=cams[skip].id, case_number=case, justification="Hostage situation, suspect inside")).id


def test_a_supervisor_s_own_escalation_offers_no_decision(qtbot: QtBot, request: pytest.FixtureRequest) -> None:
    mock = request.getfixturevalue("training_mock")
    boss2, operator = _session(mock, "boss2"), _session(mock, "operator", "demo")
    own, theirs = _exigent(boss2, 5, "2026-000951"), _exigent(operator, 6, "2026-000952")
    view = EscalationsView(boss2)
    qtbot.addWidget(view)
    view.reload()
    qtbot.waitUntil(lambda: {own, theirs} <= {view.items.item(i).data(256).id for i in range(view.items.count())},
                    timeout=10_000)

    def select(escalation_id: int) -> None:
        for i in range(view.items.count()):
            if view.items.item(i).data(256).id == escalation_id:
                view.items.setCurrentRow(i)
        assert view.selected() is not None and view.selected().status is EscalationStatus.pending

    select(own)
    assert not view.approve.isEnabled() and not view.deny.isEnabled()
    assert "another supervisor" in view.approve.toolTip()
    select(theirs)
    assert view.approve.isEnabled() and view.deny.isEnabled() and view.approve.toolTip() == ""


@pytest.mark.parametrize(("backend", "has_audit"), [("production_mock", False), ("training_mock", True)])
def test_a_trainer_gets_the_audit_tab_only_on_a_training_backend(qtbot: QtBot, request: pytest.FixtureRequest,
                                                                 backend: str, has_audit: bool) -> None:
    mock = request.getfixturevalue(backend)
    trainer = "tess" if backend == "production_mock" else "trainer"
    session = _session(mock, trainer, PASSWORD if trainer == "tess" else "demo")
    window = MainWindow(session)
    qtbot.addWidget(window)
    dock = install_requests_panel(window)
    assert (dock.audit is not None) is has_audit
    window.close()
