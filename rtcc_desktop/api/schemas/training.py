"""Trainer-only controls (training environment only)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rtcc_desktop.api.schemas.cameras import CameraStatus
from rtcc_desktop.api.schemas.common import AwareDatetime, InputModel, Latitude, Longitude, Model


class CameraStatusChange(InputModel):
    status: CameraStatus


class ConsentChange(InputModel):
    action: Literal["revoke", "grant"]
    minutes: int | None = Field(
        default=None, ge=1, le=7 * 24 * 60, description="grant only: consent lasts this long; null = no limit"
    )


class CameraLabelChange(InputModel):
    label: str = Field(min_length=1, max_length=200)


class IncidentCreate(InputModel):
    lat: Latitude
    lon: Longitude
    kind: str = Field(min_length=1, max_length=80)
    description: str = Field(default="", max_length=2000)


class Incident(Model):
    id: int
    lat: float
    lon: float
    kind: str
    description: str
    created_at: AwareDatetime
    created_by: str


class ScenarioInfo(Model):
    name: str
    title: str
    description: str


class ScenarioRun(Model):
    name: str
    started_at: AwareDatetime
    steps: list[str]
