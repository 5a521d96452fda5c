"""The room wall and the incidents against a backend that lies (an audit of the newest client
code that reads the backend's data), found by probing it as an attacker would. Findings covered:

- Canvass size: the door-knock walking order held an (n+2)² distance matrix and several more of
  that size, so a canvass of 100,000 stops asked for some 80 GB (a MemoryError at best; a few
  thousand fewer and the console is killed for its memory). A real 800 m circle holds a few
  hundred stops; beyond ``MAX_OPTIMISED`` the walk goes in strips across the circle, every stop
  once, in memory that grows with the list only.
- A walk that never ended: the moves kept a change that shortened the walk by more than 1e-9 m,
  and between stops a continent apart (the poles and the date line, which the contract allows)
  rounding alone "shortened" it: 2-opt reversed the same stretch for ever on a worker thread,
  and the door-knock list never came. Distances are in units of the longest.
- Numbers that are no place: an incident's or a canvass stop's ``lat``/``lon`` were plain floats,
  and JSON from Python's parser takes ``NaN``, ``Infinity`` and ``1e999``. A NaN stop came out of
  the walking order as index -1 (one address listed twice, another not at all), an infinite one
  raised "math domain error", a NaN ``heading`` "cannot convert float NaN to integer": the
  door-knock list was lost with a bare ValueError. Coordinates, headings, fields of view and
  distances are bounded in the contract: such a reply is a MalformedResponse in words.
- Timestamps at the ends of the calendar: an incident reported at 0001-01-01 or 9999-12-31 made
  Respond's plan (reported time -/+ 15 min) raise OverflowError on the UI thread, and the page's
  local time did too. The contract refuses a timestamp within a day of either end.
- Dispatch's text in a footage request: a CAD number that is no case number (lower case, a
  space, markup), a call type of a megabyte or an incident id of 80 digits made building the
  requests raise a bare ValidationError: the whole response failed ("Unexpected problem"), the
  door-knock list too, and a window closed in the undo window lost the held requests without a
  word. The reason's texts are cut to fit; a CAD number no request can carry is said in words
  and the door-knock list is still made (Respond's summary says so before sending); incident ids
  are bounded in the contract.
- Markup from dispatch: the priority-1 banner and the map's incident line were QLabels in
  AutoText (``<h1>``, ``<a href>``, ``<img src>`` in a call type or an address rendered as rich
  text where the app's own words go), and the queue's tooltip (a QToolTip is AutoText) too.
  They are plain text (the tooltip escaped, as the room tile's).
- The room wall's kept file: written with ``ensure_ascii`` (12 bytes per emoji) a wall at the
  shape's text limits was written at 5 MiB, which the reader refused as larger than 1 MiB, so a
  display restarted with the backend down showed nothing although it had kept the wall. The file
  is UTF-8 and its bound is the largest wall the shape lets through.

Every server is a real one on 127.0.0.1 (tests/security/scripted_http.py).
"""

from __future__ import annotations

import json
import random
import re
import time
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rtcc_desktop.api import errors
from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import (
    Canvass,
    FootageRequest,
    FootageRequestCreate,
    Incident,
    RoomScreen,
    RoomTile,
    RoomWall,
    ServerEvent,
)
from rtcc_desktop.incidents.queue import IncidentQueue
from rtcc_desktop.incidents.respond import plan_response
from rtcc_desktop.incidents.respond_sending import send_response
from rtcc_desktop.incidents.walking_order import walking_order
from rtcc_desktop.room_wall.cache import WallCache, cache_file
from rtcc_desktop.room_wall.shape import fit
from tests.security.scripted_http import (
    Raw,
    Scripted,
    json_reply,
    signed_in,
    signing_in_server,
)
from ui.incidents.incident_model import IncidentModel
from ui.incidents.incidents_panel import IncidentsPanel
from ui.incidents.respond_dialog import RespondDialog

NOW = datetime(2026, 12, 3, 21, 30, tzinfo=UTC)
SCENE = (43.0389, -87.9065)
INCIDENTS = "/api/v1/incidents"
CANVASS = "/api/v1/incidents/41/canvass"


def incident_data(**changes: Any) -> dict[str, Any]:
    return {"id": 41, "cad_number": "C26-004512", "kind": "Armed robbery", "priority": 1, "lat": SCENE[0],
            "lon": SCENE[1], "address": "700 N Water St", "reported_at": (NOW - timedelta(minutes=3)).isoformat(),
            "source": "cad", "created_at": NOW.isoformat(), "created_by": "cad-feed", **changes}


