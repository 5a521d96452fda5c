"""The FastAPI application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from mock_backend import __version__, clock, owner_sim, security
from mock_backend import room_walls as room_wall_state
from mock_backend.db import Database
from mock_backend.dispatch_feed import DispatchFeed
from mock_backend.errors import BodyLimitMiddleware, install_error_handlers
from mock_backend.event_bus import EventBus
from mock_backend.hls_packager import HlsPackager
from mock_backend.routes import (
    alarms,
    audit,
    cameras,
    escalations,
    events,
    footage,
    incidents,
    info_auth,
    requests,
    room_walls,
    streams,
    training,
)
from mock_backend.scenario_file import load_file
from mock_backend.settings import MockSettings
from mock_backend.state import MockState
from mock_backend.stream_hub import StreamHub
from rtcc_desktop.api.schemas import API_PREFIX

log = logging.getLogger("mock_backend")


def seed_database(db: Database, settings: MockSettings) -> int:
    """Fill an empty camera table; an existing database keeps its cameras."""
    from mock_backend.seed import generate_cameras

    row = db.one("SELECT COUNT(*) AS n FROM cameras")
    if row is not None and row["n"] > 0:
        return int(row["n"])
    now = clock.now()
    generated = generate_cameras(settings.cameras, settings.seed, clock.to_dt_required(now))
    with db.tx() as conn:
        conn.executemany(
            "INSERT INTO cameras VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (c.id, c.label, c.owner_kind, c.address, c.lat, c.lon, c.heading, c.fov, c.enrollment,
                 c.sharing, None if c.live_until is None else c.live_until.timestamp(), c.status, now)
                for c in generated
            ],
        )
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('seed', ?)", (f"{settings.seed}:{settings.cameras}",))
    return len(generated)


def create_users(db: Database, settings: MockSettings) -> None:
    with db.tx() as conn:
        if settings.environment == "training":
            for username, role in security.DEMO_ACCOUNTS:
                if conn.execute("SELECT 1 FROM users WHERE username = ?", (username,)).fetchone() is None:
                    security.add_demo_user(conn, username, role)
        for username, password, role in settings.users:
            security.add_user(conn, username, password, role)


def build_state(settings: MockSettings) -> MockState:
    db = Database(settings.db_path)
    seed_database(db, settings)
    create_users(db, settings)
    with db.tx() as conn:
        room_wall_state.seed(conn)
    # HLS is always served (a grant's .ts URL with .m3u8 instead: benches compare protocols on one
    # mock); grants point at it only with --stream-protocol hls. ffmpeg starts on first request.
    return MockState(settings=settings, db=db, bus=EventBus(db), streams=StreamHub(settings.data_dir / "feeds"),
                     hls=HlsPackager(settings.data_dir / "hls", settings.own_tls()))


async def _reap_hls(state: MockState) -> None:
    while True:
        await asyncio.sleep(2)
        state.hls.reap()


def create_app(settings: MockSettings | None = None, state: MockState | None = None) -> FastAPI:
    settings = settings or MockSettings()
    state = state or build_state(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(owner_sim.run(state))
        dispatch = asyncio.create_task(DispatchFeed(state).run())
        reaper = asyncio.create_task(_reap_hls(state))
        drills = asyncio.create_task(state.scenarios.run())
        # Room tiles whose consent ended are cleared at once (and their displays' streams cut).
        room_consent = asyncio.create_task(room_wall_state.watch(state.db.tx, state.bus))
        if settings.scenario is not None:  # --scenario: the drill starts with the backend
            state.scenarios.load(load_file(settings.scenario, settings.seed), "scenario-file")
            state.scenarios.command("start", "scenario-file")
        try:
            yield
        finally:
            task.cancel()
            dispatch.cancel()
            reaper.cancel()
            drills.cancel()
            room_consent.cancel()
            state.hls.close()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            await state.streams.close()

    app = FastAPI(
        title="RTCC backend API (mock)",
        version=__version__,
        description="Contract between RTCC Desktop and an RTCC backend. Errors are "
        '`{"error": {"code": ..., "message": ...}}`.',
        lifespan=lifespan,
    )
    app.state.mock = state
    install_error_handlers(app)
    for module in (info_auth, cameras, streams, requests, escalations, audit, events, footage, alarms,
                   incidents, training, room_walls):
        app.include_router(module.router, prefix=API_PREFIX)
    app.add_middleware(BodyLimitMiddleware, limit=settings.max_body_bytes)
    return app
