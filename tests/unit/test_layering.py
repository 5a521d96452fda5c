"""The architecture rules, checked on every test run."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[2]


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is not installed (it is in the dev extra)"
    result = subprocess.run([exe], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mock_backend_imports_only_the_schemas_of_the_client() -> None:
    graph = grimp.build_graph("mock_backend", "rtcc_desktop", include_external_packages=False)
    offending = sorted(
        (importer, imported)
        for importer in graph.find_children("mock_backend") | graph.find_descendants("mock_backend")
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.startswith("rtcc_desktop")
        and not imported.startswith("rtcc_desktop.api.schemas")
    )
    assert not offending, f"mock_backend may import only rtcc_desktop.api.schemas: {offending}"


FORBIDDEN_IN_CORE = ("PySide6.QtWidgets", "PySide6.QtWebEngine", "PySide6.QtQuick", "PySide6.QtGui")


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_core_never_imports_qt_widgets_gui_or_webengine() -> None:
    # The core runs headless (doctor, probe, the video engine under test); widgets,
    # painting and web views belong to ui/.
    offending = {
        str(path.relative_to(ROOT)): sorted(m for m in imported_modules(path) if m.startswith(FORBIDDEN_IN_CORE))
        for path in (ROOT / "rtcc_desktop").rglob("*.py")
    }
    offending = {k: v for k, v in offending.items() if v}
    assert not offending, offending


RELAY = ROOT / "rtcc_desktop" / "video" / "rtsp_relay"
# The built-in relay's child and its protocol code: run as a file under ``python -I -S``.
RELAY_CHILD = ("child", "session", "target", "auth", "sdp", "depacketizer", "ts_writer")


def test_the_relay_child_and_its_protocol_code_use_only_the_standard_library() -> None:
    allowed = {f"rtcc_desktop.video.rtsp_relay.{name}" for name in RELAY_CHILD} | {"__future__"}
    offending = {}
    for name in RELAY_CHILD:
        imported = imported_modules(RELAY / f"{name}.py")
        outside = sorted(m for m in imported if m.split(".")[0] not in sys.stdlib_module_names
                         and not any(m == a or m.startswith(a + ".") for a in allowed))
        if outside:
            offending[name] = outside
    assert not offending, offending


def test_ruff_is_clean() -> None:
    exe = shutil.which("ruff", path=str(Path(sys.executable).parent))
    assert exe
    result = subprocess.run([exe, "check", "--quiet", "."], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
