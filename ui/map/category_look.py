"""How a camera's sharing category looks in widgets: the map page's colours as dot icons,
and the short words the toolbar toggles and the incident list use."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from rtcc_desktop.map.camera_marks import Category

# Same colours as resources/map/rtcc_map.js.
CATEGORY_COLOURS = {Category.live: "#2ee07a", Category.alarm: "#ffb020", Category.on_request: "#4aa3ff",
                    Category.registry: "#b59cf0"}
OFFLINE_COLOUR = "#596070"
SHORT_TEXT = {Category.live: QT_TRANSLATE_NOOP("ui.map.category_look", "Live"),
              Category.alarm: QT_TRANSLATE_NOOP("ui.map.category_look", "Alarm"),
              Category.on_request: QT_TRANSLATE_NOOP("ui.map.category_look", "Request"),
              Category.registry: QT_TRANSLATE_NOOP("ui.map.category_look", "Registry")}


def dot(colour: str, ring: str | None = None) -> QIcon:
    pix = QPixmap(14, 14)
    pix.fill(QColor(0, 0, 0, 0))
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour))
    p.setPen(QPen(QColor(ring), 2) if ring else Qt.PenStyle.NoPen)
    p.drawEllipse(2, 2, 10, 10)
    p.end()
    return QIcon(pix)


@cache  # lists paint thousands of rows with these eight icons
def category_dot(cat: Category, offline: bool) -> QIcon:
    """As the map draws it: an offline camera is grey inside a ring of its sharing colour."""
    return dot(OFFLINE_COLOUR, CATEGORY_COLOURS[cat]) if offline else dot(CATEGORY_COLOURS[cat])


def short_text(cat: Category) -> str:
    return QCoreApplication.translate("ui.map.category_look", SHORT_TEXT[cat])


@cache  # lists paint thousands of rows with these eight texts
def short_state(cat: Category, offline: bool) -> str:
    return short_text(cat) + (QCoreApplication.translate("ui.map.category_look", " · offline") if offline else "")
