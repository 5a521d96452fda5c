"""Issue #22, "fall back by itself": the order in which a camera's relay engines and transports
are tried, what stops it (the camera's own answer, an engine fixed by RTCC_RELAY_ENGINE, an
engine that played the camera already) and what is remembered, by URL without credentials
(engines.EngineChoice). tests/ui/test_relay_fallback.py plays the same through real cameras."""

from __future__ import annotations

import pytest

from rtcc_desktop.video.rtsp_relay.engines import AUTO, EngineChoice, Route, camera_key, make_relay
from rtcc_desktop.video.rtsp_relay.relay import ENGINE_VARIABLE, RelayProblem

URL = "rtsp://admin:S3cret@10.1.2.3:554/Streaming/Channels/101?transportmode=unicast"
# The camera asked the built-in client for Digest: ffmpeg may stand in with its password.
ENDED = RelayProblem("ended", "The camera's stream could not be started (no session).", False, auth="digest")


@pytest.fixture(autouse=True)
def automatic(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)


def test_a_camera_starts_on_the_builtin_client_over_tcp_and_moves_to_ffmpeg_by_itself() -> None:
    choice = EngineChoice()
    first = choice.first(URL)
    assert first == Route("builtin", "tcp")
    then = choice.after(URL, first, ENDED, played_before=False)
    assert then == Route("ffmpeg", "tcp", instead_of="builtin")
    assert then.words() == "via ffmpeg (the built-in client could not negotiate with this camera)"
    # ffmpeg standing in over TCP, failing: its own negotiation (UDP first) as the last try.
    last = choice.after(URL, then, ENDED, played_before=False)
    assert last == Route("ffmpeg", AUTO, instead_of="builtin")
    assert choice.after(URL, last, ENDED, played_before=False) is None


@pytest.mark.parametrize(("kind", "transport"), [("transport", AUTO), ("unavailable", "tcp"), ("ended", "tcp")])
def test_failures_that_may_be_the_clients_own_move_to_ffmpeg(kind: str, transport: str) -> None:
    """Transports refused: ffmpeg negotiates its own way (UDP first); else the same transport."""
    problem = RelayProblem(kind, "words", False, tried=("tcp", "udp"), auth="digest")
    assert EngineChoice().after(URL, Route("builtin", "tcp"), problem, False) == Route("ffmpeg", transport,
                                                                                     instead_of="builtin")


@pytest.mark.parametrize("kind", ["credentials", "not_found", "unreachable", "no_video"])
def test_the_cameras_own_answer_is_not_asked_again_through_ffmpeg(kind: str) -> None:
    problem = RelayProblem(kind, "words", kind != "unreachable")
    assert EngineChoice().after(URL, Route("builtin", "tcp"), problem, False) is None


def test_a_tcp_refusal_moves_to_udp_first_unless_the_relay_tried_udp_itself() -> None:
    choice = EngineChoice()
    refused = RelayProblem("transport", "The camera refused RTSP over TCP.", False, 461, ("tcp",))
    assert choice.after(URL, Route("builtin", "tcp"), refused, False) == Route("builtin", "udp")
    both = RelayProblem("transport", "The camera refused TCP and UDP transport.", False, 461, ("tcp", "udp"),
                        auth="digest")
    assert choice.after(URL, Route("builtin", "tcp"), both, False) == Route("ffmpeg", AUTO, instead_of="builtin")


@pytest.mark.parametrize("engine", ["builtin", "ffmpeg"])
def test_an_engine_fixed_for_the_workstation_is_never_swapped(monkeypatch: pytest.MonkeyPatch, engine: str) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, engine)
    choice = EngineChoice()
    first = choice.first(URL)
    assert first == Route(engine, "tcp", explicit=True)
    assert choice.after(URL, first, ENDED, False) is None


def test_an_engine_that_played_the_camera_is_not_given_up_for_its_failure_later() -> None:
    choice = EngineChoice()
    assert choice.after(URL, Route("builtin"), ENDED, played_before=True) is None
    choice.played(URL, Route("builtin"), "tcp")
    assert choice.after(URL, Route("builtin"), ENDED, played_before=False) is None


def test_what_worked_is_remembered_by_the_url_without_credentials() -> None:
    choice = EngineChoice()
    fallback = choice.after(URL, choice.first(URL), ENDED, False)
    assert fallback is not None
    assert fallback.transport == "tcp"
    choice.played(URL, fallback, "udp")
    other_user = URL.replace("admin:S3cret", "viewer:other")
    assert choice.first(other_user) == Route("ffmpeg", "udp", instead_of="builtin")
    assert choice.first(URL.replace("101", "102")) == Route("builtin", "tcp")  # another stream
    assert "S3cret" not in camera_key(URL) and "admin" not in camera_key(URL)
    assert choice.first(URL) == Route("ffmpeg", "udp", instead_of="builtin")


def test_each_engine_negotiates_its_own_way_when_left_to() -> None:
    assert make_relay(URL, lambda problem: None, AUTO, engine="ffmpeg").transport == "udp+tcp"
    assert b"option rtsp_transport udp+tcp" in make_relay(URL, lambda problem: None, AUTO, engine="ffmpeg").script()
    assert make_relay(URL, lambda problem: None, AUTO, engine="builtin").transport == "tcp"


@pytest.mark.parametrize(("url", "auth", "allowed", "falls_back"), [
    (URL, "", False, False),  # never saw how the camera asks: ffmpeg might send Basic in clear
    (URL, "basic", False, False),
    (URL, "digest", False, True),
    (URL, "", True, True),  # Basic in clear allowed for this camera (cleartext_basic_cameras)
    (URL.replace("rtsp://", "rtsps://"), "", False, True),  # Basic goes encrypted
    ("rtsp://10.1.2.3:554/Streaming/Channels/101", "", False, True),  # no password to hand on
])
def test_ffmpeg_gets_a_password_on_plain_rtsp_only_where_it_cannot_go_in_clear(
        url: str, auth: str, allowed: bool, falls_back: bool) -> None:
    """ffmpeg answers Basic whenever asked, where the built-in client refuses it over plain rtsp://:
    the fallback must not undo that rule (issue #21)."""
    problem = RelayProblem("ended", "words", False, auth=auth)
    then = EngineChoice().after(url, Route("builtin", "tcp"), problem, False, allow_basic_without_tls=allowed)
    assert (then is not None and then.engine == "ffmpeg") is falls_back
