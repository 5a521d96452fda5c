"""The main window operators, supervisors and trainers live in all shift."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSystemTrayIcon,
    QToolBar,
    QWidget,
)

from rtcc_desktop.api.errors import SessionExpired
from rtcc_desktop.api.schemas import ServerEvent
from rtcc_desktop.config import config_dir
from rtcc_desktop.resources import resource_path
from rtcc_desktop.session import Session
from ui.about import show_about
from ui.background import run_in_background
from ui.errors import describe
from ui.event_bridge import EventBridge
from ui.idle_watch import IdleWatch
from ui.lock_screen import LockScreen
from ui.notifications import DesktopNotifier
from ui.panels import HOME_PANELS, PANELS, panel_title, placeholder
from ui.shortcuts_dialog import ShortcutsDialog
from ui.status_bar import StatusBar


def layout_settings() -> QSettings:
    return QSettings(str(config_dir() / "layout.ini"), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    locked_changed = Signal(bool)
    sign_out_requested = Signal()
    session_expired = Signal(str)
    switch_user_requested = Signal()
    server_event = Signal(object)  # ServerEvent, re-emitted for the panels
    closing = Signal()  # panels stop their work (video, timers) before the window goes
    notified = Signal(str, str)  # what a desktop notification said (title, text)

    def __init__(self, session: Session, idle_lock_minutes: float = 30, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("RTCC Desktop — {username} ({role})").format(
            username=session.username, role=session.role.value))
        self.setDockNestingEnabled(True)
        self.locked = False
        self.docks: dict[str, QDockWidget] = {}

        self.banner = QLabel(self.tr("TRAINING — this is a drill backend, not live operations"))
        self.banner.setObjectName("trainingBanner")
        self.banner_bar = QToolBar(self.tr("Training banner"))
        self.banner_bar.setObjectName("trainingBannerBar")
        self.banner_bar.setMovable(False)
        self.banner_bar.setFloatable(False)
        self.banner_bar.addWidget(self.banner)
        self.banner.setSizePolicy(self.banner.sizePolicy().Policy.Expanding, self.banner.sizePolicy().Policy.Fixed)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.banner_bar)
        self.banner_bar.setVisible(session.is_training)

        # Desktop notifications (alarms, escalations): the desktop's notification service, else
        # the tray where there is one (GNOME has none), else the status bar. The app's own icon.
        self.app_icon = QIcon(str(resource_path("icons", "rtcc-desktop.svg")))
        self.desktop_notifier = DesktopNotifier(str(resource_path("icons", "rtcc-desktop.svg")), self)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(self.app_icon, self)
            self.tray.setToolTip(self.tr("RTCC Desktop"))
            self.tray.show()

        self.status = StatusBar(self)
        self.desktop_notifier.failed.connect(self._notify_in_app)
        self.setStatusBar(self.status)
        self.status.set_backend(session.profile.url, session.info.environment)
        self.status.set_user(session.username, session.role.value)

        self._proportions_pending = False
        for name, title, _, text in PANELS:
            self.set_panel(name, title, placeholder(title, text))
        self._default_state = self.saveState()

        self.lock_screen = LockScreen(self)
        self.lock_screen.hide()
        self.lock_screen.unlock_requested.connect(self._try_unlock)
        self.lock_screen.switch_user_requested.connect(self.switch_user_requested)

        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()

        self.idle = IdleWatch(idle_lock_minutes, self)
        self.idle.idle.connect(lambda: self.lock(self.tr("Locked after inactivity.")))

        self.events = EventBridge(session.client, self)
        self.events.state.connect(self._on_connection_state)
        self.events.event.connect(self._on_event)
        self.events.problem.connect(lambda text: self.status.showMessage(text, 10_000))

    # --- panels -------------------------------------------------------------------------
    def set_panel(self, name: str, title: str, widget: QWidget) -> QDockWidget:
        """Install (or replace) a panel's widget; features call this with their real widget."""
        title = panel_title(title)
        dock = self.docks.get(name)
        if dock is None:
            dock = QDockWidget(title, self)
            dock.setAccessibleName(self.tr("{title} panel").format(title=title))
            # A panel behind another's tab is moved off screen, not hidden: its controls would
            # still take the focus by Tab, out of sight. So its content is hidden with the tab.
            dock.visibilityChanged.connect(lambda shown, d=dock: self._panel_shown(d, shown))
            dock.setObjectName(name)
            dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                             | QDockWidget.DockWidgetFeature.DockWidgetFloatable
                             | QDockWidget.DockWidgetFeature.DockWidgetClosable)
            self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            self.docks[name] = dock
            # Map | Wall side by side; Requests a tab behind the map (Ctrl+3). Three columns
            # left each too narrow to use at 1600 px.
            if name == "wallPanel" and "mapPanel" in self.docks:
                self.splitDockWidget(self.docks["mapPanel"], dock, Qt.Orientation.Horizontal)
            elif name == "trainingPanel" and "mapPanel" in self.docks:
                self.tabifyDockWidget(self.docks["mapPanel"], dock)
            elif name == "incidentsPanel" and "mapPanel" in self.docks:
                # Under the map: showing an incident centres the map, which must stay in view.
                self.splitDockWidget(self.docks["mapPanel"], dock, Qt.Orientation.Vertical)
                self.resizeDocks([self.docks["mapPanel"], dock], [2, 1], Qt.Orientation.Vertical)
            elif name == "roomWallPanel" and "incidentsPanel" in self.docks:
                self.tabifyDockWidget(self.docks["incidentsPanel"], dock)
                self.docks["incidentsPanel"].raise_()
            elif name == "requestsPanel" and "mapPanel" in self.docks:
                self.tabifyDockWidget(self.docks["mapPanel"], dock)
            self.raise_home_panel()
        if not widget.accessibleName():  # what a screen reader says on entering the panel
            widget.setAccessibleName(self.tr("{title} panel").format(title=title))
        self._keeps_its_size_hidden(widget)
        dock.setWidget(widget)
        if dock.isVisible() and dock.visibleRegion().isEmpty() and self.isVisible():
            widget.hide()  # installed behind another panel's tab
        return dock

    def _panel_shown(self, dock: QDockWidget, shown: bool) -> None:
        widget = dock.widget()
        if widget is not None and widget.isHidden() == shown:
            widget.setVisible(shown)

    @staticmethod
    def _keeps_its_size_hidden(widget: QWidget) -> None:
        # A hidden panel's minimum still counts in the window's, so raising a tab never
        # makes the window jump to a new minimum size.
        policy = widget.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        widget.setSizePolicy(policy)

    def docks_in_menu_order(self) -> list[QDockWidget]:
        """The panels as View lists them (Ctrl+1, Ctrl+2, ...), then any other in install order."""
        keys = {name: action.shortcut().toString() for name in self.docks
                if (action := self.actions_by_name.get(f"show_{name}")) is not None and not action.shortcut().isEmpty()}
        ranked = sorted(self.docks, key=lambda n: (n not in keys, keys.get(n, ""), list(self.docks).index(n)))
        return [self.docks[n] for n in ranked]

    # --- menus and shortcuts ---------------------------------------------------------------
    def _action(self, name: str, text: str, shortcut: str | QKeySequence.StandardKey | None, slot: object,
                menu: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        self.actions_by_name[name] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        session_menu = bar.addMenu(self.tr("&Session"))
        self.menus = {"session": session_menu}  # features add to these (View) or before them (Help)
        self._action("lock", self.tr("&Lock session"), "Ctrl+L", lambda: self.lock(self.tr("Locked on request.")),
                     session_menu)
        self._action("sign_out", self.tr("Sign &out"), "Ctrl+Shift+L", self.sign_out_requested, session_menu)
        session_menu.addSeparator()
        self._action("quit", self.tr("&Quit"), "Ctrl+Q", self.close, session_menu)
        view = self.menus["view"] = bar.addMenu(self.tr("&View"))
        for name, title, shortcut, _ in PANELS:
            self._action(f"show_{name}", self.tr("Show {title}").format(title=panel_title(title)), shortcut,
                         lambda _=False, n=name: self.show_panel(n), view)
        view.addSeparator()
        self._action("reset_layout", self.tr("&Reset layout"), "Ctrl+Shift+R", self.reset_layout, view)
        self._action("fullscreen", self.tr("&Full screen"), "F11", self.toggle_full_screen, view)
        help_menu = self.menus["help"] = bar.addMenu(self.tr("&Help"))
        self._action("shortcuts", self.tr("&Keyboard shortcuts"), "F1", self.show_shortcuts, help_menu)
        self._action("about", self.tr("&About RTCC Desktop"), None, lambda: show_about(self, self.session), help_menu)

    def show_panel(self, name: str) -> None:
        dock = self.docks[name]
        dock.show()
        dock.raise_()
        if dock.widget() is not None:
            dock.widget().setFocus()

    def reset_layout(self) -> None:
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.show()
        self.default_proportions()
        self.raise_home_panel()

    def raise_home_panel(self) -> None:
        """The panel this role's work starts in, over the ones tabbed with it (HOME_PANELS)."""
        dock = self.docks.get(HOME_PANELS.get(self.session.role.value, "mapPanel")) or self.docks.get("mapPanel")
        if dock is not None:
            dock.raise_()

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    # --- live events ---------------------------------------------------------------------------
    def start(self) -> None:
        """Begin watching for inactivity and listening to the backend's events."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            self.idle.watch(app)
        self.events.start()

    def _on_connection_state(self, state: str) -> None:
        self.status.set_connection(state)
        if state == "expired":
            self.session_expired.emit(self.tr("Your session has ended; please sign in again."))

    def _on_event(self, event: ServerEvent) -> None:
        self.server_event.emit(event)

    # --- session lock ----------------------------------------------------------------------------
    def notify(self, title: str, text: str) -> None:
        """A desktop notification. While the session is locked it names nothing (cases, cameras):
        the screen is unattended and anyone in the room may read it."""
        if self.locked:
            title, text = self.tr("RTCC Desktop"), self.tr("Something needs your attention: unlock to see it.")
        self.notified.emit(title, text)
        if not self.desktop_notifier.send(title, text):
            self._notify_in_app(title, text)

    def _notify_in_app(self, title: str, text: str) -> None:
        """Without the desktop's notification service (or when it refused one): the tray, else
        the status bar. ``title`` and ``text`` come from ``notify``, generic while locked."""
        if self.tray is not None:
            self.tray.showMessage(title, text, self.app_icon)
        else:
            self.status.showMessage(f"{title}: {text}", 15_000)

    def lock(self, reason: str) -> None:
        if self.locked:
            return
        self.locked = True
        self._state_before_lock: QByteArray = self.saveState()
        for dock in self.docks.values():
            dock.hide()
        self.menuBar().setEnabled(False)
        # Covered is not enough: a covered button still takes the focus by Tab and a press by
        # Space (an alarm's Acknowledge, as this user), and a window of its own (a dialog left
        # open, the detached wall) is not under the lock screen at all. So what lies under it is
        # disabled and the other windows are hidden until unlock.
        self._under_lock: list[QWidget] = [
            w for w in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w is not self.lock_screen and not w.isWindow() and w.isEnabled()]
        others = [w for w in QApplication.topLevelWidgets() if w is not self and w.isVisible()]
        # A menu, a list popup or a tooltip is closed, not reopened.
        transient = (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
        self._hidden_by_lock = [w for w in others if w.windowType() not in transient]
        for widget in self._under_lock:
            widget.setEnabled(False)
        for window in others:
            window.hide()
        self.lock_screen.prepare(self.session.username, reason)
        self.lock_screen.setGeometry(self.rect())
        self.lock_screen.show()
        self.lock_screen.raise_()
        self.lock_screen.password.setFocus()
        self.locked_changed.emit(True)

    def _try_unlock(self, password: str) -> None:
        # The password is checked within this session: signing in again would leave a second
        # live session behind the lock screen.
        self.lock_screen.set_busy(True)
        client = self.session.client
        run_in_background(lambda: client.verify_password(password), lambda _r: self.unlock(),
                          self._unlock_failed, owner=self)

    def _unlock_failed(self, exc: BaseException) -> None:
        self.lock_screen.set_busy(False)
        self.lock_screen.show_error(describe(exc))
        if isinstance(exc, SessionExpired):  # no password brings it back: sign in again
            self.session_expired.emit(exc.message)

    def unlock(self) -> None:
        self.lock_screen.set_busy(False)
        self.lock_screen.hide()
        self.menuBar().setEnabled(True)
        self.restoreState(self._state_before_lock)
        for widget in self._under_lock:
            with contextlib.suppress(RuntimeError):  # replaced and deleted meanwhile
                widget.setEnabled(True)
        for window in self._hidden_by_lock:
            with contextlib.suppress(RuntimeError):  # closed and deleted meanwhile
                window.show()
        self.locked = False
        self.idle.reset()
        self.locked_changed.emit(False)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.locked:
            self.lock_screen.setGeometry(self.rect())

    # --- errors from any panel ------------------------------------------------------------------
    def report_error(self, exc: BaseException) -> None:
        if isinstance(exc, SessionExpired):
            self.session_expired.emit(exc.message)
            return
        self.status.showMessage(describe(exc), 15_000)

    # --- persistence ----------------------------------------------------------------------------
    def restore_layout(self) -> None:
        s = layout_settings()
        geometry, state = s.value("geometry"), s.value("state")
        if not (isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)):
            self.open_on_largest_screen()
        if not (isinstance(state, QByteArray) and self.restoreState(state)):
            self.default_proportions()
            self.raise_home_panel()
        self.banner_bar.setVisible(self.session.is_training)  # never let a saved layout hide it

    def open_on_largest_screen(self) -> None:
        """First start: maximised on the screen with the most room (a control room's big monitor
        need not be the primary one). Maximised takes effect when the window is shown."""
        screens = QApplication.screens()
        if screens:
            screen = max(screens, key=lambda s: s.availableGeometry().width() * s.availableGeometry().height())
            self.setScreen(screen)
            self.setGeometry(screen.availableGeometry())
        self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    def default_proportions(self) -> None:
        """First run: map (with the queue behind it) and wall half and half. Dock sizes only take
        once the window is laid out, so before the first show this waits for it."""
        if not self.isVisible():
            self._proportions_pending = True
            return
        docks = [self.docks[n] for n in ("mapPanel", "wallPanel") if n in self.docks]
        width = max(self.width(), 1200)
        self.resizeDocks(docks, [int(width * f) for f in (0.5, 0.5)[: len(docks)]], Qt.Orientation.Horizontal)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._proportions_pending:
            self._proportions_pending = False
            QTimer.singleShot(0, self.default_proportions)

    def save_layout(self) -> None:
        s = layout_settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("state", self._state_before_lock if self.locked else self.saveState())
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        self.save_layout()
        self.events.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        super().closeEvent(event)


def confirm(parent: QWidget, title: str, text: str) -> bool:
    return QMessageBox.question(parent, title, text) == QMessageBox.StandardButton.Yes
