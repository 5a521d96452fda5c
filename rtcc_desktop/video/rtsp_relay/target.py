"""Where a camera is and what goes wrong on the way: its address (``Target``), redirects between
addresses, and the connection. Standard library only (this runs in the relay child)."""

from __future__ import annotations

import socket
import time
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

KINDS = ("credentials", "not_found", "unreachable", "no_video", "transport", "unavailable", "ended")


class RtspError(Exception):
    """What went wrong: ``kind`` one of KINDS (relay.RelayProblem's), the camera's RTSP
    ``status`` where it answered with one, and the message (the detail; never credentials)."""

    def __init__(self, message: str, kind: str = "ended", status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind if kind in KINDS else "ended"
        self.status = status
        self.offers: tuple[str, ...] = ()  # no_video: the video formats the camera offers instead


class Target(NamedTuple):
    url: str  # as sent to the camera: no user:password@
    host: str
    port: int
    tls: bool
    user: str | None
    password: str | None


def parse_target(url: str) -> Target:
    parts = urlsplit(url)
    if parts.scheme not in ("rtsp", "rtsps") or not parts.hostname:
        raise RtspError("not an rtsp:// address", "not_found")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    user = unquote(parts.username) if parts.username is not None else None
    password = unquote(parts.password) if parts.password is not None else None
    return Target(clean, parts.hostname, parts.port or (322 if parts.scheme == "rtsps" else 554),
                  parts.scheme == "rtsps", user, password)


def redirected(target: Target, location: str) -> Target:
    """Where a redirect sends the session. The user name and password go along only to the same
    scheme, host and port: a recorder must not be able to send the camera's credentials to
    another service, nor from rtsps:// down to plain RTSP where anyone on the path reads them."""
    try:
        new = parse_target(urljoin(target.url, location.strip()))
    except (RtspError, ValueError):  # http://, no host, a port that is no number
        raise RtspError("DESCRIBE failed: the camera redirected to an address that is not RTSP",
                        "not_found") from None
    if new.user is None and (new.tls, new.host, new.port) == (target.tls, target.host, target.port):
        return new._replace(user=target.user, password=target.password)
    return new


def open_connection(target: Target, timeout_s: float) -> socket.socket:
    """A connected socket, or RtspError saying whether the name, the port or the host failed."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except OSError:
        raise RtspError("Failed to resolve the camera's address", "unreachable") from None
    last: OSError | None = None
    deadline = time.monotonic() + timeout_s
    for family, kind, proto, _, address in infos:
        sock = socket.socket(family, kind, proto)
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            sock.connect(address)
        except OSError as exc:
            sock.close()
            last = exc
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if target.tls:
            # As ffmpeg does by default: the camera's certificate is not checked. Cameras carry
            # self-signed ones; the link is still encrypted against passive listeners.
            import ssl  # here: only rtsps:// needs it, and every relay's start-up counts

            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            try:
                sock = context.wrap_socket(sock, server_hostname=target.host)
            except (OSError, ssl.SSLError) as exc:
                raise RtspError(f"TLS with the camera failed ({exc.__class__.__name__})", "unreachable") from None
        return sock
    if isinstance(last, ConnectionRefusedError):
        raise RtspError("Connection refused", "unreachable")
    if isinstance(last, TimeoutError):
        raise RtspError("Connection timed out", "unreachable")
    raise RtspError(f"Failed to connect ({getattr(last, 'strerror', None) or last})", "unreachable")
