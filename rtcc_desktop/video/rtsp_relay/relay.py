"""RTSP for a libVLC that cannot open it (Debian's has no live555): an ffmpeg relay.

ffmpeg pulls the RTSP stream (TCP interleaved; UDP when the server refuses TCP; the URL
given on stdin, never on the command line, as it carries the camera's password) and
copies the video, without re-encoding, into MPEG-TS on a pipe. libVLC reads the pipe's
other end as ``fd://N``: a pipe belongs to this process alone, unlike a loopback port
that any local user could connect to. One relay per playing stream, owned by its
``StreamPlayer``; it dies with the app (PR_SET_PDEATHSIG), even on SIGKILL.

ffmpeg's own messages are turned into an operator's words (``classify``), with the
credentials of the URL never repeated (``redact``).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from rtcc_desktop.child_process import find_ffmpeg, without_fork
from rtcc_desktop.video.rtsp_relay.target import KINDS

# Probing as little as ffmpeg allows: the stream's first packets carry what a copy into
# MPEG-TS needs, and whatever is read while probing reaches libVLC late, as a burst it then
# plays at real-time pace: 200 ms of analysis put 200 ms on every frame's latency. And not
# "-fflags nobuffer": it throws the probed packets away, the session's first keyframe with
# them, so the picture waited a whole keyframe interval (first frame 1.4 s -> 0.47 s).
_PROBE = {"probesize": "32", "analyzeduration": "1"}
# Each PES carries its length (ffmpeg leaves it out for video by default), so libVLC can hand
# a frame on once it is whole instead of when the next begins. With a 100 ms jitter buffer
# that was the difference between late, dropped pictures and a clean one; at 150 ms it
# changes no figure, and leaves that frame interval to the network's jitter.
_OUTPUT = ("-map", "0:v:0", "-c", "copy", "-f", "mpegts", "-omit_video_pes_length", "0",
           "-muxdelay", "0", "-muxpreload", "0", "-flush_packets", "1", "pipe:1")
CONNECT_TIMEOUT_S = 4  # "the tile says which within 5 s"
PLAYABLE_CODECS = ("h264", "hevc")  # ffmpeg's names; what the relay is for
_VIDEO_STREAM = re.compile(r"Stream #\d+:\d+\S*: Video: (\w+)")
_DESCRIPTION = re.compile(r"\s|Input #|Output #|Stream mapping")  # ffmpeg's stream description lines
ENGINE_VARIABLE = "RTCC_RELAY_ENGINE"  # which relay plays RTSP: auto (default: builtin), builtin, ffmpeg
# What ffmpeg may open: the concat list on stdin (pipe) and what RTSP needs. No files, no HTTP:
# an address from a grant must not make the relay read this machine's files.
_PROTOCOLS = "pipe,rtsp,rtsps,rtp,srtp,tcp,udp,tls"


def _quote(value: str) -> str:
    """``value`` as one token of an ffconcat file: single-quoted, a quote as '\\''."""
    return "'" + value.replace("'", "'\\''") + "'"


@dataclass(frozen=True)
class RelayProblem:
    kind: str  # credentials / not_found / unreachable / no_video / transport / unavailable / ended
    message: str  # for the operator; never contains credentials
    lasting: bool  # retrying will not help (wrong password, no such path, no video)
    status: int | None = None  # the camera's RTSP status, where it answered with one
    tried: tuple[str, ...] = ()  # the transports tried, in order ("tcp", "udp")
    auth: str = ""  # how the camera asked for its password ("digest", "basic"), where the child saw it


# A structured line a relay child writes on stderr: RECORD_PREFIX + one JSON object, either
# {"event": "playing", "transport": "tcp"|"udp"} once video flows, or
# {"event": "failed", "kind": KIND, "status": N|null, "detail": TEXT, "tried": [...]} before it
# exits, KIND one of RelayProblem's kinds; optionally "silent": the transports tried that were set
# up and brought no video, "offers": the video formats a camera offers instead of H.264/H.265.
# Other stderr lines are free text.
RECORD_PREFIX = "RELAY "


