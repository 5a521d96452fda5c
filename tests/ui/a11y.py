"""What a keyboard or screen-reader user meets in a window: its controls, each one's name and
whether Tab reaches it.

The name rule is the one a screen reader applies (Qt's accessibility interface, ``QAccessible``):
the widget's ``accessibleName()``, else what Qt derives from the widget itself, which is a
button's text or a QLabel whose buddy the widget is (``QFormLayout.addRow("Text", field)`` makes
one). A placeholder, a tooltip or an object name is not a name.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDockWidget,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QAbstractSpinBox, QTextEdit,
               QPlainTextEdit, QWebEngineView)
# Parts Qt builds inside another control (a spin box's or combo box's line edit, a combo box's
# list, a table's corner button, a dock's title buttons): named and reached through their owner.
QT_PARTS = ("QTableCornerButton", "QDockWidgetTitleButton", "QComboBoxListView", "QCalendarWidget",
            "QCalendarView", "QtPrivate::QCalendarView")


def describe(w: QWidget) -> str:
    return f"{type(w).__name__}(objectName={w.objectName()!r}, parent={type(w.parentWidget()).__name__})"


def _is_part(w: QWidget) -> bool:
    if isinstance(w, QHeaderView) or w.metaObject().className() in QT_PARTS or w.objectName().startswith("qt_"):
        return True
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QWebEngineView):
            return True
        if parent.metaObject().className() in QT_PARTS:
            return True
        parent = parent.parentWidget()
    return False


def controls(root: QWidget) -> list[QWidget]:
    """The interactive controls a user can see in ``root`` now (enabled or not)."""
    return [w for w in root.findChildren(QWidget) if isinstance(w, INTERACTIVE) and w.isVisibleTo(root)
            and not _is_part(w) and w.window() is root.window()]


def tab_stops(root: QWidget) -> list[QWidget]:
    """The controls Tab should stop at: visible, enabled and taking focus by Tab."""
    return [w for w in controls(root) if w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus]


def accessible_name(w: QWidget) -> str:
    face = QAccessible.queryAccessibleInterface(w)
    return (face.text(QAccessible.Text.Name) if face is not None else w.accessibleName()).strip()


def unnamed(root: QWidget) -> list[str]:
    return [describe(w) for w in controls(root) if not accessible_name(w)]


def _control_of(w: QWidget | None) -> QWidget | None:
    """The listed control a focused widget belongs to (a web view's page, a spin box's editor)."""
    while w is not None:
        if isinstance(w, INTERACTIVE) and not _is_part(w):
            return w
        w = w.parentWidget()
    return None


def _wait_focus_change(before: QWidget | None, seconds: float) -> QWidget | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents()
        now = QApplication.focusWidget()
        if now is not before:
            return now
        time.sleep(0.01)
    return QApplication.focusWidget()


def tab_walk(root: QWidget, limit: int = 400) -> list[QWidget]:
    """The controls Tab visits, in order, from the first of ``tab_stops`` until focus comes back
    to it (or leaves the window, or ``limit`` presses). A web page's own elements are Tabbed
    through by Chromium before focus leaves the view."""
    stops = tab_stops(root)
    assert stops, "no control takes the focus"
    window = root.window()
    window.activateWindow()
    first = stops[0]
    first.setFocus(Qt.FocusReason.TabFocusReason)
    _wait_focus_change(None, 0.2)
    visited: list[QWidget] = []
    focus = QApplication.focusWidget()
    same = 0  # presses that left the focus where it was: a control keeping Tab for itself
    for _ in range(limit):
        control = _control_of(focus)
        if control is not None and (not visited or visited[-1] is not control):
            if control is first and visited:
                break
            visited.append(control)
            same = 0
        if focus is None or focus.window() is not window:
            break
        in_page = isinstance(control, QWebEngineView)
        # Tab steps through a web page's elements and a date edit's sections before it moves on.
        if same > (30 if in_page else 8 if isinstance(control, QAbstractSpinBox) else 2):
            break
        QTest.keyClick(focus, Qt.Key.Key_Tab)
        # A web view moves focus inside its page asynchronously: give it time to leave.
        after = _wait_focus_change(focus, 0.5 if in_page else 0.05)
        same = same + 1 if after is focus else 0
        focus = after
    return visited


def unreachable(root: QWidget) -> list[str]:
    """Controls Tab does not reach, and controls it reaches out of sight (in a dock behind
    another's tab, which Qt moves off screen rather than hiding)."""
    walked = tab_walk(root)
    reached = {id(w) for w in walked}
    missed = [f"never reaches {describe(w)}" for w in tab_stops(root) if id(w) not in reached]
    return missed + [f"reaches {describe(w)} out of sight" for w in walked if _off_screen(w)]


def _off_screen(w: QWidget) -> bool:
    parent: QWidget | None = w
    while parent is not None:
        if isinstance(parent, QDockWidget):
            return parent.visibleRegion().isEmpty()
        parent = parent.parentWidget()
    return False
