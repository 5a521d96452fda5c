"""``make screenshot``: run the app against the mock (demo mode) and write PNGs of the main window.

Run under Xvfb (the Makefile does) so the pictures are what a real X11 window shows.
Later features add their panels' views through ``--show``.
Usage: python -m ui.screenshot [--out screenshots] [--role operator] [--delay 3] [--show lock]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from rtcc_desktop.config import AppSettings
from ui.app import AppController
from ui.theme import apply_dark_theme


def make_activity(session: object) -> None:
    """A few requests near the densest block: one routine, one over the limits."""
    from datetime import UTC, datetime, timedelta

    from rtcc_desktop.api.schemas import FootageRequestCreate, haversine_m

    client = session.client  # type: ignore[attr-defined]
    cams = client.all_cameras()
    origin = cams[0]
    near = sorted(cams, key=lambda c: haversine_m(origin.lat, origin.lon, c.lat, c.lon))
    now = datetime.now(UTC)
    for n, (case, hours, why) in enumerate((("2026-004417", 1, None), ("2026-004418", 2, None),
                                            ("2026-004420", 16, "Homicide: movements over the whole day"))):
        group = [c.id for c in near[n * 3:n * 3 + 4] if haversine_m(origin.lat, origin.lon, c.lat, c.lon) < 780]
        client.create_request(FootageRequestCreate(
            case_number=case, incident_lat=origin.lat, incident_lon=origin.lon, incident_at=now,
            window_start=now - timedelta(hours=hours), window_end=now, camera_ids=group or [origin.id],
            reason="Armed robbery at a corner store; suspect fled on foot", justification=why))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.screenshot")
    p.add_argument("--out", type=Path, default=Path("screenshots"))
    p.add_argument("--role", default="operator", choices=("operator", "supervisor", "trainer"))
    p.add_argument("--delay", type=float, default=3.0, help="seconds after sign-in before the picture")
    p.add_argument("--show", action="append", default=[],
                   choices=("lock", "shortcuts", "wall", "map", "training", "requests"),
                   help="also photograph these views")
    p.add_argument("--size", default="1600x900")
    p.add_argument("--stream-protocol", choices=("http-ts", "rtsp", "hls"), default="http-ts",
                   help="what the demo backend's grants point at (RTSP plays through the app's relay)")
    p.add_argument("--activity", action="store_true",
                   help="create a few footage requests first, so the queue has something to show")
    a = p.parse_args(argv)
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    a.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([sys.argv[0] or "rtcc-screenshot"])
    apply_dark_theme(app)
    # A throwaway settings object: screenshots must not touch the user's saved layout.
    os.environ.setdefault("RTCC_CONFIG_DIR", str(a.out / ".config"))
    controller = AppController(AppSettings(), demo_role=a.role)
    controller.demo_args = [*controller.demo_args, "--stream-protocol", a.stream_protocol]
    width, height = (int(v) for v in a.size.split("x"))
    written: list[Path] = []

    def snap(name: str) -> None:
        window = controller.window
        assert window is not None
        screen = window.screen()
        pixmap = screen.grabWindow(0) if os.environ.get("DISPLAY") else window.grab()
        path = a.out / f"{name}-{a.role}.png"
        pixmap.save(str(path))
        written.append(path)

    def when_ready() -> None:
        if controller.window is None:
            QTimer.singleShot(200, when_ready)
            return
        controller.window.resize(width, height)
        controller.window.move(0, 0)
        if a.activity:
            make_activity(controller.window.session)
        QTimer.singleShot(int(a.delay * 1000), after_delay)

    def fill_wall() -> None:
        """A 4x4 wall of the first live-shared cameras, as an operator would set it up."""
        from ui.wall.viewing_purpose import ViewingPurpose

        window = controller.window
        assert window is not None
        if not controller.cameras.is_loaded:
            QTimer.singleShot(200, fill_wall)
            return
        window.show_panel("wallPanel")
        wall = controller.wall
        wall.set_layout("4x4")
        wall.purpose = ViewingPurpose("2026-004417", "Armed robbery in progress, N 27th St")
        wall.case_button.setText("Case 2026-004417")
        live = [c.id for c in controller.cameras.directory if controller.cameras.directory.live_viewable(c.id)
                and c.status.value == "online"]
        wall.show_cameras(live[:16])
        QTimer.singleShot(int(a.delay * 1000), lambda: (snap("wall"), report_tiles(), finish()))

    def report_tiles() -> None:
        """One line per tile: what it claims and what its picture's strip says (the bundle test reads these)."""
        for tile in controller.wall.view.visible_tiles:
            reading = tile.feed.shown.buffer.read_strip()
            print(f"tile {tile.index} camera {tile.feed.camera_id} state {tile.feed.state.value} "
                  f"strip {reading.camera_number if reading else None}", flush=True)

    def show_map() -> None:
        """The map with an incident radius downtown and one camera selected."""
        window = controller.window
        assert window is not None
        panel = controller.map
        if not controller.cameras.is_loaded or not panel.view.is_ready:
            QTimer.singleShot(200, show_map)
            return
        window.show_panel("mapPanel")
        lat, lon = 43.0389, -87.9065  # Wisconsin Ave and Water St

        def select_nearest(nearby: object) -> None:  # the list is filled off the UI thread
            panel.nearby_listed.disconnect(select_nearest)
            if panel.incident.hits:
                controller.cameras.select(panel.incident.hits[0][1].id)
            panel.side.setCurrentWidget(panel.incident)

        panel.nearby_listed.connect(select_nearest)
        panel.set_incident(lat, lon)

        def side_tabs() -> None:
            """The incident list, then the selected camera's details, then the camera list."""
            snap("map")
            panel.side.setCurrentWidget(panel.details)
            QTimer.singleShot(300, lambda: (snap("map-details"), panel.side.setCurrentWidget(panel.camera_list),
                                            QTimer.singleShot(300, lambda: (snap("map-cameras"), finish()))))

        QTimer.singleShot(int(a.delay * 1000), side_tabs)

    def show_training() -> None:
        """A trainer running the Third Ward drill: timeline, an alarm on the wall and on the map."""
        from ui.wall.viewing_purpose import ViewingPurpose

        window = controller.window
        assert window is not None
        if not controller.cameras.is_loaded or not controller.map.view.is_ready or controller.training is None:
            QTimer.singleShot(200, show_training)
            return
        client = window.session.client
        controller.training.drills.setCurrentIndex(max(0, controller.training.drills.findData("robbery-dropout")))
        client.load_scenario(name="robbery-dropout")
        client.scenario_command("start")
        controller.alarms.auto_open.setChecked(True)
        wall = controller.wall
        wall.set_layout("2x2")
        wall.set_alarm_tile(0)
        wall.purpose = ViewingPurpose("2026-004417", "Armed robbery in progress, N Milwaukee St")
        wall.case_button.setText("Case 2026-004417")
        directory = controller.cameras.directory
        live = [c.id for c in directory if directory.live_viewable(c.id) and c.status.value == "online"]
        wall.show_cameras(live[:3], start=1)
        alarm_cam = next(c for c in directory if c.sharing.value == "alarm_only" and c.enrollment.value ==
                         "integrated" and c.status.value == "online")
        client.training_alarm(alarm_cam.id, minutes=15)
        window.show_panel("mapPanel")
        controller.map.set_incident(43.0335, -87.9065)
        controller.cameras.select(alarm_cam.id)

        def map_then_training() -> None:
            snap("alarm")
            window.show_panel("trainingPanel")
            QTimer.singleShot(500, lambda: (snap("training"), finish()))

        QTimer.singleShot(int(a.delay * 1000) + 3000, map_then_training)

    def after_delay() -> None:
        snap("main")
        if "training" in a.show:
            show_training()
            return
        if "map" in a.show:
            show_map()
            return
        if "wall" in a.show:
            fill_wall()
            return
        if "shortcuts" in a.show and controller.window is not None:
            from ui.shortcuts_dialog import ShortcutsDialog

            dialog = ShortcutsDialog(controller.window)
            dialog.show()  # not exec(): the picture is taken while it is open
            QTimer.singleShot(500, lambda: (snap("shortcuts"), dialog.close(), finish()))
            return
        if "requests" in a.show and controller.window is not None:  # with --activity: requests in it
            controller.window.show_panel("requestsPanel")
            QTimer.singleShot(800, lambda: (snap("requests"), finish()))
            return
        if "lock" in a.show and controller.window is not None:
            controller.window.lock("Locked on request.")
            QTimer.singleShot(500, lambda: (snap("lock"), finish()))
            return
        finish()

    def finish() -> None:
        for path in written:
            print(path)
        controller.shutdown()
        app.quit()

    controller.start()
    QTimer.singleShot(0, when_ready)
    QTimer.singleShot(120_000, lambda: (print("timed out", file=sys.stderr), app.exit(1)))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
