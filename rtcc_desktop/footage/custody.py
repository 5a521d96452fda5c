"""Chain-of-custody record written next to every delivered footage file."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rtcc_desktop.api.schemas import FootageItem, FootageRequest
from rtcc_desktop.footage.file_names import CUSTODY, companion, footage_destination

if TYPE_CHECKING:
    from rtcc_desktop.api.client import BackendClient


def custody_path(footage_file: Path) -> Path:
    return companion(footage_file, CUSTODY)


def deliver_footage(client: BackendClient, request: FootageRequest, item: FootageItem, folder: Path,
                    downloaded_by: str, backend_url: str,
                    progress: Callable[[int, int], None] | None = None) -> Path:
    """Download ``item`` into ``folder`` under a safe name, verified, with its custody record."""
    dest = footage_destination(folder, request.case_number, request.id, item.camera_id)
    saved = client.download_footage(item, dest, progress=progress)
    write_custody_record(saved, item, request, downloaded_by, backend_url)
    return saved


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
