"""The user's language: a Qt translator for the system locale, from resources/translations/.

The strings are English in the code (``self.tr()`` in QObject subclasses,
``QCoreApplication.translate(context, ...)`` elsewhere) and English is the only language
shipped, so without a file for the locale nothing is loaded and the English stays.
``make translations`` extracts the strings (pyside6-lupdate) into the .ts files there and
compiles the translated ones (pyside6-lrelease); docs/development.md says how to add a language.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from rtcc_desktop.resources import resource_path

log = logging.getLogger(__name__)
PREFIX = "rtcc-desktop"  # rtcc-desktop_de.qm, rtcc-desktop_fr_CA.qm, ...


def install_translator(app: QCoreApplication, folder: Path | None = None,
                       locale: QLocale | None = None) -> QTranslator | None:
    """Load the best translation for ``locale`` (the system's by default) from ``folder``; None
    (and the English strings) when there is none."""
    folder = folder if folder is not None else resource_path("translations")
    locale = locale if locale is not None else QLocale.system()
    translator = QTranslator(app)
    # Tries each of the locale's UI languages: rtcc-desktop_de_AT.qm, rtcc-desktop_de.qm, ...
    if not translator.load(locale, PREFIX, "_", str(folder), ".qm"):
        return None
    app.installTranslator(translator)
    log.info("translation %s loaded", translator.filePath())
    return translator
