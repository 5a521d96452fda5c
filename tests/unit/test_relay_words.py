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
    problem = classify([f"Error opening input file {URL}.", line], URL, 1, tried=("tcp",))
    assert (problem.kind, problem.lasting) == (kind, lasting)
    assert words in problem.message and "S3cret" not in problem.message


def failed(kind: str, status: int | None = None, detail: str = "", **fields: object) -> dict[str, object]:
    """A built-in relay child's failure record (rtsp_relay/child.py writes them)."""
    return {"event": "failed", "kind": kind, "status": status, "detail": detail, **fields}


@pytest.mark.parametrize(("record", "kind", "lasting", "words"), [
    # What the built-in relay's child reports (its session's RtspError: kind, status, detail;
    # the transports tried), mapped by kind and status, never by re-reading its detail.
    (failed("credentials", 401, "DESCRIBE failed: 401 Unauthorized"), "credentials", True, "user name or password"),
    (failed("credentials", 403, "DESCRIBE failed: 403 Forbidden"), "credentials", True, "refused access"),
    (failed("credentials", None, "DESCRIBE refused: clear text"), "credentials", True, "in clear text (Basic)"),
    (failed("not_found", 404, "DESCRIBE failed: 404 Stream Not Found"), "not_found", True, "no stream at that address"),
    (failed("unavailable", 503, "DESCRIBE failed: 503 Service Unavailable"), "unavailable", False, "cannot serve"),
    (failed("not_found", 302, "DESCRIBE failed: the camera redirected more than 3 times"), "not_found", True,
     "cannot follow"),
    (failed("unreachable", None, "Connection refused"), "unreachable", False, "10.1.2.3:8554 cannot be reached"),
    (failed("unreachable", None, "Connection timed out"), "unreachable", False, "Connection timed out"),
    (failed("no_video", 454, "PLAY failed: 454 Session Not Found"), "no_video", True, "no video"),
    (failed("no_video", None, "the stream matches no streams with video (audio/OPUS)"), "no_video", True,
     "no video"),
    (failed("no_video", None, "unsupported codec MJPEG, MPEG-4", offers=["MJPEG", "MPEG-4"]), "no_video", True,
     "format this app cannot play (MJPEG, MPEG-4)"),
    (failed("ended", None, "the camera ended the stream (end of stream)"), "ended", False, "could not be started"),
    # Transport: what was refused and what brought nothing, by name.
    (failed("transport", 400, "SETUP failed: 400 Bad Request", tried=["tcp", "udp"]), "transport", False,
     "The camera refused TCP and UDP transport (RTSP 400)."),
    (failed("transport", None, "no video", tried=["tcp", "udp"], silent=["udp"]), "transport", False,
     "The camera refused TCP transport; no video arrived over UDP: a firewall may block it."),
    (failed("transport", None, "no video", tried=["udp", "tcp"], silent=["udp", "tcp"]), "transport", False,
     "No video arrived over UDP or TCP: a firewall may block it."),
    (failed("transport", 461, "SETUP failed: 461", tried=["tcp"]), "transport", False, "refused TCP transport"),
])
def test_builtin_relay_records_become_an_operators_words(record: dict[str, object], kind: str, lasting: bool,
                                                         words: str) -> None:
    problem = classify([], URL, 1, record)
    assert (problem.kind, problem.lasting) == (kind, lasting)
    assert words in problem.message and "S3cret" not in problem.message
    assert problem.status == record["status"] and problem.tried == tuple(record.get("tried", []))  # type: ignore[arg-type]


def test_a_record_is_read_with_limits_and_without_the_password() -> None:
    problem = classify(["free text"], URL, 1, failed("nonsense", True, f"odd {URL}", tried="tcp", offers=[1] * 50))
    assert (problem.kind, problem.status, problem.tried) == ("ended", None, ())
    assert "S3cret" not in problem.message and "could not be started" in problem.message


def test_the_child_writes_the_records_the_app_reads() -> None:
    from rtcc_desktop.video.rtsp_relay import child
    from rtcc_desktop.video.rtsp_relay.relay import RECORD_PREFIX, read_record
    assert child.RECORD_PREFIX == RECORD_PREFIX
    assert read_record(RECORD_PREFIX + '{"event": "playing", "transport": "udp"}') == {"event": "playing",
                                                                                      "transport": "udp"}
    assert read_record("RELAY not json") is None and read_record("[rtsp @ 0x1] RELAY {}") is None


@pytest.mark.parametrize("played", [False, True])
def test_an_unknown_ending_quotes_ffmpeg_without_the_password(played: bool) -> None:
    """A stream that never started is not said to have ended (issue #22)."""
    problem = classify([f"something odd about {URL}"], URL, 1, played=played)
    assert problem.kind == "ended" and not problem.lasting
    assert "S3cret" not in problem.message and "admin:" not in problem.message
    assert ("The camera's stream ended" in problem.message) == played
    assert ("could not be started" in problem.message) == (not played)


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
    assert "The camera's stream ended" in problem.message  # it played: ffmpeg had opened its output


def test_ffmpeg_failing_before_any_output_never_says_the_stream_ended() -> None:
    [problem] = watched("[rtsp @ 0x1] something nobody foresaw\n")
    assert problem.kind == "ended" and "could not be started" in problem.message
    assert "stream ended" not in problem.message


def test_the_watcher_takes_the_child_s_records_and_keeps_them_out_of_its_lines() -> None:
    """A "playing" record says the transport; a "failed" one is what the operator reads."""
    records = ('RELAY {"event": "playing", "transport": "udp"}\nsome free text\n'
               'RELAY {"event": "failed", "kind": "ended", "status": null, "detail": "the camera ended the stream '
               '(end of stream)", "tried": ["tcp", "udp"]}\n')
    problems: list[RelayProblem] = []
    relay = Relay("rtsp://10.1.2.3/x", problems.append)
    relay.process = subprocess.Popen([sys.executable, "-c", f"import sys; sys.stderr.write({records!r})"],
                                     stderr=subprocess.PIPE)
    relay._watch()
    assert relay.transport_used == "udp" and relay.lines == ["some free text"]
    [problem] = problems
    assert problem.message == "The camera's stream ended (the camera ended the stream (end of stream))."
    assert problem.tried == ("tcp", "udp")


def test_a_codec_the_player_cannot_show_is_named_at_once() -> None:
    [problem] = watched("Input #0, concat, from 'pipe:0':\n  Stream #0:0: Video: vp8, yuv420p, 320x180\n")
    assert problem.kind == "no_video" and problem.lasting and "format this app cannot play" in problem.message
