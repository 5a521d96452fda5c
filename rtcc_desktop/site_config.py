"""The agency's site-wide settings, read under the user's, and the keys it locks.

``settings.json`` in the platform's site config dir (``/etc/xdg/rtcc-desktop/`` on Linux;
``$RTCC_SITE_CONFIG_DIR`` overrides it) has the same keys as the user's file, plus
``"locked": ["profiles", "idle_lock_minutes"]``: locked keys come from the site file whatever
the user's file says, and the app does not change them."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

SITE_ENV = "RTCC_SITE_CONFIG_DIR"
LOCKED_KEY = "locked"


def site_config_dir(app_name: str = "rtcc-desktop") -> Path:
    override = os.environ.get(SITE_ENV)
    return Path(override) if override else Path(platformdirs.site_config_dir(app_name))


def site_settings_path() -> Path:
    return site_config_dir() / "settings.json"
