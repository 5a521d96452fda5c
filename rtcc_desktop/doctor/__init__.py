"""``rtcc-desktop doctor``: is this computer ready to run RTCC Desktop?

Prints OK / WARN / FAIL lines with a fix hint each; exits 1 on any FAIL.
"""

from __future__ import annotations

import argparse
import json
import os

from rtcc_desktop.doctor import checks
from rtcc_desktop.doctor.result import Finding
from rtcc_desktop.doctor.settings_checks import check_settings


def collect(backend: str | None, webengine: bool = True) -> list[Finding]:
    findings = [checks.platform_line(), checks.check_python(), *checks.check_qt(), *checks.check_libvlc()]
    if webengine:
        findings.append(checks.check_webengine())
    findings += [checks.check_map_assets(), checks.check_ffmpeg(),
                 checks.check_protocols(), checks.check_log(), *check_settings(), checks.check_backend(backend)]
    return findings


def run_doctor(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="rtcc-desktop doctor", description="Check this computer for RTCC Desktop.")
    p.add_argument("--backend", default=os.environ.get("RTCC_BACKEND_URL"), help="backend URL to check")
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    p.add_argument("--no-webengine", action="store_true", help="skip the (slow) QtWebEngine start check")
    a = p.parse_args(argv)
    findings = collect(a.backend, webengine=not a.no_webengine)
    if a.json:
        print(json.dumps([f.as_dict() for f in findings], indent=2))
    else:
        for f in findings:
            print(f.line())
    return 1 if any(f.level == "FAIL" for f in findings) else 0
