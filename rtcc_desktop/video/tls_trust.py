"""The backend profile's CA bundle (an agency's own CA) as the live video trusts it: the API
client trusts that bundle instead of the system's store, and what fetches video from the same
backend must trust the same (the HLS gate: ``ssl_context``; libVLC, for what it fetches itself:
``libvlc_trust_options``), or every tile of such a deployment fails while sign-in, the map and
the queue work. Both follow the file's version (mtime, size): a bundle the agency replaced (a CA
rotated, or one taken out) is read again, as the API client reads it each time.

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

__all__ = ["libvlc_trust_options", "ssl_context"]


def ssl_context(ca_bundle: str | None) -> ssl.SSLContext:
    """The context for connections that trust ``ca_bundle`` as it is now (None: the system's
    store). Raises OSError or ssl.SSLError when the bundle cannot be read as certificates."""
    return _context(ca_bundle, *_version(ca_bundle))


def libvlc_trust_options(url: str, ca_bundle: str | None) -> tuple[str, ...]:
    """The ``:option`` strings that make libVLC verify ``url`` with ``ca_bundle`` alone (none for
    plain http:// or without a bundle). Raises OSError or ssl.SSLError when the bundle cannot be
    read as certificates."""
    if ca_bundle is None or not url.lower().startswith("https://"):
        return ()
    return f":gnutls-dir-trust={_trust_dir(ca_bundle, *_version(ca_bundle))}", ":no-gnutls-system-trust"


def _version(ca_bundle: str | None) -> tuple[int, int]:
    if ca_bundle is None:
        return 0, 0
    info = os.stat(ca_bundle)
    return info.st_mtime_ns, info.st_size


@functools.cache
def _context(ca_bundle: str | None, _mtime_ns: int, _size: int) -> ssl.SSLContext:
    """One context for every connection that trusts the same: making one reads the store."""
    return ssl.create_default_context(cafile=ca_bundle)


@functools.cache
def _trust_dir(ca_bundle: str, mtime_ns: int, size: int) -> str:
    _context(ca_bundle, mtime_ns, size)  # what the API client would refuse is refused here too
    folder = Path(tempfile.mkdtemp(prefix="rtcc-ca-"))  # 0700: this user's alone
    atexit.register(shutil.rmtree, folder, True)
    shutil.copyfile(ca_bundle, folder / "ca.pem")  # GnuTLS reads every file of the directory
    return str(folder)
