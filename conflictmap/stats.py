"""Statistics for a date: km² and shares controlled and claimed, for Ukraine and per region, and point status.

All areas are geodesic areas on the ellipsoid (``areas.py``); shares are of Ukraine's area measured the same way
from the shipped boundaries (so the numerator and denominator share one method).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import shapely
from shapely.geometry import Point

from .areas import area_km2
from .catalog import Atlas
from .timeline import claim_for_region, claimed_geometry, snapshot_in_force


def _round(x: float, nd: int = 1) -> float:
    return round(float(x), nd)


def areal_part(geom):
    """Only the areal part of a geometry: a difference of polygons can leave lines and points behind."""
    if geom is None or geom.is_empty:
        return shapely.Polygon()
    parts = [g for g in shapely.get_parts(geom) if isinstance(g, (shapely.Polygon, shapely.MultiPolygon))]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def _areal_difference(a, b):
    """``a`` minus ``b``, both repaired first: an imported or hand-drawn outline can be invalid (a self-touching
    ring), and shapely's overlay functions raise or return garbage on invalid input."""
    if a is None or a.is_empty:
        return shapely.Polygon()
    if b is None or b.is_empty:
        return areal_part(shapely.make_valid(a))
    return areal_part(shapely.make_valid(a).difference(shapely.make_valid(b)))


def claimed_not_controlled(claimed, control):
    """The area Russia claims but does not control (the one definition: stats, map layers, images, exports)."""
    return _areal_difference(claimed, control)


def controlled_outside_claims(control, claimed):
    """The area Russia controls outside its claims (e.g. parts of Kharkiv oblast in 2022)."""
    return _areal_difference(control, claimed)


@lru_cache(maxsize=256)
def _per_region_controlled(atlas: Atlas, snapshot_id: str | None) -> dict[str, float]:
    """km² controlled in each region under one snapshot (cached: snapshots are immutable)."""
    snap = next((s for s in atlas.snapshots if s.id == snapshot_id), None)
    if snap is None:
        return {r.iso: 0.0 for r in atlas.regions}
    control = snap.geometry
    return {r.iso: area_km2(shapely.intersection(r.geometry, control)) for r in atlas.regions}


def stats_for(atlas: Atlas, on: date) -> dict:
    """The CLI ``stats`` object for a date."""
    snap = snapshot_in_force(atlas.snapshots, on)
    control = snap.geometry if snap else shapely.Polygon()
    claimed = claimed_geometry(atlas, on)
    controlled_km2 = area_km2(control)
    per_region = _per_region_controlled(atlas, snap.id if snap else None)
    regions = []
    for r in atlas.regions:
        claim = claim_for_region(atlas, r.iso, on)
        regions.append(
            {
                "iso": r.iso,
                "name": r.name,
                "area_km2": _round(r.area_km2),
                "controlled_km2": _round(per_region[r.iso]),
                "controlled_pct": _round(100 * per_region[r.iso] / r.area_km2, 2),
                "claimed_since": claim.claimed_since.isoformat() if claim else None,
            }
        )
    held = snapshot_in_force(atlas.held_in_russia, on)
    return {
        "date": on.isoformat(),
        "control_as_of": snap.as_of.isoformat() if snap else None,
        "held_in_russia_as_of": held.as_of.isoformat() if held else None,
        "held_in_russia_km2": _round(area_km2(held.geometry)) if held else 0.0,
        "ukraine_km2": _round(atlas.ukraine_km2),
        "controlled_km2": _round(controlled_km2),
        "controlled_pct": _round(100 * controlled_km2 / atlas.ukraine_km2, 2),
        "claimed_km2": _round(area_km2(claimed)),
        "claimed_not_controlled_km2": _round(area_km2(claimed_not_controlled(claimed, control))),
        "controlled_outside_claims_km2": _round(area_km2(controlled_outside_claims(control, claimed))),
        "regions": regions,
    }


def status_at(atlas: Atlas, on: date, lat: float, lon: float) -> dict:
    """The CLI ``status`` object: region, claim and control of one point on one date, with their sources."""
    pt = Point(lon, lat)
    region = atlas.region_at(lon, lat)
    claim = claim_for_region(atlas, region.iso, on) if region else None
    snap = snapshot_in_force(atlas.snapshots, on)
    controlled = bool(snap and snap.geometry.covers(pt))
    held_by, held = _held_by(atlas, on, pt, region is not None, controlled)
    sources = []
    if claim:
        sources += [dict(s.to_dict(), about="claim") for s in claim.sources]
    if snap and region is not None:
        sources += [dict(s.to_dict(), about="control") for s in snap.sources]
    if held is not None:
        sources += [dict(s.to_dict(), about="held_in_russia") for s in held.sources]
    return {
        "date": on.isoformat(),
        "lat": lat,
        "lon": lon,
        "region": {"iso": region.iso, "name": region.name} if region else None,
        "claimed_by_russia": claim is not None,
        "claimed_since": claim.claimed_since.isoformat() if claim else None,
        "controlled_by_russia": controlled,
        "control_as_of": snap.as_of.isoformat() if snap else None,
        "russian_region": _russian_region(atlas, pt),
        "held_by": held_by,
        "held_in_russia_as_of": held.as_of.isoformat() if held else None,
        "sources": sources,
    }


