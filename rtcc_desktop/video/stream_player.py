"""One connection to a live stream: a reused libVLC player, its frame buffer, its table.

Threading (docs/architecture.md, measured): every libVLC call happens on the thread that
owns this QObject. libVLC's own threads (events, video callbacks) only emit
signals, which Qt queues to the owner; calling libVLC from them deadlocks.
Public methods may be called from any thread: they post to the owner.

The player never talks to the backend and never retries: it is the libVLC adapter under a
live view (``live_view.LiveView``), which owns the grant, the retry policy and the
size/profile switch. A connection that fails ends in ``failed`` with ``lasting`` saying
whether trying again can help. What the player does decide is how one connection is made:
which relay engine and transport play an RTSP camera (``EngineChoice``), since that is
negotiation with the camera, not a retry of the view.
"""

from __future__ import annotations

import logging
import ssl
import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from rtcc_desktop.api.schemas.streams import stream_url_problem
from rtcc_desktop.video import engine
from rtcc_desktop.video.frame_buffer import FrameBuffer
from rtcc_desktop.video.hls_gate import GatedPlaylist, hls_gate
from rtcc_desktop.video.player_state import (
    ACTIVE,
    FIRST_FRAME_TIMEOUT_S,
    HLS_FIRST_FRAME_TIMEOUT_S,
    RECONNECT_AFTER_STALL_S,
    STALL_AFTER_S,
    PlayerState,
    can_transition,
)
from rtcc_desktop.video.rtsp_relay.engines import (
    ENGINE_CHOICE,
    FALLBACK_WORDS,
    EngineChoice,
    Route,
    make_relay,
)
from rtcc_desktop.video.rtsp_relay.relay import Relay, RelayProblem, needs_relay
from rtcc_desktop.video.stream_source import StreamSource
from rtcc_desktop.video.tls_trust import libvlc_trust_options

__all__ = ["StreamPlayer", "StreamSource"]

log = logging.getLogger(__name__)
S = PlayerState

_WATCH_MS = 200
RELAY_REPORT_GRACE_MS = 500  # how long libVLC's end of a relayed stream waits for the relay's report


