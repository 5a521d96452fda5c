"""Sign-in: system-use notice, backend profile, username and password.

Every failure (wrong password, locked account, unreachable backend, TLS,
expired session) is shown in the dialog in words, and nothing typed is lost."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.api.errors import RefusedAddress
from rtcc_desktop.config import AppSettings, BackendProfile, check_backend_url
from rtcc_desktop.session import Session, open_console_session
from ui.background import run_in_background
from ui.errors import describe


class SignInDialog(QDialog):
    signed_in = Signal(object)  # Session

    def __init__(self, settings: AppSettings, parent: QWidget | None = None, message: str = ""):
        super().__init__(parent)
        self.setWindowTitle(self.tr("RTCC Desktop — Sign in"))
        self.setMinimumWidth(520)
        self.settings = settings
        self.session: Session | None = None

        notice = QPlainTextEdit(settings.system_use_notice)
        notice.setReadOnly(True)
        notice.setMaximumHeight(96)
        notice.setObjectName("systemUseNotice")
        notice.setAccessibleName(self.tr("System use notice"))
        notice.setTabChangesFocus(True)  # read-only text: Tab moves on

        self.profile_box = QComboBox()
        for p in settings.profiles:
            self.profile_box.addItem(p.name, p)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(self.tr("https://rtcc.example.gov"))
        self.ca_edit = QLineEdit()
        self.ca_edit.setAccessibleName(self.tr("CA bundle"))  # its row holds a layout: no buddy
        self.ca_edit.setPlaceholderText(self.tr("optional: CA bundle (.pem) for an agency certificate authority"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse_ca)
        browse.setAccessibleName(self.tr("Browse for a CA bundle"))
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(browse)
        self.user_edit = QLineEdit(settings.last_username)
        self.user_edit.setObjectName("username")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        form = QFormLayout()
        form.addRow(self.tr("Backend"), self.profile_box)
        form.addRow(self.tr("URL"), self.url_edit)
        form.addRow(self.tr("CA bundle"), ca_row)
        form.addRow(self.tr("Username"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)

        self.status = QLabel(message)
        self.status.setObjectName("errorText")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # the backend's words: text, never markup
        self.status.setWordWrap(True)
        # The settings files' problems: shown, never blocking sign-in (the rest is in effect).
        self.settings_notice = QLabel(settings.origin.notice())
        self.settings_notice.setObjectName("settingsNotice")
        self.settings_notice.setTextFormat(Qt.TextFormat.PlainText)
        self.settings_notice.setWordWrap(True)
        self.settings_notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.settings_notice.setVisible(bool(settings.origin.problems))
        self.locked_note = QLabel()
        self.locked_note.setObjectName("hintText")
        self.locked_note.setWordWrap(True)
        site = settings.locked_by("profiles")
        if site is not None:
            self.url_edit.setReadOnly(True)
            self.ca_edit.setReadOnly(True)
            browse.setEnabled(False)
            self.locked_note.setText(self.tr("The backend profiles are set by your agency ({site}); they "
                                             "cannot be changed here.").format(
                site=site))
        self.locked_note.setVisible(site is not None)
        self.session_note = QLabel(self.tr("Sign-ins are not remembered: quitting or signing out ends the session."))
        self.session_note.setObjectName("hintText")
        self.session_note.setWordWrap(True)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self.attempt)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>System use notice</b>"))
        layout.addWidget(notice)
        layout.addLayout(form)
        layout.addWidget(self.locked_note)
        layout.addWidget(self.settings_notice)
        layout.addWidget(self.status)
        layout.addWidget(self.session_note)
        layout.addWidget(self.buttons)

        self.profile_box.currentIndexChanged.connect(self._profile_changed)
        index = max(0, self.profile_box.findText(settings.last_profile))
        self.profile_box.setCurrentIndex(index)
        self._profile_changed(index)
        (self.password_edit if settings.last_username else self.user_edit).setFocus(Qt.FocusReason.OtherFocusReason)

    def _profile_changed(self, index: int) -> None:
        profile: BackendProfile = self.profile_box.itemData(index)
        if profile is not None:
            self.url_edit.setText(profile.url)
            self.ca_edit.setText(profile.ca_bundle or "")

    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("CA bundle"), "",
                                              self.tr("Certificates (*.pem *.crt);;All files (*)"))
        if path:
            self.ca_edit.setText(path)

    def current_profile(self) -> BackendProfile:
        name = self.profile_box.currentText() or "Backend"
        ca_bundle = self.ca_edit.text().strip() or None
        url = self.url_edit.text().strip()
        saved: BackendProfile | None = self.profile_box.currentData()
        # What the dialog does not show (per-camera settings) stays with the same backend.
        base = saved if saved is not None and saved.url == url else BackendProfile(name, url)
        return replace(base, name=name, url=url, ca_bundle=ca_bundle)

    def set_busy(self, busy: bool) -> None:
        for w in (self.sign_in_button, self.url_edit, self.ca_edit, self.user_edit, self.password_edit,
                  self.profile_box):
            w.setEnabled(not busy)
        if busy:
            self.status.setObjectName("hintText")
            self.status.setText(self.tr("Signing in…"))
            self.status.style().polish(self.status)

    def show_error(self, text: str) -> None:
        self.status.setObjectName("errorText")
        self.status.setText(text)
        self.status.style().polish(self.status)

    def attempt(self) -> None:
        profile = self.current_profile()
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        try:
            check_backend_url(profile.url)  # the client checks again: every entry point gets the rule
        except RefusedAddress as exc:
            self.show_error(exc.message)
            self.url_edit.setFocus()
            return
        site = self.settings.locked_by("profiles")
        if site is not None and profile not in self.settings.profiles:
            self.show_error(self.tr("The backend profiles are set by your agency ({site}) and cannot be "
                                    "changed here; choose one of them, or ask your IT department to change it.").format(
                site=site))
            return
        if not username or not password:
            self.show_error(self.tr("Enter your username and password."))
            return
        self.set_busy(True)
        run_in_background(lambda: open_console_session(profile, username, password), self._succeeded, self._failed,
                          owner=self)

    def _succeeded(self, session: Session) -> None:
        self.set_busy(False)
        self.settings.remember(session.profile, session.username)
        self.session = session
        self.password_edit.clear()
        self.signed_in.emit(session)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        # Keep everything typed (including the password) so a retry is one keypress.
        self.show_error(describe(exc))
        self.password_edit.setFocus()
        self.password_edit.selectAll()