def _russian_region(atlas: Atlas, pt) -> dict | None:
    r = next((r for r in atlas.russian_regions if r.geometry.covers(pt)), None)
    return {"iso": r.iso, "name": r.name} if r else None


def _held_by(atlas: Atlas, on: date, pt, in_ukraine: bool, controlled_by_russia: bool):
    """Who held a point: in Ukraine it follows the control assessment; in Russia's border oblasts it is Ukraine
    inside a Ukrainian-held area in force on that date and Russia elsewhere; None outside both (not modelled).
    Returns (held_by, the held-in-Russia assessment that decided it or None)."""
    if in_ukraine:
        return ("russia" if controlled_by_russia else "ukraine"), None
    if not any(r.geometry.covers(pt) for r in atlas.russian_regions):
        return None, None
    held = snapshot_in_force(atlas.held_in_russia, on)
    inside = bool(held and held.geometry.covers(pt))
    return ("ukraine" if inside else "russia"), held


def series(atlas: Atlas) -> list[dict]:
    """Ukraine-wide figures at every date the situation changes (assessments and claims), for charts.

    Only the totals the charts show: no per-region work, so 1,000 daily assessments stay cheap.
    """
    from .timeline import change_dates, claimed_geometry

    rows = []
    claimed_cache: dict[tuple, object] = {}
    for d in change_dates(atlas):
        snap = snapshot_in_force(atlas.snapshots, d)
        control = snap.geometry if snap else shapely.Polygon()
        key = tuple(c.id for c in atlas.claims if c.claimed_since <= d)
        if key not in claimed_cache:
            claimed_cache[key] = claimed_geometry(atlas, d)
        claimed = claimed_cache[key]
        controlled_km2 = area_km2(control)
        rows.append(
            {
                "date": d.isoformat(),
                "control_as_of": snap.as_of.isoformat() if snap else None,
                "controlled_pct": _round(100 * controlled_km2 / atlas.ukraine_km2, 2),
                "controlled_km2": _round(controlled_km2),
                "claimed_not_controlled_km2": _round(area_km2(claimed_not_controlled(claimed, control))),
            }
        )
    return rows


def region_series(atlas: Atlas, iso: str) -> list[dict]:
    """One region's controlled km² and share at every control assessment."""
    region = atlas.regions_by_iso[iso]
    rows = []
    for snap in atlas.snapshots:
        km2 = _per_region_controlled(atlas, snap.id)[iso]
        rows.append({"date": snap.as_of.isoformat(), "controlled_km2": round(km2, 1), "controlled_pct": round(100 * km2 / region.area_km2, 2)})
    return rows


REGION_CHANGE_PP = 1.0
"""A region's status changes when its controlled share moves by at least this many percentage points."""
REGION_SOURCE_KM2 = 1.0
"""An assessment's sources belong to a region's dossier when it moved the region's controlled area by this much."""


def region_status_changes(atlas: Atlas, iso: str, rows: list[dict] | None = None) -> list[dict]:
    """A region's claim and its control changes of 1 point or more, in date order."""
    rows = rows if rows is not None else region_series(atlas, iso)
    out = []
    claim = claim_for_region(atlas, iso, atlas.last_date)
    if claim:
        out.append({"date": claim.claimed_since.isoformat(), "kind": "claim"})
    prev = 0.0
    for row in rows:
        if abs(row["controlled_pct"] - prev) >= REGION_CHANGE_PP:
            out.append({"date": row["date"], "kind": "control", "controlled_pct": row["controlled_pct"], "controlled_km2": row["controlled_km2"]})
        prev = row["controlled_pct"]
    return sorted(out, key=lambda c: (c["date"], c["kind"]))


def region_sources(atlas: Atlas, iso: str, rows: list[dict] | None = None) -> list:
    """The sources behind a region's dossier: its claim, the assessments that changed its controlled area, and its
    events — each once, oldest first."""
    rows = rows if rows is not None else region_series(atlas, iso)
    changed, prev = set(), 0.0
    for row in rows:
        if abs(row["controlled_km2"] - prev) >= REGION_SOURCE_KM2:
            changed.add(row["date"])
        prev = row["controlled_km2"]
    sources = {}
    claim = claim_for_region(atlas, iso, atlas.last_date)
    for s in claim.sources if claim else ():
        sources.setdefault(s.url, s)
    for snap in atlas.snapshots:
        if snap.as_of.isoformat() in changed:
            for s in snap.sources:
                sources.setdefault(s.url, s)
    # a database's event store reads only the region's events, by its (region, date) index
    region_events = atlas.events.of_region(iso) if hasattr(atlas.events, "of_region") else (e for e in atlas.events if e.location.region == iso)
    for e in region_events:
        if e.location.region == iso:
            for s in e.sources:
                sources.setdefault(s.url, s)
    return sorted(sources.values(), key=lambda s: s.published)
