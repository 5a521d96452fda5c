"""The map's incident list for a dense circle: thousands of cameras in 800 m downtown. The nearest
are listed at once (a model, not an item per cell), the rest counted under the table, the
live-capable ones marked and first for the wall."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Camera, haversine_m
from rtcc_desktop.domain.camera_directory import CameraDirectory
from rtcc_desktop.geo.grid_index import GridIndex
from rtcc_desktop.map.camera_marks import why_not_live
from rtcc_desktop.map.nearby import find_nearby
from ui.cameras.camera_mime import camera_ids_from
from ui.map.incident_panel import MAX_LIST, IncidentPanel

CENTRE = (43.0389, -87.9065)
SHARING = ("live", "live", "on_request", "alarm_only", "registry_only")


def dense_block(count: int, seed: int = 25) -> list[Camera]:
    """``count`` cameras within about 800 m of the centre, a mix of every sharing and state."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    cams = []
    for n in range(1, count + 1):
        cams.append(Camera(
            id=n, label=f"<b>Shop {n}</b>", owner_kind=rng.choice(("residence", "business", "public")),
            address=f"{n} N Water St", lat=CENTRE[0] + rng.uniform(-0.0075, 0.0075),
            lon=CENTRE[1] + rng.uniform(-0.0095, 0.0095), enrollment=rng.choice(("integrated", "integrated",
                                                                                 "registered")),
            sharing=rng.choice(SHARING), status=rng.choice(("online", "online", "online", "offline")),
            live_until=now + timedelta(hours=1) if n % 7 else now - timedelta(minutes=5), updated_at=now))
    return cams


def test_a_dense_circle_lists_the_nearest_at_once_and_counts_the_rest(qtbot: QtBot) -> None:
    cams = dense_block(6000)
    directory = CameraDirectory(cams)
    index = GridIndex((c.id, c.lat, c.lon) for c in cams)
    panel = IncidentPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 700)
    panel.show()
    now = datetime.now(UTC)
    panel.set_incident(*CENTRE, 800)
    nearby = find_nearby(index, directory, *CENTRE, 800, now)
    inside = [c for c in cams if haversine_m(*CENTRE, c.lat, c.lon) <= 800]
    assert len(nearby.hits) == len(inside) > MAX_LIST + 1000
    panel.show_nearby(find_nearby(index, directory, *CENTRE, 700, now), now)
    panel.repaint()
    # The next circle replaces a full table (an item per cell re-measured every row for each one set).
    started = time.perf_counter()
    panel.show_nearby(nearby, now)
    panel.repaint()  # the table painted too, not only filled
    took = time.perf_counter() - started
    assert took < 0.3, f"listing {len(nearby.hits)} cameras held the UI thread for {took * 1000:.0f} ms"

    model = panel.model
    assert model.rowCount() == MAX_LIST
    distances = [h.distance_m for h, _c in nearby.hits]
    assert distances == sorted(distances)
    assert model.index(0, 1).data() == f"{distances[0]:,.0f} m"
    assert model.index(MAX_LIST - 1, 0).data(Qt.ItemDataRole.UserRole) == nearby.hits[MAX_LIST - 1][1].id
    rest = len(inside) - MAX_LIST
    assert panel.more.isVisibleTo(panel) and f"{rest:,} more" in panel.more.text()
    assert f"{len(inside):,} cameras within 800 m" in panel.summary.text()

    # The live-capable ones: nearest first for the wall, marked in the list, the rest by request.
    live = [c.id for _h, c in nearby.hits if why_not_live(c, now) is None]
    assert panel.live_ids() == live and live
    assert set(panel.other_ids()) == {c.id for c in inside} - set(live)
    first_live = next(r for r in range(MAX_LIST) if model.rows[r][1].id == live[0])
    assert model.index(first_live, 2).data() == "Live"
    assert model.index(first_live, 2).data(Qt.ItemDataRole.DecorationRole) is not None
    assert panel.wall_button.isEnabled() and f"of {len(live)}" in panel.wall_button.text()
    # Owner text is text: escaped in the tooltip, plain in the cell.
    assert model.index(0, 0).data().startswith("<b>Shop")
    assert "&lt;b&gt;Shop" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    # Rows drag onto wall tiles as camera ids, nearest first.
    dragged = model.mimeData([model.index(1, 0), model.index(0, 2), model.index(0, 0)])
    assert camera_ids_from(dragged) == [nearby.hits[1][1].id, nearby.hits[0][1].id]

    selected: list[int] = []
    panel.camera_selected.connect(selected.append)
    panel.table.setCurrentIndex(model.index(3, 0))
    assert selected == [nearby.hits[3][1].id]

    panel.show_nearby(find_nearby(index, directory, *CENTRE, 50, now), now)
    assert model.rowCount() < MAX_LIST and not panel.more.isVisibleTo(panel)
    panel.clear()
    assert model.rowCount() == 0 and panel.live_ids() == [] and not panel.more.isVisibleTo(panel)
