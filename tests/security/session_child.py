"""The real app in a child process, as ``run_app`` wires it, for test_client_sessions.

``python -m tests.security.session_child URL USER PASSWORD quit|sign-out``: signs in through
the sign-in dialog, prints the tokens the app's client holds (one JSON line) once the event
stream is connected, then either quits with Ctrl+Q's action or signs out (Ctrl+Shift+L's
action) and cancels the sign-in dialog, which quits the app. Prints the exit as a last line."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer

from rtcc_desktop.config import AppSettings, BackendProfile, save_settings
from ui.app import build_app


def main(url: str, username: str, password: str, how: str) -> int:
    save_settings(AppSettings(profiles=[BackendProfile("Test", url)], last_profile="Test"))
    app, controller = build_app(None, ["session-child"])
    controller.start()
    dialog = controller.dialog
    assert dialog is not None
    dialog.user_edit.setText(username)
    dialog.password_edit.setText(password)
    QTimer.singleShot(0, dialog.sign_in_button.click)
    held: list[object] = []

    def poll() -> None:
        window = controller.window
        if window is None or window.events.connection_state != "connected":
            QTimer.singleShot(50, poll)
            return
        client = window.session.client
        held.append(client)
        print(json.dumps({"authorization": client.auth_headers().get("Authorization"),
                          "refresh": client.refresh_token_value}), flush=True)
        if how == "quit":
            window.actions_by_name["quit"].trigger()
        else:
            window.actions_by_name["sign_out"].trigger()
            assert controller.dialog is not None
            QTimer.singleShot(0, controller.dialog.reject)

    QTimer.singleShot(0, poll)
    code = app.exec()
    client = held[0] if held else None
    import keyring  # only now: which keyring the app would have found (the test's own, if set)

    print(json.dumps({"exit": code, "still_signed_in": getattr(client, "signed_in", None),
                      "keyring": type(keyring.get_keyring()).__name__}), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:5]))
