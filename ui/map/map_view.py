"""The map page in QtWebEngine: loads the folium page from a file, talks to it
through ``RTCC.api`` (Python to page) and the ``MapBridge`` (page to Python).

Calls made before the page is ready wait in a queue, so the panel can push
cameras as soon as they are loaded without caring whether Leaflet has started.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QFile, QIODevice, QObject, Qt, QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from rtcc_desktop.api.schemas import Camera
from rtcc_desktop.map.basemap import Basemap, UrlPolicy
from rtcc_desktop.map.camera_marks import encode_update
from rtcc_desktop.map.page_builder import write_page
from rtcc_desktop.resources import resources_dir
from ui.map.map_bridge import MapBridge

log = logging.getLogger(__name__)


def qwebchannel_js() -> bytes:
    """Qt's own client for QWebChannel, from Qt's resources (see page_builder for why a file)."""
    source = QFile(":/qtwebchannel/qwebchannel.js")
    if not source.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError("Qt's qwebchannel.js is missing from this Qt installation")
    try:
        return bytes(source.readAll().data())
    finally:
        source.close()


class PolicyInterceptor(QWebEngineUrlRequestInterceptor):
    """Refuses every request the map's UrlPolicy does not allow, and remembers them."""

    def __init__(self, policy: UrlPolicy, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.policy = policy
        self.blocked: list[str] = []

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl().toString()
        if not self.policy.allows(url):
            self.blocked.append(url[:200])
            info.block(True)


class MapPage(QWebEnginePage):
    console_error = Signal(str)

    def javaScriptConsoleMessage(self, level: QWebEnginePage.JavaScriptConsoleMessageLevel, message: str,
                                 line: int, source: str) -> None:
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            log.warning("map page: %s (%s:%d)", message, source.rsplit("/", 1)[-1], line)
            self.console_error.emit(message)

    def acceptNavigationRequest(self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType,
                                is_main_frame: bool) -> bool:
        # The page is ours and never navigates; a link in any text must not take it anywhere.
        return nav_type == QWebEnginePage.NavigationType.NavigationTypeTyped

    def createWindow(self, _type: QWebEnginePage.WebWindowType) -> QWebEnginePage | None:
        return None


class MapView(QWebEngineView):
    ready = Signal(str)  # Leaflet version, once the page, Leaflet and the bridge are up
    load_failed = Signal(str)

    def __init__(self, basemap: Basemap, parent: QWidget | None = None,
                 extra_interceptor: QWebEngineUrlRequestInterceptor | None = None) -> None:
        super().__init__(parent)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)  # the page's right-click is "Incident here"
        self._dir = tempfile.TemporaryDirectory(prefix="rtcc-map-")
        folder = Path(self._dir.name)
        # Off the record: nothing of the map (tiles, storage) is written to disk.
        self.profile = QWebEngineProfile(self)
        self.interceptor = PolicyInterceptor(UrlPolicy(basemap, [resources_dir(), folder]), self)
        self.profile.setUrlRequestInterceptor(extra_interceptor or self.interceptor)
        self.map_page = MapPage(self.profile, self)
        settings = self.map_page.settings()
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
        settings.setAttribute(QWebEngineSettings.WebAttribute.JavascriptCanOpenWindows, False)
        settings.setAttribute(QWebEngineSettings.WebAttribute.PluginsEnabled, False)
        self.setPage(self.map_page)
        self.bridge = MapBridge(self)
        self.channel = QWebChannel(self)
        self.channel.registerObject("rtccBridge", self.bridge)
        self.map_page.setWebChannel(self.channel)
        self.bridge.page_ready.connect(self._on_ready)
        self.bridge.frame_drawn.connect(self._on_drawn)
        self.map_page.loadFinished.connect(self._on_load_finished)
        self.is_ready = False
        self.leaflet_version = ""
        self._queue: list[str] = []
        self._seq = 0
        self._labels_after: tuple[int, str] | None = None
        self.page_file = write_page(basemap, folder, qwebchannel_js())

    def start(self) -> None:
        self.map_page.load(QUrl.fromLocalFile(str(self.page_file)))

    def _on_load_finished(self, ok: bool) -> None:
        if not ok:
            self.load_failed.emit(self.tr("The map page did not load ({page_file}).").format(page_file=self.page_file))

    def _on_ready(self, version: str) -> None:
        self.is_ready = True
        self.leaflet_version = version
        queued, self._queue = self._queue, []
        for script in queued:
            self.map_page.runJavaScript(script)
        self.ready.emit(version)

    # --- Python -> page ------------------------------------------------------------------------------
    def call(self, function: str, *args: Any, callback: Callable[[Any], None] | None = None,
             raw_args: str | None = None) -> None:
        """``RTCC.api.<function>(args…)``; arguments as JSON, so no text can become code."""
        encoded = raw_args if raw_args is not None else ", ".join(json.dumps(a) for a in args)
        script = f"RTCC.api.{function}({encoded})"
        if callback is not None:
            # This Qt hands JS objects over as empty strings; JSON crosses intact.
            script = f"JSON.stringify({script})"
        if not self.is_ready:
            self._queue.append(script)  # a queued call's result is not wanted by anyone
        elif callback is not None:
            self.map_page.runJavaScript(script, 0, lambda text: callback(json.loads(text) if text else None))
        else:
            self.map_page.runJavaScript(script)

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def set_cameras(self, positions_json: str, labels_json: str, fit: bool) -> int:
        """The JSON of ``EncodedCameras`` (made off the UI thread). Labels follow once the page
        has drawn the cameras: the markers are what an operator waits for, and 100,000 labels
        would hold the first frame back by their parse time."""
        seq = self.next_seq()
        self.call("setCameras", raw_args=f"{positions_json}, {seq}, {json.dumps(fit)}")
        self._labels_after = (seq, labels_json)
        return seq

    def _on_drawn(self, seq: int, _visible: int, _total: int) -> None:
        if self._labels_after is not None and seq >= self._labels_after[0]:
            labels, self._labels_after = self._labels_after[1], None
            self.call("setLabels", raw_args=labels)

    def update_cameras(self, cameras: Iterable[Camera]) -> int:
        seq = self.next_seq()
        self.call("updateCameras", [encode_update(c) for c in cameras], seq)
        return seq

    def set_filter(self, category_mask: int, kind_mask: int) -> None:
        self.call("setFilter", category_mask, kind_mask)

    def select(self, camera_id: int | None, pan: bool) -> None:
        self.call("select", camera_id if camera_id is not None else -1, pan)

    def set_incident(self, lat: float, lon: float, radius_m: float, fit: bool) -> None:
        self.call("setIncident", lat, lon, radius_m, fit)

    def set_alarms(self, camera_ids: list[int]) -> None:
        self.call("setAlarms", [int(i) for i in camera_ids])

    def clear_incident(self) -> None:
        self.call("clearIncident")

    def stats(self, callback: Callable[[Any], None]) -> None:
        self.call("stats", callback=callback)

    def close_page(self) -> None:
        """Drop the page before the profile (Qt warns, and may crash, the other way round)."""
        self.is_ready = False
        self.setPage(None)  # type: ignore[arg-type]
        shiboken6.delete(self.map_page)
        self.profile.deleteLater()
        self._dir.cleanup()
