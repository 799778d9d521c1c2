"""The main page: timeline, "as of" line, headline figures, the map and the details panel."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st
from streamlit_folium import st_folium

from .. import aggregate, layers, timeline
from ..catalog import Atlas
from ..gazetteer import find_place
from ..i18n import fmt_int, fmt_km2, fmt_num, t
from ..model import DEFAULT_LAYERS
from ..text import md_text
from ..viewmodel import as_of_view
from . import data, details, state
from .scrub import scrub_strip
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
    """One short line: which assessment is shown, its date and age (and, after the last one, how old it is)."""
    v = as_of_view(atlas, on, lang)
    icon = ":material/warning:" if v.old else ":material/info:"
    latest = f" **{md_text(v.last)}**" if v.after_last else ""
    st.markdown(f"{icon} {md_text(v.text)}{latest}")


def as_of_details(atlas: Atlas, on: date, lang: str) -> None:
    """The assessment's sources and approximation note, on demand (beside the map)."""
    v = as_of_view(atlas, on, lang)
    with st.expander(t("as_of_details", lang)):
        if v.assessed:
            st.markdown(md_text(v.text))
            st.markdown(f"{md_text(t('sources', lang))}: " + "; ".join(details.source_link(s, s.publisher) for s in v.sources))
            st.markdown(f"**{md_text(t('approximation', lang))}:** {md_text(v.note)}")
        st.markdown(md_text(v.last))


def headline(stats: dict, lang: str) -> None:
    """The three headline figures, compact: one small line each (they sit beside the map, not above it)."""
    st.metric(t("metric_controlled", lang), f"{fmt_num(stats['controlled_pct'], lang, 1)}%", help=t("headline_help", lang))
    st.metric(t("metric_claimed_not_controlled", lang), fmt_km2(stats["claimed_not_controlled_km2"], lang))
    st.metric(t("metric_controlled_outside", lang), fmt_km2(stats["controlled_outside_claims_km2"], lang))


def timeline_controls(atlas: Atlas, lang: str, controls: dict | None = None) -> date:
    """One compact bar: play, previous/next change and event, and the date slider. The date is written to the URL
    here (not with ``bind="query-params"``, which writes a raw timestamp when the date is changed from code, as play
    and the jump buttons do)."""
    changes = timeline.change_dates(atlas)
    event_dates = timeline.event_dates(atlas.events)
    cur = st.session_state["date"]
    present = presenting()
    prev_change, next_change = timeline.previous_date(changes, cur), timeline.next_date(changes, cur)
    bar = st.container(horizontal=True, vertical_alignment="bottom", gap="small", key="timeline_bar")
    playing = st.session_state.get("playing", False)
    with bar:
        # keyboard in presentations: ← → and PageUp/PageDown (what most clickers send) step, space plays, Esc leaves
        if st.button(t("pause", lang) if playing else t("play", lang), key="play_button", type="primary",
                     icon=":material/pause:" if playing else ":material/play_arrow:", shortcut="space" if present else None):
            _toggle_play(atlas)
            st.rerun()  # the whole page, so the fragment is declared again with (or without) run_every
        st.button(t("prev_change", lang), on_click=_jump, args=(prev_change,), key="prev_change", shortcut="left" if present else None)
        st.button(t("prev_event", lang), on_click=_jump, args=(timeline.previous_date(event_dates, cur),), key="prev_event")
        on = st.slider(
            t("date", lang), min_value=atlas.first_date, max_value=atlas.last_date, step=timedelta(days=1),
            format="YYYY-MM-DD", key="date", label_visibility="collapsed", width="stretch",
        )
        st.button(t("next_event", lang), on_click=_jump, args=(timeline.next_date(event_dates, cur),), key="next_event")
        st.button(t("next_change", lang), on_click=_jump, args=(next_change,), key="next_change", shortcut="right" if present else None)
        if present:
            st.button("PageUp", on_click=_jump, args=(prev_change,), key="clicker_prev", shortcut="pageup")
            st.button("PageDown", on_click=_jump, args=(next_change,), key="clicker_next", shortcut="pagedown")
            st.button(t("present_exit", lang), on_click=_set_present, args=(False,), key="present_exit", icon=":material/close:", shortcut="escape")
        else:
            st.button(t("present", lang), on_click=_set_present, args=(True,), key="present_button", icon=":material/slideshow:")
    st.query_params["date"] = on.isoformat()
    # right under the bar: drag it and the browser redraws the areas (and the window's events) itself
    visible = controls["visible"] if controls else set(DEFAULT_LAYERS)
    window = timeline.WINDOWS[controls["window"]] if controls else timeline.DEFAULT_WINDOW_DAYS
    scrub_strip(atlas, on, lang, draw="controlled" in visible, events="events" in visible, window_days=window,
                claimed="claimed" in visible)
    return on


