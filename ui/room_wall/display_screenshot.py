"""A picture of a two-screen room wall for the docs: the display (as ``rtcc-desktop room-wall``
runs it) against a mock with cameras put there by an operator and a supervisor, one locked, one
with a time-limited consent, and one whose owner has just ended sharing. Run under Xvfb with two
X screens, which Qt reports as two QScreens::

    Xvfb :57 -screen 0 1920x1080x24 -screen 1 1920x1080x24 &
    DISPLAY=:57 QT_QPA_PLATFORM=xcb python -m ui.room_wall.display_screenshot --out docs/images/room-wall-display.png

Each X screen is grabbed as the X server shows it; the two are put side by side, left to right.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.schemas import RoomTilePush, RoomWall
from rtcc_desktop.config import BackendProfile
from rtcc_desktop.mock_process import MockProcess
from rtcc_desktop.room_wall.device_login import DEFAULT_SCALE, read_credentials
from rtcc_desktop.video.live_state import LiveState
from ui.theme import apply_dark_theme

GAP = 24  # between the two screens in the picture: the bezels


def _front(client: BackendClient) -> RoomWall:
    return next(w for w in client.room_walls() if w.name == "front")


def _stage(url: str) -> int:
    """Cameras on the wall as a busy shift leaves it; the camera whose owner will end sharing."""
    clients = {}
    for role in ("operator", "supervisor", "trainer"):
        clients[role] = BackendClient(url)
        clients[role].sign_in(role, "demo")
    now = datetime.now(UTC)
    cams = [c for c in clients["operator"].all_cameras() if c.has_live_consent(now) and c.status.value == "online"]
    clients["trainer"].training_consent(cams[2].id, "grant", minutes=45)  # a consent window: counted down
    plan = [("operator", 0, 0, 0, "2026-004512", "Armed robbery in progress, 27th & Wells"),
            ("supervisor", 0, 1, 1, "2026-004512", "Armed robbery in progress, 27th & Wells"),
            ("operator", 0, 2, 2, "2026-004519", "Missing child, last seen at the park entrance"),
            ("operator", 0, 3, 3, "2026-004512", "Armed robbery in progress, 27th & Wells")]
    plan += [("operator", 1, t, 4 + t, "2026-004520", "Stolen vehicle heading north on Route 9") for t in range(5)]
    for role, screen, tile, camera, case, purpose in plan:
        wall = _front(clients[role])
        clients[role].push_room_tile(wall.id, screen, tile, RoomTilePush(camera_id=cams[camera].id, case_number=case,
                                                                         purpose=purpose), wall.version)
    wall = _front(clients["supervisor"])
    clients["supervisor"].lock_room_tile(wall.id, 0, 1, True, wall.version)
    for client in clients.values():
        client.close()
    return cams[3].id


def _grab(out: Path) -> None:
    screens = sorted(QGuiApplication.screens(), key=lambda s: (s.geometry().x(), s.geometry().y()))
    shots = [s.grabWindow(0).toImage() for s in screens]
    for shot in shots:
        shot.setDevicePixelRatio(1)  # drawn pixel for pixel, as the screens show them
    width = sum(i.width() for i in shots) + GAP * (len(shots) - 1)
    height = max(i.height() for i in shots)
    picture = QImage(width, height, QImage.Format.Format_RGB32)
    picture.fill(QColor("#1b1f24"))
    painter = QPainter(picture)
    x = 0
    for shot in shots:
        painter.drawImage(x, 0, shot)
        x += shot.width() + GAP
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    picture.save(str(out))
    print(f"{out}: {len(shots)} screens, {width}x{height}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.room_wall.display_screenshot")
    p.add_argument("--out", type=Path, default=Path("docs/images/room-wall-display.png"))
    a = p.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="room-wall-shot-"))
    os.environ["RTCC_CONFIG_DIR"] = str(folder / "config")  # nothing of the user's is read or kept
    os.environ["RTCC_DATA_DIR"] = str(folder / "data")
    mock = MockProcess(args=["--ephemeral", "--cameras", "600", "--seed", "7", "--owner-delay", "20",
                             "--cad-rate", "0", "--data-dir", str(folder)])
    mock.start()
    try:
        leaving = _stage(mock.url)
        credentials = folder / "room-wall.credentials"
        credentials.write_text("username = wall-front\npassword = demo\n", encoding="utf-8")
        credentials.chmod(0o600)
        os.environ["QT_SCALE_FACTOR"] = f"{DEFAULT_SCALE:g}"  # as rtcc-desktop room-wall starts
        app = QApplication([sys.argv[0] or "rtcc-room-wall-screenshot"])
        apply_dark_theme(app)
        from ui.room_wall.display import RoomWallDisplay  # after the environment above

        display = RoomWallDisplay(BackendProfile("Demo", mock.url), "front", lambda: read_credentials(credentials))
        display.start()
        trainer = BackendClient(mock.url)
        trainer.sign_in("trainer", "demo")
        waited = [0]

        def all_playing() -> bool:
            tiles = [t for v in display.views for t in v.visible_tiles if t.feed.camera is not None]
            return len(tiles) == 9 and all(t.feed.state is LiveState.playing for t in tiles)

        def poll() -> None:
            waited[0] += 1
            if all_playing() or waited[0] > 60:
                trainer.training_consent(leaving, "revoke")  # the owner ends sharing: the tile says so
                # exit, not quit: quit asks the windows, and the display's refuse to close
                QTimer.singleShot(2500, lambda: (_grab(a.out), app.exit(0)))
            else:
                QTimer.singleShot(500, poll)

        QTimer.singleShot(1000, poll)
        app.aboutToQuit.connect(display.shutdown)
        code = app.exec()
        trainer.close()
        return code
    finally:
        mock.stop()


if __name__ == "__main__":
    sys.exit(main())
