"""Sending a response plan to the backend: the footage requests, then the canvass, each step on
its own (one refused step does not stop the others), and the door-knock files written inside the
folder chosen for them. Blocking: the UI runs it off its thread. The live views are the wall's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from rtcc_desktop.api.errors import BackendError
from rtcc_desktop.api.schemas import Canvass, FootageRequest, FootageRequestCreate
from rtcc_desktop.footage.file_names import inside_folder, safe_case_part
from rtcc_desktop.incidents.door_knock import DoorKnockList
from rtcc_desktop.incidents.respond import RequestsRefused, ResponsePlan


class ResponseBackend(Protocol):
    def create_request(self, body: FootageRequestCreate) -> FootageRequest: ...

    def canvass(self, incident_id: int, radius_m: float) -> Canvass: ...


@dataclass
class ResponseResult:
    requests: list[FootageRequest] = field(default_factory=list)
    door_knock: DoorKnockList | None = None
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # a step that did not happen, in words

    def summary(self) -> str:
        parts = []
        for made in self.requests:
            status = made.status.value.replace("_", " ")
            parts.append(f"request {made.id} for {len(made.camera_ids)} cameras ({status})")
        if self.door_knock is not None:
            parts.append(f"door-knock list of {len(self.door_knock.order)} addresses")
        return " · ".join(parts) + (f" — not done: {'; '.join(self.problems)}" if self.problems else "")


def send_response(backend: ResponseBackend, plan: ResponsePlan, folder: Path, made_by: str,
                  now: datetime) -> ResponseResult:
    result = ResponseResult()
    try:
        bodies = plan.requests()
    except RequestsRefused as exc:  # dispatch's incident fits no request: said, and the canvass still made
        result.problems.append(f"the footage requests were not made: {exc}")
        bodies = []
    for body in bodies:
        try:
            result.requests.append(backend.create_request(body))
        except BackendError as exc:
            label = "the escalation" if body.justification else "the footage request"
            result.problems.append(f"{label} was refused: {exc.message}")
    if plan.canvass:
        try:
            listing = DoorKnockList.build(plan.incident, backend.canvass(plan.incident.id, plan.radius_m))
        except BackendError as exc:
            result.problems.append(f"the door-knock list was refused: {exc.message}")
        else:
            result.door_knock = listing
            result.files += write_door_knock(listing, folder, made_by, now)
    return result


def door_knock_stem(folder: Path, cad_number: str, now: datetime) -> Path:
    """``folder/door-knock-<CAD>-<time>``: the CAD number comes from dispatch, so only its safe part."""
    return inside_folder(folder, folder / f"door-knock-{safe_case_part(cad_number)}-{now:%Y%m%d-%H%M%S}")


def write_door_knock(listing: DoorKnockList, folder: Path, made_by: str, now: datetime) -> list[Path]:
    """The page (HTML) and the CSV, written whole or not at all (a temporary file, then a rename)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = door_knock_stem(folder, listing.incident.cad_number, now)
    written = []
    for suffix, text in ((".html", listing.html(made_by, now)), (".csv", listing.csv())):
        target = stem.with_suffix(suffix)
        partial = target.with_suffix(suffix + ".part")
        partial.write_text(text, encoding="utf-8", newline="")
        os.replace(partial, target)
        written.append(target)
    return written
