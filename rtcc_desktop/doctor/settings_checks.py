"""The doctor's settings lines: problems in the user's and the site's settings files, and the
keys the site locks."""

from __future__ import annotations

from rtcc_desktop.config import load_settings
from rtcc_desktop.doctor.result import Finding
from rtcc_desktop.site_config import SITE_ENV, site_settings_path


def check_settings() -> list[Finding]:
    settings = load_settings(keep_copy=False)  # the doctor reads; it never writes next to the file
    origin = settings.origin
    findings = []
    if origin.problems:
        findings.append(Finding("Settings", "WARN", "; ".join(p.text() for p in origin.problems),
                                "fix those keys (the app uses the rest and the defaults for these)"))
    else:
        written = origin.user_file is not None and origin.user_file.is_file()
        findings.append(Finding("Settings", "OK", f"{origin.user_file}{'' if written else ' (not written yet)'}: "
                                f"{len(settings.profiles)} profile(s)"))
    bad_copies = sorted(origin.user_file.parent.glob(origin.user_file.name + ".bad-*")) if origin.user_file else []
    if bad_copies:
        findings.append(Finding("Settings copies", "WARN",
                                f"copies of settings files that had problems: {', '.join(map(str, bad_copies))}",
                                "take what is needed from them into settings.json, then delete them"))
    if origin.site_file is None:
        findings.append(Finding("Site settings", "OK", f"none ({site_settings_path()}; ${SITE_ENV} moves it)"))
    else:
        locked = ", ".join(origin.locked) or "none"
        findings.append(Finding("Site settings", "OK", f"{origin.site_file}; locked keys: {locked}"))
    return findings
