"""``/info`` and ``/auth/*``."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from mock_backend import __version__, security
from mock_backend.security import Principal, current_principal
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import (
    ErrorResponse,
    Info,
    RefreshRequest,
    TokenRequest,
    TokenResponse,
    VerifyPasswordRequest,
)

router = APIRouter()
ERRORS = {401: {"model": ErrorResponse}, 422: {"model": ErrorResponse}}


@router.get("/info", response_model=Info)
def info(state: MockState = Depends(get_state)) -> Info:
    return Info(name="RTCC mock backend", version=__version__, environment=state.settings.environment)


@router.post("/auth/token", response_model=TokenResponse, responses={**ERRORS, 423: {"model": ErrorResponse}})
def sign_in(body: TokenRequest, state: MockState = Depends(get_state)) -> dict:
    return security.check_password(state, body.username, body.password)


@router.post("/auth/refresh", response_model=TokenResponse, responses=ERRORS)
def refresh(body: RefreshRequest, state: MockState = Depends(get_state)) -> dict:
    return security.refresh(state, body.refresh_token)


@router.post("/auth/verify", status_code=204, responses={**ERRORS, 423: {"model": ErrorResponse}})
def verify(
    body: VerifyPasswordRequest,
    principal: Principal = Depends(current_principal),
    state: MockState = Depends(get_state),
) -> Response:
    """204 when ``password`` is the signed-in user's: unlocks a locked screen without a new session."""
    security.verify_password(state, principal, body.password)
    return Response(status_code=204)


@router.post("/auth/logout", status_code=204, responses=ERRORS)
def logout(
    request: Request,
    principal: Principal = Depends(current_principal),
    state: MockState = Depends(get_state),
) -> Response:
    security.logout(state, principal, request.state.token)
    return Response(status_code=204)
