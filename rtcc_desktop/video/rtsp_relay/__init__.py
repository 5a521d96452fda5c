"""The RTSP relay: plays a camera's RTSP stream for libVLC, which Debian builds without live555.

What the rest of the app uses (its contract): ``engines.make_relay`` starts a relay for one
camera and ``relay.Relay`` is what it returns (its local HTTP-TS address, ``stop``, and a
``relay.RelayProblem`` in operator words when it ends); ``engines.preferred_engine`` and
``engines.check_builtin`` answer the doctor. Everything else is the relay's own:

- ``relay``: the base of both engines (a child process writing MPEG-TS to a local socket) and
  the one place a failure becomes words (``classify``);
- ``engines``: which engine plays a camera (``RTCC_RELAY_ENGINE``);
- ``builtin``: the built-in engine, which runs ``child`` under the app's own Python;
- ``child``, ``session``, ``target``, ``auth``, ``sdp``, ``depacketizer``, ``ts_writer``: the
  built-in engine's child and its protocol code. They use only the standard library (the child
  runs as a file under ``python -I -S``), which tests/unit/test_layering.py and the
  import-linter contract in pyproject.toml enforce.
"""
