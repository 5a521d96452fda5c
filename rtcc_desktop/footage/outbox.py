"""Unsent footage requests, kept on disk until the backend has them.

One JSON file per request, written atomically (temp file + rename) before any
network call, and deleted only after the backend answered 2xx — so a crash or a
dead backend loses nothing. And a request is created once: the file's key
travels as the request's ``client_ref``, so if the app dies after the backend
accepted a request but before the entry was removed, the resend returns the
existing request instead of creating a duplicate.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from rtcc_desktop.api.schemas import FootageRequestCreate


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    body: FootageRequestCreate
    path: Path


class Outbox:
    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def put(self, body: FootageRequestCreate) -> OutboxEntry:
        """Store it; the entry's key is also the request's idempotency key (client_ref),
        so a resend after a crash cannot create a second request."""
        key = uuid.uuid4().hex
        body = body.model_copy(update={"client_ref": key})
        path = self.folder / f"{key}.json"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(body.model_dump_json(), encoding="utf-8")
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())  # on disk before we tell anyone it is safe
        tmp.replace(path)
        return OutboxEntry(key, body, path)

    def pending(self) -> list[OutboxEntry]:
        entries = []
        for path in sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime):
            try:
                body = FootageRequestCreate.model_validate(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                # Unreadable entries are set aside, never silently deleted.
                path.replace(path.with_suffix(".damaged"))
                continue
            entries.append(OutboxEntry(path.stem, body, path))
        return entries

    def done(self, entry: OutboxEntry) -> None:
        entry.path.unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(list(self.folder.glob("*.json")))
