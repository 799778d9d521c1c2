"""The events and a date's layers as GIS files for analysts (QGIS, ArcGIS, geopandas): GeoParquet and GeoPackage.

Every feature carries its sources (JSON text: a GIS attribute table has no lists) and, for areas, the method and
approximation note, so a layer opened on its own still says where it comes from and how rough it is. Built with
geopandas; the GeoPackage is written by pyogrio (GDAL), the GeoParquet by pyarrow (the bundled GDAL has no Parquet
driver). Both are written to a private temporary folder first and then moved into place atomically.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

from .areas import area_km2
from .catalog import Atlas
from .formats import events_to_geojson
from .geojson_io import read_geojson
from .paths import DataPaths
from .stats import stats_for
from .timeline import claims_in_force, events_in_window, snapshot_in_force

WGS84 = "EPSG:4326"
GPKG_LAYERS = {"regions": "MultiPolygon", "claimed": "MultiPolygon", "controlled": "MultiPolygon",
               "held_in_russia": "MultiPolygon", "events": "Point"}  # layer name: its geometry type
CLAIM_NOTE = ("Russia claims whole units; drawn with the Natural Earth 1:10m outlines of those units "
              "(simplified to 0.01 degrees), not with any line Russia published.")


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _frame(rows: list[dict], geoms: list):
    import geopandas

    return geopandas.GeoDataFrame(rows, geometry=geopandas.GeoSeries(geoms, crs=WGS84))


def events_frame(events):
    """The events as points with all their fields (as ``events --format geojson`` gives them); the lists
    ``sources`` and ``casualties`` as JSON text."""
    from shapely.geometry import Point

    rows, geoms = [], []
    for feat in events_to_geojson(events)["features"]:
        rows.append({k: _json_text(v) if isinstance(v, (list, dict)) else v for k, v in feat["properties"].items()})
        geoms.append(Point(feat["geometry"]["coordinates"]))
    return _frame(rows, geoms)


def events_geoparquet(events) -> bytes:
    import io

    buf = io.BytesIO()
    events_frame(events).to_parquet(buf, index=False)
    return buf.getvalue()


def _sources(sources) -> str:
    return _json_text([s.to_dict() for s in sources])


def _assessment_rows(snaps, on: date) -> tuple[list[dict], list]:
    snap = snapshot_in_force(snaps, on)
    if snap is None:
        return [], []
    row = {"id": snap.id, "as_of": snap.as_of.isoformat(), "label": snap.label, "method": snap.method,
           "confidence": snap.confidence, "confidence_note": snap.confidence_note, "approximate": snap.approximate,
           "approximation_note": snap.approximation_note, "area_km2": round(area_km2(snap.geometry), 1),
           "provider": snap.provider, "sources": _sources(snap.sources)}
    return [row], [snap.geometry]


def date_layers(atlas: Atlas, on: date, window_days: int | None) -> dict[str, object]:
    """The GeoDataFrames of one date, by layer name (``GPKG_LAYERS``): Ukraine's units with their figures, the claims
    in force, the control assessment in force, the ground held by Ukraine inside Russia, and the events in the
    window (``window_days`` before ``on``; None: every event up to ``on``)."""
    import shapely

    stats = {r["iso"]: r for r in stats_for(atlas, on)["regions"]}
    meta = read_geojson(DataPaths(atlas.root).regions).get("metadata", {})
    boundary_note = f"{meta.get('source', '')}; {meta.get('licence', '')}; {meta.get('simplified', '')}".strip("; ")
    regions = [{"iso": r.iso, "name": r.name, "name_uk": r.name_uk, "kind": r.kind, "area_km2": round(r.area_km2, 1),
                "area_km2_official": r.area_km2_official, "controlled_km2": stats[r.iso]["controlled_km2"],
                "controlled_pct": stats[r.iso]["controlled_pct"], "claimed_since": stats[r.iso]["claimed_since"],
                "approximation_note": boundary_note} for r in atlas.regions]
    claims = claims_in_force(atlas, on)
    claimed = [{"id": c.id, "regions": ", ".join(c.regions), "claimed_since": c.claimed_since.isoformat(),
                "ratified": c.ratified.isoformat() if c.ratified else None, "title": c.title, "description": c.description,
                "approximation_note": CLAIM_NOTE, "sources": _sources(c.sources)} for c in claims]
    claimed_geoms = [shapely.union_all([atlas.regions_by_iso[i].geometry for i in c.regions]) for c in claims]
    return {
        "regions": _frame(regions, [r.geometry for r in atlas.regions]),
        "claimed": _frame(claimed, claimed_geoms),
        "controlled": _frame(*_assessment_rows(atlas.snapshots, on)),
        "held_in_russia": _frame(*_assessment_rows(atlas.held_in_russia, on)),
        "events": events_frame(events_in_window(atlas.events, on, window_days)),
    }


def date_geopackage(atlas: Atlas, on: date, window_days: int | None) -> tuple[bytes, dict[str, int]]:
    """(the GeoPackage's bytes, features per layer) of ``date_layers``."""
    counts = {}
    with tempfile.TemporaryDirectory(prefix="conflictmap-gpkg-") as tmp:
        path = Path(tmp) / "layers.gpkg"
        for name, frame in date_layers(atlas, on, window_days).items():
            kind = GPKG_LAYERS[name]
            frame.to_file(path, layer=name, driver="GPKG", engine="pyogrio", geometry_type=kind,
                          promote_to_multi=kind == "MultiPolygon")
            counts[name] = len(frame)
        return path.read_bytes(), counts
