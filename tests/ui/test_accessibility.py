"""Every control has a name a screen reader says, and Tab reaches every one (tests/ui/a11y.py
says which controls and which name rule): the main window with every panel (each panel raised in
turn, its tab companions hidden behind it), the lock screen, and each dialog a test can open."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QDockWidget, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from rtcc_desktop.api.schemas import Camera, IncidentCreate
from rtcc_desktop.config import AppSettings, BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.session import open_session
from tests.ui import a11y
from tests.ui.app_rig import close_app, open_app
from ui.app import AppController


def problems(root: QWidget) -> list[str]:
    return ([f"no name: {w}" for w in a11y.unnamed(root)]
            + [f"Tab {w}" for w in a11y.unreachable(root)])


class ModuleBot:
    """``open_app`` waits through this: a module's app outlives one test's qtbot."""

    @staticmethod
    def waitUntil(condition: Callable[[], object], timeout: int = 5000) -> None:  # qtbot's name
        deadline = time.monotonic() + timeout / 1000
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            QApplication.processEvents()
            time.sleep(0.01)


@pytest.fixture(scope="module")
def trainer_app(qapp: QApplication, mock_backend: MockProcess) -> Iterator[AppController]:
    app = open_app(ModuleBot(), mock_backend.url, "trainer")  # type: ignore[arg-type]  # every panel
    ModuleBot.waitUntil(lambda: app.map.view.is_ready, timeout=30_000)
    yield app
    close_app(app)


@pytest.fixture
def window(trainer_app: AppController) -> QWidget:
    window = trainer_app.window
    assert window is not None
    window.reset_layout()
    return window


def test_the_main_window_with_each_panel_raised(qtbot: QtBot, window: QWidget, trainer_app: AppController) -> None:
    assert window is trainer_app.window
    found: dict[str, list[str]] = {}
    walked: set[frozenset[int]] = set()  # raising a panel that shows what another did needs no new walk
    for name, dock in trainer_app.window.docks.items():  # type: ignore[union-attr]
        trainer_app.window.show_panel(name)  # type: ignore[union-attr]
        qtbot.waitUntil(dock.isVisible)
        shown = frozenset(id(w) for w in a11y.tab_stops(window))
        trouble = [f"no name: {w}" for w in a11y.unnamed(window)]
        if shown not in walked:
            walked.add(shown)
            trouble += [f"Tab {w}" for w in a11y.unreachable(window)]
        for tabs in dock.findChildren(QTabWidget):  # the pages behind a panel's tabs: named too
            for page in range(tabs.count()):
                if tabs.isVisibleTo(window) and page != tabs.currentIndex():
                    current = tabs.currentIndex()
                    tabs.setCurrentIndex(page)
                    trouble += [f"no name ({tabs.tabText(page)} tab): {w}" for w in a11y.unnamed(tabs.widget(page))]
                    tabs.setCurrentIndex(current)
        if not dock.widget().accessibleName():
            trouble.insert(0, "the panel itself has no name")
        if trouble:
            found[name] = trouble
    assert not found, "\n".join(f"{n}:\n  " + "\n  ".join(t) for n, t in found.items())
    docks = window.findChildren(QDockWidget)
    assert len(docks) >= 5


def dock_of(widget: QWidget) -> str | None:
    while widget is not None:
        if isinstance(widget, QDockWidget):
            return widget.objectName()
        widget = widget.parentWidget()
    return None


def test_tab_goes_through_one_panel_after_another_in_the_view_menus_order(window: QWidget,
                                                                          trainer_app: AppController) -> None:
    main = trainer_app.window
    assert main is not None
    order = [d.objectName() for d in main.docks_in_menu_order()]
    assert order[:3] == ["mapPanel", "wallPanel", "requestsPanel"]  # Ctrl+1, Ctrl+2, Ctrl+3
    main.show_panel("mapPanel")
    visited = [d for d in (dock_of(w) for w in a11y.tab_walk(main)) if d is not None]
    runs = [d for i, d in enumerate(visited) if i == 0 or visited[i - 1] != d]
    # From the first control the walk may start inside a panel; rotate to the map's first.
    start = runs.index("mapPanel")
    runs = runs[start:] + runs[:start]
    if len(runs) > 1 and runs[-1] == runs[0]:
        runs.pop()
    assert len(runs) == len(set(runs)), f"a panel's controls are not together: {runs}"
    assert runs == [d for d in order if d in runs], runs


def test_the_lock_screen(qtbot: QtBot, window: QWidget, trainer_app: AppController) -> None:
    main = trainer_app.window
    assert main is not None
    main.lock("Locked for the test.")
    try:
        assert problems(main.lock_screen) == []
    finally:
        main.unlock()


def cam(i: int) -> Camera:
    return Camera(id=i, label=f"c{i}", owner_kind="residence", address="1 N St", lat=43.04, lon=-87.91,
                  enrollment="registered", sharing="on_request", status="online", updated_at=datetime.now(UTC))


def sign_in() -> QDialog:
    from ui.sign_in_dialog import SignInDialog

    return SignInDialog(AppSettings())


def new_request() -> QDialog:
    from ui.footage.new_request_dialog import NewRequestDialog

    return NewRequestDialog(lambda ids: [cam(i) for i in ids], camera_ids=[1, 2], incident=(43.04, -87.91))


def exigent() -> QDialog:
    from ui.footage.exigent_dialog import ExigentDialog

    return ExigentDialog(camera_id=5)


def new_incident() -> QDialog:
    from ui.incidents.new_incident_dialog import NewIncidentDialog

    return NewIncidentDialog(43.05, -87.92)


def purpose() -> QDialog:
    from ui.wall.viewing_purpose import PurposeDialog

    return PurposeDialog(None, 4)


DIALOGS: dict[str, Callable[[], QDialog]] = {
    "sign-in": sign_in, "new request": new_request, "emergency live view": exigent, "new incident": new_incident,
    "viewing purpose": purpose,
}


@pytest.mark.parametrize("which", list(DIALOGS))
def test_each_dialog(qtbot: QtBot, which: str) -> None:
    dialog = DIALOGS[which]()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert problems(dialog) == []


def test_the_respond_and_shortcuts_dialogs(qtbot: QtBot, trainer_app: AppController) -> None:
    from ui.incidents.respond_dialog import RespondDialog
    from ui.shortcuts_dialog import ShortcutsDialog

    window = trainer_app.window
    assert window is not None
    operator = open_session(BackendProfile("T", window.session.profile.url), "operator", "demo")
    incident = operator.client.create_incident(IncidentCreate(lat=43.04, lon=-87.91, kind="Burglary"))
    for dialog in (RespondDialog(trainer_app.incidents.plan_for(incident)), ShortcutsDialog(window)):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert problems(dialog) == [], type(dialog).__name__
