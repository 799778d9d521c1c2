"""Rows of the pages' tables: plain values a dataframe shows, in the page's language, with only http(s) links."""

from __future__ import annotations

from .catalog import Atlas
from .layers import category_label
from .text import safe_url

MAX_SOURCE_COLUMNS = 3  # the Events table shows an event's first three sources as link columns


def event_rows(events, atlas: Atlas, lang: str) -> list[dict]:
    """One row per event for the Events page: date, title, category, place, region (its name in ``lang``; the
    country code outside Ukraine), the latest death toll reported, and up to three source links (None where a
    source has none, or a link that is not http(s))."""
    rows = []
    for e in events:
        region = atlas.regions_by_iso.get(e.location.region) if e.location.region else None
        row = {
            "date": e.date.isoformat(),
            "title": e.text(lang)[0],
            "category": category_label(e.category, lang),
            "place": e.location.name,
            "region": (region.name_uk if lang == "uk" else region.name) if region else e.location.country,
            "killed (latest report)": e.latest_killed,
        }
        for i in range(MAX_SOURCE_COLUMNS):
            row[f"source {i + 1}"] = safe_url(e.sources[i].url) if i < len(e.sources) else None
        rows.append(row)
    return rows
