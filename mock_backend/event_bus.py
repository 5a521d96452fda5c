"""Events are rows in SQLite (so ``Last-Event-ID`` resumes lose nothing, even
across a restart of the mock) plus a wake-up for the SSE streams waiting on them."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from typing import Any

from mock_backend import clock
from mock_backend.db import Database


class EventBus:
    def __init__(self, db: Database):
        self._db = db
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._lock = threading.Lock()

    def publish(self, conn: sqlite3.Connection, type_: str, data: dict[str, Any]) -> None:
        """Record an event inside the caller's transaction, then wake the streams.

        Waking before the commit is harmless: a woken stream that finds nothing
        new simply waits again, and the commit wakes nobody twice for nothing."""
        conn.execute(
            "INSERT INTO events (at, type, data) VALUES (?, ?, ?)",
            (clock.now(), type_, json.dumps(data, default=str)),
        )
        self.wake()

    def wake(self) -> None:
        with self._lock:
            waiters = list(self._waiters)
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # loop already closed
                pass

    def subscribe(self) -> tuple[asyncio.AbstractEventLoop, asyncio.Event]:
        token = (asyncio.get_running_loop(), asyncio.Event())
        with self._lock:
            self._waiters.add(token)
        return token

    def unsubscribe(self, token: tuple[asyncio.AbstractEventLoop, asyncio.Event]) -> None:
        with self._lock:
            self._waiters.discard(token)

    def since(self, last_id: int, limit: int = 500) -> list[sqlite3.Row]:
        return self._db.query(
            "SELECT id, type, data FROM events WHERE id > ? ORDER BY id LIMIT ?", (last_id, limit)
        )

    def last_id(self) -> int:
        row = self._db.one("SELECT COALESCE(MAX(id), 0) AS m FROM events")
        return 0 if row is None else int(row["m"])
