"""Events as JSON, CSV and GeoJSON: one serialisation shared by the CLI, the pages' downloads and the importers."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import date

from .model import Event, Source

CSV_COLUMNS = (
    "id", "date", "time_local", "title", "title_uk", "category", "place", "lat", "lon", "precision", "region", "country",
    "description", "description_uk", "killed_latest", "casualty_reports", "sources",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def event_to_dict(event: Event) -> dict:
    """All fields of an event, JSON-ready (the same layout as the event files)."""
    d = _jsonable(asdict(event))
    d.pop("provider", None)
    return d


def source_line(s: Source) -> str:
    return f"{s.publisher}: {s.title} ({s.published.isoformat()}) {s.url}"


def spreadsheet_safe(value) -> str:
    """Neutralise cells a spreadsheet would run as a formula (CSV injection) by prefixing a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def events_to_csv(events) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in events:
        reports = "; ".join(
            f"{r.reported_by} ({r.reported_at}): killed {r.killed if r.killed is not None else '?'}, "
            f"injured {r.injured if r.injured is not None else '?'} [{r.source.url}]"
            for r in e.casualties
        )
        row = (
            e.id, e.date.isoformat(), e.time_local or "", e.title, e.title_uk, e.category, e.location.name, e.location.lat,
            e.location.lon, e.location.precision, e.location.region or "", e.location.country, e.description, e.description_uk,
            e.latest_killed if e.latest_killed is not None else "", reports, " | ".join(source_line(s) for s in e.sources),
        )
        w.writerow([spreadsheet_safe(v) for v in row])
    return buf.getvalue()


def events_to_geojson(events) -> dict:
    feats = []
    for e in events:
        props = event_to_dict(e)
        loc = props.pop("location")
        props["place"] = loc["name"]
        props["precision"] = loc["precision"]
        props["region"] = loc["region"]
        props["country"] = loc["country"]
        props["coordinates_source"] = loc["coordinates_source"]
        feats.append(
            {"type": "Feature", "id": e.id, "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}, "properties": props}
        )
    return {"type": "FeatureCollection", "features": feats}


def events_to_json(events) -> str:
    return json.dumps([event_to_dict(e) for e in events], ensure_ascii=False, indent=2)
