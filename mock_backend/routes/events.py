"""``/events``: Server-Sent Events, resumable with ``Last-Event-ID``."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from mock_backend import security, visibility
from mock_backend.errors import ApiError
from mock_backend.security import ANY_ROLE, Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import ErrorResponse, Role

router = APIRouter()
KEEPALIVE_S = 10.0
# Longest wait for events before the stream checks its session again (sign-out also wakes it).
RECHECK_S = 0.5


def _start_id(header: str | None, query: int | None, state: MockState) -> int:
    if header is not None:
        if not header.strip().isdigit() or len(header) > 18:
            raise ApiError(422, "validation_error", "Last-Event-ID must be an event id this server sent")
        return int(header)
    if query is not None:
        return query
    return state.bus.last_id()  # a fresh subscriber gets what happens from now on


@router.get("/events", responses={200: {"content": {"text/event-stream": {}}}, 401: {"model": ErrorResponse}})
async def events(
    request: Request,
    last_event_id: int | None = Query(None, ge=0, le=2**62, description="Alternative to the Last-Event-ID header"),
    principal: Principal = Depends(require(*ANY_ROLE, Role.wall_device)),
    state: MockState = Depends(get_state),
) -> StreamingResponse:
    """Every event this user may read (the REST routes' rules, see visibility.py: a room wall's
    display gets its wall's room_wall.updated and nothing else), while the
    access token that opened the stream is valid: the stream ends when it expires or its session
    signs out, within RECHECK_S when no events come."""
    last = _start_id(request.headers.get("last-event-id"), last_event_id, state)
    access_token = request.state.token

    def ended() -> bytes | None:
        problem = security.access_problem(state, access_token)
        return None if problem is None else f": {problem.code}: {problem.message}\n\n".encode()

    async def stream() -> AsyncIterator[bytes]:
        nonlocal last
        waiter = state.bus.subscribe()
        woken = waiter[1]
        quiet_since = time.monotonic()
        try:
            yield b"retry: 1000\n: connected\n\n"
            while not await request.is_disconnected():
                woken.clear()
                batch = state.bus.since(last)
                for row in batch:
                    if (farewell := ended()) is not None:
                        yield farewell
                        return
                    last = row["id"]
                    if visibility.event_visible(principal, state.settings, row["type"], json.loads(row["data"])):
                        quiet_since = time.monotonic()
                        yield f"id: {row['id']}\nevent: {row['type']}\ndata: {row['data']}\n\n".encode()
                if batch:
                    continue
                if (farewell := ended()) is not None:
                    yield farewell
                    return
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken.wait(), RECHECK_S)
                if time.monotonic() - quiet_since >= KEEPALIVE_S:
                    quiet_since = time.monotonic()
                    yield b": keep-alive\n\n"
        finally:
            state.bus.unsubscribe(waiter)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
