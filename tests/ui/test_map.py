"""The camera map in real QtWebEngine against the real mock, with the internet blocked.

Every check reads the page (RTCC.api.stats, the DOM) or its pixels, or clicks it
like an operator: loadFinished(True) alone proves nothing.
"""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWebEngineCore import QWebEngineUrlRequestInfo, QWebEngineUrlRequestInterceptor
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import CameraStatus, haversine_m
from rtcc_desktop.config import AppSettings, BackendProfile
from rtcc_desktop.map.basemap import basemap_from
from rtcc_desktop.map.camera_marks import category, state_text, why_not_live
from rtcc_desktop.map.nearby import Nearby
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import Session, open_session
from tests.conftest import start_mock
from ui.cameras.camera_hub import CameraHub
from ui.event_bridge import EventBridge
from ui.map import map_panel
from ui.map.category_look import SHORT_TEXT
from ui.map.map_panel import MapPanel
from ui.map.map_view import MapView

HOSTILE = (
    '<img src=x onerror="window.__pwned=1">',
    '</script><script>window.__pwned=2</script>',
    "javascript:window.__pwned=3",
    '<img src=y onerror="new QWebChannel(qt.webChannelTransport,'
    'function(c){c.objects.rtccBridge.cameraClicked(4242)})">',
    "<b onmouseover=window.__pwned=5>bold</b> &amp; \u202eevil",
)


class OfflineOnly(QWebEngineUrlRequestInterceptor):
    """The test's network: loopback and local files only; everything else blocked and noted."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self.allowed: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl().toString()
        parts = urlsplit(url)
        local = parts.scheme in ("file", "qrc", "data") or parts.hostname in ("127.0.0.1", "localhost", "::1")
        (self.allowed if local else self.blocked).append(url)
        info.block(not local)


@dataclass
class MapRig:
    panel: MapPanel
    hub: CameraHub
    net: OfflineOnly
    session: Session
    trainer: Session
    qtbot: QtBot
    host: QWidget  # held here: qtbot keeps only a weak reference
    events: EventBridge

    def js(self, script: str) -> Any:
        box: list[Any] = []
        self.panel.view.map_page.runJavaScript(f"JSON.stringify({script})", 0, box.append)
        self.qtbot.waitUntil(lambda: bool(box), timeout=5_000)
        return json.loads(box[0]) if box[0] else None

    def stats(self) -> dict[str, Any]:
        return self.js("RTCC.api.stats()")  # type: ignore[no-any-return]

    def grab(self) -> QImage:
        return self.panel.view.grab().toImage()


@pytest.fixture(scope="module")
def map_backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MockProcess]:
    """A backend of the map tests' own: they rewrite labels with hostile text."""
    mock = start_mock(tmp_path_factory.mktemp("map-mock"))
    yield mock
    mock.stop()


def make_rig(qtbot: QtBot, backend: MockProcess, settings: AppSettings | None = None) -> MapRig:
    session = open_session(BackendProfile("Test", backend.url), "operator", "demo")
    trainer = open_session(BackendProfile("Test", backend.url), "trainer", "demo")
    host = QWidget()
    qtbot.addWidget(host)
    hub = CameraHub(session, host)
    net = OfflineOnly()
    view = MapView(basemap_from(settings or AppSettings(), env={}), extra_interceptor=net)
    panel = MapPanel(hub, basemap_from(settings or AppSettings(), env={}), host, view=view)
    QVBoxLayout(host).addWidget(panel)
    host.resize(1300, 800)
    host.show()
    events = EventBridge(session.client)
    events.event.connect(hub.on_event)
    panel.start()
    with qtbot.waitSignal(hub.loaded, timeout=15_000):
        hub.reload()
    events.start()
    rig = MapRig(panel, hub, net, session, trainer, qtbot, host, events)
    qtbot.waitUntil(lambda: view.is_ready, timeout=20_000)
    qtbot.waitUntil(lambda: rig.stats()["cameras"] == len(hub.directory), timeout=15_000)
    qtbot.waitUntil(lambda: events.connection_state == "connected", timeout=10_000)
    return rig


@pytest.fixture
def rig(qtbot: QtBot, map_backend: MockProcess) -> Iterator[MapRig]:
    r = make_rig(qtbot, map_backend)
    yield r
    r.events.stop()
    r.panel.shutdown()


def colour_count(image: QImage, colour: str, tolerance: int = 18) -> int:
    want = QColor(colour)
    n = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if (abs(c.red() - want.red()) <= tolerance and abs(c.green() - want.green()) <= tolerance
                    and abs(c.blue() - want.blue()) <= tolerance):
                n += 1
    return n


def centre_colour(image: QImage, x: float, y: float) -> QColor:
    return image.pixelColor(round(x), round(y))