class StreamPlayer(QObject):
    state_changed = Signal(str, str)  # PlayerState value, detail for the operator
    frame_ready = Signal()  # a new picture is in ``buffer`` (emitted from a libVLC thread)

    _post_play = Signal(object, object, bool)
    _post_stop = Signal(str, bool)
    _first_frame = Signal()
    _vlc_ended = Signal(str, int)  # libVLC's event type, the playback (``_playback``) it ended
    _relay_ended = Signal(object, object)  # the Relay, its RelayProblem
    _gate_refused = Signal(object, str)  # the GatedPlaylist, why the HLS gate refused its playlist

    def __init__(self, parent: QObject | None = None, choice: EngineChoice | None = None,
                 buffer: FrameBuffer | None = None) -> None:
        super().__init__(parent)
        self._choice = choice or ENGINE_CHOICE  # which relay engine and transport play a camera
        # Where libVLC decodes to: the software wall's RV32 ring by default, another buffer with
        # the same surface (the GPU path's YUV planes) where the wall renders differently.
        self.buffer = buffer if buffer is not None else FrameBuffer()
        self.buffer.on_frame = self._frame_arrived
        self.state = S.idle
        self.detail = ""
        self.source: StreamSource | None = None
        self.size: tuple[int, int] | None = None  # what the picture is decoded to (None: its own size)
        self.lasting = False  # the last failure is one retrying cannot fix (a wrong password, no video)
        self._ever_played = False  # this view's source showed a picture before (not a new camera)
        self._connect_started = 0.0
        self._mp: Any = None
        self._relay: Relay | None = None  # RTSP through a relay, when libVLC cannot open it
        self._gated: GatedPlaylist | None = None  # HLS: playlists and segments through the app's gate
        self.route: Route | None = None  # how the relay plays this source (None: not chosen yet)
        self._gave_up_on = ""  # what the engine before this one said, when it could not play the camera
        self._connect_seq = 0
        # Which libVLC playback is current: an end event of one already replaced (a relay's
        # report moved the camera to another transport) is still in the queue when the next
        # begins, and must not end that one.
        self._playback = 0
        self._watch = QTimer(self)
        self._watch.setInterval(_WATCH_MS)
        self._watch.timeout.connect(self._check)
        queued = Qt.ConnectionType.QueuedConnection
        self._post_play.connect(self._on_play, queued)
        self._post_stop.connect(self._on_stop, queued)
        self._first_frame.connect(self._on_first_frame, queued)
        self._vlc_ended.connect(self._on_vlc_ended, queued)
        self._relay_ended.connect(self._on_relay_ended, queued)
        self._gate_refused.connect(self._on_gate_refused, queued)

    # --- public, any thread ----------------------------------------------
    def play(self, source: StreamSource, size: tuple[int, int] | None = None, again: bool = False) -> None:
        """Connect to a source, its pictures decoded to ``size`` (device pixels; None: the
        picture's own size). ``again``: the same view reconnecting (a camera that played
        keeps its engine and transport); otherwise a new camera starts with a blank picture."""
        self._post_play.emit(source, size, again)

    def stop(self, reason: str = "", forget: bool = False) -> None:
        """Stop; ``forget`` also drops the last picture (a view that may no longer be shown)."""
        self._post_stop.emit(reason, forget)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE

    # --- libVLC threads ----------------------------------------------------
    def _frame_arrived(self) -> None:
        if self.state is not S.playing:  # cheap: the owner only hears about changes
            self._first_frame.emit()
        self.frame_ready.emit()

    def _vlc_event(self, event: Any) -> None:
        # Read here, on libVLC's thread: the playback that ended, not the one current when the
        # owner hears of it. set_media/stop return only once this playback's events are out.
        self._vlc_ended.emit(str(event.type), self._playback)

    # --- owner thread ----------------------------------------------------------
    def _player(self) -> Any:
        if self._mp is None:
            vlc = engine.vlc_module()
            mp = engine.instance().media_player_new()
            buf = self.buffer
            # python-vlc's own prototypes cannot write the chroma; call libVLC directly.
            set_format = vlc.dll.libvlc_video_set_format_callbacks
            set_format.argtypes = None
            set_format(mp, buf.format_cb, buf.cleanup_cb)
            set_callbacks = vlc.dll.libvlc_video_set_callbacks
            set_callbacks.argtypes = None
            # No unlock callback (libVLC allows NULL): it has nothing to do, and each callback is
            # a Python call under the GIL on a libVLC thread, for every picture of every tile.
            set_callbacks(mp, buf.lock_cb, None, buf.display_cb, None)
            events = mp.event_manager()
            for kind in (vlc.EventType.MediaPlayerEndReached, vlc.EventType.MediaPlayerEncounteredError):
                events.event_attach(kind, self._vlc_event)
            self._mp = mp
        return self._mp

    def _set_state(self, state: PlayerState, detail: str = "") -> None:
        if state is self.state and detail == self.detail:
            return
        if state is not self.state and not can_transition(self.state, state):
            log.debug("ignored %s -> %s", self.state, state)
            return
        self.state, self.detail = state, detail
        self.state_changed.emit(state.value, detail)

    @Slot(object, object, bool)
    def _on_play(self, source: StreamSource, size: tuple[int, int] | None, again: bool) -> None:
        if not again:
            new_camera = self.source is None or self.source.camera_id != source.camera_id
            self._ever_played = False
            self.route = None  # a new source starts where its camera last played, or from the top
            self._gave_up_on = ""
            if new_camera:
                self.buffer.forget_picture()
        self.source, self.size = source, size
        self.lasting = False
        self.buffer.target_size = size  # read by libVLC's format callback when this playback starts
        self._connect()

    def _connect(self) -> None:
        assert self.source is not None
        vlc_mp = self._player()
        self._end_relay()
        # Connecting starts here: a relay that cannot start fails the connection (from idle,
        # "failed" is not a state the player may enter, and the tile would say nothing).
        if self.state is not S.connecting:
            self._set_state(S.connecting, "")
        mrl = self.source.url
        refused = stream_url_problem(self.source.protocol, mrl)
        if refused is not None:  # libVLC would open a local file, a webcam, the desktop
            self.lasting = True
            self._set_state(S.failed, refused)
            return
        if needs_relay(self.source.protocol, engine.native_inputs()):
            if self.route is None:
                self.route = self._choice.first(mrl)
            relay = make_relay(mrl, lambda problem: self._relay_ended.emit(relay, problem), self.route.transport,
                               self.source.allow_basic_without_tls, self.route.engine)
            try:
                mrl = relay.start()
            except (OSError, ValueError) as exc:  # no ffmpeg; an address it must not be given
                self.lasting = True
                self._set_state(S.failed, str(exc))
                return
            self._relay = relay
        elif self.source.protocol == "hls":  # libVLC reaches only the gate, which checks every address
            try:
                gated = hls_gate().open(mrl, lambda words: self._gate_refused.emit(gated, words), self.source.ca_bundle)
            except (OSError, ssl.SSLError) as exc:
                self._unreadable_bundle(exc)
                return
            self._gated, mrl = gated, gated.url
        try:
            # The gate and the relay verify for themselves; what libVLC fetches itself, it verifies.
            trust = () if self._gated or self._relay else libvlc_trust_options(mrl, self.source.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            self._unreadable_bundle(exc)
            return
        media = engine.instance().media_new(mrl)
        for option in (*engine.media_options(self.source.protocol, relayed=self._relay is not None), *trust):
            media.add_option(option)
        vlc_mp.set_media(media)
        media.release()  # the player holds its own reference
        self._connect_started = time.monotonic()
        self._connect_seq = self.buffer.seq
        self._playback += 1
        vlc_mp.play()
        self._watch.start()

    @Slot()
    def _on_first_frame(self) -> None:
        if self.state in (S.connecting, S.stalled) and self.buffer.seq > self._connect_seq:
            self._ever_played = True
            self._learn_source_size()
            if self._relay is not None and self.route is not None and self.source is not None:
                self.route = self._choice.played(self.source.url, self.route, self._relay.transport_used)
            self._gave_up_on = ""
            self._set_state(S.playing, self.route.words() if self._relay is not None and self.route else "")

    @Slot(str, int)
    def _on_vlc_ended(self, kind: str, playback: int) -> None:
        if playback == self._playback and self.state in (S.connecting, S.playing, S.stalled):
            reason = "The stream could not be played." if "EncounteredError" in kind else "The stream ended."
            relay = self._relay
            if relay is None:
                self._fail(reason)
                return
            # libVLC sees the relay's pipe close as the relay exits, often before the relay's own
            # report of why arrives: that report decides (the camera's words, whether to retry,
            # whether another engine or transport may play it). libVLC's words only if none comes.
            QTimer.singleShot(RELAY_REPORT_GRACE_MS, self, lambda: self._vlc_ended_unexplained(relay, reason))

    def _vlc_ended_unexplained(self, relay: Relay, reason: str) -> None:
        if relay is self._relay and self.state in (S.connecting, S.playing, S.stalled):
            self._fail(reason)

    @Slot(str, bool)
    def _on_stop(self, reason: str, forget: bool) -> None:
        self._watch.stop()
        if self._mp is not None:
            self._mp.stop()  # synchronous: no picture arrives after this returns
        self._end_relay()
        if forget:
            self.buffer.forget_picture()
        self._set_state(S.stopped, reason)

    def _check(self) -> None:
        now = time.monotonic()
        age = self.buffer.frame_age_s(now)
        if self.state is S.connecting:
            hls = self.source is not None and self.source.protocol == "hls"
            timeout_s = HLS_FIRST_FRAME_TIMEOUT_S if hls else FIRST_FRAME_TIMEOUT_S
            if now - self._connect_started > timeout_s:
                self._fail(f"No picture from the camera within {timeout_s:.0f} s.")
        elif self.state is S.playing:
            if self.buffer.source_size is None:
                self._learn_source_size()
            self._learn_transport()
            if age is not None and age > STALL_AFTER_S:
                self._set_state(S.stalled, "No new picture.")
        elif self.state is S.stalled and age is not None and age > STALL_AFTER_S + RECONNECT_AFTER_STALL_S:
            self._fail("No new picture; reconnecting.")

    def _learn_source_size(self) -> None:
        # libVLC often reports 0x0 at the very first picture; the watch asks again.
        if self._mp is not None:
            self.buffer.set_source_size(*self._mp.video_get_size(0))

    def _fail(self, reason: str, lasting: bool = False) -> None:
        """This connection is over; the owner decides whether and when to try again."""
        self._watch.stop()
        if self._mp is not None:
            self._mp.stop()
        self._end_relay()
        self.lasting = lasting
        self._set_state(S.failed, reason)

    def release(self) -> None:
        """Free libVLC's player (app exit). Call on the owner thread."""
        self._watch.stop()
        if self._mp is not None:
            self._mp.stop()
            self._mp.release()
            self._mp = None
        self._end_relay()

    # --- the RTSP relay -----------------------------------------------------------
    def _unreadable_bundle(self, exc: OSError | ssl.SSLError) -> None:
        self.lasting = True  # the same file fails again
        self._set_state(S.failed, f"The backend profile's CA bundle could not be read ({exc}).")

    def _end_relay(self) -> None:
        """Stop the relay, if any, and close the HLS gate's way; libVLC must have stopped
        reading first."""
        relay, self._relay = self._relay, None
        if relay is not None:
            relay.stop()
        gated, self._gated = self._gated, None
        if gated is not None:
            gated.close()

    @Slot(object, str)
    def _on_gate_refused(self, gated: GatedPlaylist, words: str) -> None:
        if gated is self._gated and self.state in (S.connecting, S.playing, S.stalled):
            self._fail(words, lasting=True)  # the same playlist would be refused again

    def source_size(self) -> tuple[int, int]:
        """The decoded picture's size as libVLC reports it (the buffer may hold it scaled)."""
        if self.buffer.source_size is None:
            self._learn_source_size()
        return self.buffer.source_size or self.buffer.size

    def video_codec(self) -> str:
        """The playing stream's video codec, e.g. 'H.264' ('' when libVLC does not say)."""
        media = self._mp.get_media() if self._mp is not None else None
        try:
            for track in (media.tracks_get() or ()) if media is not None else ():
                if track.type == 1:  # video
                    fourcc = int(track.codec).to_bytes(4, "little").decode("ascii", "replace").strip()
                    return {"h264": "H.264", "hevc": "H.265"}.get(fourcc.lower(), fourcc)
        except (AttributeError, TypeError, ValueError):  # python-vlc builds differ here; a nicety only
            return ""
        return ""

    @property
    def relay_pid(self) -> int | None:
        return self._relay.pid if self._relay is not None else None

    @property
    def relay_engine(self) -> str | None:
        return self._relay.engine if self._relay is not None else None

    @property
    def relay_transport(self) -> str | None:
        """The transport the relay plays over, once it says (None until then, and for an engine
        that does not say): what it was asked for is only where its own negotiation began."""
        return self._relay.transport_used if self._relay is not None else None

    def _learn_transport(self) -> None:
        """Remember the transport the relay says it plays over (it may say so after the first
        picture), so the next start of this camera begins there."""
        used = self.relay_transport
        if used and self.route is not None and self.source is not None and used != self.route.transport:
            self.route = self._choice.played(self.source.url, self.route, used)

    @Slot(object, object)
    def _on_relay_ended(self, relay: Relay, problem: RelayProblem) -> None:
        if relay is not self._relay or self.state not in (S.connecting, S.playing, S.stalled):
            return  # a relay we already replaced or stopped
        if self.state is S.connecting and self.route is not None and self.source is not None:
            better = self._choice.after(self.source.url, self.route, problem, self._ever_played,
                                        self.source.allow_basic_without_tls)
            if better is not None:  # another transport or engine: at once, it is no retry of the same
                if better.engine != self.route.engine:
                    log.info("camera %s: %s, trying %s", self.source.camera_id, problem.message, better.engine)
                    self._gave_up_on = problem.message
                self.route = better
                if self._mp is not None:
                    self._mp.stop()
                self._end_relay()
                if better.instead_of:
                    self._set_state(S.connecting, f"Trying {better.engine}: {FALLBACK_WORDS}.")
                self._connect()
                return
        if self._gave_up_on and self.route is not None:  # what was tried, for the operator and support
            problem = replace(problem, message=f"Neither relay engine played this camera. {self.route.engine}: "
                                               f"{problem.message} {self.route.instead_of}: {self._gave_up_on}")
        self._fail(problem.message, lasting=problem.lasting)  # lasting: a wrong password, no such path, no video
