"""Help → Keyboard shortcuts (F1): every key the window answers to, read from the actions,
shortcuts and buttons themselves, so the list cannot drift from what the keys do. Each says
what it does and where it works (a panel's keys work while that panel has focus)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

EVERYWHERE = "Everywhere"


def _where(obj: object, window: QWidget) -> str:
    """The panel (dock) whose focus a key needs, or everywhere: a window-wide key works from
    anywhere wherever it was made (the wall's layout keys), and so does a button's."""
    if isinstance(obj, QAction | QShortcut):
        context = obj.shortcutContext() if isinstance(obj, QAction) else obj.context()
        if context not in (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut):
            return EVERYWHERE
    widget = obj.parent() if isinstance(obj, QAction | QShortcut) else obj
    while isinstance(widget, QWidget) and widget is not window:
        if isinstance(widget, QDockWidget):
            return widget.windowTitle()
        widget = widget.parentWidget()
    return EVERYWHERE


def _plain(text: str, key: str) -> str:
    """A menu or button text as words: no mnemonic '&', no trailing '(F5)' naming the key, no '…'."""
    return text.replace("&", "").removesuffix(f"({key})").strip().rstrip("…")


def collect_shortcuts(window: QWidget) -> list[tuple[str, str, str]]:
    """(where, what it does, key) for every key bound in the window, the window's own first."""
    found: list[tuple[str, str, str]] = []
    for obj in [*window.findChildren(QAction), *window.findChildren(QShortcut),
                *window.findChildren(QAbstractButton)]:
        # What's This where it is set (a button's label is short: "Start (F5)"), else the text.
        keys = obj.key() if isinstance(obj, QShortcut) else obj.shortcut()
        text = obj.whatsThis() or ("" if isinstance(obj, QShortcut) else obj.text())
        if keys.isEmpty() or not text:
            continue
        key = keys.toString(QKeySequence.SequenceFormat.NativeText)
        found.append((_where(obj, window), _plain(text, key), key))
    unique = list(dict.fromkeys(found))  # a button and its action may both carry the key
    return sorted(unique, key=lambda row: (row[0] != EVERYWHERE, row[0]))  # stable: each in its own order


class ShortcutsDialog(QDialog):
    def __init__(self, window: QWidget, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = collect_shortcuts(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move within it)
        self.table.setHorizontalHeaderLabels([self.tr("Key"), self.tr("Does"), self.tr("Where")])
        for i, (where, text, key) in enumerate(rows):
            for column, value in enumerate((key, text, where)):
                self.table.setItem(i, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 640)
