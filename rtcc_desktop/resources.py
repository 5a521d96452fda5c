"""Where the shipped resources (vendored JS/CSS, theme, icons) are.

Next to the packages in a checkout, inside the bundle when frozen, or wherever
``$RTCC_RESOURCES_DIR`` points."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    override = os.environ.get("RTCC_RESOURCES_DIR")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
