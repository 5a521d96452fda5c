"""``/footage/{id}``: download a fulfilled request's clip (audited)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse

from mock_backend import audit_log, duties
from mock_backend.errors import ApiError
from mock_backend.security import ANY_ROLE, Principal, require
from mock_backend.state import MockState, get_state
from rtcc_desktop.api.schemas import ErrorResponse

router = APIRouter()


@router.get("/footage/{footage_id}", response_class=FileResponse,
            responses={200: {"content": {"video/mp4": {}}}, 403: {"model": ErrorResponse},
                       404: {"model": ErrorResponse}})
def download(
    footage_id: str,
    principal: Principal = Depends(require(*ANY_ROLE)),
    state: MockState = Depends(get_state),
) -> FileResponse:
    with state.db.tx() as conn:
        row = conn.execute(
            "SELECT f.*, r.created_by, r.case_number FROM footage f JOIN requests r ON r.id = f.request_id"
            " WHERE f.id = ?", (footage_id,)
        ).fetchone()
        if row is None:
            raise ApiError(404, "not_found", "There is no such footage.")
        allowed = duties.may_download_footage(principal, row["created_by"], state.settings)
        audit_log.record(conn, actor=principal.username, role=principal.role.value, action="footage.download",
                         outcome="success" if allowed else "failure", case_number=row["case_number"],
                         target=f"footage:{footage_id}", sha256=row["sha256"], size_bytes=row["size_bytes"])
    if not allowed:
        raise ApiError(403, "forbidden", "Only the requester or a supervisor may download this footage.")
    path = Path(row["path"])
    if not path.is_file():
        raise ApiError(404, "not_found", "The footage file is no longer on the server.")
    name = f"request-{row['request_id']}-camera-{row['camera_id']}.mp4"
    return FileResponse(path, media_type="video/mp4", filename=name)
