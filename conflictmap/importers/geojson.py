"""GeoJSON input: events (Point features with a ``date`` property, in the layout ``formats.events_to_geojson``
writes) and control layers (Polygon/MultiPolygon features; the date from an ``as_of``/``date`` property or from
the file name, as in ``deepstatemap_data_20240708.geojson`` or ``20221115_RussianAssessedCoTinUkraine.geojson``)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

from .common import Unusable, clean_text, decode_text, read_bytes
from .control import MAX_VERTICES, Layer, area_from_geojson, date_from_name, date_from_properties
from .events_common import build_event
from .report import ImportReport

MAX_FEATURES = 1_000_000


def parse_json(text: str, name: str):
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unusable(f"{name}: not valid JSON (line {exc.lineno} column {exc.colno}: {exc.msg})") from None
    except RecursionError:
        raise Unusable(f"{name}: JSON nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise Unusable(f"{name}: not usable JSON ({clean_text(exc, 120)})") from None


def features_of(data, name: str) -> list:
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        feats = data.get("features")
        if not isinstance(feats, list):
            raise Unusable(f"{name}: a FeatureCollection needs a list of features")
    elif isinstance(data, dict) and data.get("type") == "Feature":
        feats = [data]
    elif isinstance(data, dict) and data.get("type") in ("Polygon", "MultiPolygon", "GeometryCollection"):
        feats = [{"type": "Feature", "properties": {}, "geometry": data}]
    else:
        raise Unusable(f"{name}: not GeoJSON (expected a FeatureCollection or Feature)")
    if len(feats) > MAX_FEATURES:
        raise Unusable(f"{name}: {len(feats):,} features, over the {MAX_FEATURES:,} limit")
    return feats


def read_events_geojson(text: str, geo, taken_ids: set[str] | None = None, name: str = "file") -> tuple[ImportReport, list[dict]]:
    report = ImportReport("geojson")
    try:
        feats = features_of(parse_json(text, name), name)
    except Unusable as exc:
        return report.fail(str(exc), "feature"), []
    return report, events_from_features(feats, geo, taken_ids, report)


def events_from_features(feats: list, geo, taken_ids: set[str] | None, report: ImportReport) -> list[dict]:
    """Events from GeoJSON-like Point features (GeoJSON files, and the rows of GeoPackage/GeoParquet layers), every
    rejected feature reported with its index, field and reason."""
    events, seen = [], set(taken_ids or ())
    for i, feat in enumerate(feats):
        report.read += 1
        if not isinstance(feat, dict):
            report.reject("feature", i, None, "a feature must be an object")
            continue
        g = feat.get("geometry")
        props = feat.get("properties")
        if not isinstance(props, dict):
            report.reject("feature", i, "properties", "properties missing or not an object")
            continue
        if not isinstance(g, dict) or g.get("type") != "Point" or not isinstance(g.get("coordinates"), list) or len(g["coordinates"]) < 2:
            report.reject("feature", i, "geometry", "an event needs a Point geometry [lon, lat]")
            continue
        f = dict(props)
        f["lon"], f["lat"] = g["coordinates"][0], g["coordinates"][1]
        f.setdefault("id", feat.get("id"))
        f.setdefault("title", props.get("name"))
        f.setdefault("place", props.get("place") or props.get("name"))
        if not f.get("sources") and isinstance(props.get("url"), str):
            host = urlparse(props["url"]).hostname or "source"
            f["sources"] = [{"publisher": host, "title": clean_text(f.get("title") or host, 300, one_line=True),
                             "url": props["url"], "published": str(props.get("date", ""))}]
        for k in ("id", "title", "date", "category", "description", "place"):
            if f.get(k) is not None and not isinstance(f[k], str):
                report.reject("feature", i, k, f"{k} must be text, not {type(f[k]).__name__}")
                break
        else:
            try:
                d = build_event(f, geo, "imported GeoJSON")
            except ValueError as exc:
                field, reason = exc.args if len(exc.args) == 2 else (None, str(exc))
                report.reject("feature", i, field, reason)
                continue
            if d["id"] in seen:
                report.reject("feature", i, "id", f"duplicate event id {d['id']}")
                continue
            seen.add(d["id"])
            events.append(d)
            report.imported += 1
    return events


def read_control_geojson(path: Path) -> Layer:
    """A control layer from a GeoJSON file; raises Unusable when the file as a whole cannot be used."""
    path = Path(path)
    text = decode_text(read_bytes(path), path.name)
    data = parse_json(text, path.name)
    feats = features_of(data, path.name)
    as_of = date_from_properties(data.get("properties") if isinstance(data, dict) else None)
    layer = Layer(path.name, None)
    budget = [MAX_VERTICES]
    for i, feat in enumerate(feats):
        if not isinstance(feat, dict):
            layer.error(i, None, "a feature must be an object; skipped")
            continue
        as_of = as_of or date_from_properties(feat.get("properties"))
        area_from_geojson(layer, i, feat.get("geometry"), budget)
    layer.as_of = as_of or date_from_name(path.name)
    return layer
