"""Saved walls: the list to restore one from, and *Save…* to name this one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QToolButton, QWidget

from rtcc_desktop.video.saved_layouts import SavedWalls
from rtcc_desktop.wall.model import WallModel


class SavedWallsMenu(QWidget):
    message = Signal(str)

    def __init__(self, model: WallModel, store: SavedWalls, ensure_purpose: Callable[[int], bool],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model, self.store, self._ensure_purpose = model, store, ensure_purpose
        self.walls = QComboBox()
        self.walls.setMinimumContentsLength(12)
        self.walls.setAccessibleName(self.tr("Saved walls"))
        self.walls.activated.connect(lambda _i: self.restore_wall(self.walls.currentText()))
        save = QToolButton(text=self.tr("Save…"))
        save.setToolTip(self.tr("Save this wall's layout, cameras and tours under a name"))
        save.clicked.connect(self.save_wall)
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.walls)
        box.addWidget(save)
        self.refresh()

    def refresh(self) -> None:
        """The list from the file; what could not be read is said where the list is (the file
        keeps it: saving writes it back or moves a damaged file aside)."""
        found = self.store.read()
        self.walls.clear()
        self.walls.addItems(sorted(found.walls))
        self.walls.setToolTip("\n".join([self.tr("Saved walls"), *(f"{p}." for p in found.problems)]))

    def save_wall(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save wall"), self.tr("Name for this wall:"))
        if ok and name.strip():
            self.save_as(name.strip())

    def save_as(self, name: str) -> bool:
        try:
            problems = self.store.save(self.model.saved(name))
        except OSError as exc:
            self.message.emit(self.tr("Wall '{name}' not saved: {error}").format(name=name, error=exc.strerror or exc))
            return False
        self.refresh()
        self.message.emit(" ".join([f"Wall '{name}' saved.", *(f"({p}.)" for p in problems)]))
        return True

    def restore_wall(self, name: str) -> bool:
        wall = self.store.load().get(name)
        if wall is None:
            self.message.emit(self.tr("There is no saved wall '{name}'.").format(name=name))
            return False
        wanted = sum(c is not None for c in wall.cameras) + sum(len(t.camera_ids) for t in wall.tours)
        if wanted:
            self._ensure_purpose(wanted)  # cancelled: the layout alone comes back, and the model says so
        return self.model.restore(wall)