def zoom_to(rig: MapRig, camera_id: int) -> tuple[float, float]:
    """Select and centre a camera at street zoom; its point on screen."""
    assert rig.js(f"RTCC.api.select({camera_id}, true)") is True
    cam = rig.hub.directory.get(camera_id)
    assert cam is not None
    rig.js(f"RTCC.api.panTo({cam.lat!r}, {cam.lon!r}, 18)")
    rig.qtbot.waitUntil(lambda: rig.stats()["mode"] == "dots", timeout=5_000)
    point = rig.js(f"RTCC.api.screenPoint({camera_id})")
    return float(point[0]), float(point[1])


def bridge_log(rig: MapRig) -> tuple[list[int], list[str]]:
    """What reaches Python through the bridge: camera clicks, and calls it refused."""
    clicked: list[int] = []
    rejected: list[str] = []
    rig.panel.view.bridge.camera_clicked.connect(clicked.append)
    rig.panel.view.bridge.rejected.connect(rejected.append)
    return clicked, rejected


def test_map_loads_offline_and_draws_every_camera(rig: MapRig) -> None:
    stats = rig.stats()
    backend_total = rig.session.client.list_cameras(limit=1).total
    assert stats["leaflet"] == "1.9.4" and stats["bridge"] is True
    assert stats["cameras"] == backend_total == len(rig.hub.directory) > 0
    assert stats["visible"] == backend_total  # fitted to all of them
    # The default basemap is on the internet: blocked here, so the map says so and draws its fallback.
    rig.qtbot.waitUntil(lambda: rig.stats()["tiles"] == "unavailable", timeout=10_000)
    assert any("tile.openstreetmap.org" in u for u in rig.net.blocked)
    assert all(urlsplit(u).scheme in ("file", "qrc", "data") for u in rig.net.allowed)
    assert rig.js("document.querySelector('.rtcc-banner').style.display") == "block"
    assert "tiles unavailable" in rig.panel.status.text()
    image = rig.grab()
    assert colour_count(image, "#2ee07a") > 20  # live-shared cameras' green
    assert colour_count(image, "#0f2d4a", 4) > 2000  # the lake of the offline outline map


def test_clicking_a_camera_opens_its_details(rig: MapRig, qtbot: QtBot) -> None:
    cam = next(c for c in rig.hub.directory if c.status is CameraStatus.online)
    rig.js("RTCC.api.select(-1, false)")
    x, y = zoom_to(rig, cam.id)
    rig.hub.select(None)
    qtbot.wait(200)
    target = rig.panel.view.focusProxy()
    QTest.mouseMove(target, QPoint(round(x), round(y)))
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(round(x), round(y)))
    qtbot.waitUntil(lambda: rig.hub.selected == cam.id, timeout=5_000)
    details = rig.panel.details
    assert details.camera is not None and details.camera.id == cam.id
    assert details.title.text() == cam.label and details.fields["Address"].text() == cam.address
    live = why_not_live(cam, datetime.now(UTC)) is None
    assert details.wall_button.isEnabled() == live
    assert details.exigent_button.isVisibleTo(details) == (not live)  # emergency view only where not shared
    assert rig.panel.side.currentWidget() is details


def test_a_live_event_recolours_the_marker_in_place(rig: MapRig, qtbot: QtBot) -> None:
    cam = next(c for c in rig.hub.directory if why_not_live(c, datetime.now(UTC)) is None)
    x, y = zoom_to(rig, cam.id)
    rig.js("RTCC.api.select(-1, false)")
    qtbot.wait(300)
    assert centre_colour(rig.grab(), x, y).name() == "#2ee07a"
    draws_before = rig.stats()["draws"]
    with qtbot.waitSignal(rig.panel.view.bridge.frame_drawn, timeout=5_000):
        rig.trainer.client.training_set_status(cam.id, "offline")
    qtbot.waitUntil(lambda: centre_colour(rig.grab(), x, y).name() == "#596070", timeout=3_000)
    assert rig.stats()["draws"] > draws_before
    assert rig.js("performance.getEntriesByType('navigation').length") == 1  # never reloaded
    rig.trainer.client.training_set_status(cam.id, "online")
    qtbot.waitUntil(lambda: centre_colour(rig.grab(), x, y).name() == "#2ee07a", timeout=3_000)


def wait_listed(rig: MapRig, lat: float, lon: float, radius: int) -> None:
    """The incident list is filled off the UI thread: until it shows this circle."""
    def shown() -> bool:
        nearby = rig.panel.incident.nearby
        return nearby is not None and (nearby.lat, nearby.lon, nearby.radius_m) == (lat, lon, radius)
    rig.qtbot.waitUntil(shown, timeout=5_000)


