"""What holds on a date: the claims in force, the control assessment in force, the events in a window."""

from __future__ import annotations

import bisect
from datetime import date, timedelta

import shapely

from .catalog import Atlas
from .model import Claim, ControlSnapshot, Event

WINDOWS = {"7": 7, "30": 30, "90": 90, "365": 365, "all": None}
"""Event windows offered in the UI, in days back from the selected date (``all``: everything up to it)."""
DEFAULT_WINDOW = "30"
"""The window a map opens with, in the app, the HTML view, the static edition and the GeoPackage export alike."""
DEFAULT_WINDOW_DAYS = WINDOWS[DEFAULT_WINDOW]


def claims_in_force(atlas: Atlas, on: date) -> tuple[Claim, ...]:
    return tuple(c for c in atlas.claims if c.claimed_since <= on)


def claim_for_region(atlas: Atlas, iso: str, on: date) -> Claim | None:
    """The earliest claim in force on ``on`` that covers region ``iso``."""
    return next((c for c in claims_in_force(atlas, on) if iso in c.regions), None)


def claimed_geometry(atlas: Atlas, on: date):
    isos = {iso for c in claims_in_force(atlas, on) for iso in c.regions}
    return shapely.union_all([atlas.regions_by_iso[i].geometry for i in sorted(isos)]) if isos else shapely.Polygon()


def snapshot_in_force(snapshots: tuple[ControlSnapshot, ...], on: date) -> ControlSnapshot | None:
    """The latest assessment dated on or before ``on`` (None before the first one)."""
    dates = [s.as_of for s in snapshots]
    i = bisect.bisect_right(dates, on)
    return snapshots[i - 1] if i else None


OLD_ASSESSMENT_DAYS = 180
"""An assessment older than this (against the date it is shown for) is flagged as old in the UI and exports."""


def assessment_age(atlas: Atlas, on: date, today: date | None = None) -> tuple[ControlSnapshot | None, int | None, bool]:
    """(assessment in force, its age in days, whether ``on`` lies after the last assessment).

    After the last assessment the map keeps showing it, and its age is counted from today, not from the selected
    date: a briefing on today's date must not read "3 days older than the selected date" for a months-old line.
    """
    snap = snapshot_in_force(atlas.snapshots, on)
    if snap is None:
        return None, None, False
    after_last = atlas.last_assessed is not None and on > atlas.last_assessed
    reference = max(on, today or date.today()) if after_last else on
    return snap, (reference - snap.as_of).days, after_last


MIN_CHANGE_KM2 = 1.0
"""Pieces smaller than this are outline noise between two assessments, not a change of hands."""


def _drop_slivers(geom):
    from .areas import area_km2

    parts = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and area_km2(g) >= MIN_CHANGE_KM2]
    return shapely.multipolygons(parts) if parts else shapely.MultiPolygon()


def changes_between(atlas: Atlas, a: date, b: date) -> dict:
    """Areas that came under Russian control between the assessments in force on ``a`` and ``b``, and areas returned
    to Ukrainian control, with their km² (the Compare page, the map's "changes" layer and the exports use this)."""
    from .areas import area_km2

    sa, sb = snapshot_in_force(atlas.snapshots, a), snapshot_in_force(atlas.snapshots, b)
    ga = sa.geometry if sa else shapely.Polygon()
    gb = sb.geometry if sb else shapely.Polygon()
    gained = _drop_slivers(shapely.set_precision(shapely.make_valid(gb.difference(ga)), 1e-5))
    regained = _drop_slivers(shapely.set_precision(shapely.make_valid(ga.difference(gb)), 1e-5))
    return {
        "a_as_of": sa.as_of if sa else None, "b_as_of": sb.as_of if sb else None,
        "gained": gained, "regained": regained,
        "gained_km2": area_km2(gained), "regained_km2": area_km2(regained),
        "a_km2": area_km2(ga), "b_km2": area_km2(gb),
    }


def previous_snapshot(atlas: Atlas, on: date) -> ControlSnapshot | None:
    """The assessment before the one in force on ``on`` (None for the first)."""
    snap = snapshot_in_force(atlas.snapshots, on)
    return snapshot_in_force(atlas.snapshots, snap.as_of - timedelta(days=1)) if snap else None


def changes_since_previous(atlas: Atlas, on: date) -> dict | None:
    """What changed hands between the previous assessment and the one in force on ``on``."""
    prev = previous_snapshot(atlas, on)
    return changes_between(atlas, prev.as_of, on) if prev else None


