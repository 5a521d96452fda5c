"""A small RTSP client (RFC 2326) for one camera's video: the built-in relay's network side.

It does what a relay needs and no more: OPTIONS (what the camera supports: keep-alives go as
GET_PARAMETER where it lists it), DESCRIBE (Digest authentication; Basic only over rtsps:// or
where the camera's settings allow it, following a camera's or recorder's redirect), SETUP of
one H.264/H.265 video stream only (the camera's audio is never set up), PLAY, keep-alive, and
RTP over TCP interleaved or UDP. With ``fallback`` it negotiates the transport as mature
clients do: the preferred one first, the other when the camera refuses it (``REFUSALS``, or a
Transport reply that ignores the request) or when no video arrives over it within
``NO_VIDEO_S``; ``transport`` then says which played and ``tried`` what was tried. A start
that brings no video ends within ``START_DEADLINE_S`` whatever the camera does.
Standard library only. A camera's answers are untrusted input: every reply is read with limits
(line, head, header count, body) and within one deadline for the negotiation, and only RTP of
the chosen stream from the camera's own address and SSRC counts as video.

Failures raise ``RtspError`` with a kind from the relay's fixed list and the camera's RTSP
status where it answered with one (the child reports both; ``relay`` words them). The camera's
password never appears in them.
"""

from __future__ import annotations

import itertools
import math
import re
import select
import socket
import struct
import sys
import time
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from rtcc_desktop.video.rtsp_relay.auth import credentials_for
from rtcc_desktop.video.rtsp_relay.sdp import Media, content_base, control_url, format_name, parse_sdp, session_control
from rtcc_desktop.video.rtsp_relay.target import RtspError, open_connection, parse_target, redirected

MAX_HEADER = 64 << 10  # bytes of one reply's status line and headers
MAX_LINE = 8 << 10  # bytes of one header line: a Digest challenge is a few hundred
MAX_HEADERS = 64  # header lines in one reply; a camera sends about ten
MAX_BODY = 256 << 10  # an SDP is a few hundred bytes
RECEIVE = 64 << 10  # bytes asked of the socket per read
UDP_READS_PER_ROUND = 64  # datagrams read between looks at the clock: a frame of a main stream is ~15
DEFAULT_SESSION_TIMEOUT_S = 60  # RFC 2326 12.37: when the camera names none
USER_AGENT = "rtcc-desktop relay"
REDIRECTS = (301, 302, 303, 305, 307)  # RFC 2326 11.3: the stream is served at Location
MAX_REDIRECTS = 3  # recorders hand a stream on to a camera or a node; more than this is a loop
RTP_HEADER = struct.Struct("!BBHII")  # V/P/X/CC, M/PT, sequence number, timestamp, SSRC
# The start of a reply ("RTSP/1.0 200") or of a camera's request ("ANNOUNCE "), possibly cut short
_MESSAGE_START = re.compile(rb"[A-Z_]{1,20}(?:[ /]|$)")
TRANSPORTS = ("tcp", "udp")  # RTP interleaved in the RTSP connection (firewall-friendly), or UDP
NAMES = {"tcp": "TCP", "udp": "UDP"}
# How servers say no to a transport they do not serve: 461 is the RFC's; older cameras, encoders
# and small media servers answer an interleaved SETUP with 400 or a 5xx.
REFUSALS = (400, 461, 500, 501, 503)
# How long a transport that was set up may bring no video before the other is tried (NAT and
# firewalls drop UDP; some servers accept interleaving and send nothing over it). A camera sends
# its first packet within a frame or two of PLAY.
NO_VIDEO_S = 2.0
# The longest a start that brings no video may take, whatever the camera does. Without it a
# hostile or broken camera (each reply just inside the negotiation's deadline, silent over TCP,
# refusing UDP, silent again) held a tile ~14 s: two negotiations, NO_VIDEO_S, a last, patient
# wait. 8 s leaves room for what does play: both transports negotiated with their NO_VIDEO_S
# waits, and after a refusal a camera slow to send its first packet; past it the tile says so
# and the engine fallback or the retry gets its turn. A camera that answers nothing still
# fails at the negotiation's own deadline (``timeout_s``, 4 s).
START_DEADLINE_S = 8.0
PLAYABLE = ("H264", "H265", "HEVC")


class Reply(NamedTuple):
    status: int
    reason: str
    headers: dict[str, list[str]]  # lower-case names; a name may come more than once
    body: bytes = b""

    def header(self, name: str) -> str:
        values = self.headers.get(name.lower())
        return values[0] if values else ""


