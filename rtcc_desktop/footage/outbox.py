"""Unsent footage requests, kept on disk until the backend has them.

One JSON file per request, written atomically (temp file + rename) before any
network call, and deleted only after the backend answered 2xx — so a crash or a
dead backend loses nothing. And a request is created once: the file's key
travels as the request's ``client_ref``, so if the app dies after the backend
accepted a request but before the entry was removed, the resend returns the
existing request instead of creating a duplicate.

Each outbox belongs to one user on one backend (:class:`OutboxOwner`), and so
does each entry: the file records who queued it and for which backend, so an
entry that turns up in someone else's folder is never sent as them.

Files in a folder: ``<key>.json`` waits to be sent; ``<key>.rejected`` was
refused for good by the backend and holds the reason, until the operator edits
and resends it or discards it; ``.damaged`` (unreadable) and ``.foreign`` (queued
for another user or backend) are set aside for a person to look at, never sent
and never deleted.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import stat
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rtcc_desktop.api import json_text
from rtcc_desktop.api.schemas import FootageRequestCreate

log = logging.getLogger(__name__)

_FORMAT = 1
# An entry is a few KiB; anything larger was not written by this app.
MAX_ENTRY_BYTES = 256 * 1024


@dataclass(frozen=True)
class OutboxOwner:
    """Who queued the requests, and for which backend: the exact URL of the profile."""

    user: str
    backend_url: str

    def folder_name(self) -> str:
        """A readable prefix for people, then a hash of the exact user and URL for uniqueness.

        Only the hash tells accounts apart: ``j.doe`` and ``j_doe`` (or two hosts that
        differ only in punctuation) share a prefix but never a folder. The canonical text
        is the JSON list ``[url, user]``, unambiguous whatever either holds. The name
        always contains ``-``, which the older scheme never produced, so the two cannot meet.
        """
        canonical = json.dumps([self.backend_url, self.user], ensure_ascii=False)
        digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:24]
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", self.backend_url, flags=re.IGNORECASE)
        readable = re.sub(r"[^A-Za-z0-9]+", "_", f"{self.user}@{host}").strip("_")[:40]
        return f"{readable}-{digest}"

    def legacy_folder_name(self) -> str:
        """The name earlier versions used: every non-alphanumeric character became ``_``."""
        return "".join(ch if ch.isalnum() else "_" for ch in f"{self.user}@{self.backend_url}")

    def sends_as(self, username: str | None, base_url: str) -> bool:
        """Whether a client signed in as ``username`` at ``base_url`` is this owner.

        The client keeps its URL without the trailing slash, so that is all that is
        ignored here; the folder itself is keyed on the exact URL."""
        return username == self.user and self.backend_url.rstrip("/") == base_url.rstrip("/")


@dataclass(frozen=True)
class OutboxEntry:
    key: str
    body: FootageRequestCreate
    path: Path
    owner: OutboxOwner


@dataclass(frozen=True)
class RejectedEntry:
    """A request the backend refused for good, with its words for why."""

    key: str
    body: FootageRequestCreate
    path: Path
    owner: OutboxOwner
    reason: str
    status: int | None
    rejected_at: datetime


def _write_atomically(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data), encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())  # on disk before we tell anyone it is safe
    tmp.replace(path)


def _record(owner: OutboxOwner, body: FootageRequestCreate) -> dict[str, Any]:
    return {"format": _FORMAT, "user": owner.user, "backend_url": owner.backend_url,
            "queued_at": datetime.now(UTC).isoformat(), "body": body.model_dump(mode="json")}


def _load(path: Path) -> Any:
    """The file's JSON, or OSError/ValueError for anything this app does not write there: a
    symlink, a pipe or device (reading one could block or never end), a file over
    ``MAX_ENTRY_BYTES``, nesting deeper than the parser can take (``json_text``)."""
    if not stat.S_ISREG(path.lstat().st_mode):
        raise ValueError("not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped after the check above
            raise ValueError("not a regular file")
        raw = f.read(MAX_ENTRY_BYTES + 1)
    if len(raw) > MAX_ENTRY_BYTES:
        raise ValueError(f"larger than {MAX_ENTRY_BYTES // 1024} KiB")
    return json_text.loads(raw.decode("utf-8"))


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:  # gone since it was listed: reading it fails next, and it is skipped
        return 0.0


def _set_aside(path: Path, suffix: str) -> None:
    """Rename it so it is not read again; never deleted. One that cannot be renamed (gone, or
    a folder that will not let it) stays where it is and is skipped again next time."""
    try:
        path.replace(path.with_suffix(suffix))
    except OSError as exc:
        log.warning("outbox entry %s could not be set aside as %s: %s", path, suffix, exc)


def _read(path: Path) -> tuple[dict[str, Any], OutboxOwner | None, FootageRequestCreate]:
    """Raises OSError/ValueError when unreadable; the owner is None when the file names none."""
    data = _load(path)
    if not isinstance(data, dict):
        raise ValueError("not an outbox entry")
    # An entry from before entries named their owner is the bare request: it has no owner.
    body = FootageRequestCreate.model_validate(data["body"] if "body" in data else data)
    user, url = data.get("user"), data.get("backend_url")
    owner = OutboxOwner(user, url) if isinstance(user, str) and isinstance(url, str) else None
    return data, owner, body


class Outbox:
    def __init__(self, folder: Path, owner: OutboxOwner):
        self.folder = folder
        self.owner = owner
        self.legacy_folder: Path | None = None
        self.legacy_leftovers: list[str] = []
        self.set_aside: list[Path] = []  # what the last ``pending()`` set aside, for the UI to name
        folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def for_account(cls, root: Path, owner: OutboxOwner) -> Outbox:
        """The outbox of one user on one backend, under ``root``.

        A folder left by an earlier version (named by :meth:`OutboxOwner.legacy_folder_name`)
        is left untouched and not read: that name was shared by every user and backend
        that differed only in punctuation, so its entries may have been queued by someone
        else, and sending them as this user is exactly what must not happen. Its files
        carry no owner to decide by. A warning names the folder (``legacy_leftovers``
        lets the UI say so too), so a person who knows whose they are can move them.
        """
        outbox = cls(root / owner.folder_name(), owner)
        legacy = root / owner.legacy_folder_name()
        if legacy.is_dir():
            outbox.legacy_folder = legacy
            outbox.legacy_leftovers = sorted(p.name for p in legacy.iterdir() if p.is_file())
        if outbox.legacy_leftovers:
            log.warning("outbox folder %s from an earlier version holds %d file(s); they are not sent "
                        "automatically, as that folder may belong to another user or backend",
                        legacy, len(outbox.legacy_leftovers))
        return outbox

    # --- waiting to be sent ---------------------------------------------------------------------
    def put(self, body: FootageRequestCreate) -> OutboxEntry:
        """Store it; the entry's key is also the request's idempotency key (client_ref),
        so a resend after a crash cannot create a second request."""
        key = uuid.uuid4().hex
        body = body.model_copy(update={"client_ref": key})
        path = self.folder / f"{key}.json"
        _write_atomically(path, _record(self.owner, body))
        return OutboxEntry(key, body, path, self.owner)

    def pending(self) -> list[OutboxEntry]:
        entries = []
        self.set_aside = []
        for path in sorted(self.folder.glob("*.json"), key=_mtime):
            try:
                _data, owner, body = _read(path)
            except (OSError, ValueError) as exc:
                # Unreadable entries are set aside, never silently deleted.
                log.warning("outbox entry %s cannot be read (%s): set aside, not sent", path, exc)
                _set_aside(path, ".damaged")
                self.set_aside.append(path)
                continue
            if owner != self.owner:
                log.warning("outbox entry %s was queued for %s, not for %s: set aside, not sent",
                            path, owner, self.owner)
                _set_aside(path, ".foreign")
                self.set_aside.append(path)
                continue
            entries.append(OutboxEntry(path.stem, body, path, owner))
        return entries

    def done(self, entry: OutboxEntry) -> None:
        entry.path.unlink(missing_ok=True)

    def __len__(self) -> int:
        return len(list(self.folder.glob("*.json")))

    # --- refused for good -------------------------------------------------------------------------
    def reject(self, entry: OutboxEntry, reason: str, status: int | None) -> RejectedEntry:
        """Move it out of the queue with the backend's reason; written before the entry goes,
        so a crash in between leaves it queued (and refused again), never lost."""
        path = entry.path.with_suffix(".rejected")
        now = datetime.now(UTC)
        record = {**_record(entry.owner, entry.body), "reason": reason, "status": status,
                  "rejected_at": now.isoformat()}
        _write_atomically(path, record)
        entry.path.unlink(missing_ok=True)
        return RejectedEntry(entry.key, entry.body, path, entry.owner, reason, status, now)

    def rejected(self) -> list[RejectedEntry]:
        """This owner's refused requests, oldest first; unreadable or foreign files are skipped."""
        found = []
        for path in self.folder.glob("*.rejected"):
            try:
                data, owner, body = _read(path)
                at = datetime.fromisoformat(str(data.get("rejected_at")))
            except (OSError, ValueError):
                log.warning("unreadable rejected outbox entry %s: left as it is", path)
                continue
            if owner != self.owner:
                continue
            status = data.get("status")
            found.append(RejectedEntry(path.stem, body, path, owner, str(data.get("reason") or ""),
                                       status if isinstance(status, int) else None, at))
        return sorted(found, key=lambda r: r.rejected_at)

    def resend(self, rejected: RejectedEntry, body: FootageRequestCreate) -> OutboxEntry:
        """Queue the corrected request (a new entry, so a new client_ref), then drop the refused one."""
        entry = self.put(body)
        rejected.path.unlink(missing_ok=True)
        return entry

    def discard(self, rejected: RejectedEntry) -> None:
        rejected.path.unlink(missing_ok=True)