def presenting() -> bool:
    return st.query_params.get("present") == "1"


def _set_present(on: bool) -> None:
    """Enter or leave presentation mode (in the URL, so a presentation is a link too); the changes layer is on
    by default while presenting."""
    if on:
        st.query_params["present"] = "1"
    elif "present" in st.query_params:
        del st.query_params["present"]
    st.session_state.pop("layers", None)  # re-seeded from the URL with this mode's default layers


PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 0.5rem !important; }
[data-testid="stMainBlockContainer"] h1, .st-key-asof, .st-key-clicker_prev, .st-key-clicker_next { display: none !important; }
iframe[title="streamlit_folium.st_folium"] { height: calc(100vh - 80px) !important; }
.cm-present-caption { position: fixed; right: 1.8rem; bottom: 2.4rem; z-index: 1000; background: rgba(255,255,255,.9); max-width: 34vw;
  padding: .5rem 1rem; border-radius: 8px; box-shadow: 0 1px 6px rgba(0,0,0,.3); font-size: 2.2rem; font-weight: 700; line-height: 1.15; }
.cm-present-caption small { display: block; font-size: 1rem; font-weight: 400; line-height: 1.3; }
</style>
"""


def changes_text(changes: dict, lang: str) -> str:
    """What changed hands since the previous assessment, in one sentence (side panel and presentation caption)."""
    return t("changes_line", lang, prev=changes["prev_as_of"].isoformat(), gained=fmt_int(changes["gained_km2"], lang),
             returned=fmt_int(changes["regained_km2"], lang))


def present_caption(on: date, stats: dict, changes: dict | None, lang: str) -> None:
    """The large date caption and key figures over the map, for a room (all text escaped)."""
    from ..text import html_text

    lines = [f"{t('metric_controlled', lang)}: {fmt_num(stats['controlled_pct'], lang, 1)}%"]
    if changes:
        lines.append(changes_text(changes, lang))
    small = "".join(f"<small>{html_text(x)}</small>" for x in lines)
    st.html(f'<div class="cm-present-caption" data-testid="cm-present-caption">{html_text(on.isoformat())}{small}</div>')


def _toggle_play(atlas: Atlas) -> None:
    """Play from where the timeline stands; at (or after) the last assessment there is nothing left to show, so
    Play rewinds to the start of the range first."""
    playing = not st.session_state.get("playing", False)
    if playing and st.session_state["date"] >= (atlas.last_assessed or atlas.last_date):
        st.session_state["date"] = atlas.first_date
    st.session_state["playing"] = playing


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


MAP_FIRST_CSS = """
<style>
/* Map first: little chrome above the map, so at 1280x720 the map starts high and fills the screen. */
[data-testid="stMainBlockContainer"] { padding-top: 3.5rem; padding-left: 1rem; padding-right: 1rem; padding-bottom: 1rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 1.35rem; line-height: 1.7; padding: 0; margin: 0; }
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
.st-key-timeline_bar button { padding: 0.2rem 0.55rem; min-height: 2.1rem; }
.st-key-asof p { font-size: 0.85rem; line-height: 1.6; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.st-key-side [data-testid="stMetricValue"] { font-size: 1.2rem; }
.st-key-side [data-testid="stMetric"] { padding: 0; }
.st-key-side [data-testid="stMetricLabel"] p { font-size: 0.8rem; }
iframe[title="streamlit_folium.st_folium"] { height: max(420px, calc(100vh - 190px)) !important; }
@media (max-width: 640px) {
  iframe[title="streamlit_folium.st_folium"] { height: 62vh !important; }
  .st-key-timeline_bar [data-testid="stSlider"] { min-width: 100%; order: -1; }  /* the date on its own row, first */
  .st-key-present_button { display: none; }  /* presenting is for a projector */
}
</style>
"""


def render(atlas: Atlas | None, lang: str) -> None:
    st.html(MAP_FIRST_CSS)
    if presenting():
        st.html(PRESENT_CSS)
    st.title(t("app_title", lang))
    if atlas is None:
        return
    for w in state.clean_query_params(atlas):
        st.warning(w)
    controls = map_controls(lang)
    if "date" not in st.session_state:
        st.session_state["date"] = state.parse_date(st.query_params.get("date"), state.initial_date(atlas))
    place = find_place(controls["place"]) if controls["place"] else None
    if controls["place"] and place is None:
        st.sidebar.warning(t("place_not_found", lang, q=controls["place"]))
    playing = st.session_state.get("playing", False)

    @st.fragment(run_every=PLAY_INTERVAL_S if playing else None)
    def live() -> None:
        # a tick of the timer steps the date; the run that a click on Pause (or any other widget) caused does not
        ticked = not any(st.session_state.get(k) for k in ("play_button", "prev_change", "next_change", "prev_event", "next_event"))
        if st.session_state.get("playing") and ticked:
            if st.session_state["date"] >= atlas.last_date:
                st.session_state["playing"] = False
                st.rerun()  # the whole page, so the fragment stops ticking and the button says Play again
            else:
                _step_date(controls["speed"], atlas)
        on = timeline_controls(atlas, lang, controls)
        with st.container(key="asof"):
            as_of_line(atlas, on, lang)
        stats = data.stats_on(atlas, on)
        snap = timeline.snapshot_in_force(atlas.snapshots, on)
        changes = data.changes_since(atlas, atlas.key, snap.id) if snap else None
        if presenting():
            present_caption(on, stats, changes, lang)
            draw_map(atlas, on, controls, lang, place)
            return
        map_col, side_col = st.columns([4, 1], gap="small")
        with map_col:
            out = draw_map(atlas, on, controls, lang, place)
        _handle_click(out)
        with side_col, st.container(key="side"):
            headline(stats, lang)
            if changes:
                st.caption(changes_text(changes, lang))
            as_of_details(atlas, on, lang)
            region, event = state.selection()
            if event and event in atlas.events_by_id:
                details.event_details(atlas.events_by_id[event], lang)
            elif region and region in atlas.regions_by_iso:
                details.region_details(atlas, region, on, stats, lang)
            else:
                st.caption(t("details_hint", lang))
            if region or event:
                st.button(t("clear_selection", lang), on_click=state.select)
        exports_and_citation(atlas, on, *state.selection(), lang)
        if st.toggle(t("trend", lang), key="show_trend"):  # off by default: charts cost every step while on
            from . import charts  # Altair: imported only when the charts are shown

            rows = data.series(atlas, atlas.key, len(atlas.snapshots))
            key_events = timeline.events_of_categories(atlas.events, charts.KEY_EVENT_CATEGORIES)
            st.altair_chart(charts.trend_chart(rows, "controlled_pct", t("chart_share", lang), on, key_events, lang), width="stretch")
            st.altair_chart(charts.trend_chart(rows, "claimed_not_controlled_km2", t("chart_claimed_nc", lang), on), width="stretch")

    live()


def draw_map(atlas: Atlas, on: date, controls: dict, lang: str, place: dict | None):
    root = atlas.key
    options = data.map_options(atlas, lang, basemap=controls["basemap"])
    m = layers.base_map(data.regions_fc(atlas, root, lang), atlas.neighbours, options, data.region_labels(atlas, root, lang))
    window_days = timeline.WINDOWS[controls["window"]]
    # the window's events, or above the marker budget its counts per area (nothing when the layer is hidden)
    n_events, events, cells = (timeline.window_for_map(atlas.events, on, window_days) if "events" in controls["visible"]
                               else (0, (), None))
    region, event = state.selection()
    selected = layers.selection_geojson(atlas, region, event)
    events_fc = layers.cells_geojson(cells, lang) if cells is not None else layers.events_geojson(events, lang)
    groups = layers.date_layers(data.area_layers_on(atlas, on), events_fc, controls["visible"], lang, selected)
    import folium

    if place:
        center, zoom = [place["lat"], place["lon"]], 10
    elif event in atlas.events_by_id:  # an event's link opens on it
        loc = atlas.events_by_id[event].location
        center, zoom = [loc.lat, loc.lon], 8
    else:
        center, zoom = None, None

    out = st_folium(
        m,
        key=MAP_KEY,
        height=options.height,
        width=1200,  # the map div is then stretched to the iframe by CSS (see layers.MAP_CSS)
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=RETURNED,
        center=center,
        zoom=zoom,
    )
    if cells:  # the map shows cells, not events: say so in words, under it
        km = aggregate.cell_km(cells[0])
        st.caption(t("events_aggregated", lang, n=fmt_int(n_events, lang), km=fmt_int(km, lang)))
    return out


def exports_and_citation(atlas: Atlas, on: date, region: str | None, event: str | None, lang: str) -> None:
    """Standalone HTML of this view and the time-lapse (built only when clicked), and a ready citation; both keep
    the selected region or event."""
    from .. import export

    base = (st.context.url or "").split("?")[0] or None
    event = event if event in atlas.events_by_id else None
    with st.expander(t("cite", lang) + " · HTML"):
        st.code(export.citation(atlas, on, region, lang, base_url=base, event=event), language=None)
        c1, c2 = st.columns(2)
        c1.download_button(
            t("export_button_view", lang), lambda: export.export_view_html(atlas, on, region, lang, event=event).encode("utf-8"),
            f"conflictmap-{on.isoformat()}.html", "text/html", on_click="ignore", key="dl_view",
        )
        c2.download_button(
            t("export_button_timelapse", lang), lambda: export.export_timelapse_html(atlas, lang).encode("utf-8"),
            "conflictmap-timelapse.html", "text/html", on_click="ignore", key="dl_timelapse",
        )
        image_buttons(atlas, on, region, lang)


GIF_FROM = date(2022, 2, 24)  # the full-scale invasion: the GIF's default start


def image_buttons(atlas: Atlas, on: date, region: str | None, lang: str, start: date | None = None) -> None:
    """PNG of this view and GIF of a range (``start`` → date; default 24 Feb 2022 → date), drawn when clicked."""
    from ..images import GIF_STEP_DAYS, MAX_FRAMES, frame_dates

    c1, c2 = st.columns(2)
    c1.download_button(
        t("img_download_png", lang), lambda: data.image_png(atlas, atlas.key, on, region, lang),
        f"conflictmap-{on.isoformat()}{'-' + region if region else ''}.png", "image/png", on_click="ignore", key="dl_png",
    )
    start = start or (GIF_FROM if on > GIF_FROM else atlas.first_date)
    n = len(frame_dates(start, on, GIF_STEP_DAYS))
    if n > MAX_FRAMES:
        c2.caption(t("img_gif_too_long", lang, n=n, max=MAX_FRAMES))
        return
    c2.download_button(
        t("img_download_gif", lang, a=start.isoformat(), b=on.isoformat(), n=GIF_STEP_DAYS),
        lambda: data.image_gif(atlas, atlas.key, start, on, GIF_STEP_DAYS, region, lang),
        f"conflictmap-{start.isoformat()}-to-{on.isoformat()}.gif", "image/gif", on_click="ignore", key="dl_gif",
        help=t("img_gif_help", lang, n=n, s=max(1, round(n * 0.4))),
    )
