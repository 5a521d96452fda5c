"""The backend profile's CA bundle (an agency's own CA) for the video that libVLC fetches itself
(MPEG-TS over https:// from the backend): the API client and the HLS gate trust that bundle
instead of the system's store, and libVLC must trust the same, or every tile of such a
deployment fails while sign-in, the map and the queue work.

libVLC's TLS (GnuTLS) reads trust from the system's store and from a directory of PEM files
(``gnutls-dir-trust``), per media. So the bundle is copied into a private directory of its own,
made once per version of the bundle and removed at exit, and the system's store is turned
off for that media. No Qt: the player adds the options."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import ssl
import tempfile
from pathlib import Path

__all__ = ["libvlc_trust_options"]


def libvlc_trust_options(url: str, ca_bundle: str | None) -> tuple[str, ...]:
    """The ``:option`` strings that make libVLC verify ``url`` with ``ca_bundle`` alone (none for
    plain http:// or without a bundle). Raises OSError or ssl.SSLError when the bundle cannot be
    read as certificates."""
    if ca_bundle is None or not url.lower().startswith("https://"):
        return ()
    info = os.stat(ca_bundle)  # a bundle the agency replaced is copied again
    return f":gnutls-dir-trust={_trust_dir(ca_bundle, info.st_mtime_ns, info.st_size)}", ":no-gnutls-system-trust"


@functools.cache
def _trust_dir(ca_bundle: str, _mtime_ns: int, _size: int) -> str:
    ssl.create_default_context(cafile=ca_bundle)  # what the API client would refuse is refused here too
    folder = Path(tempfile.mkdtemp(prefix="rtcc-ca-"))  # 0700: this user's alone
    atexit.register(shutil.rmtree, folder, True)
    shutil.copyfile(ca_bundle, folder / "ca.pem")  # GnuTLS reads every file of the directory
    return str(folder)
