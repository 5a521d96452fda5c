"""What ``settings.json`` may hold, checked key by key with pydantic.

One bad value costs only its own key (or its own profile in the list): the rest of the file is
used, and every problem is named with its key and line so it can be fixed."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rtcc_desktop.json_positions import Path, key_lines, line_for, line_of


class ProfileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str = Field(min_length=1)
    url: str = Field(min_length=1)
    ca_bundle: str | None = None
    cleartext_basic_cameras: list[int] = []


class SettingsModel(BaseModel):
    """Every key is optional: what a file leaves out comes from the layer under it (null is
    refused in check_text: no setting has "none" as a value)."""
    model_config = ConfigDict(extra="forbid", strict=True)
    profiles: list[ProfileModel] | None = Field(default=None, min_length=1)
    last_profile: str | None = Field(default=None)
    last_username: str | None = Field(default=None)
    idle_lock_minutes: int | None = Field(default=None, ge=1, le=30)  # CJIS: at most 30 minutes
    system_use_notice: str | None = Field(default=None)
    tile_url: str | None = Field(default=None)
    tile_attribution: str | None = Field(default=None)
    tile_dir: str | None = Field(default=None)
    tile_max_zoom: int | None = Field(default=None, ge=0, le=22)
    dark_tiles: bool | None = Field(default=None)


KEYS = tuple(SettingsModel.model_fields)
PROFILE_KEYS = tuple(ProfileModel.model_fields)


@dataclass(frozen=True)
class Problem:
    """One thing in a settings file that could not be used."""
    file: str
    where: str  # the key, e.g. "profiles[1].ca_bundle", or "" for the whole file
    line: int | None
    message: str

    def text(self) -> str:
        at = f" line {self.line}" if self.line else ""
        key = f" {self.where}:" if self.where else ":"
        return f"{self.file}{at}{key} {self.message}"


@dataclass
class Checked:
    """The usable part of one file and what was left out of it (kept, to be written back)."""
    values: dict[str, Any]  # key -> validated value (profiles as dicts)
    problems: list[Problem]
    unreadable: dict[str, Any]  # top-level keys whose raw value could not be used
    bad_profiles: list[Any]  # raw profiles that could not be used
    extra: dict[str, Any]  # keys outside the schema that the caller asked to accept (e.g. "locked")


def _where(loc: Path) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _unknown(key: str, known: tuple[str, ...], then: str = "; it is ignored") -> str:
    near = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean {near[0]!r}?)" if near else ""
    return f"unknown key{hint}{then}"


def check_text(text: str, file: str, accept: tuple[str, ...] = ()) -> Checked:
    """Validate one settings file's text; never raises."""
    try:
        raw = json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None)
        msg = getattr(exc, "msg", str(exc))
        return Checked({}, [Problem(file, "", line, f"not JSON ({msg}); nothing in it is used")], {}, [], {})
    if not isinstance(raw, dict):
        return Checked({}, [Problem(file, "", 1, "not a JSON object {...}; nothing in it is used")], {}, [], {})
    lines = key_lines(text)
    problems: list[Problem] = []
    extra = {k: raw.pop(k) for k in accept if k in raw}
    unreadable = {k: raw.pop(k) for k in [k for k in raw if k not in KEYS]}
    for key in unreadable:
        problems.append(Problem(file, key, lines.get((key,)), _unknown(key, KEYS)))
    bad_profiles: list[Any] = []
    profiles = raw.get("profiles")
    if isinstance(profiles, list):
        good = []
        for n, item in enumerate(profiles):
            try:
                good.append(ProfileModel.model_validate(item).model_dump())
            except ValidationError as exc:
                bad_profiles.append(item)
                name = item.get("name") if isinstance(item, dict) else None
                label = f" ({name!r})" if isinstance(name, str) else ""
                for err in exc.errors():
                    loc: Path = ("profiles", n, *err["loc"])
                    msg = err["msg"] if err["type"] != "extra_forbidden" else \
                        _unknown(str(err["loc"][-1]), PROFILE_KEYS, "")
                    problems.append(Problem(file, _where(loc), line_for(lines, loc),
                                            f"{msg}; this profile{label} is not offered until it is fixed"))
        if good:
            raw["profiles"] = good
        else:
            del raw["profiles"]
            if profiles:
                unreadable["profiles"] = profiles
            bad_profiles = []
    for key in [k for k, v in raw.items() if v is None]:
        unreadable[key] = raw.pop(key)
        problems.append(Problem(file, key, lines.get((key,)), "null is not a value for it; the default is used"))
    try:
        model = SettingsModel.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            key = str(err["loc"][0])
            if key in raw:
                unreadable[key] = raw.pop(key)
            problems.append(Problem(file, _where(tuple(err["loc"])), line_for(lines, tuple(err["loc"])),
                                    f"{err['msg']} (got {json.dumps(unreadable.get(key))[:60]}); "
                                    "the default is used"))
        model = SettingsModel.model_validate(raw)  # what is left is valid
    values = {k: v for k, v in model.model_dump().items() if k in model.model_fields_set}
    return Checked(values, problems, unreadable, bad_profiles, extra)


__all__ = ["KEYS", "Checked", "Problem", "check_text", "line_of"]
