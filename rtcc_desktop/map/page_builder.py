"""Builds the map page with folium, once per session, into a file.

Folium's defaults load Leaflet, jQuery and Bootstrap from CDNs that a crime-center
network may not reach, so the page is pointed at the vendored copy under
``resources/vendor`` and at nothing else. The cameras are not in the page: they
arrive afterwards through ``RTCC.api.setCameras`` (see ui/map/map_view.py), so
the page is the same whatever the directory holds, and a reload never rebuilds it.
It is written to a file because ``setHtml`` fails above 2 MB and a file page may
load the vendored files beside it.
"""

from __future__ import annotations

import json
from pathlib import Path

import folium
from folium.elements import JSCSSMixin
from folium.template import Template

from rtcc_desktop.map.basemap import Basemap
from rtcc_desktop.resources import resource_path

MILWAUKEE = (43.045, -87.945)


def _uri(*parts: str) -> str:
    return resource_path(*parts).resolve().as_uri()


def _script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no '</script>' or '<!--' can form."""
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _CameraLayer(JSCSSMixin):
    """Our script and style, and the call that hands the folium map to them."""

    _template = Template("""
        {% macro script(this, kwargs) %}
            {% if this.dark %}{{ this._parent.get_name() }}.getContainer().classList.add("rtcc-dark-tiles");{% endif %}
            RTCC.attach({{ this._parent.get_name() }}, {{ this.options_json }});
        {% endmacro %}
    """)

    def __init__(self, options: dict[str, object], dark: bool, qwebchannel_url: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "RtccCameraLayer"
        self.options_json = _script_json(options)
        self.dark = dark
        self.default_js = [("qwebchannel", qwebchannel_url), ("rtcc_map", _uri("map", "rtcc_map.js"))]
        self.default_css = [("rtcc_map_css", _uri("map", "rtcc_map.css"))]


def build_page_html(basemap: Basemap, qwebchannel_url: str, center: tuple[float, float] = MILWAUKEE,
                    zoom: int = 12) -> str:
    """``qwebchannel_url``: Qt's qwebchannel.js as a file. Not qrc:, because a qrc: load
    creates a QObject (the scheme job) that a Python application-wide event filter
    (the idle lock's) sees half-constructed, and PySide crashes on it."""
    m = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True,
                   max_zoom=basemap.max_zoom, prefer_canvas=False)
    # Instance lists replace folium's class-level defaults, which point at CDNs.
    m.default_js = [("leaflet", _uri("vendor", "leaflet", "leaflet.js"))]
    m.default_css = [("leaflet_css", _uri("vendor", "leaflet", "leaflet.css"))]
    folium.TileLayer(tiles=basemap.url, attr=basemap.attribution, max_zoom=basemap.max_zoom,
                     max_native_zoom=min(basemap.max_zoom, 19), name="Basemap").add_to(m)
    fallback = json.loads(resource_path("map", "fallback_milwaukee.geojson").read_text(encoding="utf-8"))
    _CameraLayer({"fallback": fallback}, dark=basemap.dark, qwebchannel_url=qwebchannel_url).add_to(m)
    html: str = m.get_root().render()
    return html


def write_page(basemap: Basemap, folder: Path, qwebchannel_js: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    channel = folder / "qwebchannel.js"
    channel.write_bytes(qwebchannel_js)
    page = folder / "map.html"
    page.write_text(build_page_html(basemap, channel.resolve().as_uri()), encoding="utf-8")
    return page