class RtpPacket(NamedTuple):  # a tuple, not a dataclass: one is made for every packet
    sequence: int
    timestamp: int  # 32-bit, the camera's clock
    marker: bool
    payload: bytes  # past the header, contributing sources and extension; without padding


# A NamedTuple's own constructor is a Python function: one more frame for every packet.
_new_packet = tuple.__new__


class _NoVideoYet(RtspError):
    """A transport that was set up brought no video in time (``packets`` decides what next)."""


def status_kind(method: str, status: int) -> str:
    """The relay's kind for a camera's refusal of ``method`` with ``status``."""
    if status in (401, 403):
        return "credentials"
    if status == 404 or 300 <= status < 400:
        return "not_found"
    if status == 454 and method == "PLAY":
        return "no_video"  # no stream was set up (video only is asked for): PLAY has no session
    if status == 461:
        return "transport"
    return "unavailable"


def lower_transport(granted: str) -> str:
    """Which transport a SETUP reply's Transport header grants: "tcp" or "udp"."""
    spec = granted.split(",", 1)[0]
    protocol = spec.split(";", 1)[0].strip().upper()
    return "tcp" if protocol.endswith("/TCP") or "interleaved=" in spec.lower() else "udp"


def named(transports: list[str]) -> str:
    """["tcp", "udp", "tcp"] as "TCP and UDP"."""
    unique = list(dict.fromkeys(transports))
    return " and ".join(NAMES.get(t, t) for t in unique)


def _printable(text: str, limit: int = 60) -> str:
    """A camera's words (a reason phrase, a format name) cut and without control characters."""
    return "".join(c for c in text if c.isprintable())[:limit]


