"""aio-rtsp-toolkit's RTSP file server (PyPI; asyncio, RTP over TCP interleaved only) serving
the files of one folder on loopback, from .interop/python where
scripts/install-interop-servers.sh puts it. For tests/interop. argv: folder port"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / ".interop" / "python"))

import aio_rtsp_toolkit.server as server  # found through the path above


def main() -> None:
    folder, port = sys.argv[1], int(sys.argv[2])
    # No control port: the package's HTTP control server stays closed.
    asyncio.run(server.serve(folder, "127.0.0.1", port))


if __name__ == "__main__":
    main()
