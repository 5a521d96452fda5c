"""The UI's strings are translatable the Qt way: pyside6-lupdate finds them, and a translation
for the user's locale is loaded and shown (English, the only one shipped, needs no file)."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.translations import install_translator

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def lupdate(ts: Path) -> dict[str, set[str]]:
    """context -> source texts, as lupdate extracts them from ui/ and the core's operator-facing
    sentences (as `make translations` runs it)."""
    files = sorted(str(p) for folder in ("ui", "rtcc_desktop") for p in (ROOT / folder).rglob("*.py"))
    done = subprocess.run([str(BIN / "pyside6-lupdate"), *files, "-no-obsolete", "-source-language", "en", "-ts",
                           str(ts)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found: dict[str, set[str]] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        found.setdefault(name, set()).update(m.findtext("source") or "" for m in context.iter("message"))
    return found


def test_lupdate_finds_the_uis_strings(tmp_path: Path) -> None:
    found = lupdate(tmp_path / "rtcc-desktop_en.ts")
    assert sum(len(texts) for texts in found.values()) > 300
    samples = {
        "LockScreen": {"Session locked", "Unlock", "Signed in as {username}. {reason} Video is paused and panels "
                                                   "are hidden."},
        "SignInDialog": {"Sign in", "Enter your username and password.", "System use notice"},
        "MainWindow": {"&Lock session", "Show {title}", "{title} panel"},
        "Panels": {"Map", "Wall", "Requests", "Incidents", "Training"},
        "RequestsPanel": {"New request…", "Search the queue"},
        "MapPanel": {"Camera map", "Fit all"},
        "ui.wall.tile_menu": {"Retry", "Use as the alarm tile"},
        "RelayFailure": {"The camera at {host} cannot be reached ({detail}).",
                         "no video arrived over {transports}: a firewall may block it"},
    }
    for context, texts in samples.items():
        assert texts <= found.get(context, set()), (context, texts - found.get(context, set()))
    # f-strings became templates: each placeholder is a plain name, never an expression
    fields = {m.split("!")[0].split(":")[0] for texts in found.values() for t in texts
              for m in re.findall(r"(?<!{){([^{}]*)}", t)}
    assert all(f.isidentifier() for f in fields), sorted(f for f in fields if not f.isidentifier())


GERMAN = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS><TS version="2.1" language="de" sourcelanguage="en">
<context><name>LockScreen</name>
<message><source>Session locked</source><translation>Sitzung gesperrt</translation></message>
<message><source>Signed in as {username}. {reason} Video is paused and panels are hidden.</source>
<translation>Angemeldet als {username}. {reason} Video angehalten, Bereiche verborgen.</translation></message>
</context>
<context><name>Panels</name>
<message><source>Map</source><translation>Karte</translation></message>
</context></TS>
"""


def test_a_translation_for_the_locale_is_loaded_and_shown(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.lock_screen import LockScreen
    from ui.panels import panel_title

    (tmp_path / "rtcc-desktop_de.ts").write_text(GERMAN, encoding="utf-8")
    done = subprocess.run([str(BIN / "pyside6-lrelease"), str(tmp_path / "rtcc-desktop_de.ts"), "-qm",
                           str(tmp_path / "rtcc-desktop_de.qm")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert install_translator(app, tmp_path, QLocale("fr_FR")) is None  # no file: English stays
    translator = install_translator(app, tmp_path, QLocale("de_AT"))  # de_AT falls back to de
    assert translator is not None
    try:
        lock = LockScreen()
        qtbot.addWidget(lock)
        lock.prepare("ann", "Gesperrt.")
        assert lock.findChild(type(lock.who), "lockTitle").text() == "Sitzung gesperrt"
        assert lock.who.text() == "Angemeldet als ann. Gesperrt. Video angehalten, Bereiche verborgen."
        assert panel_title("Map") == "Karte" and panel_title("Wall") == "Wall"  # untranslated: English
    finally:
        app.removeTranslator(translator)
    assert panel_title("Map") == "Map"