class RtspSession:
    """One camera, one video stream. ``start`` negotiates; ``packets`` yields RTP packets."""

    def __init__(self, url: str, transport: str = "tcp", timeout_s: float = 4.0,
                 allow_basic_without_tls: bool = False, fallback: bool = False) -> None:
        self.target = parse_target(url)
        self.transport = transport if transport in TRANSPORTS else "tcp"  # the one in use
        self.fallback = fallback
        self.timeout_s = timeout_s
        self.allow_basic_without_tls = allow_basic_without_tls
        self.sock: socket.socket | None = None
        self.buffer = bytearray()
        self._chunk = memoryview(bytearray(RECEIVE))
        self.cseq = 0
        self.session = ""
        self.session_timeout_s = DEFAULT_SESSION_TIMEOUT_S
        self.keepalive_method = "OPTIONS"
        self.public = ""  # the methods the camera's OPTIONS reply lists
        self.credentials = credentials_for(self.target, allow_basic_without_tls)
        self.udp: tuple[socket.socket, socket.socket] | None = None
        self.rtp_channel = 0
        self.payload_type = -1  # of the video stream set up
        self.ssrc: int | None = None  # the camera's, from SETUP's Transport or its first video packet
        self.play_url = self.target.url
        self.media: Media | None = None
        self.tried: list[str] = []  # transports, in the order they were tried
        self.silent: list[str] = []  # transports that were set up and brought no video
        self.playing = False  # video arrived
        self._plan: list[str] = []  # transports still to try
        self._patient = False  # a silent transport got its second, longer chance
        self._setup_url = ""
        # Reads give up at this time.monotonic() (0: no deadline): the negotiation's, or a
        # message's while playing. Each read waits only what is left of it, so a camera
        # sending a byte at a time cannot stretch the wait.
        self.deadline = 0.0
        self._start_by = math.inf  # START_DEADLINE_S after ``start``: the first packet's deadline
        self._next_keepalive = 0.0
        self._idle_s = timeout_s  # how long no video ends the stream (before the first packet: less)
        # How a read waits while playing (socket.settimeout): None for plain TCP, whose kernel
        # receive timeout ends the wait; seconds for TLS (``_interleaved_packets``).
        self._playing_timeout: float | None = None

    # -- negotiation ---------------------------------------------------------------------------

    def start(self) -> Media:
        """OPTIONS, DESCRIBE, SETUP, PLAY. Returns the video stream being played."""
        other = [t for t in TRANSPORTS if t != self.transport]
        self._start_by = time.monotonic() + START_DEADLINE_S
        self._plan = [self.transport, *(other if self.fallback else [])]
        return self._negotiate()

    def _negotiate(self) -> Media:
        # One deadline for the whole negotiation: "the tile says which within 5 s" holds
        # for a camera that accepts the connection and then answers nothing.
        self.deadline = min(time.monotonic() + self.timeout_s, self._start_by)
        reply = self._describe()
        text = reply.body.decode("utf-8", "replace")
        base = content_base(self.target.url, reply.header("Content-Base"), reply.header("Content-Location"))
        chosen = choose_video(parse_sdp(text))
        if self.media is not None and chosen.encoding != self.media.encoding:
            raise RtspError("the camera offered another stream on a new connection", "ended")
        methods = {m.strip().upper() for m in f"{self.public},{reply.header('Public')}".split(",")}
        self.keepalive_method = "GET_PARAMETER" if "GET_PARAMETER" in methods else "OPTIONS"
        self._setup_url = control_url(base, chosen.control)
        self.play_url = control_url(base, session_control(text))  # the aggregate control URL
        self._set_up()
        self.request("PLAY", self.play_url, {"Range": "npt=0.000-"})
        self.media, self.payload_type = chosen, chosen.payload_type
        self.deadline = 0.0
        return chosen

    def _connect(self) -> None:
        """A connection to the camera, and OPTIONS first: some servers answer nothing else
        before it, and its Public header says which keep-alive the camera knows."""
        self.sock = open_connection(self.target, max(0.1, self.deadline - time.monotonic()))
        reply = self.request("OPTIONS", self.target.url, {}, check=False)
        if reply.status == 200:
            self.public = reply.header("Public")

    def _describe(self) -> Reply:
        """DESCRIBE, following redirects; the session then talks to wherever the stream is."""
        status = 0
        for _hop in range(MAX_REDIRECTS + 1):
            self._connect()
            reply = self.request("DESCRIBE", self.target.url, {"Accept": "application/sdp"}, REDIRECTS)
            if reply.status not in REDIRECTS:
                return reply
            status = reply.status
            location = reply.header("Location")
            if not location:
                raise RtspError(f"DESCRIBE failed: {status} {_printable(reply.reason)} (redirect without a Location)",
                                "not_found", status)
            self.close()
            self.buffer.clear()
            try:
                self.target = redirected(self.target, location)
            except RtspError as exc:
                exc.status = status
                raise
            self.credentials = credentials_for(self.target, self.allow_basic_without_tls)
        raise RtspError(f"DESCRIBE failed: the camera redirected more than {MAX_REDIRECTS} times", "not_found", status)

    def _set_up(self) -> None:
        """SETUP over the first transport of the plan the camera accepts. Every one refused: a
        transport that was set up before and brought no video in its short wait gets one more,
        longer, chance (a camera slow to send its first packet), else the refusal is final."""
        refusal: RtspError | None = None
        rejoined = False
        while self._plan:
            self.transport = self._plan.pop(0)
            self.tried.append(self.transport)
            try:
                self.setup(self._setup_url)
                return
            except RtspError as exc:
                if exc.kind != "transport":
                    if refusal is None or exc.kind != "ended" or rejoined:
                        raise
                    # The camera hung up after refusing the other transport: ask again afresh.
                    rejoined = True
                    self._reconnect()
                    self._plan.insert(0, self.tried.pop())
                    continue
                refusal = exc
                self._close_udp()
                if exc.status is None and (self._plan or (self.silent and not self._patient)):
                    self._reconnect()  # it set up a session of its own choosing: not ours to use
        if self.silent and not self._patient:
            self._patient = True
            self._plan = [self.silent[-1]]
            self._set_up()
            return
        assert refusal is not None
        raise RtspError(f"{refusal}: the camera refused {named(self.tried)}", "transport", refusal.status)

    def _reconnect(self) -> None:
        """A new connection (OPTIONS, DESCRIBE) to set the stream up on."""
        self.close()
        self.sock, self.udp = None, None
        self.buffer.clear()
        self.session = ""
        self._describe()

    def setup(self, url: str) -> None:
        if self.transport == "tcp":
            transport = "RTP/AVP/TCP;unicast;interleaved=0-1"
        else:
            assert self.sock is not None
            # On the address the camera's connection came in on, not every interface.
            self.udp = _udp_pair(self.sock.family, self.sock.getsockname())
            port = self.udp[0].getsockname()[1]
            transport = f"RTP/AVP;unicast;client_port={port}-{port + 1}"
        reply = self.request("SETUP", url, {"Transport": transport}, REFUSALS)
        if reply.status != 200:
            raise RtspError(f"SETUP failed: {reply.status} {_printable(reply.reason)}".strip(), "transport",
                            reply.status)
        granted = reply.header("Transport")
        if granted and lower_transport(granted) != self.transport:
            raise RtspError(f"SETUP failed: the camera answered with {NAMES[lower_transport(granted)]} to a request "
                            f"for {NAMES[self.transport]}", "transport")
        session = reply.header("Session")
        if not session:
            raise RtspError("the camera set up no session (no Session header)", "ended")
        self.session, _, options = session.partition(";")
        self.session = self.session.strip()
        match = re.search(r"(?i)timeout\s*=\s*(\d{1,9})", options)
        if match and int(match.group(1)) > 0:
            self.session_timeout_s = int(match.group(1))
        interleaved = re.search(r"interleaved=(\d{1,3})", granted)
        self.rtp_channel = int(interleaved.group(1)) if self.transport == "tcp" and interleaved else 0
        ssrc = re.search(r"ssrc=([0-9A-Fa-f]{1,8})(?![0-9A-Fa-f])", granted)
        if ssrc:
            self.ssrc = int(ssrc.group(1), 16)
        if self.udp is not None:
            self._connect_udp(granted)

    def _connect_udp(self, granted: str) -> None:
        """Connect the RTP and RTCP sockets to the camera's address and the ports its
        Transport names: the kernel then drops a datagram from anyone else (another program
        on this machine, a spoofer on the network) before it reaches the picture."""
        assert self.sock is not None and self.udp is not None
        ports = re.search(r"server_port=(\d{1,5})(?:-(\d{1,5}))?", granted)
        if not ports:
            raise RtspError("SETUP failed: the camera named no server_port for RTP over UDP", "transport")
        rtp_port = int(ports.group(1))
        rtcp_port = int(ports.group(2)) if ports.group(2) else rtp_port + 1
        if not (0 < rtp_port < 65536 and 0 < rtcp_port < 65536):
            raise RtspError("SETUP failed: the camera named no usable server_port for RTP over UDP", "transport")
        peer = self.sock.getpeername()
        for sock, port in zip(self.udp, (rtp_port, rtcp_port), strict=True):
            sock.connect((peer[0], port, *peer[2:]))
        try:  # so the camera's packets meet an open door through a stateful firewall
            self.udp[0].send(b"\x80\x00" + bytes(10))
        except OSError:
            pass

    def request(self, method: str, url: str, headers: dict[str, str] | None = None,
                also_ok: tuple[int, ...] = (), check: bool = True) -> Reply:
        """Send one request and wait for its reply; answers one 401 with the URL's credentials.
        A status other than 200 (or one in ``also_ok``) raises, unless not ``check``."""
        for attempt in range(3):
            assert self.sock is not None
            self.sock.settimeout(max(0.05, self.deadline - time.monotonic()))
            self.send(method, url, headers or {})
            reply = self.read_reply()
            if reply.status == 401 and self.credentials is not None and attempt < 2:
                challenges = reply.headers.get("www-authenticate", [])
                stale = any("stale=true" in c.lower() for c in challenges)
                if (attempt == 0 or stale) and self.credentials.choose(challenges):
                    continue
            if check and reply.status != 200 and reply.status not in also_ok:
                raise RtspError(f"{method} failed: {reply.status} {_printable(reply.reason)}".strip(),
                                status_kind(method, reply.status), reply.status)
            return reply
        if not check:
            return reply
        raise RtspError(f"{method} failed: 401 Unauthorized", "credentials", 401)

    def send(self, method: str, url: str, headers: dict[str, str]) -> None:
        assert self.sock is not None
        self.cseq += 1
        lines = [f"{method} {url} RTSP/1.0", f"CSeq: {self.cseq}", f"User-Agent: {USER_AGENT}"]
        if self.session:
            lines.append(f"Session: {self.session}")
        authorization = self.credentials.header(method, url) if self.credentials else None
        if authorization:
            lines.append(f"Authorization: {authorization}")
        lines += [f"{name}: {value}" for name, value in headers.items()]
        try:
            self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        except _would_block():
            if self.playing:  # video flowed, but the camera no longer takes what we send
                raise RtspError("the camera stopped reading the relay's requests", "ended") from None
            raise RtspError("Connection timed out: the camera stopped answering", "unreachable") from None
        except OSError as exc:
            raise RtspError(f"the camera ended the stream ({exc.strerror or exc})", "ended") from None

    def read_reply(self) -> Reply:
        """The next reply, skipping RTP that arrives first (interleaved) and the camera's own
        requests (some send ANNOUNCE or SET_PARAMETER; a relay has nothing to say to them)."""
        buffer = self.buffer
        while True:
            if not buffer:
                # Read before judging what comes: live555 sends its first RTCP report ahead of
                # the PLAY reply, and a head read from here would swallow frame and reply as one.
                self._fill()
            elif buffer[:1] == b"$":
                end = 4 + int.from_bytes(buffer[2:4], "big") if len(buffer) >= 4 else len(buffer) + 1
                if len(buffer) >= end:
                    del buffer[:end]
                else:
                    self._fill()
            elif not self._at_message():
                self._resync()
            else:
                reply = self._read_message()
                if reply is not None:
                    return reply

    def _fill(self, nothing_ok: bool = False) -> bool:
        """Read what the camera sent into the buffer. False when nothing came within the socket's
        timeout and ``nothing_ok`` (playing: the caller judges idleness); else a timeout raises,
        as does reaching ``deadline``."""
        size = self._receive(nothing_ok)
        if size:
            self.buffer += self._chunk[:size]
        return size > 0

    def _receive(self, nothing_ok: bool = False) -> int:
        """Read what the camera sent into ``_chunk``; how many bytes (0: nothing came within
        the socket's timeout and ``nothing_ok``). The end of the stream and, unless
        ``nothing_ok``, a timeout raise, as does reaching ``deadline``."""
        assert self.sock is not None
        if self.deadline:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise self._timed_out()
            self.sock.settimeout(remaining)
        try:
            # Into one buffer kept for the session: recv(n) would allocate (and the kernel map
            # and unmap) n bytes at every read, which cost more CPU than the relay's own work.
            size = self.sock.recv_into(self._chunk)
        except _would_block():
            if nothing_ok:
                return 0
            raise self._timed_out() from None
        except OSError as exc:
            raise RtspError(f"the camera ended the stream ({exc.strerror or exc})", "ended") from None
        if not size:
            raise RtspError("the camera ended the stream (end of stream)", "ended")
        return size

    def _timed_out(self) -> RtspError:
        """A read past its deadline: the camera stopped answering or, when a transport it set up
        brought no video before the start ran out of time (START_DEADLINE_S), that."""
        if self.silent and not self.playing:
            return RtspError(f"Connection timed out: no video from the camera over {named(self.silent)} "
                             f"within {START_DEADLINE_S:g} s", "transport")
        return RtspError("Connection timed out: the camera stopped answering", "unreachable")

    def _at_message(self) -> bool:
        """The buffer starts as a reply ("RTSP/1.0 200") or a camera's request ("ANNOUNCE ")
        would, or is empty."""
        return not self.buffer or _MESSAGE_START.match(self.buffer[:24]) is not None

    def _read_message(self) -> Reply | None:
        """The RTSP message at the start of the buffer, reading as needed: a reply, or None for
        the camera's own request (ignored). Refused beyond MAX_LINE, MAX_HEADER, MAX_HEADERS
        and MAX_BODY."""
        searched = 0  # where the end of the head is looked for: past what was looked at already
        while (end := self.buffer.find(b"\r\n\r\n", searched, MAX_HEADER + 4)) < 0:
            if len(self.buffer) > MAX_HEADER:
                raise RtspError("the camera sent a malformed RTSP reply (headers too long)")
            searched = max(0, len(self.buffer) - 3)
            self._fill()
        lines = bytes(self.buffer[:end]).split(b"\r\n")
        if len(lines) > MAX_HEADERS + 1:
            raise RtspError(f"the camera sent a malformed RTSP reply (more than {MAX_HEADERS} headers)")
        if any(len(line) > MAX_LINE for line in lines):
            raise RtspError(f"the camera sent a malformed RTSP reply (a header line over {MAX_LINE >> 10} KiB)")
        head = [line.decode("utf-8", "replace") for line in lines]
        headers: dict[str, list[str]] = {}
        for line in head[1:]:
            name, sep, value = line.partition(":")
            if sep:
                headers.setdefault(name.strip().lower(), []).append(value.strip())
        length_text = (headers.get("content-length") or ["0"])[0]
        digits = length_text.isascii() and length_text.isdigit()
        length = int(length_text) if digits and len(length_text) < 10 else MAX_BODY + 1 if digits else 0
        if length > MAX_BODY:
            raise RtspError("the camera sent a malformed RTSP reply (body too long)")
        while len(self.buffer) < end + 4 + length:
            self._fill()
        body = bytes(self.buffer[end + 4:end + 4 + length])
        del self.buffer[:end + 4 + length]
        status = re.match(r"RTSP/\d\.\d\s+(\d{3})\s*(.*)", head[0])
        if status:
            return Reply(int(status.group(1)), status.group(2).strip(), headers, body)
        return None

    def _resync(self) -> None:
        positions = [p for p in (self.buffer.find(b"$", 1), self.buffer.find(b"RTSP/", 1)) if p > 0]
        if positions:
            del self.buffer[:min(positions)]
        else:
            self.buffer.clear()

    # -- playing -------------------------------------------------------------------------------

    def packets(self, idle_timeout_s: float) -> Iterator[RtpPacket]:
        """RTP packets of the video stream, forever; a keep-alive goes out every half session
        timeout. Raises RtspError when the camera ends the stream or sends no video for
        ``idle_timeout_s``: RTCP, replies and packets that are not the stream's (``_video``)
        do not keep it alive. Before the first packet, with another transport left to try, a
        transport gets NO_VIDEO_S; then the stream is negotiated again over the next one. The
        first packet comes within START_DEADLINE_S of ``start`` or the start fails."""
        # chain() hands each packet straight from the transport's loop: a generator around it
        # would be one more Python frame resumed for every packet.
        return itertools.chain.from_iterable(self._streams(idle_timeout_s))

    def _streams(self, idle_timeout_s: float) -> Iterator[Iterable[RtpPacket]]:
        """The first packet, then the transport's loop that brought it (``packets``)."""
        while True:
            self._idle_s = min(NO_VIDEO_S, idle_timeout_s) if self._plan else idle_timeout_s
            # Never past the start's deadline; never 0 either, which a kernel receive timeout
            # reads as "wait for ever".
            self._idle_s = max(0.05, min(self._idle_s, self._start_by - time.monotonic()))
            stream = self._interleaved_packets() if self.udp is None else self._udp_packets()
            try:
                first = next(stream)
            except _NoVideoYet:
                self.silent.append(self.transport)
                if not self._plan:
                    refused = [t for t in self.tried if t not in self.silent]
                    raise RtspError(f"Connection timed out: no video from the camera over {named(self.silent)}"
                                    + (f" (it refused {named(refused)})" if refused else ""), "transport") from None
                self._renegotiate()
                continue
            self.playing = True
            self._idle_s = idle_timeout_s
            yield (first,)
            yield stream
            return

    def _renegotiate(self) -> None:
        """The stream again, on a new connection, over the next transport of the plan."""
        if self.sock is not None and self.session:
            try:  # the camera may stop sending at once; its reply is not waited for
                self.send("TEARDOWN", self.play_url, {})
            except RtspError:
                pass
        self.close()
        self.sock, self.udp, self.ssrc, self.session = None, None, None, ""
        self.buffer.clear()
        self._playing_timeout = None
        self._negotiate()

    def _no_video(self) -> RtspError:
        """What a stream with no video for ``_idle_s`` raises: the end of one that played, or,
        before its first packet, a transport that brought none (``packets`` decides)."""
        if self.playing:
            return RtspError("Connection timed out: no video from the camera", "ended")
        return _NoVideoYet(f"no video from the camera over {NAMES[self.transport]}", "transport")

    def _keepalive_every(self) -> float:
        return max(1.0, self.session_timeout_s / 2)

    def _keep_alive(self) -> None:
        """A keep-alive request when one is due (its reply is read past as it comes)."""
        now = time.monotonic()
        if now >= self._next_keepalive:
            self.send(self.keepalive_method, self.play_url, {})
            self._next_keepalive = now + self._keepalive_every()

    def _video(self, data: bytes | bytearray | memoryview, start: int, end: int) -> RtpPacket | None:
        """``data[start:end]`` as a packet of the video stream set up, or None: not RTP version
        2, another payload type, no payload, or another SSRC than the camera's (the one SETUP
        named, else the first video packet's)."""
        if end - start < 12:
            return None
        first, second, sequence, timestamp, ssrc = RTP_HEADER.unpack_from(data, start)
        if first >> 6 != 2 or second & 0x7F != self.payload_type:
            return None
        payload = start + 12 + 4 * (first & 0x0F)  # past the fixed header and contributing sources
        if first & 0x10:  # a header extension
            if payload + 4 > end:
                return None
            payload += 4 + 4 * (data[payload + 2] << 8 | data[payload + 3])
        if first & 0x20:  # padding, its length in the last byte
            end -= data[end - 1]
        if payload >= end:
            return None
        if ssrc != self.ssrc:
            if self.ssrc is not None:
                return None
            self.ssrc = ssrc
        return _new_packet(RtpPacket, (sequence, timestamp, second & 0x80 != 0, bytes(data[payload:end])))

    def _read_message_by(self, deadline: float) -> None:
        """A message while playing (a keep-alive's reply, the camera's own request), given up
        on at ``deadline``: one sent a byte at a time must not hold the stream up."""
        assert self.sock is not None
        self.deadline = deadline
        try:
            self._read_message()
        finally:
            self.deadline = 0.0
            self.sock.settimeout(self._playing_timeout)

    def _interleaved_packets(self) -> Iterator[RtpPacket]:
        # Every packet of every relayed stream passes here, once per frame after a sleep, when
        # the interpreter's and the CPU's caches are cold: each Python step costs several
        # times what it costs in a warm loop, so the loop takes few steps and one system call
        # per read. A read is parsed where it landed (``_chunk``); only a packet cut by the
        # read's end, or a message, goes through ``buffer``. The socket blocks with a kernel
        # receive timeout (SO_RCVTIMEO) rather than Python's timeout, which polls before
        # every read.
        sock, buffer, channel, chunk, video = self.sock, self.buffer, self.rtp_channel, self._chunk, self._video
        assert sock is not None
        wait = min(self._idle_s, self._keepalive_every(), 0.5)
        if self.target.tls:
            # A TLS socket in blocking mode takes the kernel's timeout as "try again" and reads
            # on: a camera gone silent would hold the relay for ever. Python's timeout ends it.
            self._playing_timeout = wait
        else:
            # Sends too: a camera that stops reading its socket fills the buffers, and a
            # keep-alive would then wait for ever, relaying nothing.
            timeout = struct.pack("ll", int(wait), int(wait % 1 * 1_000_000))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, timeout)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, timeout)
        sock.settimeout(self._playing_timeout)
        monotonic = time.monotonic
        last_data = monotonic()
        self._next_keepalive = last_data + self._keepalive_every()
        data: bytearray | memoryview = buffer  # what the negotiation left comes first
        size = len(buffer)
        while True:
            position, got_video = 0, False
            while position + 4 <= size and data[position] == 0x24:  # "$", channel, length
                end = position + 4 + (data[position + 2] << 8 | data[position + 3])
                if end > size:
                    break
                if data[position + 1] == channel:
                    packet = video(data, position + 4, end)
                    if packet is not None:
                        got_video = True
                        yield packet
                elif data[position + 1] == channel + 1 and says_goodbye(data[position + 4:end], self.ssrc):
                    raise RtspError("the camera ended the stream (end of stream)", "ended")
                position = end
            if got_video:  # video, not RTCP or replies, keeps a session alive
                last_data = monotonic()
            if data is buffer:
                if position:
                    del buffer[:position]
            elif position < size:
                buffer += data[position:size]  # a packet the read cut short, or a message
            if buffer and buffer[0] != 0x24:
                if self._at_message():
                    self._read_message_by(last_data + self._idle_s)
                else:
                    self._resync()
                data, size = buffer, len(buffer)
                continue
            # Judged after every read, whatever came: RTCP, replies or a frame trickling in a
            # byte at a time are no video.
            if buffer:  # the rest of a packet: gathered where its start is
                self._fill(nothing_ok=True)
                data, size = buffer, len(buffer)
            else:
                data, size = chunk, self._receive(nothing_ok=True)
            now = monotonic()
            if now - last_data > self._idle_s:
                raise self._no_video()
            if now >= self._next_keepalive:
                self._keep_alive()

    def _udp_packets(self) -> Iterator[RtpPacket]:
        assert self.sock is not None and self.udp is not None
        rtp, rtcp = self.udp
        chunk = self._chunk
        rtcp.setblocking(False)
        self.sock.setblocking(False)
        last_data = time.monotonic()
        self._next_keepalive = last_data + self._keepalive_every()
        while True:
            ready, _, _ = select.select([rtp, rtcp, self.sock], [], [], min(0.5, self._keepalive_every()))
            now = time.monotonic()
            if rtcp in ready:
                try:
                    if says_goodbye(rtcp.recv(RECEIVE), self.ssrc):
                        raise RtspError("the camera ended the stream (end of stream)", "ended")
                except (BlockingIOError, ConnectionRefusedError):  # nothing; an ICMP port unreachable
                    pass
            if rtp in ready:
                # A bounded number a round: a camera sending faster than we read must not keep
                # us from the clock below (the idle timeout, the keep-alive) or from RTCP.
                for _ in range(UDP_READS_PER_ROUND):
                    try:
                        received = rtp.recv_into(chunk)
                    except (BlockingIOError, ConnectionRefusedError):
                        break
                    packet = self._video(chunk, 0, received)
                    if packet is not None:
                        last_data = now
                        yield packet
            if self.sock in ready:
                try:
                    reply = self.sock.recv(RECEIVE)
                except _would_block():
                    reply = b"-"
                if not reply:
                    raise RtspError("the camera ended the stream (end of stream)", "ended")
                # Replies to keep-alives: nothing in them matters to a relay.
            if now - last_data > self._idle_s:
                raise self._no_video()
            self._keep_alive()

    def _close_udp(self) -> None:
        for sock in self.udp or ():
            sock.close()
        self.udp = None

    def close(self) -> None:
        for sock in (self.sock, *(self.udp or ())):
            if sock is not None:
                sock.close()


