"""Asking the operator for a tour: its cameras and how long each is shown."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from rtcc_desktop.video.tour import MIN_DWELL_S, Tour


def tour_from_text(text: str, dwell_s: int) -> Tour:
    """A tour from "12, 14; 15"; ValueError saying what is wrong."""
    try:
        ids = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise ValueError(QCoreApplication.translate(
            "ui.wall.tours_ui", "camera ids are whole numbers separated by commas, not '{text}'.").format(
            text=text)) from None
    return Tour(ids, dwell_s)


def ask_for_tour(parent: QWidget, suggested: list[int]) -> Tour | None:
    """The operator's tour, None when cancelled; ValueError for one that cannot be a tour."""
    text, ok = QInputDialog.getText(parent, QCoreApplication.translate("ui.wall.tours_ui", "Tour"),
                                    QCoreApplication.translate("ui.wall.tours_ui", "Camera ids, comma-separated:"),
                                    text=", ".join(str(c) for c in suggested))
    if not ok:
        return None
    dwell, ok = QInputDialog.getInt(parent, QCoreApplication.translate("ui.wall.tours_ui", "Tour"),
                                    QCoreApplication.translate("ui.wall.tours_ui", "Seconds per camera:"), 10,
                                    MIN_DWELL_S, 3600)
    if not ok:
        return None
    return tour_from_text(text, dwell)
