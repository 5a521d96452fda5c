"""Run the bundled mock backend as a child process (demo mode, tests, benches).

The child is started with ``python -m mock_backend`` rather than imported, so
the core stays independent of the mock, and so the child can be made to die
with its parent: on Linux it gets PR_SET_PDEATHSIG=SIGTERM, so even a parent
killed with SIGKILL leaves no orphaned server behind.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from rtcc_desktop.child_process import die_with_parent

_READY = re.compile(r"ready at (https?://\S+)")


class MockStartError(RuntimeError):
    pass


@dataclass
class MockProcess:
    """A running mock backend; ``url`` is known once it answers."""

    args: Sequence[str] = ()
    url: str = ""
    process: subprocess.Popen[str] | None = None
    output: list[str] = field(default_factory=list)
    _found: threading.Event = field(default_factory=threading.Event)

    def start(self, timeout: float = 60.0) -> str:
        self.launch()
        return self.wait_ready(timeout)

    def launch(self) -> None:
        """Spawn the child (fast). Call it on a long-lived thread such as the UI
        thread: Linux delivers PR_SET_PDEATHSIG when the *thread* that forked the
        child ends, so spawning from a pool thread would kill the mock when that
        worker thread retires."""
        # Frozen (the desktop bundle) there is no "python -m": the bundle's executable runs the
        # mock itself when its first argument says so (packaging/rtcc_desktop_main.py).
        start = [sys.executable, "mock-backend"] if getattr(sys, "frozen", False) else \
            [sys.executable, "-m", "mock_backend"]
        cmd = [*start, "--port", "0", *self.args]
        self.process = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            preexec_fn=die_with_parent(signal.SIGTERM),
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self._found = found = threading.Event()

        def pump() -> None:
            # Keep draining output for the child's lifetime so it never blocks on a full pipe.
            assert self.process is not None and self.process.stdout is not None
            for line in self.process.stdout:
                self.output.append(line.rstrip())
                del self.output[:-200]
                m = _READY.search(line)
                if m and not found.is_set():
                    self.url = m.group(1)
                    found.set()
            found.set()

        threading.Thread(target=pump, name="mock-backend-output", daemon=True).start()

    def wait_ready(self, timeout: float = 60.0) -> str:
        """Block until the child prints its URL (it then answers requests)."""
        if not self._found.wait(timeout) or not self.url:
            self.stop()
            tail = "\n".join(self.output[-15:])
            raise MockStartError(f"The mock backend did not start within {timeout:.0f} s:\n{tail}")
        return self.url

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def stop(self, timeout: float = 5.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout)

    def __enter__(self) -> MockProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
