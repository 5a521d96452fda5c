"""Dark control-room theme: Fusion style, a dark palette and the QSS in resources/."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from rtcc_desktop.resources import resource_path


def apply_dark_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#14171c",
        QPalette.ColorRole.WindowText: "#d8dde6",
        QPalette.ColorRole.Base: "#0f1216",
        QPalette.ColorRole.AlternateBase: "#151920",
        QPalette.ColorRole.Text: "#d8dde6",
        QPalette.ColorRole.Button: "#262c35",
        QPalette.ColorRole.ButtonText: "#d8dde6",
        QPalette.ColorRole.Highlight: "#2f5d8a",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#262c35",
        QPalette.ColorRole.ToolTipText: "#e8ecf2",
        QPalette.ColorRole.PlaceholderText: "#6b7380",
        QPalette.ColorRole.Link: "#58a6ff",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#6b7380"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#6b7380"))
    app.setPalette(palette)
    qss: Path = resource_path("theme", "dark.qss")
    app.setStyleSheet(qss.read_text(encoding="utf-8"))
