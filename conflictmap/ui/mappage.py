"""The main page: timeline, "as of" line, headline figures, the map and the details panel."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st
from streamlit_folium import st_folium

from .. import export, layers, timeline
from ..catalog import Atlas
from ..gazetteer import find_place
from ..i18n import fmt_km2, fmt_num, t
from ..text import md_link, md_text
from . import data, details, state
from .sidebar import map_controls

MAP_KEY = "map"
PLAY_INTERVAL_S = 1.0
RETURNED = ["last_active_drawing", "last_object_clicked_count"]


def _step_date(delta_days: int, atlas: Atlas) -> None:
    d = st.session_state["date"] + timedelta(days=delta_days)
    st.session_state["date"] = min(max(d, atlas.first_date), atlas.last_date)


def _jump(to: date | None) -> None:
    if to is not None:
        st.session_state["date"] = to


def as_of_line(atlas: Atlas, on: date, lang: str) -> None:
    p = export.as_of_parts(atlas, on, lang)
    snap = p["snapshot"]
    if snap is None:
        st.warning(f"{p['text']} {p['last']}")
        return
    src = "; ".join(md_link(f"{s.publisher}", s.url) for s in snap.sources[:3])
    box = st.warning if p["old"] else st.info
    box(
        f"{md_text(p['text'])} {md_text(t('sources', lang))}: {src}. "
        f"**{md_text(t('approximation', lang))}:** {md_text(p['note'])} **{md_text(p['last'])}**"
    )


def headline(stats: dict, lang: str) -> None:
    c1, c2, c3 = st.columns(3)
    c1.metric(t("metric_controlled", lang), f"{fmt_num(stats['controlled_pct'], lang, 1)}%", help=t("headline_help", lang))
    c2.metric(t("metric_claimed_not_controlled", lang), fmt_km2(stats["claimed_not_controlled_km2"], lang))
    c3.metric(t("metric_controlled_outside", lang), fmt_km2(stats["controlled_outside_claims_km2"], lang))


def timeline_controls(atlas: Atlas, lang: str) -> date:
    """Previous/next buttons and the date slider. The date is written to the URL here (not with
    ``bind="query-params"``, which writes a raw timestamp when the date is changed from code, as play and the
    jump buttons do)."""
    changes = timeline.change_dates(atlas)
    event_dates = sorted({e.date for e in atlas.events})
    cur = st.session_state["date"]
    b = st.columns(4)
    b[0].button(t("prev_change", lang), on_click=_jump, args=(timeline.previous_date(changes, cur),), width="stretch")
    b[1].button(t("prev_event", lang), on_click=_jump, args=(timeline.previous_date(event_dates, cur),), width="stretch")
    b[2].button(t("next_event", lang), on_click=_jump, args=(timeline.next_date(event_dates, cur),), width="stretch")
    b[3].button(t("next_change", lang), on_click=_jump, args=(timeline.next_date(changes, cur),), width="stretch")
    on = st.slider(
        t("date", lang), min_value=atlas.first_date, max_value=atlas.last_date, step=timedelta(days=1),
        format="YYYY-MM-DD", key="date",
    )
    st.query_params["date"] = on.isoformat()
    return on


def _toggle_play() -> None:
    st.session_state["playing"] = not st.session_state.get("playing", False)


def _handle_click(out: dict | None) -> None:
    """Turn a new click on the map into a selection (region or event) in the URL."""
    if not out:
        return
    count = out.get("last_object_clicked_count") or 0
    if count == st.session_state.get("_clicks_seen", 0):
        return
    st.session_state["_clicks_seen"] = count
    props = ((out.get("last_active_drawing") or {}).get("properties")) or {}
    if props.get("kind") == "region":
        state.select(region=props.get("iso"))
    elif props.get("kind") == "event":
        state.select(event=props.get("id"))


def render(atlas: Atlas | None, lang: str) -> None:
    st.title(t("app_title", lang))
    if atlas is None:
        return
    for w in state.clean_query_params(atlas):
        st.warning(w)
    controls = map_controls(lang)
    if "date" not in st.session_state:
        st.session_state["date"] = state.parse_date(st.query_params.get("date"), state.default_date(atlas))
    place = find_place(controls["place"]) if controls["place"] else None
    if controls["place"] and place is None:
        st.sidebar.warning(t("place_not_found", lang, q=controls["place"]))

    playing = st.session_state.get("playing", False)
    # Play/pause reruns the whole page, so the fragment below is declared again with (or without) run_every.
    st.button(t("pause", lang) if playing else t("play", lang), key="play_button", on_click=_toggle_play, type="primary")

    @st.fragment(run_every=PLAY_INTERVAL_S if playing else None)
    def live() -> None:
        if st.session_state.get("playing"):
            if st.session_state["date"] >= atlas.last_date:
                st.session_state["playing"] = False
                st.rerun()  # the whole page, so the fragment stops ticking and the button says Play again
            else:
                _step_date(controls["speed"], atlas)
        on = timeline_controls(atlas, lang)
        as_of_line(atlas, on, lang)
        stats = data.stats_on(atlas, on)
        headline(stats, lang)
        map_col, side_col = st.columns([2, 1])
        with map_col:
            out = draw_map(atlas, on, controls, lang, place)
        _handle_click(out)
        with side_col:
            region, event = state.selection()
            if event and event in atlas.events_by_id:
                details.event_details(atlas.events_by_id[event], lang)
            elif region and region in atlas.regions_by_iso:
                details.region_details(atlas, region, on, stats, lang)
            else:
                st.info(t("details_hint", lang))
            if region or event:
                st.button(t("clear_selection", lang), on_click=state.select)
        exports_and_citation(atlas, on, state.selection()[0], lang)
        if st.toggle(t("trend", lang), key="show_trend"):  # off by default: charts cost every step while on
            from . import charts  # Altair: imported only when the charts are shown

            rows = data.series(atlas, atlas.key, len(atlas.snapshots))
            key_events = [e for e in atlas.events if e.category in charts.KEY_EVENT_CATEGORIES]
            st.altair_chart(charts.trend_chart(rows, "controlled_pct", t("chart_share", lang), on, key_events, lang), width="stretch")
            st.altair_chart(charts.trend_chart(rows, "claimed_not_controlled_km2", t("chart_claimed_nc", lang), on), width="stretch")

    live()


def draw_map(atlas: Atlas, on: date, controls: dict, lang: str, place: dict | None):
    root = atlas.key
    options = data.map_options(atlas, lang, basemap=controls["basemap"])
    m = layers.base_map(data.regions_fc(atlas, root, lang), atlas.neighbours, options, data.region_labels(atlas, root, lang))
    window_days = timeline.WINDOWS[controls["window"]]
    events = timeline.events_in_window(atlas.events, on, window_days)
    groups = layers.date_layers(data.area_layers_on(atlas, on), layers.events_geojson(events, lang), controls["visible"], lang)
    import folium

    return st_folium(
        m,
        key=MAP_KEY,
        height=options.height,
        width=1200,  # the map div is then stretched to the iframe by CSS (see layers.MAP_CSS)
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=RETURNED,
        center=[place["lat"], place["lon"]] if place else None,
        zoom=10 if place else None,
    )


def exports_and_citation(atlas: Atlas, on: date, region: str | None, lang: str) -> None:
    """Standalone HTML of this view and the time-lapse (built only when clicked), and a ready citation."""
    from .. import export

    base = (st.context.url or "").split("?")[0] or None
    with st.expander(t("cite", lang) + " · HTML"):
        st.code(export.citation(atlas, on, region, lang, base_url=base), language=None)
        c1, c2 = st.columns(2)
        c1.download_button(
            t("export_button_view", lang), lambda: export.export_view_html(atlas, on, region, lang).encode("utf-8"),
            f"conflictmap-{on.isoformat()}.html", "text/html", on_click="ignore", key="dl_view",
        )
        c2.download_button(
            t("export_button_timelapse", lang), lambda: export.export_timelapse_html(atlas, lang).encode("utf-8"),
            "conflictmap-timelapse.html", "text/html", on_click="ignore", key="dl_timelapse",
        )
