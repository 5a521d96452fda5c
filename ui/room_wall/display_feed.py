"""A room-wall display tile's feed: a seat's ``TileFeed`` whose grants are the wall device's, one
per room tile (``room_tile_grant``), bound by the backend to the tile's case and purpose.

Everything else (the live view's table, retries, the frame age) is the seat's. A refusal that
asking again cannot change is only one the backend means for this tile (forbidden, not found);
a device not signed in yet or signed out is retried, since the display signs in again by itself.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from rtcc_desktop.api.client import BackendClient
from rtcc_desktop.api.errors import Conflict, Forbidden, NotFound
from rtcc_desktop.api.schemas import StreamGrant
from rtcc_desktop.video.live_view import Granted, GrantFetch, Refused
from rtcc_desktop.video.stream_player import StreamPlayer
from rtcc_desktop.video.stream_source import source_from
from ui.background import run_in_background
from ui.errors import describe
from ui.wall.tile_feed import TileFeed
from ui.wall.viewing_purpose import ViewingPurpose

_LASTING = (Forbidden, NotFound)


class RoomTileFeed(TileFeed):
    def __init__(self, client: BackendClient, wall_id: Callable[[], int | None], screen: int, tile: int,
                 players: tuple[StreamPlayer, StreamPlayer], parent: QObject | None = None) -> None:
        """``wall_id``: the wall's id now (a backend set up again gives it another)."""
        super().__init__(None, parent, players=players)  # type: ignore[arg-type]  # grants are the device's
        self._client, self._wall_id, self._screen, self._tile = client, wall_id, screen, tile

    def _fetch_for(self, camera_id: int, purpose: ViewingPurpose) -> GrantFetch:
        client, screen, tile, wall_id = self._client, self._screen, self._tile, self._wall_id

        def fetch(profile: str, granted: Granted, refused: Refused) -> None:
            wall = wall_id()
            if wall is None:
                refused("The room wall is not loaded yet.", False)
                return

            def work() -> StreamGrant:
                grant = client.room_tile_grant(wall, screen, tile, profile=profile)
                if grant.camera_id != camera_id:  # the tile changed meanwhile: the wall's update follows
                    raise Conflict(f"Room tile {tile + 1} shows another camera now; waiting for the wall.")
                return grant

            run_in_background(work, lambda grant: granted(source_from(grant, [], client.ca_bundle)),
                              lambda exc: refused(describe(exc), isinstance(exc, _LASTING)), owner=self)

        return fetch
