"""The RTSP relay's GStreamer engine: one RTSP stream in, MPEG-TS out on stdout.

Runs under Debian's own Python (``/usr/bin/python3 -I``, which has ``python3-gi``) as a
child of the app, one per playing stream; standalone on purpose: it imports nothing of the
project (the app's venv has no ``gi``). Why it exists beside the ffmpeg relay: ffmpeg's
H.264/H.265 parser ends a frame only when the next one begins, so every frame leaves an
ffmpeg relay one frame interval late (67 ms at 15 fps). GStreamer's depayloaders end a frame
at the RTP marker bit, as a native RTSP client does (``bench/relay_tap.py``: 4 ms).

Reads one JSON line on stdin: ``{"url": ..., "transport": "tcp"|"udp", "timeout_s": N}``.
The URL carries the camera's password, so it never goes on the command line (``ps``).
Writes MPEG-TS (video only, never re-encoded; ``mpegts_writer.py``, not mpegtsmux, whose
clock references run 125 ms behind) to stdout, one write per frame. On failure writes one line
``relay error: <what GStreamer said>`` to stderr, in the words the app's ``classify``
knows, and exits non-zero; ``--check`` exits 0 when every element it needs is present.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading
from typing import NoReturn
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # -I leaves this file's folder out
from mpegts_writer import MpegTsWriter  # beside this file; imports nothing else

EXIT_MISSING = 3  # "relay missing: ...": the app tells the operator GStreamer cannot run here
try:
    import gi

    gi.require_version("Gst", "1.0")
    gi.require_version("GstApp", "1.0")
    from gi.repository import GLib, Gst, GstApp  # noqa: F401  (GstApp: appsink's pull methods)
except (ImportError, ValueError) as exc:  # no python3-gi, or no GStreamer typelib
    sys.stderr.write(f"relay missing: GStreamer for Python ({exc})\n")
    sys.exit(EXIT_MISSING)

# Depayloader and the caps to ask it for, per RTP encoding name. Asking for whole access units
# makes it end a frame at the RTP marker bit; no parser is needed after it.
CODECS = {"H264": ("rtph264depay", "video/x-h264"), "H265": ("rtph265depay", "video/x-h265")}
ELEMENTS = ("rtspsrc", "appsink", "capsfilter", *(depay for depay, _ in CODECS.values()))


def fail(message: str, code: int = 1) -> NoReturn:
    sys.stderr.write(f"relay error: {message}\n")
    sys.stderr.flush()
    os._exit(code)  # at once: GStreamer's threads would otherwise keep the process alive


def missing_elements() -> list[str]:
    return [name for name in ELEMENTS if Gst.ElementFactory.find(name) is None]


def why_unconnected(url: str) -> str:
    """rtspsrc says only "Failed to connect" for a name that does not resolve, a refused port
    and a host that does not answer alike; an operator needs to know which. Asked only after
    a failure, so a working camera never sees an extra connection."""
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 554
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return "Failed to resolve the camera's address"
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return "Failed to connect"
    except ConnectionRefusedError:
        return "Connection refused"
    except TimeoutError:
        return "Connection timed out"
    except OSError as exc:
        return f"Failed to connect ({exc.strerror or exc})"


class RelayPipeline:
    def __init__(self, url: str, transport: str, timeout_s: float) -> None:
        self.url = url
        self.pipeline = Gst.Pipeline.new("relay")
        self.source = Gst.ElementFactory.make("rtspsrc")
        self.source.set_property("location", url)
        self.source.set_property("protocols", "tcp" if transport == "tcp" else "udp")
        self.source.set_property("latency", 0)  # no jitter buffer here: libVLC keeps one
        self.source.set_property("tcp-timeout", int(timeout_s * 1_000_000))
        self.source.set_property("timeout", int(timeout_s * 1_000_000))  # UDP: no packets for this long
        self.pipeline.add(self.source)  # the rest is added once the camera says its codec
        self.writer: MpegTsWriter | None = None  # once the camera's codec is known
        self.video_linked = False
        self.video_chosen = False
        self.seen: list[tuple[str, str]] = []  # (media, encoding) of every stream the camera offers
        self.source.connect("select-stream", self.on_select_stream)
        self.source.connect("pad-added", self.on_pad)
        self.source.connect("no-more-pads", self.on_no_more_pads)

    def on_select_stream(self, _source: Gst.Element, _index: int, caps: Gst.Caps) -> bool:
        """Set up the camera's first H.264/H.265 stream only: audio (the app plays none) and other
        video streams are never asked for, so they cost the camera and the network nothing."""
        structure = caps.get_structure(0)
        media = structure.get_string("media") or ""
        encoding = (structure.get_string("encoding-name") or "?").upper()
        self.seen.append((media, encoding))
        if media != "video" or self.video_chosen or encoding not in CODECS:
            return False
        self.video_chosen = True
        return True

    def why_nothing_chosen(self) -> str:
        """In the words classify() knows: why no stream of this camera can be relayed."""
        video = [encoding for media, encoding in self.seen if media == "video"]
        if video:
            return f"unsupported codec {', '.join(video)} from the camera"
        offered = ", ".join(f"{media}/{encoding}" for media, encoding in self.seen)
        return f"the stream matches no streams with video ({offered or 'nothing offered'})"

    def on_pad(self, _source: Gst.Element, pad: Gst.Pad) -> None:
        caps = pad.get_current_caps() or pad.query_caps(None)
        structure = caps.get_structure(0)
        encoding = (structure.get_string("encoding-name") or "").upper()
        if self.video_linked:
            return
        if encoding not in CODECS:  # only chosen streams get pads; a camera may still surprise
            fail(f"unsupported codec {encoding or 'unknown'} from the camera")
        depay_name, media_type = CODECS[encoding]
        self.writer = MpegTsWriter(encoding.lower())
        caps_filter = Gst.ElementFactory.make("capsfilter")
        caps_filter.set_property("caps", Gst.Caps.from_string(f"{media_type},stream-format=byte-stream,alignment=au"))
        sink = Gst.ElementFactory.make("appsink")
        sink.set_property("sync", False)  # pass frames on as they come, never paced
        chain = [Gst.ElementFactory.make(depay_name), caps_filter, sink]
        for element in chain:
            self.pipeline.add(element)
            element.sync_state_with_parent()
        chain[0].link(chain[1])
        chain[1].link(chain[2])
        threading.Thread(target=self.pass_on, args=(sink,), name="pass-on", daemon=True).start()
        if pad.link(chain[0].get_static_pad("sink")) != Gst.PadLinkReturn.OK:
            fail(f"could not link the camera's {encoding} stream")
        self.video_linked = True

    def pass_on(self, sink: Gst.Element) -> None:
        """Whole frames from the depayloader, into TS packets, out in one write each. A thread
        of our own pulls them: a Python callback on GStreamer's thread per frame cost more CPU
        than the rest of the relay (its thread state made and dropped at every call)."""
        assert self.writer is not None
        while True:
            sample = sink.try_pull_sample(Gst.SECOND)
            if sample is None:
                if sink.is_eos():
                    return
                continue
            # Every call into GStreamer costs tens of microseconds from Python: as few as can be.
            buffer = sample.get_buffer()
            data = buffer.extract_dup(0, buffer.get_size())
            pts_ns, dts_ns = buffer.pts, buffer.dts
            dts = None if dts_ns == Gst.CLOCK_TIME_NONE else dts_ns * 9 // 100_000
            pts = dts or 0 if pts_ns == Gst.CLOCK_TIME_NONE else pts_ns * 9 // 100_000
            keyframe = not buffer.has_flags(Gst.BufferFlags.DELTA_UNIT)
            packets = memoryview(self.writer.frame(data, pts, dts, keyframe))
            try:
                while packets:
                    packets = packets[os.write(1, packets):]
            except OSError:  # the player closed the pipe: the tile stopped, the relay is done
                fail("the player stopped reading", code=0)

    def on_no_more_pads(self, _source: Gst.Element) -> None:
        if not self.video_linked:
            fail(self.why_nothing_chosen())

    def run(self, timeout_s: float) -> None:
        loop = GLib.MainLoop()
        bus = self.pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message", self.on_message)
        # rtspsrc's own timeouts do not cover a server that accepts the connection and then
        # says nothing: no first picture within the timeout is a failure of its own.
        GLib.timeout_add(int(timeout_s * 1000), self.on_connect_timeout)
        if self.pipeline.set_state(Gst.State.PLAYING) == Gst.StateChangeReturn.FAILURE:
            fail("the relay could not start")
        loop.run()

    def on_connect_timeout(self) -> bool:
        if not self.video_linked:
            fail("Connection timed out: no video from the camera")
        return False

    def on_message(self, _bus: Gst.Bus, message: Gst.Message) -> None:
        if message.type == Gst.MessageType.ERROR:
            error, debug = message.parse_error()
            # The debug string holds the RTSP status ("Unauthorized (401)"), which the app's
            # classify() reads; the message alone is often only "Could not open resource".
            detail = " ".join((debug or "").split()).rsplit(": ", 1)[-1]
            if "Failed to connect" in detail:
                detail = why_unconnected(self.url)
            if "No supported stream" in error.message:  # every stream we asked for was refused
                if not self.video_chosen:
                    fail(self.why_nothing_chosen())
                fail("the camera refused the transport (Unsupported transport)")
            fail(f"{error.message} ({detail})")
        elif message.type == Gst.MessageType.EOS:
            fail("the camera ended the stream (end of stream)", code=0)


def main() -> None:
    Gst.init(None)
    missing = missing_elements()
    if missing:
        sys.stderr.write(f"relay missing: GStreamer elements {', '.join(missing)}\n")
        sys.exit(EXIT_MISSING)
    if sys.argv[1:] == ["--check"]:
        print(Gst.version_string())
        return
    request = json.loads(sys.stdin.readline())
    timeout_s = float(request.get("timeout_s", 4))
    relay = RelayPipeline(request["url"], request.get("transport", "tcp"), timeout_s)
    relay.run(timeout_s)


if __name__ == "__main__":
    main()
