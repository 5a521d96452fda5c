"""The main window's panels. A panel whose feature is not built yet shows a clear placeholder."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


def placeholder(title: str, text: str) -> QWidget:
    label = QLabel(f"<h3>{title}</h3><p>{text}</p>")
    label.setObjectName("placeholder")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


PANELS = (
    # (object name, title, shortcut, placeholder text)
    ("mapPanel", "Map", "Ctrl+1", "The camera map is not available in this build yet."),
    ("wallPanel", "Wall", "Ctrl+2", "The video wall is not available in this build yet."),
    # Before Requests: it splits the map's column, and a column split after a tab joins the tabs.
    # Ctrl+4 is the trainer's Training panel.
    ("incidentsPanel", "Incidents", "Ctrl+5", "The incident queue is not available in this build yet."),
    # A tab beside the incidents, under the map: the seat's own wall stays in view to drag from.
    ("roomWallPanel", "Room wall", "Ctrl+6", "The room wall is not available in this build yet."),
    ("requestsPanel", "Requests", "Ctrl+3", "The request queue is not available in this build yet."),
)

# The panel each role's work starts in, raised over the panels it shares a column with on a first
# start and on View -> Reset layout: the map for an operator, the request queue for a supervisor
# (approvals), the drill console for a trainer. A role not named here gets the map.
HOME_PANELS = {"operator": "mapPanel", "supervisor": "requestsPanel", "trainer": "trainingPanel"}
