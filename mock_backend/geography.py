"""Milwaukee geometry for the seed generator: the city box, the Lake Michigan
shore, the street grid's baselines and neighbourhood centres."""

from __future__ import annotations

import bisect
import math

LAT_MIN, LAT_MAX = 42.92, 43.19
LON_MIN, LON_MAX = -88.07, -87.86

# Lake Michigan shore, south to north, (lat, lon): everything east of it is water.
# Approximated from the county shoreline (Cudahy, Bay View, the harbour, downtown,
# Lake Park, Shorewood, Whitefish Bay, Fox Point).
SHORELINE: tuple[tuple[float, float], ...] = (
    (42.920, -87.8520),
    (42.940, -87.8560),
    (42.960, -87.8640),
    (42.980, -87.8700),
    (42.995, -87.8790),
    (43.010, -87.8850),
    (43.020, -87.8920),
    (43.030, -87.8960),
    (43.040, -87.8970),
    (43.050, -87.8870),
    (43.060, -87.8780),
    (43.070, -87.8720),
    (43.085, -87.8740),
    (43.100, -87.8780),
    (43.120, -87.8830),
    (43.140, -87.8880),
    (43.160, -87.8920),
    (43.190, -87.8990),
)
_SHORE_LATS = [p[0] for p in SHORELINE]
# ~100 m inland margin in degrees of longitude at this latitude.
INLAND_MARGIN_LON = 100 / (111_320 * math.cos(math.radians(43.05)))

# The street numbering baselines: N/S addresses count from Canal St / the Menomonee
# River, E/W addresses from the Milwaukee River.
NS_BASELINE_LAT = 43.033
EW_BASELINE_LON = -87.911

# Neighbourhood centres (lat, lon, weight): cameras cluster where people live and trade.
NEIGHBOURHOODS: tuple[tuple[float, float, float], ...] = (
    (43.0410, -87.9090, 3.0),  # Downtown
    (43.0250, -87.9120, 1.5),  # Walker's Point / Third Ward
    (42.9950, -87.8950, 1.5),  # Bay View
    (43.0720, -87.8970, 1.2),  # Riverwest
    (43.0600, -87.8880, 1.5),  # East Side
    (43.0790, -87.9620, 1.3),  # Sherman Park
    (43.0300, -87.9600, 1.2),  # Merrill Park / Story Hill
    (43.0480, -88.0080, 1.0),  # Wauwatosa edge
    (43.0100, -87.9500, 1.2),  # Layton Park / Silver City
    (42.9750, -87.9400, 1.0),  # Jackson Park
    (43.1100, -87.9400, 1.0),  # Old North Milwaukee
    (43.1300, -88.0100, 0.8),  # Granville
    (42.9450, -87.9100, 0.8),  # Tippecanoe / Airport area
    (43.0950, -87.8860, 0.9),  # Shorewood
)


def shore_lon(lat: float) -> float:
    """Longitude of the shore at ``lat`` (linear between the polyline's points)."""
    i = bisect.bisect_left(_SHORE_LATS, lat)
    if i <= 0:
        return SHORELINE[0][1]
    if i >= len(SHORELINE):
        return SHORELINE[-1][1]
    (lat0, lon0), (lat1, lon1) = SHORELINE[i - 1], SHORELINE[i]
    t = (lat - lat0) / (lat1 - lat0)
    return lon0 + t * (lon1 - lon0)


def is_on_land(lat: float, lon: float, margin_lon: float = 0.0) -> bool:
    """Inside the city box and west of the lake shore (by ``margin_lon`` degrees)."""
    if not (LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX):
        return False
    return lon <= shore_lon(lat) - margin_lon
