"""Building an event dict from loosely typed fields (our CSV columns or GeoJSON properties), shared by both."""

from __future__ import annotations

import re

from ..catalog import check_url, url_style
from ..formats import LEADING_BLANKS
from ..model import EVENT_CATEGORIES, LOCATION_PRECISIONS
from .common import MAX_SHORT_TEXT, Geo, clean_text, locate, parse_coords, parse_iso_date, validate_event

_SOURCE_LINE = re.compile(r"^(?P<publisher>.+?): (?P<title>.+) \((?P<published>\d{4}-\d{2}-\d{2})\) (?P<url>\S+)$")
_FORMULA_QUOTED = re.compile("^'[" + re.escape(LEADING_BLANKS) + "]*[=+\\-@\t\r]")


def unquote_cell(value) -> str:
    """Undo formats.spreadsheet_safe's leading quote (only where it was added)."""
    s = "" if value is None else str(value)
    return s[1:] if _FORMULA_QUOTED.match(s) else s


def parse_source_line(line: str) -> dict:
    m = _SOURCE_LINE.match(clean_text(line, 2000, one_line=True))
    if not m:
        raise ValueError(f"source {clean_text(line, 80, one_line=True)!r} is not 'publisher: title (YYYY-MM-DD) URL'")
    return _source(m["publisher"], m["title"], m["url"], m["published"])


def _source(publisher, title, url, published) -> dict:
    url = clean_text(url, 2000, one_line=True)
    reason = check_url(url) or url_style(url)
    if reason:
        raise ValueError(reason)
    parse_iso_date(published, "source published date")
    return {"publisher": clean_text(publisher, MAX_SHORT_TEXT, one_line=True), "title": clean_text(title, 500, one_line=True),
            "url": url, "published": str(published).strip()}


def source_from_obj(obj) -> dict:
    if isinstance(obj, str):
        return parse_source_line(obj)
    if not isinstance(obj, dict):
        raise ValueError(f"a source must be an object or a text line, not {type(obj).__name__}")
    for k in ("publisher", "title", "url", "published"):
        if not isinstance(obj.get(k), str) or not obj.get(k).strip():
            raise ValueError(f"source field {k!r} is missing or not text")
    return _source(obj["publisher"], obj["title"], obj["url"], obj["published"])


def build_event(f: dict, geo: Geo, coordinates_source: str) -> dict:
    """An event dict from fields id, date, time_local, title, category, place, lat, lon, precision, region, country,
    description, casualties (list), sources (list); raises ValueError(field, reason)."""

    def fail(field, reason):
        return ValueError(field, reason)

    try:
        day = parse_iso_date(f.get("date"))
    except ValueError as exc:
        raise fail("date", str(exc)) from None
    try:
        lat, lon = parse_coords(f.get("lat"), f.get("lon"))
    except ValueError as exc:
        raise fail("lat/lon", str(exc)) from None
    title = clean_text(f.get("title"), MAX_SHORT_TEXT, one_line=True)
    if not title:
        raise fail("title", "title is missing")
    category = clean_text(f.get("category"), 40, one_line=True)
    if category not in EVENT_CATEGORIES:
        raise fail("category", f"{category!r} is not one of {', '.join(EVENT_CATEGORIES)}")
    raw_id = clean_text(f.get("id"), 120, one_line=True).lower()
    if not raw_id:
        raise fail("id", "id is missing")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9]+(-[a-z0-9]+)*", raw_id):
        raise fail("id", f"id {raw_id!r} must look like YYYY-MM-DD-words-in-lowercase")
    precision = clean_text(f.get("precision"), 20) or "settlement"
    if precision not in LOCATION_PRECISIONS:
        raise fail("precision", f"{precision!r} is not one of {', '.join(LOCATION_PRECISIONS)}")
    named = clean_text(f.get("region"), 10) or None
    country = clean_text(f.get("country"), 5).upper() or None
    try:
        region, country, lat, lon, moved = locate(geo, lat, lon, named, country)
    except ValueError as exc:
        raise fail("lat/lon", str(exc)) from None
    time_local = clean_text(f.get("time_local"), 10) or None
    sources = f.get("sources")
    if not isinstance(sources, list) or not sources:
        raise fail("sources", "at least one source (publisher, title, date, http(s) URL) is required")
    try:
        srcs = [source_from_obj(s) for s in sources[:50]]
    except ValueError as exc:
        raise fail("sources", str(exc)) from None
    casualties = f.get("casualties") or []
    if not isinstance(casualties, list):
        raise fail("casualties", "casualties must be a list")
    cas = []
    for r in casualties[:50]:
        if not isinstance(r, dict):
            raise fail("casualties", "a casualty report must be an object")
        try:
            cas.append({"reported_by": clean_text(r.get("reported_by"), MAX_SHORT_TEXT, one_line=True),
                        "reported_at": clean_text(r.get("reported_at"), 20), "killed": r.get("killed"), "injured": r.get("injured"),
                        "note": clean_text(r.get("note"), 1000) or None, "source": source_from_obj(r.get("source"))})
        except ValueError as exc:
            raise fail("casualties", str(exc)) from None
    place = clean_text(f.get("place"), MAX_SHORT_TEXT, one_line=True) or title
    description = clean_text(f.get("description")) or title
    d = {
        "id": raw_id,
        "date": day.isoformat(),
        "time_local": time_local,
        "title": title,
        "category": category,
        "location": {"name": place, "lat": lat, "lon": lon, "precision": "region" if moved else precision, "region": region,
                     "country": country, "coordinates_source": clean_text(f.get("coordinates_source"), MAX_SHORT_TEXT, one_line=True)
                     or coordinates_source + (f"; {moved}" if moved else "")},
        "description": description,
        "casualties": cas,
        "sources": srcs,
    }
    # Ukrainian text when the input has it (our CSV and GeoJSON exports do); without it the model shows the English
    uk = {"title_uk": clean_text(f.get("title_uk"), MAX_SHORT_TEXT, one_line=True), "description_uk": clean_text(f.get("description_uk"))}
    d.update({k: v for k, v in uk.items() if v})
    problem = validate_event(d, geo)
    if problem:
        raise fail(*problem)
    return d
