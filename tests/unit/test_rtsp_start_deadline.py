"""A start of the built-in relay that never plays ends within one overall deadline
(session.START_DEADLINE_S), whatever the camera does: a hostile camera that answers every
request just inside the negotiation's own deadline, sets the stream up over TCP and sends
nothing, then refuses UDP, no longer stretches the failure to ~14 s (two negotiations, the
no-video wait, a last patient wait). A camera that answers nothing still fails within 5 s.
Scripted cameras on loopback (tests/unit/fake_camera.py), the relay's real child."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time

from rtcc_desktop.video.rtsp_relay.builtin import CHILD
from rtcc_desktop.video.rtsp_relay.relay import CONNECT_TIMEOUT_S, read_record, words
from rtcc_desktop.video.rtsp_relay.session import START_DEADLINE_S
from tests.unit.fake_camera import TransportCamera

REPLY_DELAY_S = 0.6  # each reply: four of them (OPTIONS to PLAY) stay inside the 4 s deadline
SLACK_S = 1.0  # the child's own start-up and a loaded machine


def failure_of_child(url: str) -> tuple[dict[str, object], float]:
    """The relay's child (as a tile starts it) against ``url``: its failure record, and how long
    after its start the failure came."""
    request = {"url": url, "transport": "tcp", "timeout_s": CONNECT_TIMEOUT_S, "app_pid": os.getpid()}
    started = time.monotonic()
    child = subprocess.run([sys.executable, "-I", "-S", str(CHILD)], input=(json.dumps(request) + "\n").encode(),
                           capture_output=True, timeout=40)
    elapsed = time.monotonic() - started
    records = [r for line in child.stderr.decode().splitlines() if (r := read_record(line)) is not None]
    assert records and records[-1]["event"] == "failed", child.stderr
    assert not child.stdout  # nothing played
    return records[-1], elapsed


def test_a_hostile_camera_cannot_stretch_a_start_past_the_overall_deadline() -> None:
    camera = TransportCamera(tcp="silent", udp="461 Unsupported Transport", connections=3)

    def slow_send(connection: socket.socket, data: bytes) -> None:
        time.sleep(REPLY_DELAY_S)
        connection.sendall(data)

    camera.camera.send = slow_send
    try:
        failure, elapsed = failure_of_child(camera.url())
    finally:
        camera.close()
    assert elapsed < START_DEADLINE_S + SLACK_S, f"the start took {elapsed:.1f} s"
    assert camera.setups[:2] == ["tcp", "udp"]  # both transports were tried first
    # The operator hears what happened, not that the camera cannot be reached.
    assert failure["kind"] == "transport" and failure["silent"] == ["tcp"], failure
    said = words("transport", None, str(failure["detail"]), "127.0.0.1", False,
                 tuple(failure["tried"]), tuple(failure["silent"]))  # type: ignore[arg-type]
    assert said == "The camera refused UDP transport; no video arrived over TCP.", said


def test_a_camera_that_answers_nothing_still_fails_within_five_seconds() -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (the kernel's backlog), never answers
    try:
        failure, elapsed = failure_of_child(f"rtsp://127.0.0.1:{listener.getsockname()[1]}/live")
    finally:
        listener.close()
    assert elapsed < 5.0, f"the failure took {elapsed:.1f} s"
    assert failure["kind"] == "unreachable", failure
