"""Stream grants (``POST /cameras/{id}/streams``) and the stream endpoint they point at."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
import sqlite3
from collections.abc import AsyncIterator

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from mock_backend import audit_log, clock, duties, room_walls, security
from mock_backend.alarms import active_alarm
from mock_backend.consent import live_refusal
from mock_backend.errors import ApiError
from mock_backend.routes.params import Id
from mock_backend.security import Principal
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import ErrorResponse, StreamGrant, StreamGrantRequest

router = APIRouter()
log = logging.getLogger(__name__)


@router.post(
    "/cameras/{camera_id}/streams",
    response_model=StreamGrant,
    status_code=201,
    responses={403: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}},
)
def grant_stream(
    camera_id: Id,
    body: StreamGrantRequest,
    request: Request,
    principal: Principal = Depends(duties.case_worker),
    state: MockState = Depends(get_state),
) -> dict:
    now = clock.now()
    who = {"actor": principal.username, "role": principal.role.value, "case_number": body.case_number,
           "target": f"camera:{camera_id}"}
    with state.db.tx() as conn:
        camera = conn.execute("SELECT * FROM cameras WHERE id = ?", (camera_id,)).fetchone()
        refusal: tuple[int, str, str] | None = None
        if camera is None:
            refusal = (404, "not_found", f"There is no camera {camera_id}.")
        elif (reason := live_refusal(conn, camera, body.case_number, principal.username, now)) is not None:
            refusal = (403, "no_live_consent", reason)
        elif camera["status"] != "online":
            refusal = (409, "camera_offline", "The camera is offline; try again when it is back.")
        if refusal is not None:
            audit_log.record(conn, action="stream.grant", outcome="failure", reason=refusal[2],
                             purpose=body.purpose, profile=body.profile, **who)
        else:
            expires = now + state.settings.grant_ttl_s
            if camera["live_until"] is not None and camera["sharing"] == "live":
                expires = min(expires, camera["live_until"])
            if camera["sharing"] == "alarm_only" and (alarm := active_alarm(conn, camera_id, now)) is not None:
                expires = min(expires, alarm["ends_at"])  # the alarm's end is the consent's end
            grant_id, token = secrets.token_hex(8), secrets.token_urlsafe(24)
            conn.execute(  # the grant lives in the session that asked for it: sign-out ends it
                "INSERT INTO grants VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (grant_id, token, camera_id, principal.username, body.case_number, body.purpose,
                 body.profile, now, expires, security.family_of(conn, request.state.token)),
            )
            audit_log.record(conn, action="stream.grant", purpose=body.purpose, profile=body.profile,
                             grant_id=grant_id, expires_in_s=round(expires - now, 1), **who)
    if refusal is not None:
        raise ApiError(*refusal)
    return grant_answer(state, request, camera_id, grant_id, token, body.profile, expires, body.case_number)


def grant_answer(state: MockState, request: Request, camera_id: int, grant_id: str, token: str, profile: str,
                 expires: float, case_number: str) -> dict:
    """The StreamGrant for a grant row: its link in the protocol the camera is served in."""
    base = str(request.base_url).rstrip("/")
    protocol, suffix = "http-ts", "ts"
    wanted = state.camera_protocols.get(camera_id, state.settings.stream_protocol)
    if wanted == "rtsp" and state.rtsp_base:  # the same feed through the mock's RTSP server (it checks the grant)
        base, protocol = state.rtsp_base, "rtsp"
    elif wanted == "hls":
        protocol, suffix = "hls", "m3u8"
    return {
        "grant_id": grant_id,
        "camera_id": camera_id,
        "profile": profile,
        "url": f"{base}/api/v1/streams/{token}/{profile}.{suffix}",
        "protocol": protocol,
        "expires_at": clock.to_dt_required(expires),
        "case_number": case_number,
    }


def _check_grant(state: MockState, token: str, profile: str) -> tuple[int, str]:
    """(camera id, label) while the link may stream; ApiError once it may not."""
    now = clock.now()
    with state.db.tx() as conn:
        grant = conn.execute("SELECT * FROM grants WHERE token = ?", (token,)).fetchone()
        if grant is None or grant["profile"] != profile:
            raise ApiError(403, "invalid_grant", "This stream link is not valid.")
        if grant["expires_at"] <= now:
            raise ApiError(403, "grant_expired", "This stream link has expired; ask for a new one.")
        if not security.family_alive(conn, grant["family"]):
            raise ApiError(403, "session_ended", "The sign-in this stream link was made for has ended.")
        camera = conn.execute("SELECT * FROM cameras WHERE id = ?", (grant["camera_id"],)).fetchone()
        viewer = grant["username"]
        if (binding := room_walls.grant_binding(conn, grant["id"])) is not None:
            # A room wall's display: its video ends when its tile changes, and rests on the
            # consent of whoever put the camera there (an emergency view is the pusher's).
            gone, viewer = room_walls.room_viewer(conn, binding, grant)
            if gone is not None:
                raise ApiError(403, "room_tile_changed", gone)
        reason = live_refusal(conn, camera, grant["case_number"], viewer, now)
        if reason is not None:
            raise ApiError(403, "no_live_consent", reason)
        if camera["status"] != "online":
            raise ApiError(409, "camera_offline", "The camera is offline.")
        return int(camera["id"]), str(camera["label"])


# Re-checked on every backend event and at least this often (grant expiry).
_RECHECK_S = 0.5


@router.get("/streams/{token}/{profile}.m3u8", response_class=Response,
            responses={200: {"content": {"application/vnd.apple.mpegurl": {}}}, 403: {"model": ErrorResponse}})
async def hls_playlist(token: str, profile: str, state: MockState = Depends(get_state)) -> Response:
    """The rolling HLS playlist of this grant's feed."""
    try:
        _check_grant(state, token, profile)
    except ApiError:
        state.hls.stop(token, profile)  # consent ended or grant expired: no more segments
        raise
    if not state.http_base:  # in-process (a test client): there is no socket for ffmpeg's feed
        raise ApiError(409, "hls_unavailable", "This backend serves HLS only while it listens on a socket.")
    # The mock's own address, never the request's Host header: that is the client's to choose.
    source = f"{state.http_base}/api/v1/streams/{token}/{profile}.ts"
    content = await state.hls.playlist(token, profile, source)
    if content is None:
        raise ApiError(409, "camera_offline", "The camera sends no video.")
    return Response(content, media_type="application/vnd.apple.mpegurl", headers={"Cache-Control": "no-cache"})


