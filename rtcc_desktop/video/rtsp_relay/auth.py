"""Answering a camera's 401 (RFC 2617 Digest, Basic only where it may go in clear). Standard
library only (this runs in the relay child); hashlib and base64 only when a camera asks."""

from __future__ import annotations

import base64
import os

from rtcc_desktop.video.rtsp_relay.target import RtspError, Target

CLEAR_TEXT = ("the camera asks for the password in clear text (Basic) over an unencrypted connection"
              " (the camera's settings do not allow it)")


def _auth_params(challenge: str) -> dict[str, str]:
    """``realm="x", nonce="y", qop=auth`` as a dict with lower-case names. One pass over the
    text: a regular expression that backtracks took seconds over a long run of letters."""
    params: dict[str, str] = {}
    position, size = 0, len(challenge)
    while position < size:
        while position < size and challenge[position] in ", \t":
            position += 1
        start = position
        while position < size and challenge[position] not in "=, \t":
            position += 1
        name = challenge[start:position].lower()
        while position < size and challenge[position] in " \t":
            position += 1
        if position >= size or challenge[position] != "=":
            continue  # a word without a value (a scheme name, junk): skipped
        position += 1
        while position < size and challenge[position] in " \t":
            position += 1
        if position < size and challenge[position] == '"':
            position += 1
            value: list[str] = []
            while position < size and challenge[position] != '"':
                if challenge[position] == "\\" and position + 1 < size:
                    position += 1
                value.append(challenge[position])
                position += 1
            position += 1  # the closing quote
            text = "".join(value)
        else:
            start = position
            while position < size and challenge[position] not in ", \t":
                position += 1
            text = challenge[start:position]
        if name:
            params[name] = text
    return params


def _quoted(value: str) -> str:
    """A quoted-string (RFC 2616 2.2): a quote or backslash the camera's challenge carried
    (unescaped by ``_auth_params``) goes back escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Credentials:
    """A camera's user name and password, and how the camera asked for them. ``basic_allowed``:
    whether Basic, which sends the password as it is, may be answered at all (over TLS, or
    where the camera's settings allow it)."""

    def __init__(self, user: str, password: str, basic_allowed: bool = False) -> None:
        self.user, self.password = user, password
        self.basic_allowed = basic_allowed
        self.scheme = ""  # "basic" / "digest" once the camera asked
        self.params: dict[str, str] = {}
        self.count = 0  # Digest nonce count

    def choose(self, challenges: list[str]) -> bool:
        """Take the camera's strongest offer (Digest over Basic); False when it offers none we
        know. A camera that offers only Basic where it is not allowed is refused (RtspError)."""
        offers: dict[str, str] = {}
        for challenge in challenges:
            scheme, _, rest = challenge.strip().partition(" ")
            offers.setdefault(scheme.lower(), rest)
        for wanted in ("digest", "basic"):
            if wanted in offers:
                if wanted == "basic" and not self.basic_allowed:
                    raise RtspError(f"DESCRIBE refused: {CLEAR_TEXT}", "credentials")
                self.scheme, self.params, self.count = wanted, _auth_params(offers[wanted]), 0
                return True
        return False

    def header(self, method: str, uri: str, cnonce: str | None = None) -> str | None:
        """The Authorization header for one request (``cnonce``: fixed only by tests)."""
        if self.scheme == "basic":
            return "Basic " + base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
        if self.scheme != "digest":
            return None
        realm, nonce = self.params.get("realm", ""), self.params.get("nonce", "")
        algorithm = self.params.get("algorithm", "MD5")
        import hashlib  # here: only a Digest camera needs it, and every relay's start-up counts

        digest = hashlib.sha256 if algorithm.upper().startswith("SHA-256") else hashlib.md5

        def h(text: str) -> str:
            return digest(text.encode()).hexdigest()

        ha1 = h(f"{self.user}:{realm}:{self.password}")
        ha2 = h(f"{method}:{uri}")
        fields = [f"username={_quoted(self.user)}", f"realm={_quoted(realm)}", f"nonce={_quoted(nonce)}",
                  f"uri={_quoted(uri)}"]
        qops = [q.strip() for q in self.params.get("qop", "").split(",") if q.strip()]
        if "auth" in qops:
            self.count += 1
            cnonce = cnonce or os.urandom(8).hex()
            response = h(f"{ha1}:{nonce}:{self.count:08x}:{cnonce}:auth:{ha2}")
            fields += ["qop=auth", f"nc={self.count:08x}", f'cnonce="{cnonce}"']
        else:
            response = h(f"{ha1}:{nonce}:{ha2}")
        fields.append(f'response="{response}"')
        if "algorithm" in self.params:
            fields.append(f"algorithm={algorithm}")
        if "opaque" in self.params:
            fields.append(f"opaque={_quoted(self.params['opaque'])}")
        return "Digest " + ", ".join(fields)


def credentials_for(target: Target, allow_basic_without_tls: bool = False) -> Credentials | None:
    """What answers a 401: the user name and password in the camera's address, if any. Basic
    only over TLS, or where the camera's settings allow it over plain RTSP."""
    if target.user is None:
        return None
    return Credentials(target.user, target.password or "", target.tls or allow_basic_without_tls)
