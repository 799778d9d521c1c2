"""ACLED CSV exports (the standard 31-column layout) as our events.

Choices, stated once:

* **Sources.** ACLED's ``source`` column names publishers ("24 Channel; Ministry of Defence of Ukraine") but gives
  no URLs, and our schema requires an http(s) link. Each event therefore gets one Source: publisher ``ACLED``,
  title ``ACLED event <event_id_cnty>: <source>``, URL ``https://acleddata.com/`` and published = the row's
  ``timestamp`` (the date ACLED last changed the record), or the event date when that is absent.
* **Casualties.** ``fatalities`` becomes one CasualtyReport by ACLED (killed = fatalities, injured unknown) with the
  same source, reported at the timestamp date. ACLED's figures are conservative estimates; the note says so.
* **Precision.** ``geo_precision`` 1 → ``settlement``; 2 (near the named place / part of a region) and 3 (region
  or larger) → ``region``. ``time_precision`` (1 = day, 2 = week, 3 = month) and ``geo_precision`` are kept in
  words at the end of the description and in ``coordinates_source``.
* **Categories.** Battles → ``battle`` (sub-types "Government regains territory" → ``liberation``,
  "Non-state actor overtakes territory" → ``capture``); Explosions/Remote violence → ``military_strike``, or
  ``strike_on_civilians`` when ``civilian_targeting`` is set; Violence against civilians → ``civilian_harm``;
  Protests and Riots → ``humanitarian`` (civilian life in wartime, not a military or diplomatic act); Strategic
  developments → ``capture`` for "Non-violent transfer of territory", ``civilian_harm`` for "Looting/property
  destruction", ``military_strike`` for "Disrupted weapons use", otherwise ``diplomacy``.
* **Regions.** ``admin1`` is matched by name to the 27 units (ACLED spells "Kyiv City", "Zaporizhia",
  "Kirovograd", "Crimea"); when the point is not in the named unit, the unit containing the point wins. Points
  outside Ukraine's recognised borders keep ``region: null`` and the country from ACLED's ``country`` column.
  A point a little off the coast (Snake Island, the Black Sea) with its Ukrainian unit named is shown at the
  nearest point of that unit (precision ``region``); ``coordinates_source`` keeps ACLED's original coordinates.
* **Ids** are ``<event date>-acled-<event_id_cnty lowercased>``, e.g. ``2022-04-30-acled-ukr56925``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from ..ukraine import REGION_TABLE
from .common import (
    COUNTRY_CODES,
    MAX_SHORT_TEXT,
    Geo,
    clean_text,
    locate,
    parse_coords,
    parse_count,
    parse_number,
    slug,
    validate_event,
)
from .report import ImportReport, csv_rows, open_csv

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)
REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude")
ACLED_URL = "https://acleddata.com/"

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"), 1)}
_MONTHS.update({k[:3]: v for k, v in list(_MONTHS.items())})

GEO_PRECISION = {1: ("settlement", "at the named place"), 2: ("region", "near the named place or in part of its area"),
                 3: ("region", "somewhere in the named region")}
TIME_PRECISION = {1: "on the given day", 2: "in the week of the given date", 3: "in the month of the given date"}

_ALIASES = {"kyiv city": "UA-30", "kiev city": "UA-30", "city of kyiv": "UA-30", "kyiv": "UA-32", "kiev": "UA-32",
            "crimea": "UA-43", "republic of crimea": "UA-43", "sevastopol": "UA-40", "zaporizhia": "UA-23",
            "zaporizhzhia": "UA-23", "zaporozhye": "UA-23", "kirovograd": "UA-35", "kirovohrad": "UA-35",
            "kropyvnytskyi": "UA-35", "odessa": "UA-51", "odesa": "UA-51", "nikolaev": "UA-48", "mykolaiv": "UA-48",
            "kharkov": "UA-63", "lugansk": "UA-09", "khmelnytskyy": "UA-68", "khmelnitskiy": "UA-68",
            "ivano-frankivsk": "UA-26", "zakarpattia": "UA-21", "transcarpathia": "UA-21", "chernigov": "UA-74"}


def _norm(name: str) -> str:
    s = re.sub(r"\b(oblast|region|province)\b", "", name.lower().replace("’", "'"))
    return re.sub(r"\s+", " ", s).strip()


_BY_NAME = {_norm(r.name): r.iso for r in REGION_TABLE}
_BY_NAME.update({k: v for k, v in _ALIASES.items()})
_BY_NAME["kyiv"] = "UA-32"  # "Kyiv" in ACLED's admin1 is the oblast; the city is "Kyiv City"


def region_for_admin1(name: str) -> str | None:
    return _BY_NAME.get(_norm(name or ""))


def parse_acled_date(value: str) -> date:
    s = clean_text(value, 40, one_line=True)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})[ -]([A-Za-z]+)[ -,]+(\d{4})", s)
        if m and m[2].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    except ValueError:
        raise ValueError(f"{s!r} is not a real date") from None
    raise ValueError(f"{s!r} is not a date (expected YYYY-MM-DD or DD Month YYYY)")


def _category(event_type: str, sub: str, civilian_targeting: str) -> str | None:
    et, st = event_type.strip().lower(), sub.strip().lower()
    if et == "battles":
        return {"government regains territory": "liberation", "non-state actor overtakes territory": "capture"}.get(st, "battle")
    if et == "explosions/remote violence":
        return "strike_on_civilians" if civilian_targeting.strip() else "military_strike"
    if et == "violence against civilians":
        return "civilian_harm"
    if et in ("protests", "riots"):
        return "humanitarian"
    if et == "strategic developments":
        return {"non-violent transfer of territory": "capture", "looting/property destruction": "civilian_harm",
                "disrupted weapons use": "military_strike"}.get(st, "diplomacy")
    return None


def _timestamp_date(value: str) -> date | None:
    try:
        v = parse_number(value, "timestamp")
        return datetime.fromtimestamp(v, tz=UTC).date() if 0 < v < 4e9 else None
    except (ValueError, OverflowError, OSError):
        return None


def looks_like_acled(header: list[str]) -> bool:
    names = {h.strip().lower() for h in header}
    return {"event_id_cnty", "event_type", "event_date"} <= names


def row_to_event(row: dict, geo: Geo) -> dict:
    """One ACLED row as an event dict; raises ValueError(field, reason) when the row cannot be used."""

    def get(col: str, limit: int = MAX_SHORT_TEXT) -> str:
        return clean_text(row.get(col), limit, one_line=True)

    def fail(field: str, reason: str):
        return ValueError(field, reason)

    eid = get("event_id_cnty", 60)
    if not slug(eid):
        raise fail("event_id_cnty", "missing event id")
    try:
        day = parse_acled_date(row.get("event_date") or "")
    except ValueError as exc:
        raise fail("event_date", str(exc)) from None
    try:
        lat, lon = parse_coords(row.get("latitude"), row.get("longitude"))
    except ValueError as exc:
        raise fail("latitude/longitude", str(exc)) from None
    category = _category(get("event_type"), get("sub_event_type"), get("civilian_targeting"))
    if category is None:
        raise fail("event_type", f"unknown ACLED event type {get('event_type', 80)!r}")
    try:
        geo_p = int(parse_number(row.get("geo_precision") or "1", "geo_precision"))
        time_p = int(parse_number(row.get("time_precision") or "1", "time_precision"))
        killed = parse_count(row.get("fatalities"), "fatalities")
    except ValueError as exc:
        raise fail("geo_precision/time_precision/fatalities", str(exc)) from None
    precision, geo_words = GEO_PRECISION.get(geo_p, ("region", "with unstated precision"))
    if not 1 <= time_p <= 3 or not 1 <= geo_p <= 3:
        raise fail("geo_precision/time_precision", f"precision codes must be 1, 2 or 3 (got {geo_p}, {time_p})")
    time_words = TIME_PRECISION.get(time_p, "with unstated date precision")

    country_name = get("country", 80)
    country = COUNTRY_CODES.get(country_name.lower(), "UA" if not country_name else None)
    if country is None:
        raise fail("country", f"unknown country {country_name!r}")
    try:
        region, country, lat, lon, moved = locate(geo, lat, lon, region_for_admin1(get("admin1")), country)
    except ValueError as exc:
        raise fail("latitude/longitude", str(exc)) from None

    if moved:
        precision = "region"
    place = get("location", 200)
    admin1 = get("admin1", 100)
    name = ", ".join(p for p in (place, admin1) if p) or f"{lat}, {lon}"
    sub = get("sub_event_type", 100) or get("event_type", 100)
    title = clean_text(f"{sub} in {place or admin1 or name}", MAX_SHORT_TEXT, one_line=True)
    notes = clean_text(row.get("notes"), 4500)
    precision_note = f"(ACLED: dated {time_words}, time_precision {time_p}; located {geo_words}, geo_precision {geo_p}.)"
    description = f"{notes} {precision_note}" if notes else f"{title}. {precision_note}"

    published = _timestamp_date(row.get("timestamp") or "") or day
    publishers = get("source", 400) or "publisher not named"
    source = {"publisher": "ACLED", "title": clean_text(f"ACLED event {eid}: {publishers}", 500, one_line=True),
              "url": ACLED_URL, "published": published.isoformat()}
    casualties = []
    if killed is not None:
        casualties.append({"reported_by": "ACLED", "reported_at": published.isoformat(), "killed": killed, "injured": None,
                           "note": "ACLED's fatality estimate (conservative; it may be revised)", "source": dict(source)})
    d = {
        "id": f"{day.isoformat()}-acled-{slug(eid)}",
        "date": day.isoformat(),
        "time_local": None,
        "title": title,
        "category": category,
        "location": {"name": name, "lat": lat, "lon": lon, "precision": precision, "region": region, "country": country,
                     "coordinates_source": f"ACLED (geo_precision {geo_p})" + (f"; {moved}" if moved else "")},
        "description": description,
        "casualties": casualties,
        "sources": [source],
    }
    problem = validate_event(d, geo)
    if problem:
        raise fail(*problem)
    return d


def read_acled(text: str, geo: Geo, taken_ids: set[str] | None = None) -> tuple[ImportReport, list[dict]]:
    report = ImportReport("acled")
    events: list[dict] = []
    seen = set(taken_ids or ())
    reader = open_csv(text, REQUIRED, report, "not an ACLED export: ")
    if reader is None:
        return report, []
    for line, row in csv_rows(reader, report):
        try:
            d = row_to_event(row, geo)
        except ValueError as exc:
            field, reason = exc.args if len(exc.args) == 2 else (None, str(exc))
            report.reject("row", line, field, reason)
            continue
        if d["id"] in seen:
            report.reject("row", line, "event_id_cnty", f"duplicate event id {d['id']}")
            continue
        seen.add(d["id"])
        events.append(d)
        report.imported += 1
    return report, events
