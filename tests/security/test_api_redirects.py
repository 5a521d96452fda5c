"""The backend's API replies that redirect (issue #21, found while reviewing the footage fix).

- A 307 to sign-in was followed, re-sending the user name and password to wherever the
  ``Location`` said (another host, plain http): API calls are not redirected at all now.
- A redirect loop, or a ``Location`` that is no address, escaped as ``TooManyRedirects`` or a
  bare ``ValueError``: every such reply is a ``MalformedResponse`` the UI can word.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import MalformedResponse
from rtcc_desktop.api.schemas import API_PREFIX
from tests.security.scripted_http import TOKENS, Raw, Scripted, json_reply, scripted_server

TOKEN = f"{API_PREFIX}/auth/token"
INFO = f"{API_PREFIX}/info"


@pytest.fixture
def backend() -> Iterator[Scripted]:
    with scripted_server() as s:
        yield s


@pytest.fixture
def elsewhere() -> Iterator[Scripted]:
    with scripted_server() as s:
        s.on("POST", TOKEN, json_reply(TOKENS))
        yield s


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirected_sign_in_sends_the_password_nowhere_else(backend: Scripted, elsewhere: Scripted,
                                                              status: int) -> None:
    backend.on("POST", TOKEN, Raw(status, b"", {"Location": f"{elsewhere.url}{TOKEN}"}))
    client = BackendClient(backend.url)
    with pytest.raises(MalformedResponse, match="redirect"):
        client.sign_in("op", "the-password")
    assert elsewhere.hits == []
    assert not client.signed_in


@pytest.mark.parametrize("location", ["http://[::1", "http://127.0.0.1:99999/x", "ftp://x/", "http://\x00/",
                                      INFO])
def test_a_redirect_that_cannot_be_followed_is_a_backend_error(backend: Scripted, location: str) -> None:
    backend.on("GET", INFO, Raw(302, b"", {"Location": location}))
    with pytest.raises(MalformedResponse):
        BackendClient(backend.url).info()
    assert len(backend.hits_for(INFO)) == 1
