"""Is the OS keyring a secure place for a refresh token?"""

from __future__ import annotations

# Backends that store nothing, or store in plain files readable by anyone with the disk.
_INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt", "keyrings.cryptfile")


def backend_is_secure(backend: object) -> bool:
    members = getattr(backend, "backends", None)
    if members is not None:  # a ChainerBackend is as good as its best member
        return any(backend_is_secure(m) for m in members)
    module = type(backend).__module__
    if module.startswith(_INSECURE_MODULES):
        return False
    # keyring rates backends: <= 0 means "not usable here"; plaintext backends rate low too.
    priority = getattr(type(backend), "priority", 1)
    try:
        return float(priority) > 0
    except (TypeError, ValueError):
        return False


def is_secure_keyring() -> bool:
    try:
        import keyring

        return backend_is_secure(keyring.get_keyring())
    except Exception:  # no keyring package or a broken backend: not secure
        return False


def keyring_name() -> str:
    try:
        import keyring

        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"
    except Exception as exc:
        return f"unavailable ({exc})"
