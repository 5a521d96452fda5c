"""A minimal MPEG-TS writer for one live video stream: the built-in RTSP relay's muxer.

Called once per frame; each frame is written with one ``write``, as ffmpeg's relay does
(``-muxdelay 0``):
- a PCR equal to the frame's decoding time in the frame's first packet (nothing held back;
  GStreamer's mpegtsmux, tried for an earlier relay, stamps every frame 125 ms after its PCR,
  a fixed offset in its code, and a player holds each frame that long);
- the PES length written (the player hands a frame on once it is whole, not when the next
  begins);
- PAT and PMT before the first frame and every keyframe (a player can join at any keyframe).

Standard library only, like the rest of the relay's child.
"""

from __future__ import annotations

PACKET = 188
PAYLOAD = 184  # a packet's bytes after its header
VIDEO_PID, PMT_PID = 0x100, 0x1000
STREAM_TYPES = {"h264": 0x1B, "h265": 0x24}
PES_START = b"\x00\x00\x01\xe0"  # a packet start code and the first video stream's id
PES_PTS, PES_PTS_DTS = b"\x80\x80\x05", b"\x80\xc0\x0a"  # PES header flags: PTS only, or PTS and DTS
CLOCK_BASE = 90_000  # 1 s: time stamps stay positive however the stream starts
WRAP = 1 << 33  # time stamps and PCR bases are 33-bit counts of a 90 kHz clock


def crc32_mpeg(data: bytes) -> int:
    """CRC-32/MPEG-2 (polynomial 0x04C11DB7, no reflection), as PSI sections carry it."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
    return crc


def _section(table_id: int, id_field: int, body: bytes) -> bytes:
    """A PSI section (syntax 1, version 0, current, section 0 of 0) with its CRC."""
    length = 5 + len(body) + 4  # id, version, numbers, body, CRC
    head = bytes([table_id, 0xB0 | (length >> 8), length & 0xFF, id_field >> 8, id_field & 0xFF, 0xC1, 0, 0])
    section = head + body
    return section + crc32_mpeg(section).to_bytes(4, "big")


def _timestamp(prefix: int, value: int) -> bytes:
    """A PES PTS/DTS field: 4-bit prefix, 33 bits split 3/15/15 with marker bits."""
    return ((prefix << 36) | ((value >> 30) & 7) << 33 | 1 << 32 | ((value >> 15) & 0x7FFF) << 17 | 1 << 16
            | (value & 0x7FFF) << 1 | 1).to_bytes(5, "big")


class MpegTsWriter:
    def __init__(self, codec: str) -> None:
        self._continuity: dict[int, int] = {}  # of the two tables' PIDs
        self._tables_sent = False
        self._last_pcr = -1
        pat = _section(0x00, 1, bytes([0, 1, 0xE0 | (PMT_PID >> 8), PMT_PID & 0xFF]))
        stream = bytes([STREAM_TYPES[codec], 0xE0 | (VIDEO_PID >> 8), VIDEO_PID & 0xFF, 0xF0, 0])
        pmt = _section(0x02, 1, bytes([0xE0 | (VIDEO_PID >> 8), VIDEO_PID & 0xFF, 0xF0, 0]) + stream)
        # Each table fits one packet: pointer field, section, 0xFF filling.
        self._tables = [(0, b"\x00" + pat), (PMT_PID, b"\x00" + pmt)]
        # A video packet's 4-byte header, per continuity counter value: (a frame's first packet,
        # with an adaptation field; a middle one, payload only; the last, with stuffing)
        self._video_counter = 0x0F  # the first packet gets 0
        pid = (VIDEO_PID >> 8, VIDEO_PID & 0xFF)
        self._heads = [(bytes((0x47, 0x40 | pid[0], pid[1], 0x30 | c)), bytes((0x47, pid[0], pid[1], 0x10 | c)),
                        bytes((0x47, pid[0], pid[1], 0x30 | c))) for c in range(16)]

    def frame(self, data: bytes, pts_90k: int, dts_90k: int | None, keyframe: bool) -> bytearray:
        """One access unit (Annex B) as TS packets: tables first when due, then its PES."""
        pts = (pts_90k + CLOCK_BASE) % WRAP
        dts = pts if dts_90k is None else (dts_90k + CLOCK_BASE) % WRAP
        out = bytearray()
        if keyframe or not self._tables_sent:
            for pid, payload in self._tables:
                out += self._table_packet(pid, payload)
            self._tables_sent = True
        if dts != pts:
            header = PES_PTS_DTS + _timestamp(3, pts) + _timestamp(1, dts)
        else:
            header = PES_PTS + _timestamp(2, pts)
        length = len(header) + len(data)
        pes = PES_START + (length if length <= 0xFFFF else 0).to_bytes(2, "big") + header + data
        # A PCR never goes backwards (a stream with B-frames may send decoding times that do);
        # a jump of over half the 33-bit range is the clock wrapping, not going back.
        behind = (self._last_pcr - dts) % WRAP
        pcr = self._last_pcr if self._last_pcr >= 0 and 0 < behind < WRAP // 2 else dts
        self._last_pcr = pcr
        # The first packet carries the PCR (and the random-access flag) in its adaptation field,
        # padded when the frame is short; the middle ones are header and payload alone; the last
        # is stuffed to 188 bytes. Written out inline, in one function: this runs for every
        # frame of every relayed stream, with cold caches, and every Python step counts there.
        size = len(pes)
        first = min(size, PAYLOAD - 8)  # 8: adaptation length, flags, PCR
        heads = self._heads
        counter = (self._video_counter + 1) & 0x0F
        stuffing = PAYLOAD - 8 - first
        out += heads[counter][0]
        out += bytes((7 + stuffing, 0x50 if keyframe else 0x10))
        out += (pcr << 15 | 0x7E00).to_bytes(6, "big")
        if stuffing:
            out += b"\xff" * stuffing
        out += pes[:first]
        position = first
        while size - position >= PAYLOAD:
            counter = (counter + 1) & 0x0F
            out += heads[counter][1]
            out += pes[position:position + PAYLOAD]
            position += PAYLOAD
        rest = size - position
        if rest:
            counter = (counter + 1) & 0x0F
            room = PAYLOAD - rest
            out += heads[counter][2]
            out += b"\x00" if room == 1 else bytes((room - 1, 0)) + b"\xff" * (room - 2)
            out += pes[position:]
        self._video_counter = counter
        return out

    def _table_packet(self, pid: int, payload: bytes) -> bytes:
        """One packet of a table: header and payload, filled with 0xFF to 188 bytes."""
        counter = (self._continuity.get(pid, -1) + 1) & 0x0F
        self._continuity[pid] = counter
        head = bytes([0x47, 0x40 | (pid >> 8), pid & 0xFF, 0x10 | counter])
        return head + payload + b"\xff" * (PAYLOAD - len(payload))
