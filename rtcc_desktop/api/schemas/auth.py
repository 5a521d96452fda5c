"""Sign-in, refresh, password check and sign-out bodies."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from rtcc_desktop.api.schemas.common import InputModel, Model


class Role(StrEnum):
    operator = "operator"
    supervisor = "supervisor"
    trainer = "trainer"
    # A room wall's display controller: it reads its wall, follows its room_wall.updated events
    # and gets stream grants for the tiles it shows; it requests, reads and decides nothing.
    wall_device = "wall_device"


class TokenRequest(InputModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class RefreshRequest(InputModel):
    refresh_token: str = Field(min_length=1, max_length=256)


class VerifyPasswordRequest(InputModel):
    """``POST /auth/verify``: the signed-in user's password again (unlocking a locked screen)."""

    password: str = Field(min_length=1, max_length=256)


class TokenResponse(Model):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires")
    username: str
    role: Role
