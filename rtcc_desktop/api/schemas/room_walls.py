"""The room wall: one shared video wall at the front of the crime center, driven from every seat.

A room wall has one or more screens, each with its own layout (a name from
``rtcc_desktop.video.wall_layouts.LAYOUTS``) and tiles. Every change bumps the wall's
``version``; a change says which version it was made against (``If-Match: "<version>"``), and a
change against an older version is refused with 412 and the current wall, so nothing is
silently overwritten. A tile carries the case number and purpose it was put there for: the wall
device's stream grant for that tile is bound to them, and the audit trail names the pusher.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from rtcc_desktop.api.schemas.common import AwareDatetime, CaseNumber, EntityId, ErrorBody, InputModel, Model
from rtcc_desktop.api.schemas.streams import StreamProfile

ROOM_WALL_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
MAX_ROOM_SCREENS = 8
MAX_ROOM_TILES = 64  # the largest layout (8x8)
# Versions stay within what every JSON reader holds exactly (JavaScript's safe integers): a
# larger one is a broken or hostile backend, and would freeze a display that trusted it.
MAX_ROOM_VERSION = 2**53 - 1

# The layouts a room screen may have, and their tile counts: the names of
# ``rtcc_desktop.video.wall_layouts.LAYOUTS`` (the mock may import only these schemas, so they
# are listed here; tests/unit/test_room_wall_mirror.py checks that the two agree).
RoomLayoutName = Literal["1x1", "2x2", "3x3", "4x4", "5x5", "8x8", "1+5", "1+7"]
ROOM_LAYOUT_TILES: dict[str, int] = {
    "1x1": 1, "2x2": 4, "3x3": 9, "4x4": 16, "5x5": 25, "8x8": 64, "1+5": 6, "1+7": 8,
}


class RoomTile(Model):
    index: int = Field(ge=0, lt=MAX_ROOM_TILES, description="The tile's place in its screen's layout")
    camera_id: int | None = None
    camera_label: str = ""
    case_number: str | None = None
    purpose: str | None = None
    pushed_by: str | None = Field(default=None, description="The user who put the camera there")
    since: AwareDatetime | None = None
    locked: bool = Field(default=False, description="A supervisor's lock: only a supervisor changes it")
    locked_by: str | None = None
    consent_ends_at: AwareDatetime | None = Field(
        default=None, description="When the owner's live-sharing window ends, if it does")


class RoomScreen(Model):
    index: int = Field(ge=0, lt=MAX_ROOM_SCREENS)
    layout: str = Field(description="A wall layout name, e.g. '2x2', '3x3', '1+5'")
    tiles: list[RoomTile] = Field(max_length=MAX_ROOM_TILES,
                                  description="One per tile of the layout, in the layout's order")


class RoomWall(Model):
    id: int
    name: str = Field(description="Short name a display is started with: rtcc-desktop room-wall --name front")
    title: str
    version: int = Field(ge=1, le=MAX_ROOM_VERSION, description="Bumped by every change; send it back as If-Match")
    screens: list[RoomScreen] = Field(max_length=MAX_ROOM_SCREENS)
    updated_at: AwareDatetime
    updated_by: str
    change: str = Field(default="", description="What the last change was, in words (for a refused change)")


class RoomWallList(Model):
    items: list[RoomWall]


class RoomWallCreate(InputModel):
    """A supervisor sets up a wall for a room's display controller."""

    name: str = Field(pattern=ROOM_WALL_NAME_PATTERN)
    title: str = Field(min_length=1, max_length=80)
    screens: int = Field(default=1, ge=1, le=MAX_ROOM_SCREENS)
    layout: RoomLayoutName = "2x2"


class RoomTilePush(InputModel):
    """Put a camera on a room tile, for a case. The camera must be one the pusher may view live."""

    camera_id: EntityId
    case_number: CaseNumber
    purpose: str = Field(min_length=3, max_length=500)


class RoomTileClear(InputModel):
    reason: str = Field(default="Cleared by an operator", min_length=1, max_length=200)


class RoomScreenLayout(InputModel):
    layout: RoomLayoutName


class RoomScreenReplace(InputModel):
    """"Put my wall on the room wall": a whole screen at once (None leaves a tile empty)."""

    layout: RoomLayoutName
    tiles: list[RoomTilePush | None] = Field(max_length=MAX_ROOM_TILES)


class RoomTileLock(InputModel):
    locked: bool


class RoomWallConflict(Model):
    """The body of a 412: the change was made against an older version. ``current`` is the wall
    as it is now (its ``updated_by``, ``updated_at`` and ``change`` say who changed it, when and
    how); the refused change is not applied."""

    error: ErrorBody
    current: RoomWall


class RoomWallUpdated(Model):
    """The data of a ``room_wall.updated`` event: enough to tell whether the held wall is behind
    (then GET it); the event never carries the tiles."""

    id: int
    name: str
    version: int
    updated_by: str
    change: str = ""


class RoomTileGrantRequest(InputModel):
    """A wall device asks for the live stream of one of its tiles; the grant is bound to the
    tile's case number and purpose, and consent is checked as for a seat's grant."""

    profile: StreamProfile = "sub"
