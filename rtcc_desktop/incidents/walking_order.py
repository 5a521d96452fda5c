"""The order an officer walks a door-knock list in: from the incident, every address once, the
shortest walk found (straight lines between stops: the blocks of a city grid stretch them alike).

A nearest-neighbour walk, then local moves until none shortens it: 2-opt (reverse a stretch) and
Or-opt (move one to three consecutive stops elsewhere, either way round), tried between each stop
and its nearest neighbours, many moves that touch different stops at once; a last 2-opt check of
every pair of edges. On dense downtown lists this walks about 2 % shorter than nearest
neighbour with plain 2-opt, in about half its time (bench/RESULTS.md); brute force checks it on
small lists in tests. Distances are metres on a local flat projection (within a kilometre it
differs from the great circle by far less than a doorstep), computed as arrays: a dense circle
holds hundreds of addresses, and the list must be ready as the operator reads the summary.

The stops come from the backend: a list of more than ``MAX_OPTIMISED`` (far more than any real
circle holds) is walked in strips across it instead (a serpentine, every stop once), as the
moves' distances are an n² matrix (100,000 stops would be 80 GB of it).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from rtcc_desktop.api.schemas.limits import haversine_m

Point = tuple[float, float]  # lat, lon
Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
_M_PER_DEG_LAT = 111_320.0
_NEAR = 10  # neighbours each stop's moves are tried with
_SEGMENT = 3  # the longest run of stops Or-opt moves
_MAX_ROUNDS = 100  # rounds of Or-opt; each shortens the walk, so this only bounds a pathology
_EPS = 1e-9  # in units of the longest distance (``_distances``)
MAX_OPTIMISED = 2000  # stops the moves are tried on: 2000 are about 0.5 s and 200 MB


def walk_length_m(start: Point, stops: Sequence[Point], order: Sequence[int]) -> float:
    path = [start, *(stops[i] for i in order)]
    return sum(haversine_m(*a, *b) for a, b in pairwise(path))


def walking_order(start: Point, stops: Sequence[Point]) -> list[int]:
    """Indexes of ``stops`` in walking order from ``start`` (an open walk: no return)."""
    n = len(stops)
    if n <= 1:
        return list(range(n))
    if n > MAX_OPTIMISED:
        return _strips(start, stops)
    dist, near = _distances(start, stops, min(_NEAR, n - 1))
    path = _two_opt_near(dist, near, _nearest_neighbour(dist, near))
    for _ in range(_MAX_ROUNDS):
        path, moved = _or_opt(dist, near, path)
        if moved:
            path = _two_opt_near(dist, near, path)
            continue
        path, reversed_any = _two_opt_all(dist, path)
        if not reversed_any:
            break
    return [int(p) - 1 for p in path[1:]]


def _distances(start: Point, stops: Sequence[Point], k: int) -> tuple[Floats, Ints]:
    """Point 0 is the start, stop i is point i + 1, and point n + 1 a "walk ends here" at no
    distance from anything (so an open walk's last edge needs no special case); and each point's
    ``k`` nearest stops, nearest first."""
    n = len(stops)
    points = np.asarray(stops, dtype=np.float64)
    y, x = np.zeros(n + 1), np.zeros(n + 1)
    y[1:] = (points[:, 0] - start[0]) * _M_PER_DEG_LAT
    x[1:] = (points[:, 1] - start[1]) * _M_PER_DEG_LAT * math.cos(math.radians(start[0]))
    dist = np.zeros((n + 2, n + 2))
    dx, dy = x[:, None] - x[None, :], y[:, None] - y[None, :]
    np.sqrt(dx * dx + dy * dy, out=dist[:n + 1, :n + 1])  # hypot is several times slower here
    # In units of the longest: a move's gain must beat _EPS at any scale. In metres, stops a
    # continent apart (a hostile list) gained from rounding alone, and 2-opt reversed for ever.
    longest = float(dist.max())
    if longest > 0:
        dist /= longest
    to_stops = dist[:n + 1, 1:n + 1].copy()
    to_stops[np.arange(1, n + 1), np.arange(n)] = np.inf  # a stop is not its own neighbour
    some = np.argpartition(to_stops, k - 1, axis=1)[:, :k]
    ranked = np.argsort(np.take_along_axis(to_stops, some, axis=1), axis=1, kind="stable")
    return dist, np.take_along_axis(some, ranked, axis=1) + 1


def _strips(start: Point, stops: Sequence[Point]) -> list[int]:
    """A serpentine over east-west strips, from the edge nearer the scene: the walk of a list too
    long for the moves. O(n log n) in time, O(n) in memory."""
    points = np.asarray(stops, dtype=np.float64)
    y = (points[:, 0] - start[0]) * _M_PER_DEG_LAT
    x = (points[:, 1] - start[1]) * _M_PER_DEG_LAT * math.cos(math.radians(start[0]))
    # Turned so that the edges nearer the scene are the low ones: the walk starts there.
    if -y.min() > y.max():
        y = -y
    if -x.min() > x.max():
        x = -x
    count = math.ceil(math.sqrt(len(stops) / 2))
    low, span = float(y.min()), float(y.max() - y.min())
    strip = np.minimum(((y - low) / max(span, _EPS) * count).astype(np.int64), count - 1)
    across = np.where(strip % 2 == 0, x, -x)
    return [int(i) for i in np.lexsort((across, strip))]


def _nearest_neighbour(dist: Floats, near: Ints) -> Ints:
    m = len(dist) - 1  # the start and the stops
    used = [False] * m
    used[0] = True
    taken = np.zeros(m)
    taken[0] = np.inf
    path, last = [0], 0
    rows = near.tolist()
    for _ in range(m - 1):
        nxt = next((q for q in rows[last] if not used[q]), -1)
        if nxt < 0:  # its near neighbours are all visited: the nearest of the rest
            nxt = int(np.argmin(dist[last, :m] + taken))
        used[nxt] = True
        taken[nxt] = np.inf
        path.append(nxt)
        last = nxt
    return np.array(path, dtype=np.int64)


def _positions(path: Ints) -> tuple[Ints, Ints]:
    """Where each point is on the path, and the path with the end point after it."""
    m = len(path)
    pos = np.empty(m + 1, dtype=np.int64)
    pos[path] = np.arange(m)
    pos[m] = m
    return pos, np.append(path, m)


def _reverse_disjoint(path: Ints, starts: Ints, ends: Ints, gains: Floats) -> bool:
    """Reverse path[i..j] for the best moves whose stretches and end edges do not overlap (their
    gains stay exact when applied together)."""
    good = np.nonzero(gains > _EPS)[0]
    if not len(good):
        return False
    good = good[np.argsort(-gains[good], kind="stable")]
    lows: list[int] = []  # the chosen moves' spans [i - 1, j + 1], disjoint, sorted
    highs: list[int] = []
    for i, j in zip(starts[good].tolist(), ends[good].tolist(), strict=True):
        at = bisect.bisect_left(lows, i - 1)
        if (at and highs[at - 1] >= i - 1) or (at < len(lows) and lows[at] <= j + 1):
            continue
        lows.insert(at, i - 1)
        highs.insert(at, j + 1)
        path[i:j + 1] = path[i:j + 1][::-1].copy()
    return True


def _two_opt_near(dist: Floats, near: Ints, path: Ints) -> Ints:
    """2-opt moves that join a stop to one of its near neighbours, until none shortens the walk.
    Reversing path[i..j] replaces edges (i-1, i), (j, j+1) by (i-1, j), (i, j+1)."""
    n = len(path) - 1
    here = np.repeat(np.arange(n + 1), near.shape[1])
    while True:
        pos, p = _positions(path)
        there = pos[near[path].ravel()]
        lo, hi = np.minimum(here, there), np.maximum(here, there)
        # p[lo]-p[hi] as the first new edge (i = lo + 1, j = hi) or as the second (i = lo, j = hi - 1)
        i, j = np.concatenate([lo + 1, lo]), np.concatenate([hi, hi - 1])
        ok = (j > i) & (i >= 1)
        i, j = i[ok], j[ok]
        a, b, c, d = p[i - 1], p[i], p[j], p[j + 1]
        gains = dist[a, b] + dist[c, d] - dist[a, c] - dist[b, d]
        if not _reverse_disjoint(path, i, j, gains):
            return path


def _two_opt_all(dist: Floats, path: Ints) -> tuple[Ints, bool]:
    """Every 2-opt move at once (n² gains): whether any shortened the walk."""
    n = len(path) - 1
    _pos, p = _positions(path)
    q = dist[np.ix_(p, p)]
    edge = np.diagonal(q, 1)
    gains = edge[:n, None] + edge[None, 1:] - q[:n, 1:n + 1] - q[1:n + 1, 2:]  # [i-1, j-1] for i, j in 1..n
    gains[np.tril_indices(n)] = 0.0  # j > i
    best = np.argmax(gains, axis=1)
    rows = np.arange(n)
    return path, _reverse_disjoint(path, rows + 1, best + 1, gains[rows, best])


def _or_opt(dist: Floats, near: Ints, path: Ints) -> tuple[Ints, bool]:
    """One round of Or-opt: every run of 1.._SEGMENT stops tried next to each near neighbour of
    either of its ends, before or after it, either way round; the best moves that touch no common
    stop applied together on a linked list."""
    n = len(path) - 1
    end_point = n + 1
    pos, p = _positions(path)
    lengths = np.repeat(np.arange(1, _SEGMENT + 1), n)
    first_at = np.tile(np.arange(1, n + 1), _SEGMENT)
    fits = first_at + lengths - 1 <= n
    first_at, lengths = first_at[fits], lengths[fits]
    s, t = p[first_at], p[first_at + lengths - 1]
    before, after = p[first_at - 1], p[first_at + lengths]
    cut = dist[before, s] + dist[t, after] - dist[before, after]
    # Four ways per run: joined to a neighbour q of its first (s) or last (t) stop, inserted
    # after q (edge q -> next) or before it (previous -> q).
    runs = len(first_at)
    joined, other = np.concatenate([s, s, t, t]), np.concatenate([t, t, s, s])
    after_q = np.tile(np.repeat(np.array([True, False]), runs), 2)
    at, size = np.tile(first_at, 4), np.tile(lengths, 4)
    k = pos[near[joined]] - (~after_q)[:, None]  # insert between p[k] and p[k + 1]
    ok = (k >= 0) & ((k < (at - 1)[:, None]) | (k > (at + size - 1)[:, None]))
    k = np.clip(k, 0, n)
    a, b = p[k], p[k + 1]
    head = np.where(after_q[:, None], joined[:, None], other[:, None])  # the run's stop next to a
    tail = np.where(after_q[:, None], other[:, None], joined[:, None])
    gains = np.tile(cut, 4)[:, None] - (dist[a, head] + dist[tail, b] - dist[a, b])
    gains[~ok] = 0.0
    best = np.argmax(gains, axis=1)
    every = np.arange(len(gains))
    best_gain = gains[every, best]
    good = np.nonzero(best_gain > _EPS)[0]
    if not len(good):
        return path, False
    good = good[np.argsort(-best_gain[good], kind="stable")]
    order = p.tolist()
    nxt, busy = [0] * (end_point + 1), [False] * (end_point + 1)
    for u, v in pairwise(order):
        nxt[u] = v
    reversed_run = (head[good, 0] != np.tile(s, 4)[good]).tolist()
    for i, size_, kk, flip in zip(at[good].tolist(), size[good].tolist(), k[good, best[good]].tolist(),
                                  reversed_run, strict=True):
        touched = [*order[i - 1:i + size_ + 1], order[kk], order[kk + 1]]
        if any(busy[q] for q in touched):
            continue
        for q in touched:
            busy[q] = True
        run = order[i:i + size_]
        nxt[order[i - 1]] = order[i + size_]
        chain = [order[kk], *(run[::-1] if flip else run), order[kk + 1]]
        for u, v in pairwise(chain):
            nxt[u] = v
    walk, q = [0], 0
    for _ in range(n):
        q = nxt[q]
        walk.append(q)
    return np.array(walk, dtype=np.int64), True
