"""The application's screens outlive a main window whose wall was detached. Detaching asked the
panel for its screen (``QWidget.screen()``), and PySide6 tied that QScreen's Python object to
the widget: once the window had gone (the app deletes it at sign-out), the next window put on
that screen found it "already deleted" (``RuntimeError``), as a room wall display or the next
session's detached wall on a second monitor would. The detached wall now asks the application
which screen is under the panel. Seen only across tests (pytest-qt lets go of a test's
window after it), so the second test runs the first with the detached-wall test in one process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

ROOT = Path(__file__).resolve().parents[2]


def test_a_window_shown_now_can_use_the_primary_screen(qtbot: QtBot) -> None:
    screen = QGuiApplication.primaryScreen()
    window = QWidget()
    qtbot.addWidget(window)
    window.setScreen(screen)
    window.show()
    qtbot.wait(100)
    assert shiboken6.isValid(screen) and screen.geometry().width() > 0


def test_the_primary_screen_outlives_a_main_window_whose_wall_was_detached() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/ui/test_wall.py::test_a_detached_wall_answers_the_wall_s_keys_and_esc_brings_it_back",
         "tests/ui/test_screens_after_detach.py::test_a_window_shown_now_can_use_the_primary_screen"],
        cwd=ROOT, capture_output=True, text=True, timeout=180, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout[-3000:]
