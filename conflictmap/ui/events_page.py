"""Events page: every event in a filterable table with its sources, downloads, and a way back to the map."""

from __future__ import annotations

import json

import streamlit as st

from ..catalog import Atlas
from ..formats import events_to_csv, events_to_geojson
from ..i18n import fmt_int, t
from ..layers import category_label
from ..model import EVENT_CATEGORIES
from ..tables import MAX_SOURCE_COLUMNS, event_rows
from ..timeline import search_events
from . import details, state

SHOWN = 5000  # rows a database's search returns to the page (files: every match, as they are in memory already)


def render(atlas: Atlas | None, lang: str) -> None:
    st.title(t("page_events", lang))
    if atlas is None:
        return
    sb = st.sidebar
    text = sb.text_input(t("search_text", lang), key="q", bind="query-params")
    rng = sb.date_input(t("date_range", lang), value=(atlas.first_date, atlas.last_date), min_value=atlas.first_date, max_value=atlas.last_date, key="range")
    start, end = (rng[0], rng[1]) if isinstance(rng, (tuple, list)) and len(rng) == 2 else (atlas.first_date, atlas.last_date)
    region_names = {r.iso: (r.name_uk if lang == "uk" else r.name) for r in atlas.regions}
    state.url_value("regions", list(region_names), [], multi=True)
    regions = sb.multiselect(t("region", lang), list(region_names), format_func=region_names.get, key="regions")
    state.sync_url("regions", regions, [])
    state.url_value("categories", list(EVENT_CATEGORIES), [], multi=True)
    categories = sb.multiselect(t("category", lang), list(EVENT_CATEGORIES), format_func=lambda c: category_label(c, lang), key="categories")
    state.sync_url("categories", categories, [])
    events, total = search_events(atlas.events, text, start, end, regions, categories, limit=SHOWN)
    if total > len(events):  # database mode: the first rows only (the downloads hold these too)
        st.caption(t("n_events_shown", lang, n=fmt_int(len(events), lang), total=fmt_int(total, lang)))
    else:
        st.caption(t("n_events_one", lang) if len(events) == 1 else t("n_events", lang, n=len(events)))
    c1, c2 = st.columns(2)
    # with a byte-order mark, so Excel opens the UTF-8 file (Cyrillic names) correctly
    c1.download_button(t("download_csv", lang), events_to_csv(events).encode("utf-8-sig"), "conflictmap-events.csv", "text/csv", on_click="ignore")
    c2.download_button(
        t("download_geojson", lang), json.dumps(events_to_geojson(events), ensure_ascii=False).encode("utf-8"),
        "conflictmap-events.geojson", "application/geo+json", on_click="ignore",
    )
    columns = {"date": "col_date", "title": "col_title", "category": "col_category", "place": "col_place",
               "region": "col_region", "killed (latest report)": "col_killed"}
    link_cfg = {name: st.column_config.Column(t(key, lang)) for name, key in columns.items()} | {
        f"source {i + 1}": st.column_config.LinkColumn(t("col_source", lang, i=i + 1), display_text=r"https?://(?:www\.)?([^/]+)")
        for i in range(MAX_SOURCE_COLUMNS)
    }
    picked = st.dataframe(
        event_rows(events, atlas, lang), hide_index=True, column_config=link_cfg, key="events_table",
        on_select="rerun", selection_mode="single-row",
    )
    rows = picked.selection.rows if picked else []
    linked = atlas.events_by_id.get(st.query_params.get("event") or "")
    if rows:
        event = events[rows[0]]
        st.query_params["event"] = event.id  # so "Link to this view" restores the selection
    elif linked is not None:
        event = linked  # a link to this page with ?event= shows that event
    else:
        st.info(t("select_row_hint", lang))
        return
    state.map_link(t("open_on_map", lang), date=event.date.isoformat(), event=event.id, lang=lang if lang != "en" else None)
    details.event_details(event, lang)
