"""Where a refresh token lives between launches.

Only in the OS keyring, and only when that keyring is a secure one. Otherwise
the token stays in memory for this session and the UI says "not remembered":
never a plaintext file, never silently."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)
SERVICE = "rtcc-desktop"


def _key(url: str, username: str) -> str:
    return f"{username}@{url.rstrip('/')}"


class TokenStore:
    def __init__(self, secure: bool | None = None):
        if secure is None:
            from rtcc_desktop.api.keyring_check import is_secure_keyring

            secure = is_secure_keyring()
        self.secure = secure
        self._memory: dict[str, str] = {}

    @property
    def explanation(self) -> str:
        if self.secure:
            return "Sign-in remembered in the system keyring."
        return "Not remembered: no secure keyring on this computer (kept in memory until you quit)."

    def save(self, url: str, username: str, token: str) -> None:
        key = _key(url, username)
        self._memory[key] = token
        if self.secure:
            try:
                import keyring

                keyring.set_password(SERVICE, key, token)
            except Exception as exc:  # a locked or broken keyring must not stop sign-in
                log.warning("could not store the refresh token in the keyring: %s", exc)

    def load(self, url: str, username: str) -> str | None:
        key = _key(url, username)
        if key in self._memory:
            return self._memory[key]
        if not self.secure:
            return None
        try:
            import keyring

            return keyring.get_password(SERVICE, key)
        except Exception as exc:
            log.warning("could not read the keyring: %s", exc)
            return None

    def clear(self, url: str, username: str) -> None:
        key = _key(url, username)
        self._memory.pop(key, None)
        if self.secure:
            try:
                import keyring

                keyring.delete_password(SERVICE, key)
            except Exception:  # nothing stored, or keyring unavailable: nothing to clear
                pass
