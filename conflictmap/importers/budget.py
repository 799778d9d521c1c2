"""Limits that keep one session's imports from hurting the others (the app's "Your data" page).

Each is checked before the expensive work it guards: the uploaded bytes and the session's totals before a file is
read, the number of rows or features before any is built into an event, and the number of polygons and vertices
of control layers before they are merged and clipped (``shapely.union_all`` dominates the time of many small
polygons). The figures and the measurements behind them are in docs/performance.md.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import shapely


@dataclass(frozen=True)
class Budget:
    import_rows: int = 20_000  # rows or features of one events file (~12 s, ~+130 MB for ACLED rows with long notes)
    import_polygons: int = 5_000  # polygons in one control import (~4 s to merge and clip)
    import_vertices: int = 500_000  # vertices in one control import
    session_bytes: int = 60 * 1024 * 1024  # uploaded bytes per session, all imports together
    session_events: int = 20_000  # imported events held by one session
    session_layers: int = 100  # imported control snapshots held by one session
    import_seconds: float = 90.0  # reading one events file stops (nothing added) when it takes longer


APP_BUDGET = Budget()


class OverBudget(Exception):
    """An import would exceed a limit; the message says which and by how much."""


def count_event_records(text: str, fmt: str) -> int:
    """Rows (CSV) or features (GeoJSON) in an events file, counted without building any event."""
    if fmt in ("acled", "csv"):
        lines = text.count("\n") + 1
        if lines <= APP_BUDGET.import_rows + 1:
            return max(lines - 1, 0)
        try:
            return max(sum(1 for _ in csv.reader(io.StringIO(text))) - 1, 0)
        except csv.Error:
            return max(lines - 1, 0)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return 0  # the importer reports why the file cannot be read
    feats = data.get("features") if isinstance(data, dict) else None
    return len(feats) if isinstance(feats, list) else 1


def check_rows(n: int, budget: Budget = APP_BUDGET, held: int = 0) -> None:
    if n > budget.import_rows:
        raise OverBudget(f"the file has {n:,} rows or features; one import takes at most {budget.import_rows:,}")
    if held + n > budget.session_events:
        raise OverBudget(f"this session holds {held:,} events and the file has up to {n:,}; a session holds at most "
                         f"{budget.session_events:,}")


def check_time(elapsed: float, done: int, total: int, budget: Budget = APP_BUDGET) -> None:
    if elapsed >= budget.import_seconds:
        raise OverBudget(f"reading stopped after {elapsed:,.0f} s at row {done:,} of {total:,} (one import may take "
                         f"{budget.import_seconds:,.0f} s; nothing was added)")


def check_bytes(size: int, used: int, budget: Budget = APP_BUDGET) -> None:
    if used + size > budget.session_bytes:
        mb = 1024 * 1024
        raise OverBudget(f"this session has imported {used / mb:,.1f} MB and the file is {size / mb:,.1f} MB; a session "
                         f"imports at most {budget.session_bytes / mb:,.0f} MB")


def check_layers(layers, budget: Budget = APP_BUDGET) -> None:
    """Polygons and vertices of the layers read from control files, before they are merged."""
    parts = [p for layer in layers for p in layer.parts]
    polygons = sum(int(shapely.get_num_geometries(p)) if p.geom_type == "MultiPolygon" else 1 for p in parts)
    vertices = sum(int(shapely.get_num_coordinates(p)) for p in parts)
    if polygons > budget.import_polygons:
        raise OverBudget(f"the layers hold {polygons:,} polygons; one import takes at most {budget.import_polygons:,} "
                         "(dissolve them into fewer, larger areas first)")
    if vertices > budget.import_vertices:
        raise OverBudget(f"the layers hold {vertices:,} vertices; one import takes at most {budget.import_vertices:,} "
                         "(simplify them first)")
