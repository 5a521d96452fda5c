"""The wall's settings file (``<config dir>/wall.ini``): what the wall remembers across sessions."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from rtcc_desktop.config import config_dir

_ALARM_TILE = "alarm_tile"


def wall_settings() -> QSettings:
    return QSettings(str(config_dir() / "wall.ini"), QSettings.Format.IniFormat)


def remembered_alarm_tile() -> int | None:
    saved = wall_settings().value(_ALARM_TILE)
    return int(saved) if str(saved).isdigit() else None


def remember_alarm_tile(index: int | None) -> None:
    settings = wall_settings()
    if index is None:
        settings.remove(_ALARM_TILE)
    else:
        settings.setValue(_ALARM_TILE, index)
