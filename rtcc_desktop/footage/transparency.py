"""The transparency report: what the program was used for, for a council or the public.

Counts only — never an owner's identity, never a camera's address. Built from
the audit trail (what happened) and the requests (their outcome), so every
figure can be traced back to audit entries."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rtcc_desktop.api.schemas import AuditEvent, FootageRequest
from rtcc_desktop.footage.csv_safe import csv_text


@dataclass
class TransparencyReport:
    start: datetime
    end: datetime
    requests_by_status: dict[str, int] = field(default_factory=dict)
    requests_total: int = 0
    owner_approvals: int = 0
    owner_declines: int = 0
    escalations_created: int = 0
    escalations_approved: int = 0
    escalations_denied: int = 0
    live_views_granted: int = 0
    live_view_minutes_granted: float = 0.0
    distinct_cameras_viewed: int = 0
    footage_downloads: int = 0
    room_wall_pushes: int = 0
    room_wall_minutes: float = 0.0
    room_wall_cameras: int = 0

    def rows(self) -> list[tuple[str, str]]:
        out = [("Period", f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}"),
               ("Footage requests made", str(self.requests_total))]
        out += [(f"Requests now {status.replace('_', ' ')}", str(n))
                for status, n in sorted(self.requests_by_status.items())]
        out += [
            ("Camera owners who shared footage", str(self.owner_approvals)),
            ("Camera owners who declined", str(self.owner_declines)),
            ("Escalations to a supervisor", str(self.escalations_created)),
            ("Escalations approved", str(self.escalations_approved)),
            ("Escalations denied", str(self.escalations_denied)),
            ("Live views granted", str(self.live_views_granted)),
            ("Live-view minutes granted (upper bound)", f"{self.live_view_minutes_granted:.0f}"),
            ("Distinct cameras viewed live", str(self.distinct_cameras_viewed)),
            ("Footage files downloaded", str(self.footage_downloads)),
            ("Cameras put on the room wall", str(self.room_wall_pushes)),
            ("Room-wall live minutes", f"{self.room_wall_minutes:.0f}"),
            ("Distinct cameras on the room wall", str(self.room_wall_cameras)),
        ]
        return out


def build_report(start: datetime, end: datetime, audit: list[AuditEvent],
                 requests: list[FootageRequest]) -> TransparencyReport:
    in_range = [e for e in audit if start <= e.at < end and e.outcome == "success"]
    made = [r for r in requests if start <= r.created_at < end]
    report = TransparencyReport(start=start, end=end)
    report.requests_total = len(made)
    report.requests_by_status = dict(Counter(r.status.value for r in made))
    report.owner_approvals = sum(r.owners_approved for r in made)
    report.owner_declines = sum(r.owners_declined for r in made)
    actions = Counter(e.action for e in in_range)
    report.escalations_created = actions["escalation.create"]
    report.escalations_approved = actions["escalation.approved"]
    report.escalations_denied = actions["escalation.denied"]
    grants = [e for e in in_range if e.action == "stream.grant"]
    report.live_views_granted = len(grants)
    report.live_view_minutes_granted = sum(float(e.detail.get("expires_in_s", 0)) for e in grants) / 60
    report.distinct_cameras_viewed = len({e.target for e in grants})
    report.footage_downloads = actions["footage.download"]
    pushes = [e for e in in_range if e.action == "room_wall.push"]
    report.room_wall_pushes = len(pushes)
    report.room_wall_cameras = len({e.target for e in pushes})
    report.room_wall_minutes = room_wall_seconds(start, end, audit) / 60
    return report


def _slot(event: AuditEvent) -> tuple[object, object, object]:
    return event.detail.get("wall_id"), event.detail.get("screen"), event.detail.get("tile")


def room_wall_seconds(start: datetime, end: datetime, audit: list[AuditEvent],
                      now: datetime | None = None) -> float:
    """Seconds cameras were on room tiles within [start, end), from the trail: a tile's camera is
    there from its push until the tile_left entry that records it leaving (which says how long
    it was there, so a push before ``start`` counts from ``start``); one still there counts to
    ``end`` or now. Counted apart from the seats' live views: the room wall is watched by a room."""
    until = min(end, now or datetime.now(UTC))
    opened: dict[tuple[object, object, object], datetime] = {}
    total = 0.0

    def overlap(a: datetime, b: datetime) -> float:
        return max(0.0, (min(b, until) - max(a, start)).total_seconds())

    for e in sorted((e for e in audit if e.outcome == "success"), key=lambda e: (e.at, e.id)):
        if e.action == "room_wall.push":
            opened[_slot(e)] = e.at
        elif e.action == "room_wall.tile_left":
            began = opened.pop(_slot(e), None)
            if began is None:
                try:
                    seconds = max(0.0, float(e.detail.get("seconds", 0)))
                except (TypeError, ValueError):  # a trail entry is the backend's word: unreadable counts 0
                    seconds = 0.0
                began = e.at - timedelta(seconds=min(seconds, 366 * 86400))
            total += overlap(began, e.at)
    return total + sum(overlap(began, until) for began in opened.values())


