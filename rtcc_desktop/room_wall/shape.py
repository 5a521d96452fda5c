"""A room wall from the backend, held to a shape a view can draw: every screen's layout one this
app knows and exactly one tile per cell of it, in order. A backend's wall is hostile input: a
layout this app does not know, tiles missing, doubled or past the layout's end, absurd labels.
What cannot be shown is dropped and said in words; nothing else is lost."""

from __future__ import annotations

import unicodedata

from rtcc_desktop.api.schemas import RoomScreen, RoomTile, RoomWall
from rtcc_desktop.video.wall_layouts import LAYOUTS

MAX_TEXT = 200  # a label, case number, purpose or name longer than this is cut (a tile shows a line)
_GRIDS = sorted((layout for layout in LAYOUTS.values() if layout.rows == layout.cols
                 and layout.tile_count == layout.rows * layout.cols), key=lambda layout: layout.tile_count)


def clean_text(value: str | None, limit: int = MAX_TEXT) -> str | None:
    """Server text made safe to show on one line: control and format characters (newlines,
    bidirectional overrides) become spaces, and it is cut at ``limit`` characters."""
    if value is None:
        return None
    shown = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in value[: limit * 4])
    return shown[:limit - 1] + "…" if len(shown) > limit else shown


def _clean_tile(tile: RoomTile, index: int) -> RoomTile:
    return tile.model_copy(update={
        "index": index, "camera_label": clean_text(tile.camera_label) or "",
        "case_number": clean_text(tile.case_number, 40), "purpose": clean_text(tile.purpose, 500),
        "pushed_by": clean_text(tile.pushed_by, 64), "locked_by": clean_text(tile.locked_by, 64)})


def _layout_for(screen: RoomScreen) -> tuple[str, str | None]:
    """The layout to draw the screen with, and what was wrong with its own (None: nothing)."""
    if screen.layout in LAYOUTS:
        return screen.layout, None
    wanted = max([t.index + 1 for t in screen.tiles] + [len(screen.tiles), 1])
    grid = next((g for g in _GRIDS if g.tile_count >= wanted), _GRIDS[-1])
    return grid.name, f"its layout {clean_text(screen.layout, 20)!r} is not one this app knows; shown as {grid.name}"


def fit(wall: RoomWall) -> tuple[RoomWall, list[str]]:
    """The wall held to a drawable shape, and what had to change (in words, one per screen)."""
    problems: list[str] = []
    screens = []
    for number, screen in enumerate(wall.screens):
        layout, wrong = _layout_for(screen)
        notes = [wrong] if wrong else []
        count = LAYOUTS[layout].tile_count
        slots: list[RoomTile | None] = [None] * count
        dropped = 0
        for tile in screen.tiles:
            if tile.index < count and slots[tile.index] is None:
                slots[tile.index] = _clean_tile(tile, tile.index)
            elif tile.camera_id is not None:
                dropped += 1
        if dropped:
            notes.append(f"{dropped} camera{'s' if dropped != 1 else ''} on tiles its layout does not have "
                         "(or on one tile twice) are not shown")
        if notes:
            problems.append(f"Room wall screen {number + 1}: " + "; ".join(notes) + ".")
        tiles = [slot or RoomTile(index=i) for i, slot in enumerate(slots)]
        screens.append(RoomScreen(index=number, layout=layout, tiles=tiles))
    fitted = wall.model_copy(update={
        "screens": screens, "name": clean_text(wall.name, 40) or "", "title": clean_text(wall.title, 80) or "",
        "updated_by": clean_text(wall.updated_by, 64) or "", "change": clean_text(wall.change, 300) or ""})
    return fitted, problems
