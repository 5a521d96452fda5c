"""``/events``: Server-Sent Events, resumable with ``Last-Event-ID``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import StreamingResponse

from mock_backend.errors import ApiError
from mock_backend.security import ANY_ROLE, Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import ErrorResponse

router = APIRouter()
KEEPALIVE_S = 10.0


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
    principal: Principal = Depends(require(*ANY_ROLE)),
    state: MockState = Depends(get_state),
) -> StreamingResponse:
    last = _start_id(request.headers.get("last-event-id"), last_event_id, state)
    access_token = request.state.token

    def revoked() -> bool:
        row = state.db.one("SELECT revoked FROM tokens WHERE token = ?", (access_token,))
        return row is None or bool(row["revoked"])

    async def stream() -> AsyncIterator[bytes]:
        nonlocal last
        token = state.bus.subscribe()
        loop_event = token[1]
        quiet = 0.0
        try:
            yield b"retry: 1000\n: connected\n\n"
            while not await request.is_disconnected():
                loop_event.clear()
                batch = state.bus.since(last)
                for row in batch:
                    last = row["id"]
                    yield f"id: {row['id']}\nevent: {row['type']}\ndata: {row['data']}\n\n".encode()
                if batch:
                    continue
                try:
                    await asyncio.wait_for(loop_event.wait(), 1.0)
                except TimeoutError:
                    # A signed-out (revoked) session loses its stream within a second.
                    if revoked():
                        return
                    quiet += 1.0
                    if quiet >= KEEPALIVE_S:
                        quiet = 0.0
                        yield b": keep-alive\n\n"
        finally:
            state.bus.unsubscribe(token)

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
