"""The main window's panels. A panel whose feature is not built yet shows a clear placeholder."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget


def panel_title(title: str) -> str:
    """A panel's title (PANELS, or a feature's own) in the user's language."""
    return QCoreApplication.translate("Panels", title)


def placeholder(title: str, text: str) -> QWidget:
    label = QLabel(f"<h3>{panel_title(title)}</h3><p>{QCoreApplication.translate('Panels', text)}</p>")
    label.setObjectName("placeholder")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


PANELS = (
    # (object name, title, shortcut, placeholder text)
    ("mapPanel", QT_TRANSLATE_NOOP("Panels", "Map"), "Ctrl+1",
     QT_TRANSLATE_NOOP("Panels", "The camera map is not available in this build yet.")),
    ("wallPanel", QT_TRANSLATE_NOOP("Panels", "Wall"), "Ctrl+2",
     QT_TRANSLATE_NOOP("Panels", "The video wall is not available in this build yet.")),
    # Before Requests: it splits the map's column, and a column split after a tab joins the tabs.
    # Ctrl+4 is the trainer's Training panel.
    ("incidentsPanel", QT_TRANSLATE_NOOP("Panels", "Incidents"), "Ctrl+5",
     QT_TRANSLATE_NOOP("Panels", "The incident queue is not available in this build yet.")),
    # A tab beside the incidents, under the map: the seat's own wall stays in view to drag from.
    ("roomWallPanel", QT_TRANSLATE_NOOP("Panels", "Room wall"), "Ctrl+6",
     QT_TRANSLATE_NOOP("Panels", "The room wall is not available in this build yet.")),
    ("requestsPanel", QT_TRANSLATE_NOOP("Panels", "Requests"), "Ctrl+3",
     QT_TRANSLATE_NOOP("Panels", "The request queue is not available in this build yet.")),
)

# The panel each role's work starts in, raised over the panels it shares a column with on a first
# start and on View -> Reset layout: the map for an operator, the request queue for a supervisor
# (approvals), the drill console for a trainer. A role not named here gets the map.
HOME_PANELS = {"operator": "mapPanel", "supervisor": "requestsPanel", "trainer": "trainingPanel"}
