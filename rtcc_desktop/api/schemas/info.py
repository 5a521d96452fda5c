"""``GET /info``: what backend this is and whether it is a training one."""

from __future__ import annotations

from typing import Literal

from rtcc_desktop.api.schemas.common import Model

Environment = Literal["production", "training"]


class Info(Model):
    name: str
    version: str
    api_version: str = "1"
    environment: Environment
