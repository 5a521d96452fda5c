"""The bundled mock RTCC backend (FastAPI + SQLite) that trainers and tests use.

It shares only ``rtcc_desktop.api.schemas`` with the client (import-linter
contract), so it cannot accidentally agree with the client by sharing code.
"""

__version__ = "0.1.0"