def choose_video(media: list[Media]) -> Media:
    """The first H.264/H.265 video of a description, or RtspError (no_video) naming what the
    camera offers instead."""
    # A payload type RTP cannot carry (7 bits) would only ever time out as "no video".
    video = [m for m in media if m.kind == "video" and 0 <= m.payload_type < 128]
    playable = [m for m in video if m.encoding in PLAYABLE]
    if playable:
        return playable[0]
    if video:
        offers = tuple(dict.fromkeys(_printable(format_name(m.encoding), 20) for m in video))[:6]
        error = RtspError(f"unsupported codec {', '.join(offers)} from the camera (it plays H.264 and H.265)",
                          "no_video")
        error.offers = offers
        raise error
    offered = ", ".join(_printable(f"{m.kind}/{m.encoding}", 30) for m in media[:6]) or "nothing offered"
    raise RtspError(f"the stream matches no streams with video ({offered})", "no_video")


def _would_block() -> tuple[type[OSError], ...]:
    """What a read with nothing to read (yet) raises: a timeout, EAGAIN, and TLS's own once
    ssl is loaded (rtsps)."""
    ssl = sys.modules.get("ssl")
    quiet: tuple[type[OSError], ...] = (TimeoutError, BlockingIOError)
    return (*quiet, ssl.SSLWantReadError) if ssl is not None else quiet