def test_incident_radius_lists_what_brute_force_finds(rig: MapRig, qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    searched_on: list[int] = []
    real_find = map_panel.find_nearby

    def find_nearby(*args: Any) -> Nearby:
        searched_on.append(threading.get_ident())
        return real_find(*args)

    monkeypatch.setattr(map_panel, "find_nearby", find_nearby)
    cams = list(rig.hub.directory)
    centre = cams[len(cams) // 2]
    lat, lon = centre.lat + 0.001, centre.lon - 0.001
    rig.panel.set_incident(lat, lon)
    for radius in (300, 800, 150):
        rig.panel.incident.radius.setValue(radius)
        wait_listed(rig, lat, lon, radius)
        brute = sorted((haversine_m(lat, lon, c.lat, c.lon), c.id) for c in cams
                       if haversine_m(lat, lon, c.lat, c.lon) <= radius)
        got = [(h.distance_m, c.id) for h, c in rig.panel.incident.hits]
        assert [i for _d, i in got] == [i for _d, i in brute]
        table = rig.panel.incident.model
        assert table.rowCount() == len(brute)
        if brute:
            assert table.index(0, 1).data() == f"{brute[0][0]:,.0f} m"
            nearest = rig.panel.incident.hits[0][1]
            # The state in the toolbar's short words, the full wording on hover.
            assert table.index(0, 2).data().startswith(SHORT_TEXT[category(nearest)])
            assert html.escape(state_text(nearest)) in table.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)
            listed = rig.panel.camera_list.model
            row = listed.row_of(nearest.id)
            assert listed.index(row, 1).data() == table.index(0, 2).data()  # the same words in the list
            assert listed.index(row, 0).data(Qt.ItemDataRole.DecorationRole) is not None  # and the map's dot
            assert table.index(0, 2).data(Qt.ItemDataRole.DecorationRole) is not None
    assert "150 m" in rig.panel.incident.summary.text()
    assert rig.js("document.querySelectorAll('path.leaflet-interactive, path').length") >= 1  # the circle
    sent: list[list[int]] = []
    rig.panel.show_on_wall.connect(sent.append)
    rig.panel.incident.radius.setValue(800)
    wait_listed(rig, lat, lon, 800)
    live = rig.panel.incident.live_ids()
    if live:
        rig.panel.incident.live_count.setValue(min(2, len(live)))
        rig.panel.incident.wall_button.click()
        assert sent == [live[:min(2, len(live))]]
    requested: list[tuple[list[int], object]] = []
    rig.panel.request_footage.connect(lambda ids, where: requested.append((ids, where)))
    rig.panel.incident.request_button.click()
    assert requested and set(requested[0][0]) == set(rig.panel.incident.other_ids())
    assert requested[0][1] == (lat, lon)
    # A dense circle holds thousands of cameras: they are found off the UI thread.
    assert searched_on and threading.main_thread().ident not in searched_on


def test_hostile_labels_are_text_everywhere_and_reach_nothing(rig: MapRig, qtbot: QtBot) -> None:
    clicked, rejected = bridge_log(rig)
    targets = [c for c in rig.hub.directory if c.status is CameraStatus.online][:len(HOSTILE)]
    for cam, label in zip(targets, HOSTILE, strict=True):
        rig.trainer.client.training_set_label(cam.id, label)
    qtbot.waitUntil(lambda: all(rig.hub.directory.get(c.id).label == lab  # type: ignore[union-attr]
                                for c, lab in zip(targets, HOSTILE, strict=True)), timeout=10_000)
    qtbot.wait(300)
    for cam, label in zip(targets, HOSTILE, strict=True):
        x, y = zoom_to(rig, cam.id)
        target = rig.panel.view.focusProxy()
        QTest.mouseMove(target, QPoint(round(x) - 60, round(y) - 60))  # each camera is centred: leave, then come back
        QTest.mouseMove(target, QPoint(round(x) + 1, round(y) + 1))  # hover: the tooltip shows the label
        qtbot.waitUntil(lambda want=label: rig.js("document.querySelector('.rtcc-tip').style.display") == "block"
                        and rig.js("document.querySelector('.rtcc-tip-title').textContent") == want,
                        timeout=3_000)
        rig.hub.select(cam.id)
        assert rig.panel.details.title.text() == label
        assert rig.panel.details.title.textFormat() == Qt.TextFormat.PlainText
        rig.panel.camera_list.filter.setText(label)
        qtbot.waitUntil(lambda: rig.panel.camera_list.proxy.rowCount() >= 1, timeout=3_000)
        model = rig.panel.camera_list.model
        tip = model.index(model.row_of(cam.id), 0).data(Qt.ItemDataRole.ToolTipRole)
        assert html.escape(label) in tip  # a tooltip may render markup: the owner's text is escaped
    qtbot.wait(500)
    assert rig.js("typeof window.__pwned") == "undefined"
    assert rig.js("document.querySelectorAll('img:not(.leaflet-tile)').length") == 0
    assert rig.js("document.querySelectorAll('b').length") == 0
    assert 4242 not in clicked and not rejected
    assert not any(urlsplit(u).path.endswith(("/x", "/y")) for u in rig.net.allowed + rig.net.blocked)


def test_the_bridge_refuses_arguments_that_do_not_fit(rig: MapRig, qtbot: QtBot) -> None:
    clicked, rejected = bridge_log(rig)
    bridge = rig.panel.view.bridge
    bridge.cameraClicked("12; drop")
    bridge.cameraClicked(1.5)
    bridge.cameraClicked(True)
    bridge.contextMenu(float("nan"), 0.0)
    bridge.contextMenu(91.0, 0.0)
    assert clicked == [] and len(rejected) == 5


def test_search_pans_to_the_hit_and_filters_hide_cameras(rig: MapRig, qtbot: QtBot) -> None:
    cam = next(iter(rig.hub.directory))
    rig.panel.search.setText(f"#{cam.id}")
    rig.panel.find_next()
    assert rig.hub.selected == cam.id
    qtbot.waitUntil(lambda: rig.stats()["zoom"] >= 16, timeout=3_000)
    centre = rig.js(f"RTCC.api.screenPoint({cam.id})")
    size = rig.panel.view.size()
    assert abs(centre[0] - size.width() / 2) < 3 and abs(centre[1] - size.height() / 2) < 3
    rig.js("RTCC.api.fitAll()")
    total = len(rig.hub.directory)
    qtbot.waitUntil(lambda: rig.stats()["visible"] == total, timeout=3_000)  # fitAll may animate
    for button in rig.panel.category_buttons.values():
        button.setChecked(False)
    qtbot.waitUntil(lambda: rig.stats()["visible"] == 0, timeout=3_000)
    for button in rig.panel.category_buttons.values():
        button.setChecked(True)
    qtbot.waitUntil(lambda: rig.stats()["visible"] == total, timeout=3_000)


def test_dragging_a_camera_off_the_map_starts_a_camera_drag(rig: MapRig, qtbot: QtBot,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[list[int]] = []
    monkeypatch.setattr(rig.panel, "start_drag", started.append)  # the OS drag loop itself is not testable here
    cam = next(c for c in rig.hub.directory if c.status is CameraStatus.online)
    x, y = zoom_to(rig, cam.id)
    target = rig.panel.view.focusProxy()
    QTest.mouseMove(target, QPoint(round(x), round(y)))
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(round(x), round(y)))
    for step in range(1, 6):
        QTest.mouseMove(target, QPoint(round(x) + 4 * step, round(y) + 3 * step))
        qtbot.wait(30)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       QPoint(round(x) + 20, round(y) + 15))
    qtbot.waitUntil(lambda: started == [[cam.id]], timeout=3_000)
    from ui.cameras.camera_mime import camera_ids_from

    model = rig.panel.camera_list.model
    row = model.row_of(cam.id)
    assert row is not None
    assert camera_ids_from(model.mimeData([model.index(row, 0)])) == [cam.id]