def stop_data(n: int, **changes: Any) -> dict[str, Any]:
    return {"camera_id": 100 + n, "address": f"{700 + n} N Water St", "lat": SCENE[0] + n * 1e-4, "lon": SCENE[1],
            "heading": 90.0, "fov": 60.0, "distance_m": 11.0 * n, **changes}


def raw_json(data: Any, **numbers: str) -> bytes:
    """JSON with some values swapped for what Python's json module writes and reads but no
    contract means: ``{"lat": "@nan"}`` with ``nan="NaN"`` becomes ``{"lat": NaN}``."""
    text = json.dumps(data)
    for name, literal in numbers.items():
        text = text.replace(f'"@{name}"', literal)
    return text.encode()


@pytest.fixture
def backend() -> Iterator[Scripted]:
    with signing_in_server() as server:
        yield server


class Requests:
    """A backend for send_response: every request made, the canvass as the scripted server says."""

    def __init__(self, client: BackendClient) -> None:
        self.client = client
        self.made: list[FootageRequestCreate] = []

    def create_request(self, body: FootageRequestCreate) -> FootageRequest:
        self.made.append(body)
        return FootageRequest.model_validate({
            "id": len(self.made), "case_number": body.case_number, "created_by": "op", "status": "pending_owner",
            "camera_ids": body.camera_ids, "window_start": body.window_start.isoformat(),
            "window_end": body.window_end.isoformat(), "incident_lat": body.incident_lat,
            "incident_lon": body.incident_lon, "incident_at": body.incident_at.isoformat(), "reason": body.reason,
            "radius_m": 100.0,
            "created_at": NOW.isoformat(), "updated_at": NOW.isoformat()})

    def canvass(self, incident_id: int, radius_m: float) -> Canvass:
        return self.client.canvass(incident_id, radius_m)


# --- the canvass's size --------------------------------------------------------------------------------------

def test_a_canvass_of_100000_stops_is_walked_in_bounded_memory_every_stop_once() -> None:
    rng = random.Random(7)
    stops = [(SCENE[0] + rng.uniform(-0.007, 0.007), SCENE[1] + rng.uniform(-0.01, 0.01)) for _ in range(100_000)]
    tracemalloc.start()
    started = time.monotonic()
    try:
        order = walking_order(SCENE, stops)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert sorted(order) == list(range(len(stops)))  # every address once, none twice
    assert peak < 200 * 1024 * 1024  # not an n² matrix (that would be 80 GB)
    assert time.monotonic() - started < 30


# --- numbers that are no place ---------------------------------------------------------------------------

@pytest.mark.parametrize(("field", "literal"), [("lat", "NaN"), ("lon", "Infinity"), ("lat", "1e999"),
                                                ("heading", "NaN"), ("heading", "-Infinity"), ("fov", "NaN"),
                                                ("distance_m", "NaN"), ("lat", "95.0")])
def test_a_canvass_stop_that_is_no_place_is_refused_in_words_and_the_requests_still_go(
        backend: Scripted, field: str, literal: str) -> None:
    items = [stop_data(1), stop_data(2, **{field: "@bad"}), stop_data(3)]
    backend.on("POST", CANVASS, Raw(200, raw_json({"incident_id": 41, "cad_number": "C26-004512", "radius_m": 800,
                                                   "items": items}, bad=literal),
                                    {"Content-Type": "application/json"}))
    client = signed_in(backend.url)
    with pytest.raises(errors.MalformedResponse, match=re.escape(f"items.1.{field}")):
        client.canvass(41, 800)
    sender = Requests(client)
    plan = replace(plan_response(Incident.model_validate(incident_data()), [], 4, 800, NOW), request=(5, 6),
                   canvass=(101, 102, 103))
    result = send_response(sender, plan, Path("/nonexistent-folder-never-written"), "op", NOW)
    assert len(sender.made) == 1 and result.door_knock is None and result.files == []
    assert result.problems and result.problems[0].startswith("the door-knock list was refused: The backend sent")


