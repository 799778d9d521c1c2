"""Turning imported control layers (GeoJSON, KML, KMZ) into snapshots in our own property layout.

Every layer is clipped to Ukraine's recognised border (the union of the data root's ``geodata/regions.geojson``),
made valid with ``shapely.make_valid`` (each repair is reported), and rounded to 5 decimals (about 1 m).

Sources (our schema requires an http(s) link for every snapshot):

* files named like ``deepstatemap_data_YYYYMMDD.geojson`` get a Source pointing at the public repository they
  come from, ``https://github.com/cyterat/deepstate-map-data`` (publisher "DeepStateMap via cyterat/deepstate-map-data");
* any other file needs ``--source-url URL`` (the page where the user got the layer); the publisher is the URL's
  host. Without it a ``--dry-run`` still works, but writing is refused.

Several files with the same date (e.g. ISW's layers of one day) are merged into one snapshot. The snapshot says
plainly that it is the user's layer: confidence ``low``, provider ``your data``, method ``imported from <files>``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlparse

import jsonschema
import numpy as np
import shapely
from shapely.geometry import mapping, shape

from .. import schemas
from ..areas import area_km2
from ..catalog import check_url, date_range_problem, url_style
from .common import Geo, clean_text
from .report import RowError

MAX_VERTICES = 5_000_000
DECIMALS = 5
DEEPSTATE_FILE = re.compile(r"^deepstatemap_data_(\d{8})\.(geo)?json$", re.I)
DEEPSTATE_URL = "https://github.com/cyterat/deepstate-map-data"
DATE_PROPERTIES = ("as_of", "date", "asof", "as-of", "day", "valid_on")
_CONTROL_VALIDATOR = jsonschema.Draft202012Validator(schemas.CONTROL_PROPERTIES)


@dataclass
class Layer:
    """The areas read from one file, with the date it carries (property or file name) if any."""

    file: str
    as_of: date | None
    parts: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    def error(self, feature, field_name, reason):
        if len(self.errors) < 1000:
            self.errors.append(RowError(reason, field_name, feature, "feature", self.file))


def date_from_name(name: str) -> date | None:
    """A date in a file name: 20240708, 2024-07-08 or 2024_07_08 (the first that is a real date)."""
    for m in re.finditer(r"(?<!\d)(\d{4})[-_]?(\d{2})[-_]?(\d{2})(?!\d)", name):
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return None


def date_from_properties(props) -> date | None:
    if not isinstance(props, dict):
        return None
    for k in DATE_PROPERTIES:
        v = props.get(k)
        if isinstance(v, str):
            m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", v.strip())
            if m:
                try:
                    return date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    return None
    return None


def area_from_geometry(layer: Layer, index: int, geom) -> None:
    """Check and repair one geometry (shapely), keeping only its areas; problems go to the layer's errors."""
    if geom is None or geom.is_empty:
        layer.error(index, "geometry", "geometry is empty; skipped")
        return
    coords = shapely.get_coordinates(geom)
    if not np.isfinite(coords).all():
        layer.error(index, "geometry", "geometry has NaN or infinite coordinates; skipped")
        return
    if (np.abs(coords[:, 0]) > 180).any() or (np.abs(coords[:, 1]) > 90).any():
        layer.error(index, "geometry", "coordinates out of range (need lon -180..180, lat -90..90, lon/lat order); skipped")
        return
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom)
        layer.error(index, "geometry", f"invalid geometry ({reason}) repaired with make_valid")
    polys = polygonal(geom)
    if polys is None:
        layer.error(index, "geometry", f"a {geom.geom_type} has no area; skipped (control layers need polygons)")
        return
    layer.parts.append(polys)


def area_from_geojson(layer: Layer, index: int, geom_json, vertex_budget: list[int]) -> None:
    if not isinstance(geom_json, dict):
        layer.error(index, "geometry", "geometry is missing or not an object; skipped")
        return
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # NaN coordinates are reported below
            geom = shape(geom_json)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        layer.error(index, "geometry", f"geometry cannot be read: {clean_text(exc, 200)}; skipped")
        return
    n = int(shapely.get_num_coordinates(geom))
    vertex_budget[0] -= n
    if vertex_budget[0] < 0:
        layer.error(index, "geometry", f"over {MAX_VERTICES:,} vertices in this file; the rest is skipped")
        return
    area_from_geometry(layer, index, geom)


