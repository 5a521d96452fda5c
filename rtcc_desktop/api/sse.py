"""The text/event-stream format (WHATWG HTML, 9.2), parsed in bounded memory.

Bytes are split into lines as they arrive (``\\r\\n``, ``\\n`` or ``\\r``), each byte
looked at once, so a hostile stream costs linear time. A line or an event over its
cap is dropped (and counted) and parsing resumes at the next blank line: memory
stays bounded whatever the server sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

MAX_LINE_BYTES = 256 * 1024  # the backend's events are one JSON line of a few KiB
MAX_EVENT_BYTES = 1024 * 1024
MAX_ID_DIGITS = 18  # the backend takes back ids of up to 18 digits as Last-Event-ID
_EOL = re.compile(rb"\r\n|\r|\n")
_BOM = b"\xef\xbb\xbf"

Dispatched = tuple[str | None, str, str]  # (id, type, data)


def valid_event_id(value: str) -> int | None:
    """A non-negative integer the backend can take back as ``Last-Event-ID``; else None."""
    if not value or len(value) > MAX_ID_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    return int(value)


@dataclass
class LineSplitter:
    """Bytes in, complete lines out; ``None`` stands for a line that exceeded the cap."""

    max_line: int = MAX_LINE_BYTES
    _partial: bytearray = field(default_factory=bytearray)
    _overflow: bool = False  # discarding the rest of a line that is too long
    _after_cr: bool = False  # the last chunk ended in \r: a leading \n belongs to it

    def split(self, chunk: bytes) -> Iterator[bytes | None]:
        start = 1 if self._after_cr and chunk[:1] == b"\n" else 0
        self._after_cr = chunk.endswith(b"\r")
        for end in _EOL.finditer(chunk, start):
            yield self._line(chunk[start:end.start()])
            start = end.end()
        rest = chunk[start:]
        if self._overflow:
            return
        if len(self._partial) + len(rest) > self.max_line:
            self._partial.clear()
            self._overflow = True
        else:
            self._partial += rest

    def _line(self, tail: bytes) -> bytes | None:
        if self._overflow:
            self._overflow = False
            return None
        if self._partial:
            self._partial += tail
            line = bytes(self._partial)
            self._partial.clear()
        else:
            line = tail
        return line if len(line) <= self.max_line else None

    @property
    def pending(self) -> int:
        """Bytes held for an unfinished line (bounded by ``max_line``)."""
        return len(self._partial)

    @property
    def overflowing(self) -> bool:
        return self._overflow


@dataclass
class SseParser:
    """One connection's events: lines in, dispatched (id, type, data) out.

    ``last_id`` keeps only ids the backend can take back (see ``valid_event_id``);
    ``retry_ms`` is the server's reconnection time, if it sent a valid one;
    ``on_drop`` hears why an event was dropped."""

    last_id: str | None = None
    retry_ms: int | None = None
    on_drop: Callable[[str], None] | None = None
    dropped: int = 0
    max_event: int = MAX_EVENT_BYTES
    splitter: LineSplitter = field(default_factory=LineSplitter)
    _data: bytearray = field(default_factory=bytearray)
    _has_data: bool = False
    _event: str = "message"
    _spoiled: str | None = None  # why the event being read will be dropped at its blank line
    _started: bool = False

    def feed(self, raw: bytes | None) -> Dispatched | None:
        """One line (without its line ending; None if it was too long) in; a dispatched event or None."""
        if raw is None:
            self._spoil(self._long_line())
            return None
        if not self._started:
            self._started = True
            raw = raw.removeprefix(_BOM)
        if not raw:
            return self._dispatch()
        if raw.startswith(b":"):
            return None  # comment: the server's keep-alive
        name, colon, value = raw.partition(b":")
        if colon and value.startswith(b" "):
            value = value[1:]
        if name == b"data":
            self._add_data(value)
        elif name == b"event":
            self._event = value.decode("utf-8", errors="replace")
        elif name == b"id":
            text = value.decode("utf-8", errors="replace")
            if valid_event_id(text) is not None:
                self.last_id = text
        elif name == b"retry" and value.isdigit() and len(value) <= 9:
            self.retry_ms = int(value)
        return None

    def _add_data(self, value: bytes) -> None:
        if self._spoiled is not None:
            return
        if len(self._data) + len(value) + 1 > self.max_event:
            self._spoil(f"an event over {self.max_event // 1024} KiB")
            return
        if self._has_data:
            self._data += b"\n"
        self._data += value
        self._has_data = True

    def _long_line(self) -> str:
        return f"a line over {self.splitter.max_line // 1024} KiB"

    def _spoil(self, reason: str) -> None:
        if self._spoiled is None:
            self._spoiled = reason
        self._data.clear()

    def _dispatch(self) -> Dispatched | None:
        spoiled, has_data, event = self._spoiled, self._has_data, self._event
        data = self._data.decode("utf-8", errors="replace")
        self._data, self._has_data, self._event, self._spoiled = bytearray(), False, "message", None
        if spoiled is not None:
            self._report(spoiled)
            return None
        if not has_data:
            return None
        return (self.last_id, event, data)

    def _report(self, reason: str) -> None:
        self.dropped += 1
        if self.on_drop is not None:
            self.on_drop(reason)

    def finish(self) -> None:
        """The stream ended: an unfinished event is discarded (reported if it was being dropped)."""
        if self._spoiled is not None or self.splitter.overflowing:
            self._report(self._spoiled or self._long_line())
        self._data, self._has_data, self._event, self._spoiled = bytearray(), False, "message", None

    def lines(self, chunks: Iterable[bytes]) -> Iterator[Dispatched]:
        for chunk in chunks:
            for line in self.splitter.split(chunk):
                dispatched = self.feed(line)
                if dispatched is not None:
                    yield dispatched
        self.finish()

    @property
    def buffered(self) -> int:
        """Bytes held for the event being read (bounded by the line and event caps)."""
        return self.splitter.pending + len(self._data)