def test_stops_at_the_ends_of_the_map_are_walked_every_one_once_and_without_looping_for_ever() -> None:
    """What the contract lets through (poles, the date line): in metres, 2-opt gained from rounding
    alone between stops a continent apart, and reversed for ever (the door-knock list never came)."""
    stops = [(90.0, 180.0), (-90.0, -180.0), (89.9999, 0.0), (0.0, 180.0), (0.0, -180.0), (90.0, 180.0)]
    for start in ((90.0, -180.0), (-90.0, 180.0), (0.0, 0.0)):
        assert sorted(walking_order(start, stops)) == list(range(len(stops)))


@pytest.mark.parametrize("field", ["lat", "lon", "accuracy_m"])
@pytest.mark.parametrize("literal", ["NaN", "-Infinity", "1e999", "-181.5"])
def test_an_incident_that_is_no_place_is_refused_in_words(backend: Scripted, field: str, literal: str) -> None:
    body = raw_json({"items": [incident_data(**{field: "@bad"})]}, bad=literal)
    backend.on("GET", INCIDENTS, Raw(200, body, {"Content-Type": "application/json"}))
    words = f"unexpected reply to GET /api/v1/incidents: items.0.{field}:"
    with pytest.raises(errors.MalformedResponse, match=re.escape(words)):
        signed_in(backend.url).list_incidents()


# --- timestamps at the ends of the calendar ---------------------------------------------------------------

@pytest.mark.parametrize("when", ["0001-01-01T00:05:00Z", "9999-12-31T23:59:00Z", "0001-01-01T00:00:00+14:00"])
def test_an_incident_at_the_ends_of_the_calendar_is_refused_in_words_and_its_event_is_not_applied(
        backend: Scripted, when: str) -> None:
    backend.on("GET", INCIDENTS, json_reply({"items": [incident_data(reported_at=when)]}))
    with pytest.raises(errors.MalformedResponse, match=re.escape("items.0.reported_at")):
        signed_in(backend.url).list_incidents()
    queue = IncidentQueue()
    with pytest.raises(ValueError):  # the desk logs it and keeps its queue
        queue.apply(ServerEvent(id=1, type="incident.created", data=incident_data(reported_at=when)))
    assert queue.shown(NOW) == []


# --- dispatch's text in a footage request -------------------------------------------------------------------

@pytest.mark.parametrize("changes", [{"kind": "Robbery " * 200_000}, {"address": "1 Main St " * 100_000},
                                     {"kind": "k" * 1900, "address": "a" * 1900}])
def test_a_huge_call_type_or_address_is_cut_to_fit_the_request(changes: dict[str, str]) -> None:
    incident = Incident.model_validate(incident_data(**changes))
    plan = replace(plan_response(incident, [], 4, 800, NOW), request=tuple(range(1, 26)), escalate=(30, 31))
    bodies = plan.requests()
    assert [len(b.camera_ids) for b in bodies] == [25, 2]
    assert all(b.case_number == "C26-004512" for b in bodies)


@pytest.mark.parametrize("cad_number", ["c26-004512", "C26 004512", "<b>C26</b>", "C" * 40])
def test_a_cad_number_no_request_may_carry_is_said_and_the_door_knock_list_is_still_made(
        backend: Scripted, tmp_path: Path, cad_number: str) -> None:
    backend.on("POST", CANVASS, json_reply({"incident_id": 41, "cad_number": cad_number, "radius_m": 800,
                                            "items": [stop_data(1), stop_data(2)]}))
    sender = Requests(signed_in(backend.url))
    incident = Incident.model_validate(incident_data(cad_number=cad_number))
    plan = replace(plan_response(incident, [], 4, 800, NOW), request=(5, 6), canvass=(101, 102))
    result = send_response(sender, plan, tmp_path / "door-knock", "op", NOW)
    assert sender.made == []
    assert len(result.problems) == 1 and "is not a case number" in result.problems[0]
    assert result.door_knock is not None and sorted(result.door_knock.order) == [0, 1]
    assert [p.suffix for p in result.files] == [".html", ".csv"]
    assert all(p.parent == tmp_path / "door-knock" for p in result.files)