def test_a_local_tile_folder_is_used_and_the_banner_stays_away(qtbot: QtBot, map_backend: MockProcess,
                                                                tmp_path: Path) -> None:
    tile = QImage(256, 256, QImage.Format.Format_RGB32)
    tile.fill(QColor("#c8d2bc"))
    png = tmp_path / "tile.png"
    tile.save(str(png))
    data = png.read_bytes()
    for z in range(9, 15):  # the Milwaukee box at the zooms a fitted view uses
        n = 2 ** z
        for x in range(int((-88.1 + 180) / 360 * n), int((-87.8 + 180) / 360 * n) + 1):
            for y in range(int(n * 0.3655), int(n * 0.3675) + 1):
                folder = tmp_path / "tiles" / str(z) / str(x)
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{y}.png").write_bytes(data)
    rig = make_rig(qtbot, map_backend, AppSettings(tile_dir=str(tmp_path / "tiles"), dark_tiles=False))
    try:
        qtbot.waitUntil(lambda: rig.stats()["tilesLoaded"] > 0, timeout=10_000)
        assert rig.stats()["tiles"] == "ok"
        assert rig.js("document.querySelector('.rtcc-banner').style.display") == "none"
        # Leaflet fades tiles in: wait for the pixels, not the event.
        qtbot.waitUntil(lambda: colour_count(rig.grab(), "#c8d2bc", 3) > 10_000, timeout=5_000)
    finally:
        rig.events.stop()
        rig.panel.shutdown()
