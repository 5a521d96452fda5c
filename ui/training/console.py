"""The trainer's console: run a drill, follow its timeline, watch what trainees do, debrief.

Shown only to a trainer signed in to a training backend (see install.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.schemas import AuditEvent, AuditPage, ScenarioInfo, ScenarioStatus, ServerEvent
from rtcc_desktop.session import Session
from rtcc_desktop.training.debrief import TRAINEE_ROLES
from ui.background import run_in_background
from ui.cameras.camera_hub import CameraHub
from ui.errors import describe
from ui.training.debrief_dialog import DebriefDialog

_FEED_POLL_MS = 2000
_FEED_ROWS = 500
_MUTED, _FAILED, _NEXT = QColor("#6b7380"), QColor("#ff7b72"), QColor("#ffb020")


def clock_text(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class TrainingConsole(QWidget):
    message = Signal(str)
    error = Signal(object)

    def __init__(self, session: Session, hub: CameraHub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.hub = session, hub
        self.status = ScenarioStatus()
        self._status_at = time.monotonic()  # when self.status arrived (elapsed moves on locally)
        self._feed_cursor: str | None = None
        self._feed_busy = False
        self.dialog: DebriefDialog | None = None

        self.drills = QComboBox()
        self.drills.setAccessibleName(self.tr("Drill"))
        self.drills.setMinimumContentsLength(28)
        self.drills.setToolTip(self.tr("Drills that come with the training backend"))
        load = QPushButton(self.tr("Load"))
        load.setToolTip(self.tr("Load the chosen drill (resets the one loaded now)"))
        load.clicked.connect(self.load_selected)
        open_file = QPushButton(self.tr("Open file…"))
        open_file.setToolTip(self.tr("Load your own scenario file (YAML or JSON; see the README for the format)"))
        open_file.clicked.connect(lambda: self.open_file())
        self.start_button = QPushButton(self.tr("Start (F5)"))
        self.pause_button = QPushButton(self.tr("Pause (F6)"))
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Stop the drill and put every camera it changed back; its alarms end"))
        self.debrief_button = QPushButton(self.tr("Debrief…"))
        self.debrief_button.setToolTip(self.tr("Figures for this drill from the audit trail; export as HTML"))
        self.start_button.clicked.connect(lambda: self.command("start"))
        self.pause_button.clicked.connect(self.pause_or_resume)
        self.reset_button.clicked.connect(lambda: self.command("reset"))
        self.debrief_button.clicked.connect(self.show_debrief)
        # Keys of this panel only (while it has focus): a button's own shortcut works window-wide,
        # and F5 also reloads the Requests panel; a key bound twice window-wide does nothing.
        for key, button, words in (("F5", self.start_button, self.tr("Start the loaded drill")),
                                   ("F6", self.pause_button, self.tr("Pause the drill, or resume it"))):
            act = QAction(words, self)  # the words Help → Keyboard shortcuts lists
            act.setShortcut(QKeySequence(key))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(lambda _c=False, b=button: b.isEnabled() and b.click())
            self.addAction(act)
        self.state_label = QLabel(self.tr("No drill loaded"))
        self.state_label.setObjectName("hintText")
        self.state_label.setWordWrap(True)  # a long drill title must not widen the window
        self.state_label.setMinimumWidth(160)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()

        self.timeline = QTableWidget(0, 4)
        self.timeline.setHorizontalHeaderLabels([self.tr("At"), self.tr("Step"), self.tr("Outcome"),
                                                 self.tr("Line")])
        self.feed = QTableWidget(0, 5)
        self.feed.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Who"), self.tr("Did"), self.tr("On"),
                                             self.tr("Case")])
        self.timeline.setAccessibleName(self.tr("Drill steps"))
        self.feed.setAccessibleName(self.tr("What trainees did"))
        for table, stretch in ((self.timeline, (1, 2)), (self.feed, (2, 3))):
            table.setTabKeyNavigation(False)  # Tab leaves the table (arrows move within it)
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
            header = table.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            for col in stretch:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)

        top = QHBoxLayout()
        for w in (QLabel(self.tr("Drill")), self.drills, load, open_file):
            top.addWidget(w)
        top.addStretch(1)
        controls = QHBoxLayout()
        for w in (self.start_button, self.pause_button, self.reset_button, self.debrief_button):
            controls.addWidget(w)
        controls.addWidget(self.state_label, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        for title, table in ((self.tr("Timeline"), self.timeline),
                             (self.tr("What trainees do (audit trail, live)"), self.feed)):
            box = QWidget()
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.addWidget(QLabel(f"<b>{title}</b>"))
            inner.addWidget(table)
            split.addWidget(box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(controls)
        layout.addWidget(self.problem)
        layout.addWidget(split, 1)

        self._clock = QTimer(self)  # elapsed and "next in" move between events
        self._clock.timeout.connect(self._show_state)
        self._clock.start(500)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.poll_feed)
        self._poll.start(_FEED_POLL_MS)
        self._apply(self.status)

    # --- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        client = self.session.client
        run_in_background(lambda: (client.training_scenarios(), client.scenario_status()), self._loaded,
                          self._failed, owner=self)

    def _loaded(self, result: tuple[list[ScenarioInfo], ScenarioStatus]) -> None:
        drills, status = result
        self.drills.clear()
        for d in drills:
            self.drills.addItem(f"{d.title} ({len_text(d)})", d.name)
            self.drills.setItemData(self.drills.count() - 1, d.description, Qt.ItemDataRole.ToolTipRole)
        self._apply(status)

    def load_selected(self) -> None:
        name = self.drills.currentData()
        if name:
            self._send(lambda: self.session.client.load_scenario(name=str(name)))

    def open_file(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Open scenario file"), str(Path.home()),
                                                    self.tr("Scenarios (*.yaml *.yml *.json);;All files (*)"))
            if not chosen:
                return
            path = Path(chosen)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self._show_problem(self.tr("Cannot read {name}: {exc}").format(name=path.name, exc=exc))
            return
        # The backend validates it: one set of rules, and its errors name the line.
        self._send(lambda: self.session.client.load_scenario(text=text, filename=path.name))

    # --- commands ----------------------------------------------------------------------------
    def command(self, action: str) -> None:
        self._send(lambda: self.session.client.scenario_command(action))

    def pause_or_resume(self) -> None:
        if self.status.state in ("running", "paused"):
            self.command("pause" if self.status.state == "running" else "resume")

    def _send(self, work: Callable[[], ScenarioStatus]) -> None:
        self.problem.hide()
        run_in_background(work, self._apply, self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self._show_problem(describe(exc))
        self.error.emit(exc)

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    # --- the drill's state ---------------------------------------------------------------------
    def on_event(self, event: ServerEvent) -> None:
        if event.type == "scenario.changed":
            try:
                self._apply(ScenarioStatus.model_validate(event.data))
            except ValueError:
                self.reload()  # a malformed event: ask for the state instead

    def _apply(self, status: ScenarioStatus) -> None:
        self.status, self._status_at = status, time.monotonic()
        fired = {s.index for s in status.steps if s.fired_at is not None}
        upcoming = [s for s in status.steps if s.index not in fired]
        next_index = upcoming[0].index if upcoming and status.state in ("running", "paused") else None
        self.timeline.setRowCount(len(status.steps))
        for row, step in enumerate(status.steps):
            outcome = step.outcome or ("next" if step.index == next_index else "")
            values = [clock_text(step.at_s), step.summary, outcome, str(step.line)]
            colour = _FAILED if step.failed else None if step.fired_at else _NEXT if step.index == next_index \
                else _MUTED
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)  # plain text: labels in summaries are owner text
                item.setToolTip(value)
                if colour is not None:
                    item.setForeground(colour)
                if step.index == next_index:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.timeline.setItem(row, col, item)
        self._show_state()

    def elapsed(self) -> float:
        running = time.monotonic() - self._status_at if self.status.state == "running" else 0.0
        return self.status.elapsed_s + running

    def _show_state(self) -> None:
        s = self.status
        loaded = s.name is not None
        self.start_button.setEnabled(loaded and s.state == "idle")
        self.pause_button.setEnabled(s.state in ("running", "paused"))
        self.pause_button.setText(self.tr("Resume (F6)") if s.state == "paused" else self.tr("Pause (F6)"))
        self.reset_button.setEnabled(loaded)
        self.debrief_button.setEnabled(s.started_at is not None)
        if not loaded:
            self.state_label.setText(self.tr("No drill loaded — choose one and press Load"))
            return
        text = f"{s.title} — {s.state} · {clock_text(self.elapsed())}"
        pending = [st.at_s for st in s.steps if st.fired_at is None]
        if pending and s.state == "running":
            text += self.tr(" · next step in {time}").format(time=clock_text(min(pending) - self.elapsed()))
        fired = sum(st.fired_at is not None for st in s.steps)
        self.state_label.setText(self.tr("{text} · {fired}/{n_steps} steps fired").format(
            text=text, fired=fired, n_steps=len(s.steps)))

    # --- trainees' actions -------------------------------------------------------------------------
    def poll_feed(self) -> None:
        if self._feed_busy:
            return
        self._feed_busy = True
        client, cursor = self.session.client, self._feed_cursor
        since = None if cursor else datetime.now(UTC) - timedelta(minutes=30)
        # Only the first read (no cursor) is itself audited: polling does not flood the trail.
        run_in_background(lambda: client.list_audit(since=since, cursor=cursor, limit=1000), self._feed_page,
                          self._feed_failed, owner=self)

    def _feed_failed(self, exc: BaseException) -> None:
        self._feed_busy = False
        self.state_label.setToolTip(self.tr("Trainee feed: {error}").format(error=describe(exc)))

    def _feed_page(self, page: AuditPage) -> None:
        self._feed_busy = False
        if page.items:
            self._feed_cursor = str(page.items[-1].id)
        self.add_feed([e for e in page.items if e.role in TRAINEE_ROLES])

    def add_feed(self, events: list[AuditEvent]) -> None:
        for e in events:
            self.feed.insertRow(0)
            when = e.at.astimezone().strftime("%H:%M:%S")
            did = e.action + ("" if e.outcome == "success" else " (refused)")
            for col, value in enumerate((when, f"{e.actor} ({e.role})", did, e.target or "", e.case_number or "")):
                item = QTableWidgetItem(value)
                if e.outcome != "success":
                    item.setForeground(_FAILED)
                self.feed.setItem(0, col, item)
        if self.feed.rowCount() > _FEED_ROWS:
            self.feed.setRowCount(_FEED_ROWS)

    # --- debrief ----------------------------------------------------------------------------------------
    def show_debrief(self) -> None:
        positions = {c.id: (c.lat, c.lon) for c in self.hub.directory}
        self.dialog = DebriefDialog(self.session, self.status, positions, self)
        self.dialog.show()


def len_text(info: ScenarioInfo) -> str:
    return f"{info.steps} steps, {clock_text(info.duration_s)}"
