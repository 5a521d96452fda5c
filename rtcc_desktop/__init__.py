"""RTCC Desktop core: backend client, domain rules, video engine, map builder.

Nothing here imports QtWidgets or QtWebEngine (see the import-linter contract in
pyproject.toml); the Qt widgets live in the top-level ``ui`` package.
"""

__version__ = "0.1.0"
