"""The door-knock page as a PDF officers print: Qt's text layout, its map drawn from the page's
own SVG (the PDF printer's HTML has no SVG)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QMarginsF, QUrl
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtSvg import QSvgRenderer

from rtcc_desktop.incidents.door_knock import DoorKnockList

_MAP = "door-knock-map.png"
_DPI = 150


def write_pdf(listing: DoorKnockList, path: Path, made_by: str, now: datetime) -> Path:
    """Written whole or not at all (a temporary file, then a rename)."""
    picture = QImage(720, 720, QImage.Format.Format_RGB32)
    picture.fill(QColor("#ffffff"))
    painter = QPainter(picture)
    QSvgRenderer(QByteArray(listing.svg().encode("utf-8"))).render(painter)
    painter.end()
    document = QTextDocument()
    document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(_MAP), picture)
    document.setHtml(listing.html(made_by, now, map_src=_MAP))
    partial = path.with_suffix(".pdf.part")
    writer = QPdfWriter(str(partial))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    writer.setTitle(QCoreApplication.translate("ui.incidents.door_knock_pdf", "Door-knock list {cad_number}").format(
        cad_number=listing.incident.cad_number))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setResolution(_DPI)  # the page's text and picture keep their sizes in points at this density
    document.print_(writer)  # lays the page out on the writer's pages itself
    del writer  # the file is complete only once the writer is gone
    os.replace(partial, path)
    return path