@router.get("/streams/{token}/{profile}/{segment}", response_class=FileResponse,
            responses={200: {"content": {"video/mp2t": {}}}, 403: {"model": ErrorResponse}})
def hls_segment(token: str, profile: str, segment: str, state: MockState = Depends(get_state)) -> FileResponse:
    _check_grant(state, token, profile)  # every segment: a revoked grant gets nothing more
    path = state.hls.segment(token, profile, segment)
    if path is None:
        raise ApiError(404, "not_found", "No such segment.")
    return FileResponse(path, media_type="video/mp2t")


@router.get("/streams/{token}/{profile}.ts", response_class=StreamingResponse,
            responses={200: {"content": {"video/mp2t": {}}}, 403: {"model": ErrorResponse},
                       409: {"model": ErrorResponse}})
async def stream(
    token: str, profile: str, state: MockState = Depends(get_state),
    start: str = Query("gop", pattern="^(gop|keyframe)$",
                       description="gop: the current GOP first (fast start); keyframe: from the next keyframe on, "
                                   "as a camera starts an RTSP session"),
) -> StreamingResponse:
    # The grant token in the URL is the credential: media players cannot add headers.
    camera_id, label = _check_grant(state, token, profile)
    feed, viewer = await state.streams.join(camera_id, profile, label, at_keyframe=start == "keyframe")
    opened = clock.now()
    ended = {"code": "viewer_closed", "why": "the viewer closed the stream"}

    async def watchdog() -> None:
        # Consent revoked, grant expired, session ended, camera offline: the connection is cut
        # within a second (well within: on the event that records the change).
        loop, woken = state.bus.subscribe()
        try:
            while True:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(woken.wait(), _RECHECK_S)
                woken.clear()
                try:
                    _check_grant(state, token, profile)
                except ApiError as problem:
                    log.info("cutting stream of camera %s: %s", camera_id, problem.message)
                    ended.update(code=problem.code, why=problem.message)
                    viewer.cut()
                    if problem.code == "camera_offline":
                        await state.streams.stop_camera(camera_id)
                    return
        finally:
            state.bus.unsubscribe((loop, woken))

    async def body() -> AsyncIterator[bytes]:
        guard = asyncio.create_task(watchdog())
        try:
            while (chunk := await viewer.queue.get()) is not None:
                yield chunk
        finally:
            guard.cancel()
            feed.remove(viewer)
            # A database write does not belong on the event loop that carries every other
            # viewer's video. Not awaited: this generator may be closing because it was
            # cancelled, and the record must be written all the same.
            asyncio.get_running_loop().run_in_executor(
                None, _audit_closed, state, token, camera_id, opened, ended)

    return StreamingResponse(body(), media_type="video/mp2t", headers={"Cache-Control": "no-store"})


def _audit_closed(state: MockState, token: str, camera_id: int, opened: float, ended: dict[str, str]) -> None:
    """When a view ended and why: a debrief measures how fast tiles went after a revocation.
    Runs on a worker thread (the database serialises its users)."""
    try:
        with state.db.tx() as conn:
            grant = conn.execute("SELECT * FROM grants WHERE token = ?", (token,)).fetchone()
            if grant is None:
                return
            audit_log.record(conn, actor=grant["username"], role=None, action="stream.closed",
                             case_number=grant["case_number"], target=f"camera:{camera_id}",
                             grant_id=grant["id"], code=ended["code"], why=ended["why"],
                             seconds=round(clock.now() - opened, 2))
    except sqlite3.ProgrammingError:  # the mock shut down (database closed) as the viewer left
        log.debug("stream.closed for camera %s not recorded: shutting down", camera_id)
