"""The built-in RTSP relay: one camera's video in over RTSP, MPEG-TS out on stdout.

A child of the app, one per playing stream, run as ``python -I -S`` this file (or, in the
bundle, ``rtcc-desktop rtsp-relay``). It imports only the standard library and the modules
beside it (``session``, ``auth``, ``sdp``, ``target``, ``depacketizer``, ``ts_writer``), so it starts in about
50 ms of CPU (16 start at once when a 4x4 wall opens) and costs little per frame. Why it
exists beside the ffmpeg relay: ffmpeg's parser ends a frame only when the next one begins
(one frame interval late, 67 ms at 15 fps); this relay ends it at the RTP marker bit, as a
native RTSP client does.

Reads one JSON line on stdin: ``{"url": ..., "transport": "tcp"|"udp", "timeout_s": N,
"app_pid": N, "allow_basic_without_tls": false}`` (it dies with that process, the parent that
spawned it; the last, the camera's setting, lets it answer Basic over plain RTSP).
``transport`` is the one tried first (the one that worked for this camera before); the other
follows when the camera refuses it or no video comes over it (``session``).
The URL carries the camera's password, so it never goes on the command line (``ps``). Writes
MPEG-TS (video only, never re-encoded), one write per frame, starting at the first keyframe.
Tells the app on stderr in records (RECORD_PREFIX and one JSON object, relay.RECORD_PREFIX):
``{"event": "playing", "transport": ...}`` once video flows, and before it exits on failure
``{"event": "failed", "kind": ..., "status": ..., "detail": ..., "tried": [...],
"silent": [...], "offers": [...]}`` (``silent``: transports that were set up and brought no
video; ``offers``: the video formats a camera offers instead of H.264/H.265), then exits
non-zero (0 at the camera's end of stream). ``--check`` prints what it is and exits 0.
"""

from __future__ import annotations

import json
import os
import sys
from typing import NoReturn

if not __package__:  # run as a file (python -I -S path): the package root is four folders up
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))

from rtcc_desktop.video.rtsp_relay.depacketizer import depacketizer_for
from rtcc_desktop.video.rtsp_relay.session import RtspSession
from rtcc_desktop.video.rtsp_relay.target import RtspError
from rtcc_desktop.video.rtsp_relay.ts_writer import MpegTsWriter

WRAP_32 = 1 << 32
# A step of a camera's clock beyond this, either way, is a jump (the camera restarted, or a
# hostile stream), not time passing: frames come many times a second, or the stream times out.
MAX_STEP_S = 10
# How far behind a packet may come and still be one that is late (RFC 3550 A.1's MAX_MISORDER);
# further is the camera's count starting again.
MAX_MISORDER = 100


def die_with_app(app_pid: int) -> None:
    """PR_SET_PDEATHSIG, armed here rather than between the app's fork and exec: a preexec_fn
    would make Python fork the whole app on its UI thread for every relay (40-80 ms each),
    where without one it vforks. The signal still follows the app thread that spawned us. An
    app that died before this ran is no longer our parent: then leave at once."""
    if sys.platform.startswith("linux"):
        import ctypes  # here: ~5 ms of start-up, only where there is a prctl

        ctypes.CDLL(None, use_errno=True).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    if app_pid and os.getppid() != app_pid:
        os._exit(0)


RECORD_PREFIX = "RELAY "  # relay.RECORD_PREFIX (tests/unit/test_relay_words.py holds them equal)


def record(event: str, **fields: object) -> None:
    """One record for the app on stderr (it keeps records apart from free text)."""
    sys.stderr.write(RECORD_PREFIX + json.dumps({"event": event, **fields}) + "\n")
    sys.stderr.flush()


def fail(error: RtspError, session: RtspSession | None = None, code: int = 1) -> NoReturn:
    record("failed", kind=error.kind, status=error.status, detail=str(error),
           tried=list(dict.fromkeys(session.tried)) if session else [],
           silent=list(dict.fromkeys(session.silent)) if session else [], offers=list(error.offers),
           auth=session.credentials.scheme if session and session.credentials else "")
    os._exit(code)


