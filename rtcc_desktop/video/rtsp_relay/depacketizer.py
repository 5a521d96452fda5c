"""RTP payloads of H.264 (RFC 6184) and H.265 (RFC 7798) back into whole access units.

The built-in relay's depacketizer. A frame ends at the RTP marker bit, the way a camera marks
it: nothing is held back waiting for the next frame to begin, which is what ffmpeg's parser
does (one frame interval of latency, 67 ms at 15 fps). Standard library only.

Covered: single NAL units, aggregation packets (STAP-A / AP) and fragmentation units (FU-A /
FU), the non-interleaved modes every camera uses. The interleaved mode's packet types (STAP-B,
MTAP, FU-B) and DONL fields are not: a stream that needs them would have to declare
``sprop-interleaving-depth`` / ``sprop-max-don-diff``, which no camera met so far does.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import NamedTuple

START = b"\x00\x00\x00\x01"
# What one access unit may hold; beyond either it is dropped, and what follows waits for the
# next keyframe. No camera frame comes near them; a hostile stream cannot grow us further.
MAX_ACCESS_UNIT = 8 << 20  # bytes, each NAL unit counted with NAL_OVERHEAD
MAX_NALS = 4096  # NAL units: a frame has a few slices, parameter sets and SEI
# What holding one NAL unit costs beside its bytes: the bytes object's header, its slot in the
# list and its start code. Without it, a stream of 1-byte NAL units (aggregation packets full
# of them) held 8 million objects, 700 MiB, inside the byte bound.
NAL_OVERHEAD = 64


class AccessUnit(NamedTuple):  # a tuple, not a dataclass: one is made for every frame
    data: bytes  # Annex B: every NAL unit behind a start code
    rtp_timestamp: int  # 32-bit, the camera's clock
    keyframe: bool


_new_unit = tuple.__new__  # a NamedTuple's own constructor is a Python function: a frame more
NOTHING: list[AccessUnit] = []  # what most packets complete; never appended to


class Depacketizer:
    """Fed RTP payloads in sequence order (``push``); returns each access unit as it
    completes. ``lost`` drops a fragment whose middle went missing (UDP). ``dropped`` counts
    the access units given up on as too large (MAX_ACCESS_UNIT, MAX_NALS).

    Every packet of every relayed stream passes here, so the per-packet path is kept short:
    the NAL type read with a shift and a mask, keyframe types looked up in a set."""

    codec = ""
    TYPE_SHIFT, TYPE_MASK = 0, 0
    SINGLE: range = range(0)  # packet types that are one whole NAL unit
    SINGLE_MIN_LENGTH = 1  # bytes of such a packet: its NAL header at least
    KEYFRAME_TYPES: frozenset[int] = frozenset()
    SPS_TYPE = -1

    def __init__(self, parameter_sets: list[bytes]) -> None:
        self._parameter_sets = b"".join(START + nal for nal in parameter_sets)
        self._nals: list[bytes] = []
        self._size = 0
        self._fragment: bytearray | None = None
        self._timestamp: int | None = None
        self._keyframe = False
        self._has_sps = False
        self._too_large = False  # the access unit being gathered went past a bound
        self._dropped_timestamp: int | None = None  # the rest of that unit is not gathered
        self._need_keyframe = False  # after a drop: what follows does not decode before a keyframe
        self.dropped = 0

    def push(self, payload: bytes, timestamp: int, marker: bool) -> list[AccessUnit]:
        """The access units this packet completed: usually none, or its own at the marker."""
        if timestamp == self._dropped_timestamp:
            return NOTHING
        finished = NOTHING
        if timestamp != self._timestamp:
            if self._nals:  # the previous frame's last packet (its marker) was lost: end that frame here
                finished = self._finish()
            self._fragment = None  # a NAL unit begun in another frame is not continued in this one
        self._timestamp = timestamp
        # A packet holding one NAL unit (most packets of a small stream) goes straight to _add:
        # each Python call on this path costs its share of a cold cache at every frame.
        if len(payload) >= self.SINGLE_MIN_LENGTH and ((payload[0] >> self.TYPE_SHIFT) & self.TYPE_MASK) in self.SINGLE:
            self._add(payload)
        else:
            self._unpack(payload)
        if self._too_large:
            self._drop(timestamp)
        elif marker and self._nals:
            finished = self._finish() if finished is NOTHING else [*finished, *self._finish()]
        return finished

    def lost(self) -> None:
        self._fragment = None

    def _add(self, nal: bytes) -> bool:
        """Gather one NAL unit; False (and nothing held) once the access unit is too large."""
        self._size += len(nal) + NAL_OVERHEAD
        if self._size > MAX_ACCESS_UNIT or len(self._nals) >= MAX_NALS:
            self._too_large = True
            return False
        kind = (nal[0] >> self.TYPE_SHIFT) & self.TYPE_MASK
        if kind in self.KEYFRAME_TYPES:
            self._keyframe = True
            self._has_sps = self._has_sps or kind == self.SPS_TYPE
        self._nals.append(nal)
        return True

    def _fragment_part(self, header: bytes, body: bytes, start: bool, end: bool) -> None:
        if start:
            self._fragment = bytearray(header) + body
        elif self._fragment is not None:
            self._fragment += body
        if self._fragment is not None and len(self._fragment) + self._size > MAX_ACCESS_UNIT:
            self._too_large = True  # a fragment that never ends
            self._fragment = None
        if end and self._fragment is not None:
            self._add(bytes(self._fragment))
            self._fragment = None

    def _drop(self, timestamp: int) -> None:
        """Give up on the access unit being gathered: its other packets are let pass, and
        nothing is handed on before the next keyframe."""
        self._reset()
        self._dropped_timestamp = timestamp
        self._need_keyframe = True
        self.dropped += 1

    def _finish(self) -> list[AccessUnit]:
        """The access unit gathered, as a list of one; none while waiting for a keyframe."""
        nals, keyframe = self._nals, self._keyframe
        # Reset inline (as _reset does): this runs at every frame.
        self._nals, self._size, self._keyframe, self._fragment, self._too_large = [], 0, False, None, False
        has_sps, self._has_sps = self._has_sps, False
        if self._need_keyframe and not keyframe:
            return NOTHING
        self._need_keyframe = False
        data = START.join([b"", *nals])  # every NAL unit behind a start code, in one copy
        if keyframe and not has_sps:
            # A decoder joining here needs the SPS/PPS the SDP carried and the camera did not
            # repeat in band (ffmpeg's MPEG-TS muxer adds them the same way).
            data = self._parameter_sets + data
        return [_new_unit(AccessUnit, (data, self._timestamp or 0, keyframe))]

    def _reset(self) -> None:
        self._nals, self._size, self._keyframe, self._has_sps = [], 0, False, False
        self._fragment = None
        self._too_large = False

    def _unpack(self, payload: bytes) -> None:
        raise NotImplementedError


class H264Depacketizer(Depacketizer):
    codec = "h264"
    TYPE_SHIFT, TYPE_MASK = 0, 0x1F
    SINGLE, SINGLE_MIN_LENGTH = range(1, 24), 1
    KEYFRAME_TYPES = frozenset({5, 7})  # an IDR slice, or an SPS (which starts a coded video sequence)
    SPS_TYPE = 7

    def _unpack(self, payload: bytes) -> None:
        if not payload:
            return
        kind = payload[0] & 0x1F
        if 1 <= kind <= 23:
            self._add(payload)
        elif kind == 24:  # STAP-A: [16-bit size][NAL unit] ...
            _aggregated(payload, 1, self._add)
        elif kind == 28 and len(payload) > 2:  # FU-A: indicator, header (S E R type), body
            header = payload[1]
            nal_header = bytes([(payload[0] & 0xE0) | (header & 0x1F)])
            self._fragment_part(nal_header, payload[2:], bool(header & 0x80), bool(header & 0x40))


class H265Depacketizer(Depacketizer):
    codec = "h265"
    TYPE_SHIFT, TYPE_MASK = 1, 0x3F
    SINGLE, SINGLE_MIN_LENGTH = range(0, 48), 2
    KEYFRAME_TYPES = frozenset({16, 17, 18, 19, 20, 21, 32, 33})  # IRAP pictures, or a VPS / SPS
    SPS_TYPE = 33

    def _unpack(self, payload: bytes) -> None:
        if len(payload) < 2:
            return
        kind = (payload[0] >> 1) & 0x3F
        if kind < 48:
            self._add(payload)
        elif kind == 48:  # AP: 2-byte header, then [16-bit size][NAL unit] ...
            _aggregated(payload, 2, self._add)
        elif kind == 49 and len(payload) > 3:  # FU: 2-byte header, FU header (S E type), body
            header = payload[2]
            nal_header = bytes([(payload[0] & 0x81) | ((header & 0x3F) << 1), payload[1]])
            self._fragment_part(nal_header, payload[3:], bool(header & 0x80), bool(header & 0x40))


def _aggregated(payload: bytes, position: int, add: Callable[[bytes], bool]) -> None:
    while position + 2 <= len(payload):
        size = int.from_bytes(payload[position:position + 2], "big")
        position += 2
        if size == 0 or position + size > len(payload):
            return  # a truncated aggregate: keep what was whole
        if not add(payload[position:position + size]):
            return  # the access unit is too large already
        position += size


def depacketizer_for(encoding: str, fmtp: str) -> Depacketizer | None:
    """The depacketizer for an SDP ``rtpmap`` encoding name and its ``fmtp`` line (whose
    parameter sets a keyframe is given when the camera does not repeat them), or None."""
    params = {key.strip().lower(): value.strip()
              for key, _, value in (item.partition("=") for item in fmtp.split(";")) if value}
    if encoding == "H264":
        names = (params.get("sprop-parameter-sets") or "").split(",")
        return H264Depacketizer(_decoded(names))
    if encoding in ("H265", "HEVC"):
        names = [params.get(f"sprop-{name}") or "" for name in ("vps", "sps", "pps")]
        return H265Depacketizer(_decoded(",".join(names).split(",")))
    return None


def _decoded(items: list[str]) -> list[bytes]:
    out = []
    for item in items:
        item = re.sub(r"\s", "", item)
        if not item:
            continue
        try:
            out.append(base64.b64decode(item + "=" * (-len(item) % 4), validate=True))
        except ValueError:  # a malformed parameter set: the camera's in-band ones may still come
            continue
    return out
