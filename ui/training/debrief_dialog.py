"""The drill's debrief: figures from the audit trail, shown and exported as HTML."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLabel, QTextBrowser, QVBoxLayout, QWidget

from rtcc_desktop.api.schemas import ScenarioStatus
from rtcc_desktop.session import Session
from rtcc_desktop.training.debrief import Debrief, build_debrief, debrief_html
from ui.background import run_in_background
from ui.errors import describe
from ui.footage.audit_view import fetch_audit


def load_debrief(session: Session, status: ScenarioStatus, positions: dict[int, tuple[float, float]]) -> Debrief:
    """Blocking: the drill's audit trail, every page, then its figures."""
    now = datetime.now(UTC)
    since = status.started_at or now - timedelta(hours=12)
    events = fetch_audit(session, since=since, until=now + timedelta(minutes=1))
    return build_debrief(events, positions.get, title=status.title or status.name or "drill",
                         started_at=status.started_at, now=now)


class DebriefDialog(QDialog):
    def __init__(self, session: Session, status: ScenarioStatus, positions: dict[int, tuple[float, float]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Debrief — {drill}").format(drill=status.title or status.name))
        self.resize(900, 650)
        self.debrief: Debrief | None = None
        self.html = ""
        self.note = QLabel(self.tr("Reading the drill's audit trail…"))
        self.note.setTextFormat(Qt.TextFormat.PlainText)  # it may quote the backend: text, never markup
        self.view = QTextBrowser()
        self.view.setOpenLinks(False)
        self.view.setAccessibleName(self.tr("Debrief report"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = buttons.addButton(self.tr("Export HTML…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(lambda: self.export())
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        run_in_background(lambda: load_debrief(session, status, positions), self._shown, self._failed, owner=self)

    def _shown(self, debrief: Debrief) -> None:
        self.debrief, self.html = debrief, debrief_html(debrief)
        self.view.setHtml(self.html)
        self.note.setText(self.tr("{trainee_actions} trainee actions in the audit trail since the drill "
                                  "started.").format(
            trainee_actions=debrief.trainee_actions))
        self.export_button.setEnabled(True)

    def _failed(self, exc: BaseException) -> None:
        self.note.setText(self.tr("The debrief could not be made: {error}").format(error=describe(exc)))

    def export(self, path: Path | None = None) -> Path | None:
        if path is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M")
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Export debrief"),
                                                    str(Path.home() / f"debrief-{stamp}.html"),
                                                    self.tr("HTML (*.html)"))
            if not chosen:
                return None
            path = Path(chosen)
        try:
            path.write_text(self.html, encoding="utf-8")
        except OSError as exc:
            self.note.setText(self.tr("Could not write {path}: {error}").format(path=path, error=exc.strerror or exc))
            return None
        self.note.setText(self.tr("Exported to {path}").format(path=path))
        return path
