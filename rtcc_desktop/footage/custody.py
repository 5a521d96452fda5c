"""Chain-of-custody record written next to every delivered footage file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from rtcc_desktop.api.schemas import FootageItem, FootageRequest


def custody_path(footage_file: Path) -> Path:
    return footage_file.with_name(footage_file.name + ".custody.json")


def write_custody_record(footage_file: Path, item: FootageItem, request: FootageRequest, downloaded_by: str,
                         backend_url: str) -> Path:
    record = {
        "file": footage_file.name,
        "sha256": item.sha256,
        "size_bytes": item.size_bytes,
        "source": {"backend": backend_url, "footage_id": item.id, "url": item.url, "camera_id": item.camera_id},
        "request": {"id": request.id, "case_number": request.case_number, "reason": request.reason,
                    "window_start": request.window_start.isoformat(), "window_end": request.window_end.isoformat()},
        "downloaded_by": downloaded_by,
        "downloaded_at": datetime.now(UTC).isoformat(),
        "verified": "sha256 and size matched the backend's record",
    }
    path = custody_path(footage_file)
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return path