def to_csv(report: TransparencyReport) -> str:
    return csv_text([("figure", "value"), *report.rows()])


def _chart_items(report: TransparencyReport) -> list[tuple[str, int]]:
    items = sorted(report.requests_by_status.items(), key=lambda kv: -kv[1]) or [("none", 0)]
    return [(status.replace("_", " "), n) for status, n in items]


def chart_text(report: TransparencyReport) -> str:
    """The chart in words: what a screen reader says for it, and what a reader of the printed
    page without the picture gets (every bar's label and count)."""
    parts = [f"{status}: {n}" for status, n in _chart_items(report)]
    return f"Footage requests by outcome, {report.requests_total} in all: " + "; ".join(parts) + "."


def _bars(report: TransparencyReport) -> str:
    """An inline SVG bar chart (no scripts, no external files: the page prints and archives),
    an image to assistive technology with the chart in words as its description."""
    items = _chart_items(report)
    top = max(n for _, n in items) or 1
    bars = []
    for i, (status, n) in enumerate(items):
        y, width = 10 + i * 26, 320 * n / top
        bars.append(f'<text x="0" y="{y + 15}" font-size="12">{html.escape(status)}</text>'
                    f'<rect x="130" y="{y}" width="{width:.0f}" height="18" fill="#2f5d8a"/>'
                    f'<text x="{135 + width:.0f}" y="{y + 14}" font-size="12">{n}</text>')
    height = 20 + 26 * len(items)
    words = html.escape(chart_text(report))
    return (f'<figure><svg xmlns="http://www.w3.org/2000/svg" width="520" height="{height}" role="img" '
            f'aria-labelledby="chart-title chart-desc"><title id="chart-title">Footage requests by outcome</title>'
            f'<desc id="chart-desc">{words}</desc><g aria-hidden="true">{"".join(bars)}</g></svg>'
            f'<figcaption>{words}</figcaption></figure>')


def to_html(report: TransparencyReport, program: str = "Community camera program") -> str:
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td class='n'>{html.escape(v)}</td></tr>" for k, v in report.rows())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(program)} — transparency report</title>
<style>body{{font-family:sans-serif;max-width:760px;margin:2em auto;color:#111}}
table{{border-collapse:collapse;width:100%}}td{{border-bottom:1px solid #ccc;padding:4px 6px}}
td.n{{text-align:right}}p.note{{color:#555;font-size:90%}}</style></head><body>
<h1>{html.escape(program)}: transparency report</h1>
<p>{report.start:%B %d, %Y} to {report.end:%B %d, %Y}. Footage from the voluntary camera program may be used
only for criminal investigations. Every request and live view is recorded in an audit trail.</p>
<h2>Footage requests by outcome</h2>{_bars(report)}
<h2>Figures</h2><table>{rows}</table>
<p class="note">No camera owner is identified in this report. Live-view minutes count the time granted,
an upper bound of the time watched. Room-wall minutes count the time cameras were on the shared wall at the
front of the center, apart from the seats' live views.</p></body></html>
"""
