"""Events as counts per grid cell, for windows that hold more events than a map can draw as markers.

At a million events the 30-day window holds ~19,000 events; one marker each made a slider step take ~1 s and send
5.5 MB. Above ``MARKER_BUDGET`` the map draws one marker per cell of a fixed grid instead, with the cell's count,
its dominant category and its date span. Pure functions, so the map, the tests and the benchmarks share them.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .model import EVENT_CATEGORIES

MARKER_BUDGET = 2500
"""Most events a window may hold and still be drawn one marker each (docs/performance.md: at 100k events the 30-day
window's ~1,900 markers step in ~230 ms; 4,900 took 495 ms and 19,000 took 987 ms). ``$CONFLICTMAP_MARKER_BUDGET``
overrides it (a positive whole number), e.g. for a newsroom whose viewers have fast machines, or for a test."""
BUDGET_ENV_VAR = "CONFLICTMAP_MARKER_BUDGET"
CELL_DEGREES = 0.25
"""The grid's finest cell, in degrees of longitude and latitude (≈ 18 × 28 km in Ukraine): a town and its
surroundings."""
MAX_CELLS = 1000
"""Most cells drawn: events spread over the whole country at the finest grid would make more cells than markers
the budget allows, so the cell doubles until they fit (a cell's marker and tooltip are ~400 bytes)."""


@dataclass(frozen=True)
class Cell:
    """The events of one grid cell: how many, which category most of them are, their dates, where they are."""

    west: float
    south: float
    east: float
    north: float
    count: int
    category: str
    first: date
    last: date
    lon: float  # the mean position of the cell's events (inside the cell: a cell is convex)
    lat: float


def marker_budget() -> int:
    """The budget in force: ``$CONFLICTMAP_MARKER_BUDGET`` when it is a positive whole number, else MARKER_BUDGET."""
    value = os.environ.get(BUDGET_ENV_VAR, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else MARKER_BUDGET


def over_budget(n_events: int, budget: int | None = None) -> bool:
    """Whether a window of ``n_events`` is drawn as cells (strictly more than the budget)."""
    return n_events > (marker_budget() if budget is None else budget)


def _dominant(categories: Counter) -> str:
    """The most frequent category; a tie goes to the one listed first in EVENT_CATEGORIES (then by name), so the
    same events always give the same colour."""
    order = {c: i for i, c in enumerate(EVENT_CATEGORIES)}
    return min(categories, key=lambda c: (-categories[c], order.get(c, len(order)), c))


def aggregate_events(events, cell_degrees: float = CELL_DEGREES, max_cells: int | None = MAX_CELLS) -> list[Cell]:
    """The events grouped by grid cell (cells aligned on multiples of the cell size), ordered south to north, west
    to east. Every event is in exactly one cell, so the counts add up to ``len(events)``. The cell is
    ``cell_degrees``, doubled as often as needed to make at most ``max_cells`` cells (None: no limit)."""
    if cell_degrees <= 0:
        raise ValueError(f"cell_degrees must be positive, not {cell_degrees}")
    events = list(events)
    while True:
        cells = _cells(events, cell_degrees)
        if max_cells is None or len(cells) <= max_cells:
            return cells
        cell_degrees *= 2


def _cells(events: list, cell_degrees: float) -> list[Cell]:
    groups: dict[tuple[int, int], list] = {}
    for e in events:
        key = (math.floor(e.location.lon / cell_degrees), math.floor(e.location.lat / cell_degrees))
        groups.setdefault(key, []).append(e)
    cells = []
    for (ix, iy), evs in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        west, south = ix * cell_degrees, iy * cell_degrees
        cells.append(Cell(
            west=west, south=south, east=west + cell_degrees, north=south + cell_degrees, count=len(evs),
            category=_dominant(Counter(e.category for e in evs)),
            first=min(e.date for e in evs), last=max(e.date for e in evs),
            lon=min(max(sum(e.location.lon for e in evs) / len(evs), west), west + cell_degrees),
            lat=min(max(sum(e.location.lat for e in evs) / len(evs), south), south + cell_degrees),
        ))
    return cells


def cell_km(cell: Cell) -> float:
    """A cell's size in km, north to south (a degree of latitude is ~111 km), for the caption under the map."""
    return (cell.north - cell.south) * 111.2
