"""The new-request dialog validates live against the limits; the exigent dialog explains bad input."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Camera
from ui.footage.exigent_dialog import ExigentDialog
from ui.footage.new_request_dialog import NewRequestDialog


def cam(i: int, lat: float, lon: float) -> Camera:
    return Camera(id=i, label=f"c{i}", owner_kind="residence", address="1 N St", lat=lat, lon=lon,
                  enrollment="registered", sharing="on_request", status="online", updated_at=datetime.now(UTC))


CAMS = {1: cam(1, 43.0400, -87.9100), 2: cam(2, 43.0410, -87.9110), 3: cam(3, 43.0600, -87.9100)}


def dialog(qtbot: QtBot, ids: list[int]) -> NewRequestDialog:
    d = NewRequestDialog(lambda xs: [CAMS[i] for i in xs if i in CAMS], camera_ids=ids, incident=(43.04, -87.91))
    qtbot.addWidget(d)
    d.case.setText("2026-000601")
    d.reason.setPlainText("Armed robbery at the corner store")
    return d


def test_within_limits_can_be_sent_straight_away(qtbot: QtBot) -> None:
    d = dialog(qtbot, [1, 2])
    assert d.send.isEnabled() and not d.justification.isVisibleTo(d)
    assert "straight to the owners" in d.notice.text()
    body = d.body()
    assert body.camera_ids == [1, 2] and body.justification is None


def test_over_limit_needs_a_justification_and_says_why(qtbot: QtBot) -> None:
    d = dialog(qtbot, [1, 3])  # camera 3 is ~2.2 km away
    assert not d.send.isEnabled() and d.justification.isVisibleTo(d)
    assert "800 m" in d.notice.text() and "justification" in d.problems.text()
    d.justification.setPlainText("Suspect fled north; the whole corridor matters")
    assert d.send.isEnabled()
    assert d.body().justification


def test_bad_input_is_explained(qtbot: QtBot) -> None:
    d = dialog(qtbot, [1, 99])
    assert "Unknown camera ids: 99" in d.problems.text() and not d.send.isEnabled()
    d.cameras.setText("1")
    d.case.setText("bad case!")
    assert "Case number" in d.problems.text()
    d.case.setText("2026-000601")
    d.end.setDateTime(QDateTime(d.start.dateTime()).addSecs(-60))
    assert "end after it starts" in d.problems.text()


def test_exigent_dialog_explains_what_is_missing(qtbot: QtBot) -> None:
    d = ExigentDialog(camera_id=5)
    qtbot.addWidget(d)
    sent: list[object] = []
    d.submitted.connect(sent.append)
    d.case.setText("2026-000602")
    d._submit()
    assert not sent and "Justification" in d.problem.text()
    d.justification.setPlainText("Hostage situation, suspect inside")
    d._submit()
    assert sent
