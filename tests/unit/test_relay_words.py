"""What an operator reads when an RTSP relay fails, and that credentials never show."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rtcc_desktop.video.rtsp_relay.relay import Relay, RelayProblem, classify, display_url, needs_relay, redact

URL = "rtsp://admin:S3cret!pw@10.1.2.3:8554/cam/1?token=abc"


@pytest.mark.parametrize(("line", "kind", "lasting", "words"), [
    ("[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized", "credentials", True, "user name or password"),
    ("Server returned 404 Not Found", "not_found", True, "no stream at that address"),
    ("Error opening input: Connection refused", "unreachable", False, "10.1.2.3:8554"),
    ("Connection to tcp://10.1.2.3:8554 failed: Connection timed out", "unreachable", False, "did not answer"),
    ("Failed to resolve hostname cam.invalid: Name or service not known", "unreachable", False, "cannot be reached"),
    ("Stream map '0:v:0' matches no streams.", "no_video", True, "no video"),
    ("method SETUP failed: 461 Unsupported transport", "transport", False, "TCP"),
    # Video only is set up; a camera with none gets a PLAY without a session (not a 404).
    ("[rtsp @ 0x1] method PLAY failed: 454 (Session Not Found)", "no_video", True, "no video"),
    ("unsupported codec vp8", "no_video", True, "format this app cannot play"),
])
def test_ffmpeg_messages_become_an_operators_words(line: str, kind: str, lasting: bool, words: str) -> None:
    problem = classify([f"Error opening input file {URL}.", line], URL, 1)
    assert (problem.kind, problem.lasting) == (kind, lasting)
    assert words in problem.message and "S3cret" not in problem.message


@pytest.mark.parametrize(("line", "kind", "lasting", "words"), [
    # Lines the built-in relay (rtsp_relay/child.py) writes, in its session's words
    # (tests/unit/test_rtsp_client.py checks it says them).
    ("relay error: DESCRIBE failed: 401 Unauthorized", "credentials", True, "user name or password"),
    ("relay error: DESCRIBE failed: 403 Forbidden", "credentials", True, "refused access"),
    ("relay error: DESCRIBE failed: 404 Stream Not Found", "not_found", True, "no stream at that address"),
    ("relay error: DESCRIBE failed: 503 Service Unavailable", "unavailable", False, "cannot serve"),
    ("relay error: DESCRIBE failed: the camera redirected more than 3 times", "not_found", True, "redirected"),
    ("relay error: DESCRIBE failed: 301 Moved Permanently (redirect without a Location)", "not_found", True,
     "cannot follow"),
    ("relay error: Connection refused", "unreachable", False, "10.1.2.3:8554"),
    ("relay error: Failed to resolve the camera's address", "unreachable", False, "cannot be reached"),
    ("relay error: Connection timed out: no video from the camera", "unreachable", False, "did not answer"),
    ("relay error: SETUP failed: 461 Unsupported Transport", "transport", False, "TCP"),
    ("relay error: PLAY failed: 454 Session Not Found", "no_video", True, "no video"),
    ("relay error: the stream matches no streams with video (audio/OPUS)", "no_video", True, "no video"),
    ("relay error: unsupported codec VP8 from the camera", "no_video", True, "format this app cannot play"),
    ("relay error: the camera ended the stream (end of stream)", "ended", False, "stream ended"),
])
def test_builtin_relay_messages_become_an_operators_words(line: str, kind: str, lasting: bool, words: str) -> None:
    problem = classify([line], URL, 1)
    assert (problem.kind, problem.lasting) == (kind, lasting)
    assert words in problem.message and "S3cret" not in problem.message


def test_an_unknown_ending_quotes_ffmpeg_without_the_password() -> None:
    problem = classify([f"something odd about {URL}"], URL, 1)
    assert problem.kind == "ended" and not problem.lasting
    assert "S3cret" not in problem.message and "admin:" not in problem.message


def test_redaction_and_display() -> None:
    assert "S3cret" not in redact(f"opening {URL} failed", URL)
    assert redact("rtsp://u:p@h/x and http://a:b@c/d") == "rtsp://***@h/x and http://***@c/d"
    assert display_url(URL) == "rtsp://10.1.2.3:8554/cam/1"


def test_only_rtsp_on_a_libvlc_without_it_needs_the_relay() -> None:
    assert needs_relay("rtsp", {"RTSP": False}) and not needs_relay("rtsp", {"RTSP": True})
    assert not needs_relay("http-ts", {"RTSP": False}) and not needs_relay("hls", {})


def test_grant_tokens_in_the_path_are_cut_when_shown() -> None:
    url = "rtsp://127.0.0.1:8554/api/v1/streams/fsBeiLU9iOjA7yVvBOI859fikkzW404I/sub.ts"
    shown = display_url(url)
    assert "fsBeiLU9iOjA7yVvBOI859fikkzW404I" not in shown and shown.endswith("/streams/fsBe…/sub.ts")
    assert display_url("rtsp://cam.example/Streaming/Channels/101") == "rtsp://cam.example/Streaming/Channels/101"


def test_the_camera_url_goes_to_ffmpeg_on_stdin_not_on_its_command_line() -> None:
    """Any local user can read a process's arguments; the URL carries the camera's password."""
    relay = Relay(URL, lambda problem: None, transport="udp")
    command = " ".join(relay.command("ffmpeg"))
    assert "S3cret" not in command and "admin" not in command and "token=abc" not in command
    assert "rtcc relay rtsp://10.1.2.3:8554/cam/1" in command  # which camera, for ps and support
    script = relay.script().decode()
    assert f"file '{URL}'" in script and "option rtsp_transport udp" in script


def test_a_quote_in_the_url_stays_inside_its_token() -> None:
    url = "rtsp://u:it's@10.0.0.1/a'b"
    assert "file 'rtsp://u:it'\\''s@10.0.0.1/a'\\''b'" in Relay(url, lambda problem: None).script().decode()


@pytest.mark.parametrize("bad", ["rtsp://h/x\nfile 'rtsp://other/y'", "rtsp://h/x\r", "rtsp://h/\x00"])
def test_a_url_with_control_characters_is_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="control characters"):
        Relay(bad, lambda problem: None).script()


def watched(stderr_text: str, url: str = "rtsp://10.1.2.3/Streaming/Channels/401") -> list[RelayProblem]:
    """What the relay's watcher reports for a process that writes ``stderr_text`` and ends."""
    script = f"import sys; sys.stderr.write({stderr_text!r}); sys.stderr.flush()"
    problems: list[RelayProblem] = []
    relay = Relay(url, problems.append)
    relay.process = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE)
    relay._watch()
    return problems


def test_ffmpegs_stream_description_is_not_read_as_a_problem() -> None:
    """At -loglevel info ffmpeg describes its streams, naming the camera's address: a camera
    at /Channels/401 whose stream ends has not refused a password."""
    description = ("Input #0, concat, from 'pipe:0':\n  Stream #0:0: Video: h264 (High), yuv420p, 320x180\n"
                   "Output #0, mpegts, to 'pipe:1':\n  Metadata:\n"
                   "    service_name    : rtcc relay rtsp://10.1.2.3/Streaming/Channels/401\n"
                   "Stream mapping:\n  Stream #0:0 -> #0:0 (copy)\n")
    [problem] = watched(description + "[in#0 @ 0x1] Error during demuxing: End of file\n")
    assert problem.kind == "ended" and "End of file" in problem.message


def test_a_codec_the_player_cannot_show_is_named_at_once() -> None:
    [problem] = watched("Input #0, concat, from 'pipe:0':\n  Stream #0:0: Video: vp8, yuv420p, 320x180\n")
    assert problem.kind == "no_video" and problem.lasting and "format this app cannot play" in problem.message