def polygonal(geom):
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom if not geom.is_empty else None
    if geom.geom_type == "GeometryCollection":
        parts = [p for g in geom.geoms if (p := polygonal(g)) is not None]
        return shapely.union_all(parts) if parts else None
    return None


def _round(geom):
    geom = shapely.set_precision(geom, 10**-DECIMALS)
    geom = shapely.transform(geom, lambda xy: np.round(xy, DECIMALS))
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return polygonal(geom)


def _source(files: list[str], as_of: date, source_url: str | None) -> dict | None:
    if source_url:
        host = urlparse(source_url).hostname or source_url
        return {"publisher": clean_text(host, 200, one_line=True), "title": clean_text(f"Layer {', '.join(files)}", 500, one_line=True),
                "url": source_url, "published": as_of.isoformat()}
    if all(DEEPSTATE_FILE.match(f) for f in files):
        return {"publisher": "DeepStateMap via cyterat/deepstate-map-data", "title": f"DeepStateMap occupied territory, {as_of.isoformat()}",
                "url": DEEPSTATE_URL, "published": as_of.isoformat()}
    return None


def build_snapshots(layers: list[Layer], geo: Geo, date_override: date | None, source_url: str | None, need_source: bool):
    """(snapshots, errors): one snapshot per date, each {"as_of", "features", "area_km2", "feature", "files"}."""
    errors: list[RowError] = []
    if source_url:
        reason = check_url(source_url) or url_style(source_url)
        if reason:
            return [], [RowError(reason, "--source-url")]
    by_date: dict[date, list[Layer]] = {}
    for layer in layers:
        errors.extend(layer.errors)
        as_of = date_override or layer.as_of
        if as_of is None:
            errors.append(RowError("no date in the file name or in an as_of/date property; give --date YYYY-MM-DD", "date", file=layer.file))
            continue
        out_of_range = date_range_problem(as_of)
        if out_of_range:
            errors.append(RowError(f"assessment date {out_of_range}", "date", file=layer.file))
            continue
        if not layer.parts:
            errors.append(RowError("no usable areas in this file", "geometry", file=layer.file))
            continue
        by_date.setdefault(as_of, []).append(layer)
    ukraine = geo.ukraine
    snapshots = []
    for as_of, group in sorted(by_date.items()):
        files = [lay.file for lay in group]
        parts = [p for lay in group for p in lay.parts]
        merged = shapely.union_all(parts)
        if not merged.is_valid:
            merged = shapely.make_valid(merged)
        clipped = polygonal(shapely.intersection(merged, ukraine)) if not merged.is_empty else None
        clipped = _round(clipped) if clipped is not None else None
        if clipped is None or clipped.is_empty:
            errors.append(RowError("nothing left inside Ukraine's recognised border after clipping", "geometry", file=", ".join(files)))
            continue
        outside = area_km2(merged) - area_km2(clipped)
        source = _source(files, as_of, source_url)
        if source is None and need_source:
            errors.append(RowError("give --source-url URL (where this layer was published) to write it; a snapshot needs an http(s) source",
                                   "--source-url", file=", ".join(files)))
            continue
        props = {
            "id": f"control-{as_of.isoformat()}",
            "as_of": as_of.isoformat(),
            "label": clean_text(f"Imported layer: {', '.join(files)}", 300, one_line=True),
            "method": clean_text(f"imported from {', '.join(files)}", 500, one_line=True),
            "confidence": "low",
            "confidence_note": "This is the user's own layer, imported as given; the project has not checked it against other assessments.",
            "approximate": True,
            "approximation_note": f"Clipped to Ukraine's recognised border (about {max(outside, 0):,.0f} km² outside it removed), "
                                  f"repaired where invalid and rounded to {DECIMALS} decimals.",
            "sources": [source] if source else [],
            "provider": "your data",
        }
        if source:
            errs = list(_CONTROL_VALIDATOR.iter_errors(props))
            if errs:
                errors.append(RowError(clean_text(errs[0].message, 300), "properties", file=", ".join(files)))
                continue
        feature = {"type": "Feature", "id": props["id"], "properties": props, "geometry": mapping(clipped)}
        n_feats = len(clipped.geoms) if hasattr(clipped, "geoms") else 1
        snapshots.append({"as_of": as_of.isoformat(), "features": n_feats, "area_km2": round(area_km2(clipped), 1),
                          "files": files, "feature": feature})
    return snapshots, errors
