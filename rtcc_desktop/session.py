"""A signed-in session: who, against which backend, and what that backend is."""

from __future__ import annotations

from dataclasses import dataclass

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import Info, Role
from rtcc_desktop.config import BackendProfile


@dataclass
class Session:
    client: BackendClient
    profile: BackendProfile
    info: Info
    username: str
    role: Role

    @property
    def is_training(self) -> bool:
        return self.info.environment == "training"


def open_session(profile: BackendProfile, username: str, password: str, timeout: float = 10.0) -> Session:
    """Blocking: call it through the background helper. Raises BackendError subclasses."""
    client = BackendClient(profile.url, ca_bundle=profile.ca_bundle or None)
    info = client.info()
    tokens = client.sign_in(username, password)
    return Session(client=client, profile=profile, info=info, username=tokens.username, role=tokens.role)
