"""The keyboard's way through the main window: Tab goes through one panel's controls after
another, in the View menu's order (Ctrl+1 Map, Ctrl+2 Wall, ...), instead of the order the
features happened to build their widgets in."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QDockWidget, QWidget

try:  # the map's view; its page's own elements are Tabbed through inside it
    from PySide6.QtWebEngineWidgets import QWebEngineView

    _COMPOUND: tuple[type, ...] = (QAbstractSpinBox, QComboBox, QWebEngineView)
except ImportError:  # pragma: no cover - QtWebEngine is a dependency; doctor names it when missing
    _COMPOUND = (QAbstractSpinBox, QComboBox)


def _inside_compound(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, _COMPOUND):
            return True
        parent = parent.parentWidget()
    return False


def tab_stops(root: QWidget) -> list[QWidget]:
    """``root``'s widgets that take focus by Tab, in the focus chain's current order (a spin box,
    combo box or web view once, not its parts)."""
    stops: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not root and widget is not None and len(stops) < 10_000:  # the chain is a ring
        if (root.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
                and not _inside_compound(widget, root)):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    # A container that takes focus itself (a tab widget: its tab bar) is not a stop of its own:
    # ordering it and its children one after another would tie the chain in a knot.
    stops = [w for w in stops if not any(w is not o and w.isAncestorOf(o) for o in stops)]
    return list(dict.fromkeys(stops))


def chain_panels(docks: Iterable[QDockWidget]) -> None:
    """Tab through each dock's controls in turn, the docks in the order given."""
    ordered = [w for dock in docks if dock.widget() is not None for w in tab_stops(dock.widget())]
    for before, after in pairwise(ordered):
        QWidget.setTabOrder(before, after)
