"""``rtcc-desktop install-desktop``: the app in the desktop's application menu, for this user.

Copies ``resources/rtcc-desktop.desktop`` to ``$XDG_DATA_HOME/applications/`` (default
``~/.local/share``) with ``Exec`` pointing at this copy of the app (the bundle's executable, or
the venv's ``rtcc-desktop`` script), and the icon to the hicolor theme's scalable apps folder,
where ``Icon=rtcc-desktop`` finds it. The app calls itself ``rtcc-desktop`` to the desktop
(``QGuiApplication.setDesktopFileName``, ``StartupWMClass``), so its windows group under the entry.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from rtcc_desktop.resources import resource_path

DESKTOP_ID = "rtcc-desktop"
DESKTOP_FILE = f"{DESKTOP_ID}.desktop"


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def executable() -> str:
    """The command that starts this copy of the app."""
    if getattr(sys, "frozen", False):  # the bundle: its one executable
        return str(Path(sys.executable).resolve())
    script = Path(sys.argv[0])
    if script.name == "rtcc-desktop" and script.exists():
        return str(script.absolute())
    found = shutil.which("rtcc-desktop")
    return str(Path(found).absolute()) if found else "rtcc-desktop"


def exec_value(command: str, *args: str) -> str:
    """An ``Exec`` value (the spec quotes arguments with double quotes, and escapes within them)."""
    def quote(word: str) -> str:
        if word and not any(c in word for c in ' \t\n"\'\\><~|&;$*?#()`%'):
            return word
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in word)
        return f'"{escaped.replace("%", "%%")}"'

    # The file's own string escapes come on top: a backslash is written twice.
    return " ".join(quote(w) for w in (command, *args)).replace("\\", "\\\\")


def entry_text(command: str) -> str:
    """The shipped entry with each ``Exec`` starting ``command``."""
    lines = []
    for line in resource_path(DESKTOP_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            args = shlex.split(line.removeprefix("Exec="))[1:]
            line = "Exec=" + exec_value(command, *args)
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(home: Path, command: str) -> list[Path]:
    apps = home / "applications"
    icons = home / "icons" / "hicolor" / "scalable" / "apps"
    apps.mkdir(parents=True, exist_ok=True)
    icons.mkdir(parents=True, exist_ok=True)
    entry, icon = apps / DESKTOP_FILE, icons / f"{DESKTOP_ID}.svg"
    entry.write_text(entry_text(command), encoding="utf-8")
    shutil.copyfile(resource_path("icons", f"{DESKTOP_ID}.svg"), icon)
    return [entry, icon]


def uninstall(home: Path) -> list[Path]:
    removed = []
    for path in (home / "applications" / DESKTOP_FILE, home / "icons" / "hicolor" / "scalable" / "apps"
                 / f"{DESKTOP_ID}.svg"):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def refresh_caches(home: Path) -> None:
    """Menus pick the entry up by themselves; these tools, where installed, make it immediate."""
    for cmd in (["update-desktop-database", str(home / "applications")],
                ["gtk-update-icon-cache", "-q", "-t", str(home / "icons" / "hicolor")]):
        if shutil.which(cmd[0]):
            subprocess.run(cmd, capture_output=True, timeout=30, check=False)


def run_install_desktop(args: list[str]) -> int:
    p = argparse.ArgumentParser(prog="rtcc-desktop install-desktop",
                                description="Add RTCC Desktop to this user's application menu (a .desktop file "
                                            "and the icon under $XDG_DATA_HOME, default ~/.local/share).")
    p.add_argument("--exec", dest="command", default=None,
                   help="the command the menu entry runs (default: this copy of the app)")
    p.add_argument("--uninstall", action="store_true", help="remove the menu entry and the icon")
    parsed = p.parse_args(args)
    home = data_home()
    if parsed.uninstall:
        removed = uninstall(home)
        print("\n".join(f"removed {path}" for path in removed) or "nothing to remove")
    else:
        for path in install(home, parsed.command or executable()):
            print(f"installed {path}")
    refresh_caches(home)
    return 0
