"""``rtcc-mock-backend``: run the mock RTCC backend."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from mock_backend.settings import MockSettings


def default_db_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("rtcc-desktop")) / "mock-backend.sqlite3"


def parse_args(argv: list[str] | None = None) -> MockSettings:
    p = argparse.ArgumentParser(prog="rtcc-mock-backend", description="Mock RTCC backend for training and tests.")
    p.add_argument("--host", default="127.0.0.1", help="bind address (default: loopback only)")
    p.add_argument("--port", type=int, default=8765, help="port; 0 picks a free one")
    p.add_argument("--cameras", type=int, default=2000, help="cameras to seed (new database only)")
    p.add_argument("--seed", type=int, default=7, help="seed for the camera generator")
    p.add_argument("--environment", choices=("training", "production"), default="training")
    p.add_argument("--ephemeral", action="store_true", help="keep everything in memory")
    p.add_argument("--db", type=Path, default=None, help="SQLite file (default: in the user data dir)")
    p.add_argument("--data-dir", type=Path, default=None, help="footage files etc.")
    p.add_argument("--owner-delay", type=float, default=20.0, help="seconds until owners answer")
    p.add_argument("--owner-approve-ratio", type=float, default=0.7)
    p.add_argument("--access-ttl", type=float, default=900.0, help="access token lifetime, seconds")
    p.add_argument("--grant-ttl", type=float, default=300.0, help="stream grant lifetime, seconds")
    p.add_argument("--lockout-seconds", type=float, default=300.0)
    p.add_argument("--stream-protocol", choices=("http-ts", "rtsp", "hls"), default="http-ts",
                   help="what stream grants point at: HTTP MPEG-TS, RTSP (gst-rtsp-server in front of it) "
                        "or HLS (1 s segments packaged from it)")
    p.add_argument("--scenario", type=Path, default=None, metavar="FILE",
                   help="a drill (YAML/JSON scenario file) to load and start at once; training only")
    p.add_argument("--user", action="append", default=[], metavar="NAME:PASSWORD:ROLE",
                   help="extra account (repeatable); production mode has no demo accounts")
    a = p.parse_args(argv)
    if not 0 <= a.owner_approve_ratio <= 1:
        p.error("--owner-approve-ratio must be between 0 and 1")
    for spec in a.user:
        if spec.count(":") < 2 or spec.rsplit(":", 1)[-1] not in ("operator", "supervisor", "trainer"):
            p.error(f"--user {spec!r}: expected NAME:PASSWORD:operator|supervisor|trainer")
    if a.scenario is not None:
        from mock_backend.scenario_file import ScenarioError, load_file

        if a.environment != "training":
            p.error("--scenario needs --environment training")
        try:
            load_file(a.scenario, a.seed)
        except ScenarioError as exc:  # names the file and the line
            p.error(f"--scenario: {exc}")
    db_path = None if a.ephemeral else (a.db or default_db_path())
    data_dir = a.data_dir or (Path(db_path).parent / "mock-data" if db_path else Path("/tmp/rtcc-mock-data"))
    return MockSettings(
        host=a.host, port=a.port, cameras=a.cameras, seed=a.seed, environment=a.environment, db_path=db_path,
        data_dir=data_dir, owner_delay_s=a.owner_delay, owner_approve_ratio=a.owner_approve_ratio,
        access_ttl_s=a.access_ttl, grant_ttl_s=a.grant_ttl, lockout_s=a.lockout_seconds, users=a.user,
        stream_protocol=a.stream_protocol, scenario=a.scenario,
    )


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    from mock_backend.app import build_state, create_app

    settings = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    started = time.perf_counter()
    state = build_state(settings)
    app = create_app(settings, state)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning",
                            timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)

    # Print the URL only once the socket is bound, so a parent process (demo
    # mode, tests) can read it from our stdout and know we answer.
    original_startup = server.startup

    async def startup(sockets: object = None) -> None:
        await original_startup(sockets=sockets)  # type: ignore[arg-type]
        for s in server.servers:
            for sock in s.sockets:
                host, port = sock.getsockname()[:2]
                state.http_base = f"http://{host}:{port}"
                if settings.stream_protocol == "rtsp":
                    state.start_rtsp()
                print(f"RTCC mock backend ({settings.environment}) ready at http://{host}:{port} "
                      f"- {settings.cameras} cameras, seeded in {time.perf_counter() - started:.1f} s",
                      flush=True)
                return

    server.startup = startup  # type: ignore[method-assign]
    try:
        server.run()
    finally:
        state.rtsp.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
