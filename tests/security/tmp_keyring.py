"""A keyring backend in a JSON file named by ``$RTCC_TEST_KEYRING``: what an app writes to the
keyring stays readable by the test. Chosen with ``PYTHON_KEYRING_BACKEND`` (keyring's own
setting). It rates itself usable (priority 1) and lives outside the plaintext backends'
modules, so an app that stores tokens only in a secure keyring would store them here."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class TmpFileKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    @property
    def path(self) -> Path:
        return Path(os.environ["RTCC_TEST_KEYRING"])

    def entries(self) -> dict[str, str]:
        return json.loads(self.path.read_text()) if self.path.exists() else {}

    def _write(self, entries: dict[str, str]) -> None:
        self.path.write_text(json.dumps(entries))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._write({**self.entries(), f"{service}\n{username}": password})

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries().get(f"{service}\n{username}")

    def delete_password(self, service: str, username: str) -> None:
        entries = self.entries()
        if entries.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("not stored")
        self._write(entries)
