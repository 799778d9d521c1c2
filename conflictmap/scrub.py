"""Data for live scrubbing in the browser: every control assessment's area, simplified, plus the timeline's marks.

The Map page's scrub strip (``ui/scrub.py``) redraws the controlled area itself while the user drags, with no
server round trip per frame. It needs two things, built here without Streamlit:

- ``scrub_file``: the assessment dates and each assessment's controlled area, simplified to ~1 km
  (``SCRUB_SIMPLIFY_DEG``) and rounded to 3 decimals, and the events' dates, points and categories, so the whole
  history is small enough to fetch once as a static JSON file;
- ``scrub_marks``: the first and last dates, a tick per assessment and the events per month (the density strip),
  small enough to send with every rerun.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import shapely
from shapely.geometry import mapping, shape

from .catalog import Atlas
from .text import safe_url

SCRUB_SIMPLIFY_DEG = 0.01  # ~1 km: a scrubbed frame is seen for a tenth of a second, at country zoom
COORD_DECIMALS = 3  # ~100 m, below the simplification


def _rounded(coords, nd: int):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), nd) for c in coords[:2]]
    return [_rounded(c, nd) for c in coords]


def simplified_geometry(geom, tolerance: float = SCRUB_SIMPLIFY_DEG, decimals: int = COORD_DECIMALS) -> dict | None:
    """A GeoJSON geometry for the browser: simplified (topology kept), rounded; None when nothing is left."""
    if geom is None or geom.is_empty:
        return None
    g = shapely.simplify(geom, tolerance, preserve_topology=True)
    g = shapely.set_precision(g, 10 ** -decimals)
    if g.is_empty:
        return None
    gj = mapping(g)
    return {"type": gj["type"], "coordinates": _rounded(gj["coordinates"], decimals)}


def compact_source(s) -> dict:
    """A source as the browser pages carry it (time-lapse, static edition): publisher, title, an http(s) URL or ""
    (the page then withholds the link), date."""
    return {"p": s.publisher, "t": s.title, "u": safe_url(s.url) or "", "d": s.published.isoformat()}


def neighbour_outlines(atlas: Atlas, tolerance: float, decimals: int = COORD_DECIMALS) -> list[dict]:
    """The neighbouring countries as simplified GeoJSON features with no properties (backdrop only): an outline
    that cannot be read is just not drawn."""
    out = []
    for f in (atlas.neighbours or {}).get("features", []):
        try:
            g = simplified_geometry(shape(f["geometry"]), tolerance, decimals)
        except Exception:  # noqa: S112 (a neighbour outline that cannot be read is just not drawn)
            continue
        if g:
            out.append({"type": "Feature", "properties": {}, "geometry": g})
    return out


def scrub_geometries(atlas: Atlas, tolerance: float = SCRUB_SIMPLIFY_DEG) -> dict:
    """``{"dates": [iso, ...], "geometries": [GeoJSON geometry or None, ...]}``: one entry per assessment, in
    date order (the browser finds the assessment in force by bisecting ``dates``)."""
    snaps = sorted(atlas.snapshots, key=lambda s: s.as_of)
    return {
        "dates": [s.as_of.isoformat() for s in snaps],
        "geometries": [simplified_geometry(s.geometry, tolerance) for s in snaps],
    }


MAX_EVENTS = 5000  # more (a session's big import) and the strip scrubs the areas only: the file stays small


def scrub_events(atlas: Atlas, limit: int = MAX_EVENTS) -> dict | None:
    """``{"dates": [iso], "lonlat": [[lon, lat]], "category": [str]}`` in date order, for the events drawn while
    scrubbing; None when there are more than ``limit``."""
    if len(atlas.events) > limit:  # before reading them: a database's event store may hold millions
        return None
    events = sorted(atlas.events, key=lambda e: e.date)
    return {
        "dates": [e.date.isoformat() for e in events],
        "lonlat": [[round(e.location.lon, 4), round(e.location.lat, 4)] for e in events],
        "category": [e.category for e in events],
    }


def scrub_claims(atlas: Atlas, tolerance: float = SCRUB_SIMPLIFY_DEG) -> dict:
    """``{"dates": [iso], "geometries": [...]}``: from each claim's date, the union of every region claimed by then."""
    out = {"dates": [], "geometries": []}
    for since in sorted({c.claimed_since for c in atlas.claims}):
        isos = sorted({i for c in atlas.claims if c.claimed_since <= since for i in c.regions})
        out["dates"].append(since.isoformat())
        out["geometries"].append(simplified_geometry(shapely.union_all([atlas.regions_by_iso[i].geometry for i in isos]), tolerance))
    return out


def scrub_file(atlas: Atlas) -> dict:
    """What the browser fetches once: the simplified assessments, the claims (see ``scrub_claims``) and the events
    (see ``scrub_events``)."""
    return {**scrub_geometries(atlas), "claims": scrub_claims(atlas), "events": scrub_events(atlas)}


def _months(first: date, last: date) -> list[str]:
    out, y, m = [], first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def event_density(atlas: Atlas) -> list[int]:
    """Events per calendar month from the first date's month to the last date's, zeros included."""
    if hasattr(atlas.events, "month_counts"):  # a database's event store counts them by its date index
        counts = atlas.events.month_counts()
    else:
        counts = Counter(f"{e.date.year:04d}-{e.date.month:02d}" for e in atlas.events)
    return [counts.get(m, 0) for m in _months(atlas.first_date, atlas.last_date)]


def scrub_marks(atlas: Atlas) -> dict:
    """The timeline's marks: the range, a tick at each assessment, and events per month (starting with the
    first date's month)."""
    first, last = atlas.first_date, atlas.last_date
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "ticks": sorted({s.as_of.isoformat() for s in atlas.snapshots}),
        "density": event_density(atlas),
        "density_from": f"{first.year:04d}-{first.month:02d}",
    }
