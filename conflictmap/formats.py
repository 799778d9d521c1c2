"""Events as JSON, CSV and GeoJSON: one serialisation shared by the CLI, the pages' downloads and the importers."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict
from datetime import date

from .model import Event, Source

CSV_COLUMNS = (
    "id", "date", "time_local", "title", "title_uk", "category", "place", "lat", "lon", "precision", "region", "country",
    "description", "description_uk", "killed_latest", "casualty_reports", "sources",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Spreadsheets skip these before deciding that a cell is a formula: spaces of every kind (NBSP included), line
# breaks, and the zero-width space and BOM.
LEADING_BLANKS = " \t\r\n\v\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?")


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
    """Neutralise cells a spreadsheet would run as a formula (CSV injection) by prefixing a quote.

    Numbers stay numbers (a negative longitude is ``-74.00597``, not text); text is judged by its first character
    after any leading blanks (spaces, NBSP, line breaks), since spreadsheets skip those too."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value) if isinstance(value, float) else str(value)
    text = "" if value is None else str(value)
    if _PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text if text.lstrip(LEADING_BLANKS).startswith(_FORMULA_START) or text.startswith(_FORMULA_START) else text


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