# ffmpeg's free text (it writes no records): a pattern, the kind and RTSP status it means, and
# the detail in the relay's own words. First match wins.
_PATTERNS: tuple[tuple[str, str, int | None, str], ...] = (
    # No stream set up (the relay asks for video only, and the camera has none), so PLAY has
    # no session: before the 404 pattern, which "Session Not Found" would match.
    (r"PLAY failed: 454", "no_video", 454, ""),
    (r"redirect", "not_found", None, ""),
    (r"\b401\b|Unauthorized", "credentials", 401, ""),
    (r"\b403\b|Forbidden", "credentials", 403, ""),
    (r"\b404\b|Not Found", "not_found", 404, ""),
    (r"\b461\b|Unsupported transport", "transport", 461, ""),
    (r"\b503\b|Service Unavailable", "unavailable", 503, ""),
    (r"Connection refused", "unreachable", None, "connection refused"),
    (r"timed out|Operation not permitted|Immediate exit requested", "unreachable", None, "it did not answer in time"),
    (r"No route to host|Network is unreachable|Name or service not known|Failed to resolve|"
     r"Temporary failure in name resolution", "unreachable", None, "no route to it, or its name does not resolve"),
    (r"matches no streams|could not find codec parameters|Invalid data found", "no_video", None, ""),
    (r"Unknown decoder|codec not currently supported|unsupported codec", "no_video", None, ""),
)
_FFMPEG_CODEC = re.compile(r"unsupported codec (\w+)")  # what _watch says of a stream's codec
_FFMPEG_NAMES = {"mjpeg": "MJPEG", "mpeg4": "MPEG-4", "h263": "H.263"}  # ffmpeg's codec names as cameras' menus say
_NAMES = {"tcp": "TCP", "udp": "UDP"}
LASTING = ("credentials", "not_found", "no_video")  # kinds a retry does not help
# The operator's sentences go through Qt's translate (context "RelayFailure", which `make
# translations` collects): operators read them on tiles and in probe; with no translator
# installed they are the English source.
CLEAR_TEXT_WORDS: str = QT_TRANSLATE_NOOP(  # type: ignore[assignment]  # returns its text
    "RelayFailure", "The camera asks for the password in clear text (Basic) over an unencrypted connection; "
    "it was not sent. Use rtsps:// or Digest, or ask IT to allow it for this camera "
    "(cleartext_basic_cameras in the backend profile).")


def _listed(transports: list[str] | tuple[str, ...], word: str) -> str:
    return f" {word} ".join(_NAMES.get(t, t) for t in dict.fromkeys(transports))


def words(kind: str, status: int | None, detail: str, host: str, played: bool, tried: tuple[str, ...] = (),
          silent: tuple[str, ...] = (), offers: tuple[str, ...] = ()) -> str:
    """The operator's words for a relay's failure: the one place a kind (with the camera's RTSP
    status, what was tried, and the detail in the relay's own words) becomes a sentence."""
    code = f" (RTSP {status})" if status else ""
    if kind == "credentials":
        if status == 403:
            return QCoreApplication.translate("RelayFailure", "The camera refused access to this stream (RTSP 403).")
        if status is None:  # the built-in relay's refusal to send the password as it is
            return QCoreApplication.translate("RelayFailure", CLEAR_TEXT_WORDS)
        return QCoreApplication.translate(
            "RelayFailure", "The camera refused the user name or password{code}. Check the camera's credentials."
        ).format(code=code)
    if kind == "not_found":
        if status == 404:
            return QCoreApplication.translate(
                "RelayFailure", "The camera has no stream at that address (RTSP 404). Check the path.")
        return QCoreApplication.translate(
            "RelayFailure", "The camera (or its recorder) redirected the stream somewhere this app cannot follow.")
    if kind == "no_video":
        if offers:
            return QCoreApplication.translate(
                "RelayFailure", "The camera sends video in a format this app cannot play ({formats}); "
                "set its stream to H.264 or H.265.").format(formats=", ".join(offers))
        return QCoreApplication.translate("RelayFailure", "The camera's stream has no video this app can play.")
    if kind == "transport":
        refused = [t for t in tried if t not in silent]
        parts = []
        if refused:
            parts.append(QCoreApplication.translate("RelayFailure", "the camera refused {transports} transport{code}")
                         .format(transports=_listed(refused, QCoreApplication.translate("RelayFailure", "and")),
                                 code=code))
        if silent:
            listed = _listed(silent, QCoreApplication.translate("RelayFailure", "or"))
            parts.append(QCoreApplication.translate("RelayFailure", "no video arrived over {transports}: a firewall "
                                                    "may block it").format(transports=listed)
                         if "udp" in silent else
                         QCoreApplication.translate("RelayFailure", "no video arrived over {transports}")
                         .format(transports=listed))
        if not parts:
            return QCoreApplication.translate(
                "RelayFailure", "The camera refused the transport this app asked for{code}.").format(code=code)
        sentence = "; ".join(parts)
        return sentence[0].upper() + sentence[1:] + "."
    if kind == "unreachable":
        if detail:
            return QCoreApplication.translate("RelayFailure", "The camera at {host} cannot be reached ({detail}).") \
                .format(host=host, detail=detail)
        return QCoreApplication.translate("RelayFailure", "The camera at {host} cannot be reached.").format(host=host)
    if kind == "unavailable":
        return QCoreApplication.translate("RelayFailure", "The camera cannot serve this stream now{code}.") \
            .format(code=code)
    if played:
        return QCoreApplication.translate("RelayFailure", "The camera's stream ended ({detail}).").format(detail=detail)
    return QCoreApplication.translate("RelayFailure", "The camera's stream could not be started ({detail}).") \
        .format(detail=detail)


