"""Trainer-only controls (training environment only). A drill's incidents are ``Incident``s like
any other (schemas/incidents.py)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rtcc_desktop.api.schemas.cameras import CameraStatus
from rtcc_desktop.api.schemas.common import AwareDatetime, InputModel, Model


class CameraStatusChange(InputModel):
    status: CameraStatus


class ConsentChange(InputModel):
    action: Literal["revoke", "grant"]
    minutes: int | None = Field(
        default=None, ge=1, le=7 * 24 * 60, description="grant only: consent lasts this long; null = no limit"
    )


class CameraLabelChange(InputModel):
    label: str = Field(min_length=1, max_length=200)


class ScenarioInfo(Model):
    name: str
    title: str
    description: str
    steps: int = 0
    duration_s: float = 0


ScenarioState = Literal["idle", "running", "paused", "finished"]


class ScenarioStep(Model):
    """One timed step of the loaded drill, as the trainer's timeline shows it."""

    index: int
    at_s: float = Field(description="Seconds after the drill starts (pauses excluded)")
    action: str
    summary: str = Field(description="What the step will do, in words")
    line: int = Field(description="Line of the step in the scenario file")
    fired_at: AwareDatetime | None = None
    outcome: str | None = Field(default=None, description="What it did, or why it could not")
    failed: bool = False


class ScenarioStatus(Model):
    name: str | None = None
    title: str = ""
    description: str = ""
    state: ScenarioState = "idle"
    started_at: AwareDatetime | None = Field(default=None, description="First start since the last reset")
    elapsed_s: float = 0
    steps: list[ScenarioStep] = Field(default_factory=list)


class ScenarioLoad(InputModel):
    """Load a shipped drill by ``name``, or a scenario file's ``text`` (YAML or JSON)."""

    name: str | None = Field(default=None, max_length=80)
    text: str | None = Field(default=None, max_length=200_000)
    filename: str = Field(default="scenario.yaml", max_length=200)


class ScenarioCommand(InputModel):
    action: Literal["start", "pause", "resume", "reset"]
