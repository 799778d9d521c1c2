"""Classroom story mode: large type, one step at a time, buttons that also answer the keyboard, autoplay."""

from __future__ import annotations

import time

import folium
import streamlit as st
from streamlit_folium import st_folium

from .. import layers, timeline
from ..catalog import Atlas
from ..i18n import t
from ..permalink import step_index
from ..text import md_text
from . import data, details

AUTOPLAY_SECONDS = 10
STORY_CSS = """
<style>
[data-testid="stMain"] .cm-caption p { font-size: 1.45rem; line-height: 1.5; }
[data-testid="stMain"] h1 { font-size: 2.4rem; }
.st-key-story_clicker_prev, .st-key-story_clicker_next { display: none; }
</style>
"""


def _step_index(n: int) -> int:
    return step_index(st.query_params.get("step"), n)


def _go(delta: int, n: int) -> None:
    i = _step_index(n) + delta
    st.query_params["step"] = str(min(max(i, 0), n - 1) + 1)


def render(atlas: Atlas | None, lang: str) -> None:
    if atlas is None:
        return
    if not atlas.stories:
        st.info(t("no_stories", lang))
        return
    st.markdown(STORY_CSS, unsafe_allow_html=True)  # constant CSS: larger type for a projector
    by_id = {s.id: s for s in atlas.stories}
    wanted = st.query_params.get("story", "default")
    story = by_id.get(wanted) or atlas.stories[0]
    choice = st.sidebar.selectbox(t("story_pick", lang), list(by_id), index=list(by_id).index(story.id), format_func=lambda i: by_id[i].text(lang)[0])
    if choice != story.id:
        story = by_id[choice]
        st.query_params["step"] = "1"
    st.query_params["story"] = story.id
    n = len(story.steps)
    autoplay = st.sidebar.toggle(t("autoplay", lang), key="autoplay")

    @st.fragment(run_every=AUTOPLAY_SECONDS if autoplay else None)
    def stage() -> None:
        # autoplay moves on only after a step has been shown for its full time (not at once when switched on)
        shown = st.session_state.get("_story_shown")
        if autoplay and shown and shown[0] == _step_index(n) and time.monotonic() - shown[1] >= AUTOPLAY_SECONDS * 0.9:
            _go(+1, n)
        i = _step_index(n)
        if not shown or shown[0] != i or not autoplay:
            st.session_state["_story_shown"] = (i, time.monotonic())
        step = story.steps[i]
        c1, c2, c3 = st.columns([1, 2, 1])
        c1.button(t("story_prev", lang), on_click=_go, args=(-1, n), shortcut="ArrowLeft", disabled=i == 0, width="stretch", key="story_prev")
        c2.markdown(f"<div style='text-align:center;font-size:1.2rem'>{md_text(t('story_step', lang, i=i + 1, n=n))} · {step.date.isoformat()}</div>", unsafe_allow_html=True)
        c3.button(t("story_next", lang), on_click=_go, args=(+1, n), shortcut="ArrowRight", disabled=i == n - 1, width="stretch", key="story_next", type="primary")
        # presentation clickers send PageUp/PageDown: hidden twins of the two buttons answer them
        st.button("PageUp", on_click=_go, args=(-1, n), shortcut="pageup", key="story_clicker_prev")
        st.button("PageDown", on_click=_go, args=(+1, n), shortcut="pagedown", key="story_clicker_next")
        title, caption = step.text(lang)
        st.title(md_text(title))
        map_col, text_col = st.columns([3, 2])
        with text_col:
            st.markdown(f"<div class='cm-caption'>\n\n{md_text(caption)}\n\n</div>", unsafe_allow_html=True)
            details.sources_block(step.sources, lang)
        with map_col:
            draw_step_map(atlas, step, lang)

    stage()


def draw_step_map(atlas: Atlas, step, lang: str):
    root = atlas.key
    # The map opens on the view of the step it was first shown with (a link, a reload or a language switch), so that
    # step is centred right; later steps move it in place with center/zoom, without a remount.
    mount = st.session_state.setdefault(f"_story_mount_{lang}", (step.center[0], step.center[1], step.zoom))
    options = data.map_options(atlas, lang, fit_ukraine=False, view=tuple(mount))
    m = layers.base_map(data.regions_fc(atlas, root, lang), atlas.neighbours, options, data.region_labels(atlas, root, lang))
    events = timeline.events_in_window(atlas.events, step.date, timeline.WINDOWS[step.window])
    groups = layers.date_layers(data.area_layers_on(atlas, step.date), layers.events_geojson(events, lang), set(step.layers), lang)
    return st_folium(
        m, key="story_map", height=560, width=1000, feature_group_to_add=groups, layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["last_object_clicked_count"], center=list(step.center), zoom=step.zoom,
    )