def test_respond_says_before_sending_that_no_request_can_carry_the_cad_number(qtbot: QtBot) -> None:
    """Before, the summary offered the live views and the footage steps, and the refusal came
    only after the undo window (each grant and request refused by the backend); now the dialog
    says why, leaves them out, and the door-knock list can still be sent."""
    incident = Incident.model_validate(incident_data(cad_number="<b>c26 004512</b>"))
    plan = replace(plan_response(incident, [], 4, 800, NOW), live=(1,), request=(5, 6), escalate=(7,),
                   canvass=(101, 102))
    dialog = RespondDialog(plan)
    qtbot.addWidget(dialog)
    for box in (dialog.live, dialog.footage, dialog.escalate):
        assert not box.isChecked() and not box.isEnabled()
    assert dialog.canvass.isChecked() and dialog.send.isEnabled()
    assert "No live view or footage request can be opened" in dialog.problem.text()
    assert "is not a case number" in dialog.problem.text()
    assert dialog.problem.textFormat() == Qt.TextFormat.PlainText
    dialog.accept_plan()
    chosen = dialog.result_plan
    assert chosen is not None and chosen.requests() == [] and chosen.live == () and chosen.canvass == (101, 102)


def test_respond_with_a_case_number_offers_every_step(qtbot: QtBot) -> None:
    incident = Incident.model_validate(incident_data())
    plan = replace(plan_response(incident, [], 4, 800, NOW), live=(1,), request=(5, 6), escalate=(7,), canvass=(101,))
    dialog = RespondDialog(plan)
    qtbot.addWidget(dialog)
    assert all(box.isChecked() and box.isEnabled()
               for box in (dialog.live, dialog.footage, dialog.escalate, dialog.canvass))
    assert dialog.problem.text() == ""


def test_an_incident_id_no_request_may_carry_is_refused_in_words(backend: Scripted) -> None:
    backend.on("GET", INCIDENTS, json_reply({"items": [incident_data(id=10**80)]}))
    with pytest.raises(errors.MalformedResponse, match=re.escape("items.0.id:")):
        signed_in(backend.url).list_incidents()


# --- markup from dispatch ------------------------------------------------------------------------------------

HOSTILE = '<h1>Shots fired</h1><img src="file:///etc/passwd"><a href="https://evil.example">here</a>'


def test_the_banner_and_the_queue_show_dispatch_text_as_text(qtbot: QtBot) -> None:
    queue = IncidentQueue()
    incident = Incident.model_validate(incident_data(kind=HOSTILE, address=HOSTILE, description=HOSTILE))
    queue.load([incident])
    panel = IncidentsPanel(queue)
    qtbot.addWidget(panel)
    panel.alert(incident)
    assert HOSTILE in panel.banner.text()
    assert panel.banner.textFormat() == Qt.TextFormat.PlainText  # AutoText would draw the <h1> and the link
    tip = panel.model.data(panel.model.index(0, 1), Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tip, str) and "<h1>" not in tip and "&lt;h1&gt;" in tip  # a QToolTip is AutoText
    assert "<img" not in tip and "<a " not in tip
    shown = panel.model.data(panel.model.index(0, 1), Qt.ItemDataRole.DisplayRole)
    assert shown == HOSTILE  # an item view draws its display text as text


def test_the_map_names_the_incident_as_text(qtbot: QtBot) -> None:
    from ui.map.incident_panel import IncidentPanel

    panel = IncidentPanel()
    qtbot.addWidget(panel)
    panel.set_incident(*SCENE, None, f"P1 {HOSTILE} · C26-004512\n{HOSTILE}")
    assert panel.where.textFormat() == Qt.TextFormat.PlainText


def test_the_incident_model_tooltip_keeps_its_lines() -> None:
    queue = IncidentQueue()
    queue.load([Incident.model_validate(incident_data(description="first & second"))])
    model = IncidentModel(queue)
    model.refresh()
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tip, str) and "first &amp; second" in tip and "<br>" in tip


# --- the room wall's kept file -------------------------------------------------------------------------------

def test_the_largest_wall_the_shape_lets_through_is_kept_and_read_back(tmp_path: Path) -> None:
    text = "\U0001F6A8" * 5000  # astral characters: the most bytes per character in any encoding
    tiles = [RoomTile(index=i, camera_id=10 + i, camera_label=text, case_number=text, purpose=text, pushed_by=text,
                      since=NOW, locked=True, locked_by=text, consent_ends_at=NOW) for i in range(64)]
    wall = RoomWall(id=2**53, name="front", title=text, version=2**53 - 1, updated_at=NOW, updated_by=text,
                    change=text, screens=[RoomScreen(index=s, layout="8x8", tiles=tiles) for s in range(8)])
    fitted = fit(wall)[0]
    url = "http://127.0.0.1:9"
    cache = WallCache(cache_file(url, "front", tmp_path), url, "front")
    cache.save(fitted, 1)
    assert cache.read() == (fitted, None)  # a display restarted with the backend down shows it