def _texts(value: object, limit: int = 6) -> tuple[str, ...]:
    """A record's list of short strings (a child's, so read with limits)."""
    if not isinstance(value, list):
        return ()
    return tuple(str(item)[:24] for item in value[:limit] if isinstance(item, str))


def read_record(line: str) -> dict[str, object] | None:
    """A relay child's record (RECORD_PREFIX + JSON object), or None for a line of free text."""
    if not line.startswith(RECORD_PREFIX):
        return None
    try:
        value = json.loads(line[len(RECORD_PREFIX):])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def redact(text: str, url: str | None = None) -> str:
    """``text`` with any ``user:password@`` (and the given URL's password anywhere) removed."""
    text = re.sub(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]+@", r"\1***@", text)
    if url:
        password = urlsplit(url).password
        if password:
            text = text.replace(password, "***")
    return text


# A path segment this long and random-looking is a credential (a grant token, a signed link).
_TOKEN_SEGMENT = re.compile(r"(?<=/)([A-Za-z0-9_-]{4})[A-Za-z0-9_-]{16,}(?=/|$)")


def display_url(url: str) -> str:
    """A stream URL as it may be shown: no credentials, no query, and token-like path segments
    cut to their first four characters (enough to tell two apart, not enough to use one)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, _TOKEN_SEGMENT.sub(r"\1…", parts.path), "", ""))


def classify(lines: list[str], url: str, exit_code: int | None, record: dict[str, object] | None = None,
             played: bool = False, tried: tuple[str, ...] = ()) -> RelayProblem:
    """What went wrong, in words: from the child's failure record when it wrote one, else from
    ffmpeg's free text (``lines``). ``played``: video flowed before the end (a stream that
    ended, not one that never started); ``tried``: the transport asked of ffmpeg."""
    parts = urlsplit(url)
    host = f"{parts.hostname}:{parts.port or 554}"
    if record is not None:
        kind = str(record.get("kind"))
        kind = kind if kind in KINDS else "ended"
        status = record.get("status")
        code = status if isinstance(status, int) and not isinstance(status, bool) and 100 <= status < 1000 else None
        detail = redact(str(record.get("detail", "")), url)[:160]
        tried = _texts(record.get("tried"))
        message = words(kind, code, detail, host, played, tried, _texts(record.get("silent")),
                        _texts(record.get("offers")))
        auth = str(record.get("auth") or "")
        return RelayProblem(kind, message, kind in LASTING, code, tried, auth if auth in ("digest", "basic") else "")
    text = "\n".join(lines)
    for pattern, kind, status, detail in _PATTERNS:
        if re.search(pattern, text, re.IGNORECASE):
            codec = _FFMPEG_CODEC.search(text) if kind == "no_video" else None
            offers = (_FFMPEG_NAMES.get(codec.group(1).lower(), codec.group(1).upper()),) if codec else ()
            return RelayProblem(kind, words(kind, status, detail, host, played, tried, (), offers), kind in LASTING,
                                status, tried)
    detail = redact(lines[-1], url)[:160] if lines else f"exit code {exit_code}"
    return RelayProblem("ended", words("ended", None, detail, host, played), False, None, tried)


def needs_relay(protocol: str, native: dict[str, bool]) -> bool:
    return protocol == "rtsp" and not native.get("RTSP", False)


class Relay:
    """One ffmpeg pulling one RTSP URL into a pipe. ``on_exit`` runs on a reader thread
    when ffmpeg ends by itself (not after ``stop``), with what went wrong. Another engine
    (``builtin.BuiltinRelay``) changes only ``argv``, ``spawn`` and ``script``."""

    engine = "ffmpeg"

    def __init__(self, url: str, on_exit: Callable[[RelayProblem], None], transport: str = "tcp",
                 allow_basic_without_tls: bool = False) -> None:
        self.url = url
        self.transport = transport
        # The camera's setting: Basic (the password as it is) may be answered over plain RTSP.
        # The built-in relay's rule; ffmpeg answers whatever the camera asks.
        self.allow_basic_without_tls = allow_basic_without_tls
        self.on_exit = on_exit
        self.process: subprocess.Popen[bytes] | None = None
        self._read_fd = -1
        self._stopping = False
        self.lines: list[str] = []  # ffmpeg's last messages (redacted only when shown)
        self.transport_used: str | None = None  # what the camera played over, once a child says so

    def command(self, exe: str) -> list[str]:
        """ffmpeg's arguments. The camera's URL is not among them: anyone on the machine can
        read a process's arguments (``ps``), and the URL carries the camera's password. It goes
        in on stdin instead (``script``), as a one-entry concat list."""
        # "info" (without progress lines: -nostats) for the one line that names the camera's
        # codec: ffmpeg would copy any video into MPEG-TS, and libVLC then shows nothing.
        return [exe, "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info",
                "-f", "concat", "-safe", "0", "-protocol_whitelist", _PROTOCOLS,
                *(arg for key, value in _PROBE.items() for arg in (f"-{key}", value)), "-i", "pipe:0",
                "-metadata", f"service_name=rtcc relay {display_url(self.url)}", *_OUTPUT]

    def checked_url(self) -> str:
        """The URL, refused when it holds control characters: a line break in it would start a
        directive of its own in ffmpeg's concat list, and no camera's address has one."""
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in self.url):
            raise ValueError("The stream address contains control characters; it cannot be opened.")
        return self.url

    def script(self) -> bytes:
        """The concat list ffmpeg reads on stdin: the URL and how to open it."""
        lines = ["ffconcat version 1.0", f"file {_quote(self.checked_url())}",
                 f"option rtsp_transport {self.transport}", f"option timeout {CONNECT_TIMEOUT_S * 1_000_000}",
                 "option allowed_media_types video",  # a camera's audio is never set up: no audio played
                 *(f"option {key} {value}" for key, value in _PROBE.items())]
        return ("\n".join(lines) + "\n").encode()

    def argv(self) -> list[str]:
        exe = find_ffmpeg()
        if exe is None:
            raise FileNotFoundError("ffmpeg is missing: RTSP cannot play (pip install imageio-ffmpeg)")
        return self.command(exe)

    def spawn(self) -> tuple[list[str], Callable[[], None] | None]:
        """The command and ``preexec_fn`` that start the relay so that it dies with the app."""
        return without_fork(self.argv())

    def start(self) -> str:
        """Spawn the relay (call on the owner's long-lived thread); the MRL libVLC opens."""
        argv, preexec = self.spawn()
        script = self.script()
        read_fd, write_fd = os.pipe()
        try:
            self.process = subprocess.Popen(
                argv, stdin=subprocess.PIPE, stdout=write_fd, stderr=subprocess.PIPE,
                preexec_fn=preexec, close_fds=True)
        finally:
            os.close(write_fd)  # the child has its copy; ours would keep the pipe open forever
        assert self.process.stdin is not None
        try:  # a few hundred bytes: the pipe takes them at once, ffmpeg running or not
            self.process.stdin.write(script)
            self.process.stdin.close()
        except BrokenPipeError:  # ffmpeg died at once; _watch reports why
            pass
        self._read_fd = read_fd
        threading.Thread(target=self._watch, name="rtsp-relay", daemon=True).start()
        return f"fd://{read_fd}"

    def _watch(self) -> None:
        process = self.process
        assert process is not None and process.stderr is not None
        failure: dict[str, object] | None = None
        played = False  # video flowed: a "playing" record, or ffmpeg opened its output
        for raw in process.stderr:
            line = raw.decode("utf-8", "replace").rstrip()
            record = read_record(line)
            if record is not None:  # a child's record: read, never kept with the free text
                if record.get("event") == "playing":
                    played = True
                    transport = record.get("transport")
                    self.transport_used = transport if transport in ("tcp", "udp") else None
                elif record.get("event") == "failed":
                    failure = record
                continue
            if _DESCRIPTION.match(line):
                played = played or line.startswith("Output #")  # ffmpeg opens its output once the input plays
                # ffmpeg describing its streams, not a problem: kept out of what classify()
                # reads, as it names the camera's address ("/Channels/401" is no RTSP 401).
                codec = _VIDEO_STREAM.search(line)
                if codec and codec.group(1) not in PLAYABLE_CODECS:
                    self.lines.append(f"unsupported codec {codec.group(1)}")
                    process.kill()  # nothing the player could show: say so now, not after its timeout
                continue
            self.lines.append(line)
            del self.lines[:-20]
        code = process.wait()
        if not self._stopping:
            # ffmpeg's "udp+tcp": each of them, in the order it tries them
            self.on_exit(classify(self.lines, self.url, code, failure, played, tuple(self.transport.split("+"))))

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def stop(self) -> None:
        """End ffmpeg and close the pipe. Call after libVLC stopped reading it."""
        self._stopping = True
        if self.process is not None and self.process.poll() is None:
            # SIGKILL at once: a relay only copies packets, it has nothing to flush, and
            # ffmpeg blocked on a dead camera takes its time over SIGTERM (on the UI thread).
            self.process.kill()
            self.process.wait()
        if self._read_fd >= 0:
            os.close(self._read_fd)
            self._read_fd = -1
