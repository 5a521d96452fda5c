"""Find cameras by label, address or id, as typed into the map's search box."""

from __future__ import annotations

from collections.abc import Iterable

from rtcc_desktop.api.schemas import Camera


def search_cameras(cameras: Iterable[Camera], text: str, limit: int = 200) -> list[Camera]:
    """Cameras whose label or address contains every word of ``text`` (any case),
    or whose id is ``text``; label matches first, then by label."""
    words = text.casefold().split()
    if not words:
        return []
    exact_id = int(text.strip().lstrip("#")) if text.strip().lstrip("#").isdigit() else None
    in_label: list[Camera] = []
    in_address: list[Camera] = []
    for cam in cameras:
        if cam.id == exact_id:
            in_label.insert(0, cam)
            continue
        label = cam.label.casefold()
        if all(w in label for w in words):
            in_label.append(cam)
        elif all(w in label or w in cam.address.casefold() for w in words):
            in_address.append(cam)
    if exact_id is not None and in_label and in_label[0].id == exact_id:
        head, rest = in_label[:1], in_label[1:]
    else:
        head, rest = [], in_label
    rest.sort(key=lambda c: c.label.casefold())
    in_address.sort(key=lambda c: c.label.casefold())
    return (head + rest + in_address)[:limit]