class RtpClock:
    """A camera's 32-bit RTP timestamps as an ever-growing count of 90 kHz ticks from 0. A jump
    of the camera's clock (over MAX_STEP_S) counts as one more frame interval: the writer never
    takes its PCR back, so a jump back would hold the player's clock still for as long as the
    jump was, and one ahead would leave it that far behind."""

    def __init__(self, rate: int) -> None:
        self.rate = rate or 90_000
        self.last: int | None = None
        self.extended = 0
        self.step = 0  # the last step forward that was time passing

    def ticks_90k(self, timestamp: int) -> int:
        if self.last is None:
            self.last = timestamp
        # The step from the previous timestamp, read as signed: the clock wraps every 13 h at 90 kHz.
        step = (timestamp - self.last + (WRAP_32 >> 1)) % WRAP_32 - (WRAP_32 >> 1)
        self.last = timestamp
        if abs(step) > MAX_STEP_S * self.rate:
            step = self.step
        elif step > 0:
            self.step = step
        self.extended += step
        return self.extended * 90_000 // self.rate


def write_all(data: bytes | bytearray) -> None:
    try:
        written = os.write(1, data)  # a frame fits the pipe at once, but for a keyframe now and then
        if written < len(data):
            view = memoryview(data)[written:]
            while view:
                view = view[os.write(1, view):]
    except OSError:  # the player closed the pipe: the tile stopped, the relay is done
        fail(RtspError("the player stopped reading", "ended"), code=0)


def relay(session: RtspSession) -> None:
    media = session.start()
    depacketizer = depacketizer_for(media.encoding, media.fmtp)
    if depacketizer is None:  # start() only picks codecs the depacketizer knows
        raise RtspError(f"unsupported codec {media.encoding} from the camera")
    writer = MpegTsWriter(depacketizer.codec)
    clock = RtpClock(media.clock_rate)
    expected: int | None = None
    started = False
    # Every packet of every stream passes this loop, after a sleep, with cold caches: its
    # steps are few, and the methods it calls are looked up once.
    push, frame, ticks = depacketizer.push, writer.frame, clock.ticks_90k
    # The video stream's RTP only: the session drops other payload types, SSRCs and senders.
    for sequence, timestamp, marker, payload in session.packets(idle_timeout_s=session.timeout_s):
        if sequence != expected:
            if expected is None:  # the first packet: video flows, over the transport that brought it
                record("playing", transport=session.transport)
            elif (expected - sequence) & 0xFFFF <= MAX_MISORDER:
                continue  # late or repeated (UDP): its frame has gone already
            else:
                depacketizer.lost()  # a gap, or a new count: a frame cut in two must not be glued together
        expected = (sequence + 1) & 0xFFFF
        units = push(payload, timestamp, marker)
        if units:
            for data, rtp_timestamp, keyframe in units:
                if not (started or keyframe):
                    continue  # nothing decodes before the first keyframe: the player is spared it
                started = True
                write_all(frame(data, ticks(rtp_timestamp), None, keyframe))


def main() -> int:
    if "--check" in sys.argv[1:]:  # doctor: the relay can start here
        print(f"built-in RTSP relay, Python {sys.version.split()[0]}")
        return 0
    request = json.loads(sys.stdin.readline())  # the app's death before writing it: EOF, an error
    die_with_app(int(request.get("app_pid", 0)))
    try:
        session = RtspSession(request["url"], str(request.get("transport", "tcp")),
                              float(request.get("timeout_s", 4)), request.get("allow_basic_without_tls") is True,
                              fallback=True)
    except RtspError as exc:
        fail(exc)
    try:
        relay(session)
    except RtspError as exc:
        fail(exc, session, code=0 if "end of stream" in str(exc) else 1)
    except (OSError, ValueError) as exc:
        fail(RtspError(f"the camera's stream broke off ({exc.__class__.__name__})", "ended"), session)
    return 0


if __name__ == "__main__":
    sys.exit(main())
