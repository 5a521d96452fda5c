"""Wall layouts: which grid cells each tile covers.

A layout is a grid of ``rows x cols`` and a list of tiles, each a rectangle
of cells (row, col, row span, col span). Even grids are N x N; uneven ones
give one camera more room.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True)
class WallLayout:
    name: str
    rows: int
    cols: int
    cells: tuple[Cell, ...]

    @property
    def tile_count(self) -> int:
        return len(self.cells)


def grid(n: int) -> WallLayout:
    return WallLayout(f"{n}x{n}", n, n, tuple(Cell(r, c) for r in range(n) for c in range(n)))


def one_plus_five() -> WallLayout:
    """One large tile (2x2 of a 3x3 grid) and five small ones around it."""
    big = Cell(0, 0, 2, 2)
    small = (Cell(0, 2), Cell(1, 2), Cell(2, 0), Cell(2, 1), Cell(2, 2))
    return WallLayout("1+5", 3, 3, (big, *small))


def one_plus_seven() -> WallLayout:
    """One large tile (3x3 of a 4x4 grid) and seven small ones along two edges."""
    big = Cell(0, 0, 3, 3)
    small = (Cell(0, 3), Cell(1, 3), Cell(2, 3), Cell(3, 0), Cell(3, 1), Cell(3, 2), Cell(3, 3))
    return WallLayout("1+7", 4, 4, (big, *small))


LAYOUTS: dict[str, WallLayout] = {
    layout.name: layout
    for layout in (grid(1), grid(2), grid(3), grid(4), grid(5), grid(8), one_plus_five(), one_plus_seven())
}
DEFAULT_LAYOUT = "2x2"

# Tiles narrower than this play the small ``sub`` stream (docs/architecture.md: 320x180
# is plenty there and costs a fraction of the decoding).
SUB_PROFILE_BELOW_PX = 480


def profile_for_width(width_px: int, focused: bool = False) -> str:
    return "main" if focused or width_px >= SUB_PROFILE_BELOW_PX else "sub"
