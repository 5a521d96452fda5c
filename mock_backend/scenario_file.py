"""Scenario files: a drill's timed steps, in YAML (or JSON, which YAML reads too).

Validated up front with errors that name the file's line, so a trainer fixing
a drill never has to guess which step is wrong. See ``mock_backend/drills/``
for the shipped Milwaukee drills and the README for the format.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rtcc_desktop.api.schemas.common import CASE_NUMBER_PATTERN

DRILLS_DIR = Path(__file__).parent / "drills"
Point = tuple[Annotated[float, Field(ge=-90, le=90)], Annotated[float, Field(ge=-180, le=180)]]
SharingFilter = Literal["live", "alarm_only", "on_request", "registry_only", "any"]


class ScenarioError(ValueError):
    def __init__(self, filename: str, line: int, message: str) -> None:
        super().__init__(f"{filename}, line {line}: {message}")
        self.filename, self.line, self.message = filename, line, message


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CameraPick(_Strict):
    """Which camera a step acts on, decided when it fires (the drill adapts to what trainees did)."""

    near: str | Point | None = Field(default=None, description="an incident step's id, or [lat, lon]")
    sharing: SharingFilter | None = Field(default=None, description="default depends on the action")
    rank: int = Field(default=1, ge=1, le=50, description="1 = nearest")
    pick: Literal["nearest", "random"] = "nearest"
    viewed: bool = Field(default=False, description="the camera a trainee opened live most recently, if any")

    def describe(self, default_sharing: str) -> str:
        if self.viewed:
            return "the camera a trainee is watching"
        sharing = self.sharing or default_sharing
        kind = "" if sharing == "any" else sharing.replace("_", "-") + " "
        where = f"'{self.near}'" if isinstance(self.near, str) else "downtown" if self.near is None else \
            f"{self.near[0]:.4f},{self.near[1]:.4f}"
        which = "a random" if self.pick == "random" else "the nearest" if self.rank == 1 else f"#{self.rank} nearest"
        return f"{which} {kind}camera to {where}"


CameraRef = Annotated[int, Field(ge=1)] | CameraPick


class _Step(_Strict):
    at: float | tuple[float, float] = Field(description="seconds after start, or [earliest, latest] for a random time")
    note: str = Field(default="", max_length=500, description="shown to the trainer in the timeline")

    def camera_text(self, camera: CameraRef, default_sharing: str) -> str:
        return f"camera {camera}" if isinstance(camera, int) else camera.describe(default_sharing)


class IncidentStep(_Step):
    do: Literal["incident"]
    id: str = Field(default="incident", min_length=1, max_length=40, description="name later steps use in near:")
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    kind: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=2000)

    def summary(self) -> str:
        return f"Incident '{self.id}': {self.kind} — {self.description or 'no description'}"


class CameraStatusStep(_Step):
    do: Literal["camera_offline", "camera_online"]
    camera: CameraRef
    count: int = Field(default=1, ge=1, le=25, description="this many cameras, from the picked one outwards")

    def summary(self) -> str:
        what = self.camera_text(self.camera, "live" if self.do == "camera_offline" else "any")
        more = f" and the next {self.count - 1}" if self.count > 1 else ""
        return f"{'Offline' if self.do == 'camera_offline' else 'Back online'}: {what}{more}"


class AlarmStep(_Step):
    do: Literal["alarm"]
    camera: CameraRef
    minutes: float = Field(default=15, gt=0, le=24 * 60)

    def summary(self) -> str:
        return f"Alarm for {self.minutes:g} min: {self.camera_text(self.camera, 'alarm_only')}"


class ConsentStep(_Step):
    do: Literal["consent_revoke", "consent_grant"]
    camera: CameraRef
    minutes: int | None = Field(default=None, ge=1, le=7 * 24 * 60, description="grant only: for this long")

    def summary(self) -> str:
        if self.do == "consent_revoke":
            return f"Owner withdraws live consent: {self.camera_text(self.camera, 'live')}"
        limit = f" for {self.minutes} min" if self.minutes else ""
        return f"Owner grants live sharing{limit}: {self.camera_text(self.camera, 'on_request')}"


class LabelStep(_Step):
    do: Literal["label"]
    camera: CameraRef
    label: str = Field(min_length=1, max_length=200)

    def summary(self) -> str:
        return f"Owner renames {self.camera_text(self.camera, 'live')} to “{self.label}”"


class ProtocolStep(_Step):
    """From now on, grants for the camera(s) point at this protocol (a camera behind an NVR
    that speaks RTSP, a vendor cloud that serves HLS...)."""

    do: Literal["protocol"]
    camera: CameraRef
    count: int = Field(default=1, ge=1, le=25)
    protocol: Literal["http-ts", "rtsp", "hls"]

    def summary(self) -> str:
        more = f" and the next {self.count - 1}" if self.count > 1 else ""
        return f"Streams as {self.protocol.upper()}: {self.camera_text(self.camera, 'live')}{more}"


class OwnerAnswerStep(_Step):
    do: Literal["owner_answer"]
    answer: Literal["approve", "decline"]
    request: Literal["latest"] | Annotated[int, Field(ge=1)] = Field(
        default="latest", description="'latest': the newest request waiting for owners since the drill began")

    def summary(self) -> str:
        which = "the newest pending request" if self.request == "latest" else f"request {self.request}"
        return f"Owners {'approve' if self.answer == 'approve' else 'decline'} {which}"


class EscalationStep(_Step):
    do: Literal["escalation"]
    near: str | Point = Field(description="an incident step's id, or [lat, lon]")
    cameras: int = Field(default=30, ge=1, le=200)
    hours: float = Field(default=14, gt=0, le=72)
    case_number: Annotated[str, Field(pattern=CASE_NUMBER_PATTERN)]
    justification: str = Field(min_length=1, max_length=2000)
    by: str = Field(default="det.colleague", min_length=1, max_length=64, description="who files it")

    def summary(self) -> str:
        return (f"{self.by} files an over-limit request ({self.cameras} cameras, {self.hours:g} h) for case "
                f"{self.case_number}: needs a supervisor")


Step = Annotated[IncidentStep | CameraStatusStep | AlarmStep | ConsentStep | LabelStep | ProtocolStep
                 | OwnerAnswerStep | EscalationStep, Field(discriminator="do")]
ACTIONS = ("incident", "camera_offline", "camera_online", "alarm", "consent_revoke", "consent_grant", "label",
           "protocol", "owner_answer", "escalation")


class ScenarioModel(_Strict):
    name: str = Field(min_length=1, max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=4000)
    steps: list[Step] = Field(min_length=1, max_length=500)


@dataclass(frozen=True)
class TimedStep:
    index: int
    at_s: float  # drawn once at load when the file gives a range
    line: int
    step: Step


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    description: str
    steps: tuple[TimedStep, ...]  # in firing order

    @property
    def duration_s(self) -> float:
        return max((s.at_s for s in self.steps), default=0.0)


# --- YAML with line numbers ---------------------------------------------------------------
class _Lined(dict[str, Any]):
    """A mapping that remembers the line of itself ("") and of each key."""

    lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _mapping(loader: _Loader, node: yaml.MappingNode) -> _Lined:
    result = _Lined(loader.construct_mapping(node, deep=True))
    result.lines = {"": node.start_mark.line + 1}
    for key_node, _ in node.value:
        result.lines[str(key_node.value)] = key_node.start_mark.line + 1
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)  # type: ignore[arg-type]


def _walk(data: Any, loc: tuple[int | str, ...]) -> tuple[int, list[str]]:
    """The line and the file's own key path for a pydantic error location (which also
    holds union tags such as 'CameraPick' or 'constrained-int': those are skipped)."""
    line, node, path = getattr(data, "lines", {}).get("", 1), data, []
    for part in loc:
        if isinstance(node, _Lined) and isinstance(part, str) and part in node:
            line, node = node.lines.get(part, line), node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            path.append(str(part))
            if isinstance(node, _Lined):
                line = node.lines[""]
        elif isinstance(node, _Lined) and isinstance(part, str) and part.isidentifier() and part.islower() \
                and part not in ACTIONS:
            path.append(part)  # a field the file lacks: named at its mapping's line
            break
    return line, path


def _line_of(data: Any, loc: tuple[int | str, ...]) -> int:
    return _walk(data, loc)[0]


def _where(path: list[str]) -> str:
    if len(path) >= 2 and path[0] == "steps":
        rest = path[2:]
        return f"step {int(path[1]) + 1}" + (f", {'.'.join(rest)}" if rest else "")
    return ".".join(path) or "file"


def parse(text: str, filename: str = "scenario.yaml", seed: int = 7) -> Scenario:
    """The scenario in ``text``; ScenarioError (naming the line) when it is not a valid one."""
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ScenarioError(filename, (mark.line + 1) if mark else 1, f"not valid YAML/JSON: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ScenarioError(filename, 1, f"not valid YAML/JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ScenarioError(filename, 1, "a scenario is a mapping with name, title, description and steps")
    steps = data.get("steps")
    if isinstance(steps, list):
        for item in steps:  # name the action list for a step without a known 'do'
            if isinstance(item, _Lined) and item.get("do") not in ACTIONS:
                got = item.get("do")
                line = item.lines.get("do", item.lines[""])
                problem = "has no 'do'" if got is None else f"has unknown action do: {got!r}"
                raise ScenarioError(filename, line, f"step {steps.index(item) + 1} {problem}; "
                                    f"expected one of: {', '.join(ACTIONS)}")
    try:
        model = ScenarioModel.model_validate(data)
    except ValidationError as exc:
        # Of a union's alternatives, the error that got deepest into the file says most.
        first = max(exc.errors(), key=lambda e: len(_walk(data, tuple(e["loc"]))[1]))
        line, path = _walk(data, tuple(first["loc"]))
        raise ScenarioError(filename, line, f"{_where(path)}: {first['msg']}") from None
    rng = random.Random(f"{seed}:{model.name}")
    timed = []
    incidents: dict[str, float] = {}
    for index, step in enumerate(model.steps):
        at = step.at if isinstance(step.at, float | int) else rng.uniform(min(step.at), max(step.at))
        if float(at) < 0:
            raise ScenarioError(filename, _line_of(data, ("steps", index, "at")), f"step {index + 1}: at must be ≥ 0")
        timed.append(TimedStep(index, round(float(at), 1), _line_of(data, ("steps", index)), step))
        if isinstance(step, IncidentStep):
            incidents[step.id] = float(at)
    for t in timed:  # a step near an incident must come after that incident
        near = getattr(t.step, "near", None) or getattr(getattr(t.step, "camera", None), "near", None)
        if isinstance(near, str) and (near not in incidents or incidents[near] > t.at_s):
            raise ScenarioError(filename, t.line, f"step {t.index + 1}: near: {near!r} is not an incident step "
                                "that fires before it" + (f" (incidents: {', '.join(incidents)})" if incidents else ""))
    ordered = tuple(sorted(timed, key=lambda t: (t.at_s, t.index)))
    return Scenario(model.name, model.title, model.description, ordered)


def load_file(path: Path, seed: int = 7) -> Scenario:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(str(path), 1, f"cannot read the file: {exc}") from None
    return parse(text, path.name, seed)


@cache
def shipped(seed: int = 7) -> dict[str, Scenario]:
    """The drills that come with the mock, by name (read once: they ship with the code)."""
    drills = (load_file(p, seed) for p in sorted(DRILLS_DIR.glob("*.yaml")))
    return {d.name: d for d in drills}
