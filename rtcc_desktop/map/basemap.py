"""Which tiles the map draws under the cameras, and which URLs the page may load.

Agencies run their own tile servers and some rooms are air-gapped, so the tile
source is configuration (settings.json, or ``$RTCC_TILE_URL`` / ``$RTCC_TILE_DIR``
for one run). The page may load its own files, the vendored assets and the tiles;
anything else is refused, so even text that slipped past escaping could not pull
in a script or send data anywhere.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from rtcc_desktop.config import AppSettings


@dataclass(frozen=True)
class Basemap:
    url: str  # Leaflet template: {z}/{x}/{y}, optionally {s}
    attribution: str
    max_zoom: int = 19
    dark: bool = True
    local_dir: Path | None = None


def basemap_from(settings: AppSettings, env: dict[str, str] | None = None) -> Basemap:
    env = dict(os.environ) if env is None else env
    local = env.get("RTCC_TILE_DIR") or settings.tile_dir
    url = env.get("RTCC_TILE_URL") or settings.tile_url
    max_zoom = max(1, min(int(settings.tile_max_zoom), 22))
    if local:
        folder = Path(local).expanduser().resolve()
        return Basemap(folder.as_uri() + "/{z}/{x}/{y}.png", "Local tiles", max_zoom, settings.dark_tiles, folder)
    return Basemap(url, settings.tile_attribution, max_zoom, settings.dark_tiles)


def _host_pattern(template: str) -> re.Pattern[str] | None:
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = re.escape(parts.hostname).replace(re.escape("{s}"), "[a-z0-9-]+")
    return re.compile(rf"^{host}$", re.IGNORECASE)


class UrlPolicy:
    """What the map page may request."""

    def __init__(self, basemap: Basemap, allowed_dirs: list[Path]) -> None:
        self._tile_scheme = urlsplit(basemap.url).scheme
        self._tile_host = _host_pattern(basemap.url)
        self._dirs = [d.resolve() for d in allowed_dirs + ([basemap.local_dir] if basemap.local_dir else [])]

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("qrc", "data", "blob"):
            return True
        if parts.scheme == "file":
            from urllib.request import url2pathname

            path = Path(url2pathname(parts.path)).resolve()
            return any(path.is_relative_to(d) for d in self._dirs)
        if parts.scheme in ("http", "https") and self._tile_host is not None:
            return parts.scheme == self._tile_scheme and bool(self._tile_host.match(parts.hostname or ""))
        return False
