"""Path parameters shared by the routes: ids are bounded so that no input can
overflow SQLite's 64-bit integers (the property test found that)."""

from typing import Annotated

from fastapi import Path

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
