"""Every camera the backend registered, kept current from the event stream.

The map, the camera list and the wall all read this one directory, so a
consent change seen by one is seen by all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from rtcc_desktop.api.schemas import Camera, ServerEvent


class CameraDirectory:
    def __init__(self, cameras: Iterable[Camera] = ()) -> None:
        self._cameras: dict[int, Camera] = {c.id: c for c in cameras}

    def __len__(self) -> int:
        return len(self._cameras)

    def __iter__(self) -> Iterator[Camera]:
        return iter(self._cameras.values())

    def get(self, camera_id: int) -> Camera | None:
        return self._cameras.get(camera_id)

    def replace_all(self, cameras: Iterable[Camera]) -> None:
        self._cameras = {c.id: c for c in cameras}

    def apply(self, event: ServerEvent) -> Camera | None:
        """Take a camera event into the directory; the changed camera, or None.

        A malformed camera in an event is ignored (the next full load repairs
        it) rather than breaking the stream of events for everyone else."""
        payload: Any
        if event.type == "camera.updated":
            payload = event.data
        elif event.type == "consent.changed":
            payload = event.data.get("camera")
        else:
            return None
        try:
            camera = Camera.model_validate(payload)
        except ValidationError:
            return None
        known = self._cameras.get(camera.id)
        if known is not None and known.updated_at > camera.updated_at:
            return None  # an older event arriving late must not undo a newer state
        self._cameras[camera.id] = camera
        return camera

    def live_viewable(self, camera_id: int, now: datetime | None = None) -> bool:
        camera = self._cameras.get(camera_id)
        return camera is not None and camera.has_live_consent(now or datetime.now(UTC))
