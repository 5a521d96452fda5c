"""A signed-in session: who, against which backend, and what that backend is."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import BackendError, Forbidden
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


# The roles that work at a console; a room-wall display's account shows a wall and nothing else.
CONSOLE_ROLES = frozenset({Role.operator, Role.supervisor, Role.trainer})


def open_console_session(profile: BackendProfile, username: str, password: str, timeout: float = 10.0) -> Session:
    """``open_session`` for the console: an account of another kind (a wall device) is signed
    out again at once and refused in words, so its token never reaches the panels."""
    session = open_session(profile, username, password, timeout)
    if session.role in CONSOLE_ROLES:
        return session
    with contextlib.suppress(BackendError):
        session.client.sign_out()
    session.client.close()
    if session.role == Role.wall_device:
        raise Forbidden(f"'{session.username}' is a room-wall display account: it cannot open the console. "
                        "Start the display with: rtcc-desktop room-wall --name <wall>.", code="wall_device")
    raise Forbidden(f"'{session.username}' has the role '{session.role}', which this console does not know.",
                    code="unknown_role")