def events_in_window(events: tuple[Event, ...], on: date, window_days: int | None) -> tuple[Event, ...]:
    """Events dated in (on − window, on]; all events up to ``on`` when ``window_days`` is None.

    ``events`` must be sorted by date (the Atlas keeps them so), which makes this two bisections. A database's
    event store (conflictmap/db/store.py) runs the query on its date index instead.
    """
    if hasattr(events, "window"):
        return events.window(on, window_days)
    hi = bisect.bisect_right(events, on, key=_event_date)  # no list of every date per call: this runs on every step
    lo = 0 if window_days is None else bisect.bisect_right(events, on - timedelta(days=window_days), hi=hi, key=_event_date)
    return events[lo:hi]


def _event_date(e: Event) -> date:
    return e.date


def count_in_window(events, on: date, window_days: int | None) -> int:
    """How many events ``events_in_window`` would return (a database's event store counts without reading them)."""
    if hasattr(events, "count_window"):
        return events.count_window(on, window_days)
    return len(events_in_window(events, on, window_days))


def window_for_map(events, on: date, window_days: int | None) -> tuple[int, tuple[Event, ...] | None, list | None]:
    """What the map draws of a window: (how many events it holds, its events, None), or over the marker budget
    (n, None, its cells). The window is found once; a database's event store counts it, then reads either the
    events or the cells, never both."""
    from .aggregate import aggregate_events, over_budget

    if hasattr(events, "count_window"):
        n = events.count_window(on, window_days)
        return (n, None, events.cells(on, window_days)) if over_budget(n) else (n, events.window(on, window_days), None)
    window = events_in_window(events, on, window_days)
    return (len(window), None, aggregate_events(window)) if over_budget(len(window)) else (len(window), window, None)


def event_cells(events, on: date, window_days: int | None) -> list:
    """The window's events counted per grid cell (``aggregate.aggregate_events``); a database's event store groups
    them in SQL, so a window of many thousand events is never read into the process."""
    if hasattr(events, "cells"):
        return events.cells(on, window_days)
    from .aggregate import aggregate_events

    return aggregate_events(events_in_window(events, on, window_days))


def region_events(events, iso: str, on: date, last: int | None = None) -> tuple[Event, ...]:
    """A region's events up to ``on`` (only the ``last`` latest, when given), in order. A database's event store
    selects them by its (region, date) index instead of reading every event up to the date."""
    if hasattr(events, "region_window"):
        return events.region_window(iso, on, last)
    evs = tuple(e for e in events_in_window(events, on, None) if e.location.region == iso)
    return evs[-last:] if last else evs


def event_dates(events) -> list[date]:
    """The distinct event dates, in order (a database's event store knows them without reading the events)."""
    return events.dates() if hasattr(events, "dates") else sorted({e.date for e in events})


def events_of_categories(events, categories) -> list[Event]:
    """The events of the given categories, in order (a database's event store selects them by its index)."""
    if hasattr(events, "of_categories"):
        return list(events.of_categories(categories))
    return [e for e in events if e.category in categories]


def filter_events(events, text: str = "", start: date | None = None, end: date | None = None,
                  regions=(), categories=()) -> list[Event]:
    """Events matching every given filter; ``None`` dates and empty lists mean "any". The Events page and the
    ``events`` command both use it, so a table and an export of the same filters hold the same events."""
    needle = (text or "").strip().lower()
    out = []
    for e in events:
        if (start is not None and e.date < start) or (end is not None and e.date > end):
            continue
        if regions and e.location.region not in regions:
            continue
        if categories and e.category not in categories:
            continue
        if needle and needle not in f"{e.title} {e.description} {e.title_uk} {e.description_uk} {e.location.name}".lower():
            continue
        out.append(e)
    return out


def search_events(events, text: str = "", start: date | None = None, end: date | None = None, regions=(), categories=(),
                  limit: int | None = None) -> tuple[list[Event], int]:
    """(events matching ``filter_events``' filters, how many match). A database's event store answers in SQL and
    returns only the first ``limit`` (the Events page shows that many); events in memory are all returned, as
    before (they are read already), so ``limit`` applies to a database only."""
    if hasattr(events, "search"):
        found, total = events.search(text, start, end, regions, categories, limit)
        return list(found), total
    found = filter_events(events, text, start, end, regions, categories)
    return found, len(found)


def change_dates(atlas: Atlas) -> list[date]:
    """Dates on which the shown situation changes: control assessments (in Ukraine and inside Russia) and claims."""
    return sorted({s.as_of for s in atlas.snapshots} | {s.as_of for s in atlas.held_in_russia} | {c.claimed_since for c in atlas.claims})


def previous_date(dates: list[date], on: date) -> date | None:
    i = bisect.bisect_left(dates, on)
    return dates[i - 1] if i else None


def next_date(dates: list[date], on: date) -> date | None:
    i = bisect.bisect_right(dates, on)
    return dates[i] if i < len(dates) else None
