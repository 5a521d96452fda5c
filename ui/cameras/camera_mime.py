"""The drag-and-drop format for cameras, shared by the map, the camera list and the wall."""

from __future__ import annotations

import json

from PySide6.QtCore import QMimeData

CAMERA_MIME = "application/x-rtcc-camera-ids"
MAX_DROPPED = 64  # the largest wall; a hostile or broken drag source cannot flood it


def camera_mime(camera_ids: list[int]) -> QMimeData:
    mime = QMimeData()
    mime.setData(CAMERA_MIME, json.dumps(camera_ids).encode())
    mime.setText(", ".join(f"camera {i}" for i in camera_ids))
    return mime


def camera_ids_from(mime: QMimeData) -> list[int]:
    try:
        raw = json.loads(bytes(mime.data(CAMERA_MIME).data()).decode())
        return [int(i) for i in raw][:MAX_DROPPED]
    except (ValueError, TypeError):
        return []
