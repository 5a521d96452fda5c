"""How relays are spawned: without a fork of the app (a preexec_fn forks the whole app on
the UI thread, 40-80 ms per relay), and still dying with it (tests/ui/test_rtsp_relay.py
kills an app with SIGKILL and finds no relay left)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time

import pytest

from rtcc_desktop.video.rtsp_relay.builtin import CHILD, BuiltinRelay
from rtcc_desktop.video.rtsp_relay.relay import Relay

URL = "rtsp://user:pw@127.0.0.1:9/stream"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_neither_engine_forks_the_app() -> None:
    argv, preexec = BuiltinRelay(URL, lambda _p: None).spawn()
    assert preexec is None and argv[-1].startswith("rtcc relay")
    assert json.loads(BuiltinRelay(URL, lambda _p: None).script())["app_pid"] > 1
    argv, preexec = Relay(URL, lambda _p: None).spawn()
    if shutil.which("setpriv"):
        assert preexec is None and argv[:4] == [shutil.which("setpriv"), "--pdeathsig", "KILL", "--"]
    else:
        assert preexec is not None


def test_a_built_in_relay_whose_app_is_gone_leaves_at_once() -> None:
    """The app died between spawning the relay and the relay arming its death signal: the relay's
    parent is then no longer the app, and it must not go on to call the camera."""
    request = {"url": URL, "transport": "tcp", "timeout_s": 4, "app_pid": 1}  # not our parent
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-I", "-S", str(CHILD)], input=json.dumps(request) + "\n",
                          capture_output=True, text=True, timeout=10)
    assert done.returncode == 0 and done.stderr == ""  # no "relay error": it never tried the camera
    assert time.monotonic() - started < 2
