"""Which RTSP relay plays a stream: the built-in one (the default) or ffmpeg.

Both copy the camera's video into MPEG-TS on a pipe without re-encoding, take the URL on stdin
and die with the app; they differ in one frame and a little CPU (``bench/sources_bench.py``):
- the built-in relay (``builtin``) ends each frame at the RTP marker bit, as a native
  RTSP client does: 1 ms added to glass-to-glass latency;
- ffmpeg's parser hands a frame on only when the next one begins: one frame interval late
  (67 ms at 15 fps), for a little less CPU.
``RTCC_RELAY_ENGINE=ffmpeg`` or ``builtin`` fixes the engine for the workstation. Unset or
``auto`` (the default), each camera starts on the built-in relay, which needs nothing but the app
itself, and moves to ffmpeg by itself when the built-in client cannot negotiate with it
(``EngineChoice``): ffmpeg is bundled, and a dead tile must not wait for a support desk.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

from rtcc_desktop.video.rtsp_relay.builtin import BuiltinRelay
from rtcc_desktop.video.rtsp_relay.relay import ENGINE_VARIABLE, Relay, RelayProblem

ENGINES: dict[str, type[Relay]] = {"builtin": BuiltinRelay, "ffmpeg": Relay}
DEFAULT_ENGINE = "builtin"


def wanted_engine() -> str:
    """What ``RTCC_RELAY_ENGINE`` asks for, lower case ("auto" when unset)."""
    return os.environ.get(ENGINE_VARIABLE, "auto").strip().lower()


def preferred_engine() -> str:
    """The engine the next relay uses: the one ``RTCC_RELAY_ENGINE`` names, else the default."""
    wanted = wanted_engine()
    return wanted if wanted in ENGINES else DEFAULT_ENGINE


FALLBACK_ENGINE = "ffmpeg"
# The camera's own answer: the other engine would hear the same (a wrong password, no such path,
# nothing listening, no video this app plays). Any other failure before the first picture
# (a transport refused, 503, a negotiation the built-in client broke off) may be its own.
CAMERAS_ANSWER = frozenset({"credentials", "not_found", "unreachable", "no_video"})
# "auto": the engine negotiates the transport its own way. ffmpeg's is plain `ffmpeg -i`'s
# (UDP first, TCP on 461 or when UDP brings nothing), which plays cameras that refuse TCP with
# 400 or 500 rather than 461; the built-in child starts with TCP and moves by itself.
AUTO = "auto"
_OWN_NEGOTIATION = {"builtin": "tcp", "ffmpeg": "udp+tcp"}
FALLBACK_WORDS = "the built-in client could not negotiate with this camera"


def make_relay(url: str, on_exit: Callable[[RelayProblem], None], transport: str = "tcp",
               allow_basic_without_tls: bool = False, engine: str | None = None) -> Relay:
    """A relay for ``url`` through ``engine`` (default: ``preferred_engine``) over ``transport``
    ("tcp", "udp" or ``AUTO``)."""
    name = engine or preferred_engine()
    if transport == AUTO:
        transport = _OWN_NEGOTIATION[name]
    return ENGINES[name](url, on_exit, transport, allow_basic_without_tls)


@dataclass(frozen=True)
class Route:
    """How a camera is played: which engine, over which transport."""

    engine: str
    transport: str = "tcp"  # tcp / udp / AUTO
    explicit: bool = False  # fixed by RTCC_RELAY_ENGINE: no other engine is tried
    instead_of: str = ""  # the engine that could not play the camera, when this one plays it

    def words(self) -> str:
        """What a tile and the probe say about it: "" for the usual engine, else
        "via ffmpeg (the built-in client could not negotiate with this camera)"."""
        return f"{self.short_words()} ({FALLBACK_WORDS})" if self.instead_of else ""

    def short_words(self) -> str:
        """The same where room is short (a tile's bottom band): "via ffmpeg", or ""."""
        return f"via {self.engine}" if self.instead_of else ""


def camera_key(url: str) -> str:
    """A camera's URL without its credentials: what the choice is remembered by."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme.lower(), host, parts.path, parts.query, ""))


def _may_hand_the_password_to_ffmpeg(url: str, problem: RelayProblem, allow_basic_without_tls: bool) -> bool:
    """ffmpeg answers Basic, the password as it is, whenever a camera asks, where the built-in
    client refuses it over plain rtsp://. So ffmpeg stands in for a camera with a password on
    plain rtsp:// only where the built-in client saw it ask for Digest, or where Basic in clear
    is allowed for that camera."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "rtsp" or parts.username is None:
        return True
    return allow_basic_without_tls or problem.auth == "digest"


class EngineChoice:
    """Which engine and transport play each camera: tried in order, and remembered for the
    app's run (in memory, by ``camera_key``) once a picture came, so the next start of that
    camera goes straight to what worked. One instance serves the app (``ENGINE_CHOICE``);
    every ``StreamPlayer`` asks it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._worked: dict[str, Route] = {}

    def first(self, url: str) -> Route:
        """The route a new start of ``url`` takes."""
        wanted = wanted_engine()
        with self._lock:
            known = self._worked.get(camera_key(url))
        if wanted in ENGINES:  # the workstation's override
            transport = known.transport if known is not None and known.engine == wanted else "tcp"
            return Route(wanted, transport, explicit=True)
        return known or Route(DEFAULT_ENGINE)

    def after(self, url: str, route: Route, problem: RelayProblem, played_before: bool,
              allow_basic_without_tls: bool = False) -> Route | None:
        """The route to try at once when ``route`` ended with ``problem`` before its first
        picture; None when no other would do better (the usual retry and backoff follow)."""
        if problem.kind == "transport" and route.transport == "tcp" and "udp" not in problem.tried:
            return replace(route, transport="udp")  # the camera refuses TCP: UDP, same engine
        if problem.kind in CAMERAS_ANSWER:
            return None
        if route.instead_of and route.transport != AUTO and not played_before:
            return replace(route, transport=AUTO)  # standing in, on one transport: its own way last
        if route.explicit or route.engine == FALLBACK_ENGINE:
            return None
        with self._lock:
            known = self._worked.get(camera_key(url))
        if played_before or (known is not None and known.engine == route.engine):
            return None  # this engine played the camera: its failure now is the camera's state
        if not _may_hand_the_password_to_ffmpeg(url, problem, allow_basic_without_tls):
            return None
        # A camera that refused the built-in client's transports is left to ffmpeg's own
        # negotiation; any other keeps the transport it was on: TCP passes firewalls, where
        # ffmpeg's UDP-first order waits out a UDP timeout (4 s) before it tries TCP.
        transport = AUTO if problem.kind == "transport" else route.transport
        return Route(FALLBACK_ENGINE, transport, instead_of=route.engine)

    def played(self, url: str, route: Route, transport_used: str | None) -> Route:
        """``route`` showed a picture (over ``transport_used``, when the relay says): remembered."""
        worked = replace(route, transport=transport_used or route.transport, explicit=False)
        with self._lock:
            self._worked[camera_key(url)] = worked
        return worked

    def remembered(self, url: str) -> Route | None:
        with self._lock:
            return self._worked.get(camera_key(url))


ENGINE_CHOICE = EngineChoice()


def check_builtin(timeout_s: float = 10.0) -> tuple[bool, str]:
    """Start the built-in relay's child once with ``--check`` (doctor): it runs, as a tile would
    start it (in the bundle too), or why not."""
    command = [*BuiltinRelay("rtsp://check.invalid/", lambda problem: None).argv()[:-1], "--check"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    if done.returncode == 0:
        return True, done.stdout.strip()
    return False, (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
