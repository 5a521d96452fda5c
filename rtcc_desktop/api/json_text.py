"""JSON from outside this app (a backend's reply, an event, an outbox file), read so that any
bad input is a ValueError: the parser recurses once per level of nesting, so a few KiB of
``[[[[…`` raise RecursionError, which callers that catch ValueError would let through."""

from __future__ import annotations

import json
from typing import Any


def loads(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
