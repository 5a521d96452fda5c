"""A drill's debrief, computed from the audit trail alone.

Every figure is derived from audit entries, so a debrief can be checked against
the trail line by line (and a city lawyer can). Trainees are the operators and
supervisors; the trainer, the drill's scripted colleagues and the simulators
are not counted as trainees.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from rtcc_desktop.api.schemas import LIMITS, AuditEvent, haversine_m

TRAINEE_ROLES = frozenset({"operator", "supervisor"})
# How long after a revocation a closed view still counts as "went because of it".
_CUT_WINDOW_S = 30.0
_CUT_CODES = frozenset({"no_live_consent", "grant_expired"})

Positions = Callable[[int], tuple[float, float] | None]


def target_id(event: AuditEvent, kind: str) -> int | None:
    """12 for target "camera:12" when ``kind`` is "camera"."""
    if event.target is None or not event.target.startswith(kind + ":"):
        return None
    tail = event.target.split(":", 1)[1]
    return int(tail) if tail.isdigit() else None


@dataclass(frozen=True)
class IncidentFigure:
    incident_id: int
    kind: str
    at: datetime
    first_camera_id: int | None = None  # first live view within the search radius, by a trainee
    first_camera_after_s: float | None = None
    first_camera_by: str | None = None


@dataclass(frozen=True)
class RequestFigure:
    request_id: int
    case_number: str
    by: str
    at: datetime
    cameras: int
    over_limit: tuple[str, ...]

    @property
    def within_limits(self) -> bool:
        return not self.over_limit


@dataclass(frozen=True)
class EscalationFigure:
    escalation_id: int
    case_number: str
    filed_by: str
    at: datetime
    decision: str | None = None  # approved / denied
    decided_by: str | None = None
    reason: str | None = None
    decided_after_s: float | None = None


@dataclass(frozen=True)
class RevocationFigure:
    camera_id: int
    at: datetime
    why: str  # "owner withdrew consent" / "alarm ended"
    views_cut: int = 0  # live views open at the time, closed because of it
    gone_after_s: float | None = None  # the slowest of those to close


@dataclass(frozen=True)
class Debrief:
    title: str
    started_at: datetime | None
    generated_at: datetime
    incidents: tuple[IncidentFigure, ...] = ()
    requests: tuple[RequestFigure, ...] = ()
    escalations: tuple[EscalationFigure, ...] = ()
    revocations: tuple[RevocationFigure, ...] = ()
    trainee_actions: int = 0
    trainees: tuple[str, ...] = field(default=())


def _after(a: datetime, b: datetime) -> float:
    return round((b - a).total_seconds(), 2)


def _incidents(events: list[AuditEvent], positions: Positions, radius_m: float) -> list[IncidentFigure]:
    found = []
    grants = [e for e in events if e.action == "stream.grant" and e.outcome == "success" and e.role in TRAINEE_ROLES]
    for e in events:
        incident_id = target_id(e, "incident")
        if e.action != "training.incident" or incident_id is None:
            continue
        lat, lon = e.detail.get("lat"), e.detail.get("lon")
        figure = IncidentFigure(incident_id, str(e.detail.get("kind", "")), e.at)
        if isinstance(lat, int | float) and isinstance(lon, int | float):
            for g in grants:
                camera_id = target_id(g, "camera")
                where = None if camera_id is None else positions(camera_id)
                if g.at >= e.at and where is not None and haversine_m(lat, lon, *where) <= radius_m:
                    figure = IncidentFigure(incident_id, figure.kind, e.at, camera_id, _after(e.at, g.at), g.actor)
                    break
        found.append(figure)
    return found


def _requests(events: list[AuditEvent]) -> list[RequestFigure]:
    return [RequestFigure(request_id, e.case_number or "", e.actor, e.at, int(e.detail.get("cameras", 0)),
                          tuple(str(r) for r in e.detail.get("over_limit") or ()))
            for e in events
            if e.action == "request.create" and e.role in TRAINEE_ROLES
            and (request_id := target_id(e, "request")) is not None]


def _escalations(events: list[AuditEvent]) -> list[EscalationFigure]:
    filed: dict[int, EscalationFigure] = {}
    for e in events:
        escalation_id = target_id(e, "escalation")
        if escalation_id is None:
            continue
        if e.action == "escalation.create":
            filed[escalation_id] = EscalationFigure(escalation_id, e.case_number or "", e.actor, e.at)
        elif e.action in ("escalation.approved", "escalation.denied") and escalation_id in filed:
            f = filed[escalation_id]
            filed[escalation_id] = EscalationFigure(
                f.escalation_id, f.case_number, f.filed_by, f.at, e.action.split(".", 1)[1], e.actor,
                str(e.detail.get("reason", "")), _after(f.at, e.at))
    return list(filed.values())


def _revocations(events: list[AuditEvent]) -> list[RevocationFigure]:
    found = []
    for e in events:
        camera_id = target_id(e, "camera")
        if camera_id is None or e.action not in ("training.consent_revoke", "alarm.end"):
            continue
        cuts = [c for c in events if c.action == "stream.closed" and target_id(c, "camera") == camera_id
                and c.detail.get("code") in _CUT_CODES and 0 <= (c.at - e.at).total_seconds() <= _CUT_WINDOW_S]
        slowest = max((_after(e.at, c.at) for c in cuts), default=None)
        why = "owner withdrew consent" if e.action == "training.consent_revoke" else "alarm ended"
        found.append(RevocationFigure(camera_id, e.at, why, len(cuts), slowest))
    return found


def build_debrief(events: Iterable[AuditEvent], positions: Positions, *, title: str,
                  started_at: datetime | None, now: datetime,
                  radius_m: float = LIMITS.max_radius_m) -> Debrief:
    """The debrief of the drill that began at ``started_at`` (events before it are ignored)."""
    drill = sorted((e for e in events if started_at is None or e.at >= started_at), key=lambda e: (e.at, e.id))
    trainee = [e for e in drill if e.role in TRAINEE_ROLES and e.action != "audit.read"]
    return Debrief(
        title=title, started_at=started_at, generated_at=now,
        incidents=tuple(_incidents(drill, positions, radius_m)), requests=tuple(_requests(drill)),
        escalations=tuple(_escalations(drill)), revocations=tuple(_revocations(drill)),
        trainee_actions=len(trainee), trainees=tuple(sorted({e.actor for e in trainee})),
    )


# --- HTML export ------------------------------------------------------------------------------
def _t(value: datetime | None) -> str:
    return "—" if value is None else value.astimezone().strftime("%H:%M:%S")


def _s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.1f} s"


def _table(headers: list[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f"<p class='muted'>{html.escape(empty)}</p>"
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def debrief_html(d: Debrief) -> str:
    """A self-contained HTML page (no scripts, no external links); every value escaped."""
    incidents = _table(["Incident", "Reported", "First camera on the wall", "After", "By"],
                       [[f"#{i.incident_id} {i.kind}", _t(i.at),
                         "none within 800 m" if i.first_camera_id is None else f"camera {i.first_camera_id}",
                         _s(i.first_camera_after_s), i.first_camera_by or "—"] for i in d.incidents],
                       "No incident in this drill.")
    requests = _table(["Request", "Case", "By", "Sent", "Cameras", "Within limits"],
                      [[f"#{r.request_id}", r.case_number, r.by, _t(r.at), str(r.cameras),
                        "yes" if r.within_limits else "no: " + "; ".join(r.over_limit)] for r in d.requests],
                      "Trainees sent no footage request.")
    escalations = _table(["Escalation", "Case", "Filed by", "Filed", "Decision", "By", "Reason", "After"],
                         [[f"#{e.escalation_id}", e.case_number, e.filed_by, _t(e.at), e.decision or "undecided",
                           e.decided_by or "—", e.reason or "—", _s(e.decided_after_s)] for e in d.escalations],
                         "No escalation.")
    revocations = _table(["Camera", "When", "Why", "Live views cut", "Gone after (slowest)"],
                         [[str(r.camera_id), _t(r.at), r.why, str(r.views_cut), _s(r.gone_after_s)]
                          for r in d.revocations], "No consent was withdrawn and no alarm ended.")
    within = sum(r.within_limits for r in d.requests)
    made = html.escape(d.generated_at.astimezone().isoformat(timespec="seconds"))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Debrief — {html.escape(d.title)}</title>
<style>
body {{ font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1b1f24; }}
table {{ border-collapse: collapse; margin: .5em 0 1.5em; }}
th, td {{ border: 1px solid #c9d1d9; padding: 4px 8px; text-align: left; vertical-align: top; }}
th {{ background: #eef1f4; }} .muted {{ color: #6b7580; }}
</style></head><body>
<h1>Drill debrief: {html.escape(d.title)}</h1>
<p>Drill started {_t(d.started_at)}; debrief made {made}.
Trainees: {html.escape(", ".join(d.trainees) or "none")} ({d.trainee_actions} audited actions).
Requests within limits: {within} of {len(d.requests)}.</p>
<p class="muted">Every figure comes from the backend's audit trail. Live views are counted from
stream grants; a view "gone" is its stream connection closing at the backend.</p>
<h2>From incident to first camera</h2>{incidents}
<h2>Footage requests</h2>{requests}
<h2>Escalations and decisions</h2>{escalations}
<h2>Consent withdrawn and alarms ended</h2>{revocations}
</body></html>
"""