def says_goodbye(rtcp: bytes | bytearray | memoryview, ssrc: int | None) -> bool:
    """Whether a (compound) RTCP packet holds a BYE for the video's ``ssrc`` (for any source
    while none is known): the camera ending the stream, as a server does when its source ends
    (the mock's does when consent is revoked). The TCP connection may stay open after it, so
    the BYE is the end. A BYE for another source is not: over UDP anyone who can forge the
    camera's address could send one, and the SSRC is what they do not know."""
    position = 0
    while position + 4 <= len(rtcp) and rtcp[position] >> 6 == 2:
        words = rtcp[position + 2] << 8 | rtcp[position + 3]
        if rtcp[position + 1] == 203:
            if ssrc is None:
                return True
            listed = rtcp[position + 4:position + 4 + 4 * min(rtcp[position] & 0x1F, words)]
            if any(int.from_bytes(listed[i:i + 4], "big") == ssrc for i in range(0, len(listed) - 3, 4)):
                return True
        position += 4 * (words + 1)
    return False


def _udp_pair(family: int, local: tuple[object, ...]) -> tuple[socket.socket, socket.socket]:
    """Two UDP sockets on an even port and the next (RTP, RTCP), as RTP/AVP asks, on the local
    address ``local`` (a socket address of ``family``; its port is left out)."""
    for _ in range(50):
        rtp = socket.socket(family, socket.SOCK_DGRAM)
        rtp.bind((local[0], 0, *local[2:]))
        port = rtp.getsockname()[1]
        if port % 2 == 0 and port < 65535:
            rtcp = socket.socket(family, socket.SOCK_DGRAM)
            try:
                rtcp.bind((local[0], port + 1, *local[2:]))
            except OSError:
                rtcp.close()
            else:
                rtp.setblocking(False)
                rtp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
                return rtp, rtcp
        rtp.close()
    raise RtspError("no UDP ports free for RTP", "transport")
