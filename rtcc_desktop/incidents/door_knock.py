"""The door-knock list: registry-only cameras around an incident, for officers to ask about in
person, as a printable page (HTML with a small map; the UI prints it to PDF) and a CSV.

It names no owner and prints no owner-supplied label (labels are often a family name): the
address, where the camera sits and looks, how far from the scene, and the camera's number for
the case file. Every text from outside is escaped (HTML) or made inert (CSV, csv_safe).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from datetime import datetime

from rtcc_desktop.api.schemas import Canvass, CanvassStop, Incident
from rtcc_desktop.footage.csv_safe import csv_text
from rtcc_desktop.incidents.walking_order import walk_length_m, walking_order

_COMPASS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")
_MAP_PX = 360
_PRINT_MAP_PX = 240
_M_PER_DEG_LAT = 111_320.0
HEADER = ("Stop", "Address", "Camera faces", "From the scene", "Camera", "Answered / footage (officer)")
_WIDTHS = (10, 31, 16, 11, 12, 20)  # per cent: the address and the officer's notes get the room


def facing(stop: CanvassStop) -> str:
    if stop.heading is None:
        return "not known"
    direction = _COMPASS[int((stop.heading % 360) / 22.5 + 0.5) % 16]
    return f"{direction} ({stop.heading:.0f}°)" + (f", {stop.fov:.0f}° wide" if stop.fov else "")


@dataclass(frozen=True)
class DoorKnockList:
    incident: Incident
    canvass: Canvass
    order: tuple[int, ...]  # indexes into canvass.items, walking order from the scene

    @classmethod
    def build(cls, incident: Incident, canvass: Canvass) -> DoorKnockList:
        stops = [(s.lat, s.lon) for s in canvass.items]
        return cls(incident, canvass, tuple(walking_order((incident.lat, incident.lon), stops)))

    @property
    def stops(self) -> list[CanvassStop]:
        return [self.canvass.items[i] for i in self.order]

    def walk_m(self) -> float:
        return walk_length_m((self.incident.lat, self.incident.lon), [(s.lat, s.lon) for s in self.canvass.items],
                             self.order)

    def rows(self) -> list[tuple[str, ...]]:
        return [(str(n), s.address, facing(s), f"{s.distance_m:.0f} m", str(s.camera_id), "")
                for n, s in enumerate(self.stops, start=1)]

    def csv(self) -> str:
        return csv_text([HEADER, *self.rows()])

    def html(self, generated_by: str, generated_at: datetime, map_src: str | None = None) -> str:
        """The printable page. ``map_src``: an image to show as the map (a renderer without SVG,
        such as the PDF printer); else the map is inline SVG."""
        e, incident = html.escape, self.incident
        head = "".join(f'<th width="{w}%">{e(h)}</th>' for h, w in zip(HEADER, _WIDTHS, strict=True))
        rows = "".join("<tr>" + "".join(f"<td>{e(cell)}</td>" for cell in row) + "</tr>" for row in self.rows())
        # The printed map is smaller: the list is what an officer works from.
        picture = f'<img src="{e(map_src)}" width="{_PRINT_MAP_PX}" height="{_PRINT_MAP_PX}">' if map_src \
            else self.svg()
        where = incident.address or f"{incident.lat:.5f}, {incident.lon:.5f}"
        return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Door-knock list {e(incident.cad_number)}</title>
<style>body{{font-family:sans-serif;font-size:11pt;color:#000}} table{{border-collapse:collapse;width:100%}}
td,th{{border:1px solid #444;padding:4px;text-align:left;vertical-align:top}} th{{background:#ddd}}
.note{{font-size:9pt}}</style></head><body>
<h2>Door-knock list · {e(incident.cad_number)}</h2>
<p><b>{e(incident.kind)}</b> (priority {incident.priority}) at {e(where)},
reported {incident.reported_at.astimezone():%Y-%m-%d %H:%M}.<br>
{len(self.order)} addresses with a registered camera within {self.canvass.radius_m:.0f} m, in walking order
from the scene (about {self.walk_m():.0f} m on foot in straight lines).</p>
{picture}
<table width="100%" cellspacing="0"><tr>{head}</tr>{rows}</table>
<p class="note">Ask whether the camera recorded anything between
{(incident.reported_at.astimezone()):%H:%M} ± 15 min, and whether the owner will share it. Owners share
voluntarily; footage may be used only for criminal investigations. Do not leave this list at a door.<br>
Made by {e(generated_by)} at {generated_at.astimezone():%Y-%m-%d %H:%M}; the backend's audit trail records it.</p>
</body></html>
"""

    def svg(self) -> str:
        """A small map: the search circle, the scene, each stop numbered with its camera's view, the walk."""
        incident, radius = self.incident, max(self.canvass.radius_m, 10.0)
        scale = (_MAP_PX / 2 - 14) / radius  # px per metre
        m_per_deg_lon = _M_PER_DEG_LAT * math.cos(math.radians(incident.lat))

        def xy(lat: float, lon: float) -> tuple[float, float]:
            return (_MAP_PX / 2 + (lon - incident.lon) * m_per_deg_lon * scale,
                    _MAP_PX / 2 - (lat - incident.lat) * _M_PER_DEG_LAT * scale)

        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{_MAP_PX}" height="{_MAP_PX}" '
                 f'viewBox="0 0 {_MAP_PX} {_MAP_PX}" role="img" aria-label="Map of the stops around the scene">',
                 f'<rect width="{_MAP_PX}" height="{_MAP_PX}" fill="#fff" stroke="#444"/>',
                 f'<circle cx="{_MAP_PX / 2}" cy="{_MAP_PX / 2}" r="{radius * scale:.1f}" fill="none" '
                 'stroke="#c00" stroke-dasharray="4 3"/>']
        walk = [xy(incident.lat, incident.lon), *(xy(s.lat, s.lon) for s in self.stops)]
        parts.append('<polyline fill="none" stroke="#888" stroke-width="1" points="'
                     + " ".join(f"{x:.1f},{y:.1f}" for x, y in walk) + '"/>')
        for n, stop in enumerate(self.stops, start=1):
            x, y = xy(stop.lat, stop.lon)
            if stop.heading is not None and stop.fov:
                parts.append(_cone(x, y, stop.heading, stop.fov))
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#1f4fa0"/><text x="{x:.1f}" '
                         f'y="{y + 3.5:.1f}" font-size="9" text-anchor="middle" fill="#fff">{n}</text>')
        cx = cy = _MAP_PX / 2
        parts.append(f'<path d="M{cx - 7},{cy - 7} L{cx + 7},{cy + 7} M{cx - 7},{cy + 7} L{cx + 7},{cy - 7}" '
                     'stroke="#c00" stroke-width="3"/>')
        parts.append(f'<text x="6" y="{_MAP_PX - 6}" font-size="9" fill="#444">N ↑ · circle {radius:.0f} m</text>')
        parts.append("</svg>")
        return "".join(parts)


def _cone(x: float, y: float, heading: float, fov: float, length: float = 22.0) -> str:
    half = min(fov, 359.0) / 2
    a, b = math.radians(heading - half), math.radians(heading + half)
    ax, ay = x + length * math.sin(a), y - length * math.cos(a)
    bx, by = x + length * math.sin(b), y - length * math.cos(b)
    large = 1 if fov > 180 else 0
    return (f'<path d="M{x:.1f},{y:.1f} L{ax:.1f},{ay:.1f} A{length},{length} 0 {large} 1 {bx:.1f},{by:.1f} Z" '
            'fill="#1f4fa0" fill-opacity="0.25" stroke="none"/>')

