"""After ``make bundle``: the bundle's size, its largest parts, and that no library it ships
needs a Qt library that was left out (so pruning never breaks a start on another machine)."""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def missing_libraries(root: Path) -> list[str]:
    problems = []
    for lib in sorted(root.rglob("*.so*")):
        if not lib.is_file():
            continue
        out = subprocess.run(["ldd", str(lib)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            if "not found" in line and "libQt6" in line:
                problems.append(f"{lib.relative_to(root)}: {line.strip()}")
    return problems


def main(argv: list[str]) -> int:
    root = Path(argv[0] if argv else "dist/rtcc-desktop")
    internal = root / "_internal"
    total = size(root)
    print(f"bundle: {root}  {total / 2**20:.0f} MiB in {sum(1 for _ in root.rglob('*'))} files "
          f"({platform.machine()}, {platform.system()} {platform.release()})")
    parts = sorted(((size(p) if p.is_dir() else p.stat().st_size, p.name) for p in internal.iterdir()
                    if not p.is_symlink()), reverse=True)
    for bytes_, name in parts[:6]:
        print(f"  {bytes_ / 2**20:7.1f} MiB  {name}")
    problems = missing_libraries(internal) if sys.platform == "linux" else []
    for p in problems:
        print("MISSING", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
