"""Secrets out of log text: bearer tokens, refresh tokens, passwords, ``Authorization`` headers,
credentials in URLs and stream-grant URLs (whose path or query is the credential).

``redact`` works on any text; ``RedactingFilter`` applies it to a whole log record (message,
``%`` args, exception and stack text) on the handler, so nothing a logger passes reaches a log
file unredacted, whichever logger or library wrote it; it also writes control characters as
escapes (``terminal_text.escaped``), so each entry is one line and no terminal reads commands
in it. Standard library only: the relay child
and any process can use it.
"""

from __future__ import annotations

import logging
import re

from rtcc_desktop.terminal_text import escaped

MASK = "***"

# user:password@ (or a token as the user) in any scheme://: rtsp://, https://, ...
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s'\"]+@")
# "Authorization: Bearer x", "'Authorization': 'Basic x'", "Proxy-Authorization=..."
_AUTH_HEADER = re.compile(r"(?i)(\b(?:proxy-)?authorization['\"]?\s*[:=]\s*['\"]?)[^'\"\r\n,}]+")
_BEARER = re.compile(r"(?i)\b(bearer|basic|digest)\s+[A-Za-z0-9._~+/=-]{6,}")
# key=value, "key": "value", key: value for keys that name a secret (JSON bodies, form data,
# query strings, reprs of dicts and pydantic models).
_SECRET_KEYS = (r"[a-z_-]*(?:token|password|passwd|secret|api[_-]?key|signature|sig|credential)s?"
                r"|auth")
_KEY_VALUE = re.compile(
    rf"(?i)(['\"]?\b(?:{_SECRET_KEYS})\b['\"]?\s*(?:=|:)\s*)(?:'[^']*'|\"[^\"]*\"|[^\s&,;'\"}}\])]+)")
# The path segment after /streams/ is a grant's token (the mock's and the documented backend's
# shape: /api/v1/streams/{token}/{profile}.ts), in a URL or a bare path (urllib3's request line);
# in a URL any long path segment or query value is treated the same way (signed links).
_STREAM_TOKEN = re.compile(r"(?i)(/streams/)[^/?#\s'\"]+")
_URL = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*://[^\s'\"<>]+")
_TOKEN_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_-]{20,}(?=[/?#.]|$)")
_LONG_QUERY_VALUE = re.compile(r"(?<==)[A-Za-z0-9_.~%+/-]{20,}")
# JSON Web Tokens, and opaque tokens anywhere: 32+ URL-safe characters mixing upper and lower case
# and digits (secrets.token_urlsafe(24) and up; a file name or a word seldom does).
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_OPAQUE = re.compile(r"(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[a-z])(?=[A-Za-z0-9_-]*[A-Z])"
                     r"[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])")


def _redact_url(match: re.Match[str]) -> str:
    return _LONG_QUERY_VALUE.sub(MASK, _TOKEN_SEGMENT.sub(MASK, match.group(0)))


def redact(text: str) -> str:
    """``text`` with every secret it holds replaced by ``***`` (what it was stays readable:
    ``rtsp://***@camera/``, ``Authorization: ***``, ``refresh_token=***``)."""
    text = _URL_USERINFO.sub(rf"\1{MASK}@", text)
    text = _AUTH_HEADER.sub(rf"\1{MASK}", text)
    text = _BEARER.sub(rf"\1 {MASK}", text)
    text = _KEY_VALUE.sub(rf"\1{MASK}", text)
    text = _STREAM_TOKEN.sub(rf"\1{MASK}", text)
    text = _URL.sub(_redact_url, text)
    text = _JWT.sub(MASK, text)
    return _OPAQUE.sub(MASK, text)


class RedactingFilter(logging.Filter):
    """Redacts the record in place, so every handler after it sees the redacted text too: the
    message with its args merged, the exception's text and the stack text. Never drops a record."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception as exc:  # bad %-args: log what can be said, never the raw args
            message = f"{record.msg!s} (unformattable arguments: {type(exc).__name__})"
        # Escapes too: a message quoting a backend's or a camera's words must not start a terminal's
        # commands in `tail -f`, nor begin a forged entry of its own at a newline.
        record.msg, record.args = escaped(redact(message)), None
        if record.exc_info:
            if not record.exc_text:
                record.exc_text = self._formatter.formatException(record.exc_info)
            record.exc_info = None  # only the redacted text goes on
        if record.exc_text:
            record.exc_text = escaped(redact(record.exc_text), keep_newlines=True)
        if record.stack_info:
            record.stack_info = escaped(redact(record.stack_info), keep_newlines=True)
        return True
