"""``rtcc-mock-backend``: run the mock RTCC backend."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

from mock_backend.settings import MockSettings, parse_user, parse_users, private_dir, user_data_root

USERS_ENV = "RTCC_MOCK_USERS"  # accounts, as the lines of a users file


def default_db_path() -> Path:
    return user_data_root() / "mock-backend.sqlite3"


def internal_base(host: str, port: int, scheme: str = "http") -> str:
    """The URL the mock's own helpers (HLS packager, RTSP server) reach it at: its bound
    address, a wildcard bind reached on loopback."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


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
    p.add_argument("--cad-rate", type=float, default=6.0, metavar="PER_HOUR",
                   help="calls for service the simulated dispatch feed sends per hour (default 6, a calm evening;"
                        " 0: none)")
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
    p.add_argument("--users-file", type=Path, default=None, metavar="PATH",
                   help="extra accounts, one NAME:PASSWORD:ROLE a line (# comments); production mode has "
                        f"no demo accounts. The same lines may come in ${USERS_ENV}")
    p.add_argument("--user", action="append", default=[], metavar="NAME:PASSWORD:ROLE",
                   help="extra account (repeatable), for tests: its password shows in the process list, "
                        "so use --users-file or the environment for real ones")
    p.add_argument("--tls-cert", type=Path, default=None, metavar="PEM",
                   help="serve https:// with this certificate (with --tls-key), as a backend with an agency CA")
    p.add_argument("--tls-key", type=Path, default=None, metavar="PEM", help="the certificate's private key")
    a = p.parse_args(argv)
    if not 0 <= a.owner_approve_ratio <= 1:
        p.error("--owner-approve-ratio must be between 0 and 1")
    if (a.tls_cert is None) != (a.tls_key is None):
        p.error("--tls-cert and --tls-key go together")
    if a.tls_cert is not None and a.stream_protocol == "rtsp":
        # Its RTSP server reads the feeds from the mock over plain HTTP.
        p.error("--tls-cert serves http-ts and hls grants; --stream-protocol rtsp needs plain HTTP")
    for name in ("tls_cert", "tls_key"):
        path = getattr(a, name)
        if path is not None and not path.is_file():
            p.error(f"--{name.replace('_', '-')}: no such file: {path}")
    users = _accounts(p, a)
    if a.scenario is not None:
        from mock_backend.scenario_file import ScenarioError, load_file

        if a.environment != "training":
            p.error("--scenario needs --environment training")
        try:
            load_file(a.scenario, a.seed)
        except ScenarioError as exc:  # names the file and the line
            p.error(f"--scenario: {exc}")
    db_path = None if a.ephemeral else (a.db or default_db_path())
    if a.data_dir is not None:
        data_dir = private_dir(a.data_dir, ours=False)
    elif db_path is not None:
        data_dir = private_dir(Path(db_path).parent / "mock-data")
    else:  # in memory: files of this run only, in the user's data dir (not a fixed path in /tmp)
        runs = private_dir(user_data_root() / "mock-runs")
        _remove_abandoned_runs(runs)
        data_dir = Path(tempfile.mkdtemp(prefix=f"run-{os.getpid()}-", dir=runs))
    return MockSettings(
        host=a.host, port=a.port, cameras=a.cameras, seed=a.seed, environment=a.environment, db_path=db_path,
        data_dir=data_dir, discard_data_dir=a.ephemeral and a.data_dir is None,
        owner_delay_s=a.owner_delay, cad_rate_per_hour=max(0.0, a.cad_rate), owner_approve_ratio=a.owner_approve_ratio,
        access_ttl_s=a.access_ttl, grant_ttl_s=a.grant_ttl, lockout_s=a.lockout_seconds, users=users,
        stream_protocol=a.stream_protocol, scenario=a.scenario, tls_cert=a.tls_cert, tls_key=a.tls_key,
    )


def _remove_abandoned_runs(runs: Path) -> None:
    """Folders of in-memory mocks that were killed outright (SIGKILL: no clean-up ran)."""
    for folder in runs.glob("run-*-*"):
        pid = folder.name.split("-")[1]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:  # alive, someone else's
            pass


def _accounts(p: argparse.ArgumentParser, a: argparse.Namespace) -> list[tuple[str, str, str]]:
    """Accounts from --user, --users-file and the environment. The variable is removed once
    read, so the mock's children (ffmpeg, the RTSP server) do not inherit the passwords."""
    users = []
    for spec in a.user:
        try:
            users.append(parse_user(spec))
        except ValueError as exc:
            p.error(f"--user: {exc}")
    sources = [(f"${USERS_ENV}", os.environ.pop(USERS_ENV, ""))]
    if a.users_file is not None:
        try:
            if a.users_file.stat().st_mode & 0o077:
                print(f"warning: {a.users_file} holds passwords and others may read it (chmod 600)",
                      file=sys.stderr)
            sources.append((str(a.users_file), a.users_file.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            p.error(f"--users-file: cannot read {a.users_file}: {exc}")
    for name, text in sources:
        try:
            users += parse_users(text)
        except ValueError as exc:
            p.error(f"{name}: {exc}")
    return users


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    try:
        return _serve(settings)
    finally:
        if settings.discard_data_dir:
            shutil.rmtree(settings.data_dir, ignore_errors=True)


def _serve(settings: MockSettings) -> int:
    import uvicorn

    from mock_backend.app import build_state, create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    started = time.perf_counter()
    state = build_state(settings)
    app = create_app(settings, state)
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning",
                            timeout_graceful_shutdown=2,
                            ssl_certfile=settings.tls_cert and str(settings.tls_cert),
                            ssl_keyfile=settings.tls_key and str(settings.tls_key))
    scheme = "https" if settings.tls_cert is not None else "http"
    server = uvicorn.Server(config)

    # Print the URL only once the socket is bound, so a parent process (demo
    # mode, tests) can read it from our stdout and know we answer.
    original_startup = server.startup

    async def startup(sockets: object = None) -> None:
        await original_startup(sockets=sockets)  # type: ignore[arg-type]
        for s in server.servers:
            for sock in s.sockets:
                host, port = sock.getsockname()[:2]
                state.http_base = internal_base(host, port, scheme)
                if settings.stream_protocol == "rtsp":
                    state.start_rtsp()
                print(f"RTCC mock backend ({settings.environment}) ready at {scheme}://{host}:{port} "
                      f"- {settings.cameras} cameras, seeded in {time.perf_counter() - started:.1f} s",
                      flush=True)
                return

    server.startup = startup  # type: ignore[method-assign]
    # uvicorn raises the signal that stopped it again once it has shut down: as SystemExit rather
    # than the default action, the clean-up below and in main() still runs.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        server.run()
    finally:
        state.rtsp.stop()
    return 0


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    sys.exit(main())
