"""``/cameras``: the registry, paged by id (keyset), filtered by bbox and time."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Query

from mock_backend import audit_log, rows, visibility
from mock_backend.errors import ApiError
from mock_backend.routes.params import Id
from mock_backend.security import ANY_ROLE, Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import Camera, CameraPage, ErrorResponse

router = APIRouter()
MAX_PAGE = 5000


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    try:
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in text.split(","))
    except ValueError:
        raise ApiError(
            422, "validation_error", "bbox must be four numbers: min_lon,min_lat,max_lon,max_lat"
        ) from None
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ApiError(422, "validation_error", "bbox corners are out of range or in the wrong order")
    return min_lon, min_lat, max_lon, max_lat


def parse_cursor(text: str | None) -> int:
    if text is None:
        return 0
    if not text.isdigit() or len(text) > 18:
        raise ApiError(422, "validation_error", "cursor is not one this server handed out")
    return int(text)


@router.get("/cameras", response_model=CameraPage, responses={422: {"model": ErrorResponse}})
def list_cameras(
    bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    updated_since: datetime | None = Query(None),
    limit: int = Query(1000, ge=1, le=MAX_PAGE),
    cursor: str | None = Query(None),
    principal: Principal = Depends(require(*ANY_ROLE)),
    state: MockState = Depends(get_state),
) -> dict:
    seen, params = visibility.cameras(principal, state.settings).sql()  # as /events filters them
    where = [seen]
    if bbox is not None:
        min_lon, min_lat, max_lon, max_lat = parse_bbox(bbox)
        where.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
        params += [min_lat, max_lat, min_lon, max_lon]
    if updated_since is not None:
        if updated_since.tzinfo is None:
            raise ApiError(422, "validation_error", "updated_since must include a timezone")
        where.append("updated_at > ?")
        params.append(updated_since.timestamp())
    after = parse_cursor(cursor)
    filt = " AND ".join(where)
    found = state.db.query(
        f"SELECT * FROM cameras WHERE {filt} AND id > ? ORDER BY id LIMIT ?", [*params, after, limit + 1]
    )
    total_row = state.db.one(f"SELECT COUNT(*) AS n FROM cameras WHERE {filt}", params)
    more = len(found) > limit
    found = found[:limit]
    if cursor is None:  # a paged listing is one access: audit its first page only
        with state.db.tx() as conn:
            audit_log.record(conn, actor=principal.username, role=principal.role.value, action="cameras.list",
                             bbox=bbox, updated_since=updated_since)
    return {
        "items": [rows.camera(r) for r in found],
        "next_cursor": str(found[-1]["id"]) if more and found else None,
        "total": total_row["n"] if total_row else 0,
    }


@router.get("/cameras/{camera_id}", response_model=Camera, responses={404: {"model": ErrorResponse}})
def get_camera(
    camera_id: Id,
    principal: Principal = Depends(require(*ANY_ROLE)),
    state: MockState = Depends(get_state),
) -> dict:
    seen, params = visibility.cameras(principal, state.settings).sql()
    row = state.db.one(f"SELECT * FROM cameras WHERE id = ? AND {seen}", (camera_id, *params))
    if row is None:
        raise ApiError(404, "not_found", f"There is no camera {camera_id}.")
    return rows.camera(row)
