"""The scrub strip under the Map page's timeline bar: drag it and the browser redraws the map itself.

Built with Streamlit's own component API (``st.components.v2.component``: inline HTML/CSS/JS in the app's page,
no iframe, no build step, nothing from a CDN). While the range input is dragged (or keys pressed), the component
draws into the folium map's own Leaflet (the st_folium iframe is same-origin: ``iframe.contentWindow.map`` and
``L``) the assessment in force at the dragged date (one ``L.geoJSON`` layer of class ``cm-scrub``), the claimed
regions in force (``cm-scrub-claimed``, hatched by the map's ``cm-claimed`` style) and the events of the page's
window (the map's own icons), hides the server-drawn area, claim, change and event layers meanwhile, and shows the
date large over the map: no server round trip per frame. On release it sends the trigger value ``date`` (a
trigger, because ``setStateValue`` does not send a value equal to the last one it sent: see
``test_releasing_on_the_same_date_twice_still_reaches_the_server``); the callback copies it into
``st.session_state["date"]`` (the slider and URL follow), the normal rerun draws the exact layers, and the scrub
layers go when the new layers arrive in the map (or 1.5 s after the rerun).

The simplified data (``conflictmap.scrub.scrub_file``) is published once as a static JSON file (content-addressed,
see ``assets.publish_json``) and fetched once by the browser; each rerun sends only the marks (dates, ticks,
events per month: about 2 KB) with the component's inline code. Text from data is never put into ``innerHTML``.
The JavaScript and CSS are package files (``conflictmap/templates/``): ``timeline_core.js`` (dates, bisection, the
density strip, the cached layer swap) is shared with the static edition (``conflictmap/site.py``).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from .. import layers
from .. import scrub as scrub_data
from ..catalog import Atlas
from ..i18n import t
from ..templates import styled_text

KEY = "scrub"
RECENT_FROM = "2022-02-24"  # the "2022–today" span starts with the full-scale invasion

CSS = styled_text("scrub_strip.css")
JS = styled_text("timeline_core.js") + styled_text("scrub_strip.js")  # one module: the shared code, then the strip's


def _component():
    """Register (idempotent: the same definition every run) and return the mounting command."""
    return st.components.v2.component("conflictmap.scrub_strip", css=CSS, js=JS)


@st.cache_data(max_entries=4, show_spinner=False)
def geometries_url(_atlas: Atlas, atlas_key: str) -> str:
    """Every assessment's simplified area and the events, published once as a static JSON file (named by its
    content hash)."""
    from ..assets import publish_json

    return publish_json("scrub", scrub_data.scrub_file(_atlas))


@st.cache_data(max_entries=4, show_spinner=False)
def _marks(_atlas: Atlas, atlas_key: str) -> dict:
    return scrub_data.scrub_marks(_atlas)


def _released() -> None:
    """The strip was released on a date: that date becomes the page's date (the slider and URL follow)."""
    value = (st.session_state.get(KEY) or {}).get("date")
    try:
        d = date.fromisoformat(value)
    except (TypeError, ValueError):
        return
    st.session_state["date"] = d


def scrub_strip(atlas: Atlas, on: date, lang: str, draw: bool = True, events: bool = True, window_days: int | None = 30,
                claimed: bool = True) -> None:
    """The strip. ``draw``/``events``/``claimed``: whether the controlled, events and claimed layers are on (what the
    browser redraws while scrubbing); ``window_days``: the page's event window (None: every event up to the date)."""
    data = {
        **_marks(atlas, atlas.key),
        "url": geometries_url(atlas, atlas.key),
        "current": on.isoformat(),
        "recent_from": RECENT_FROM,
        "draw": draw,
        "events": events,
        "claimed": claimed,
        "window": window_days,
        "styles": layers.AREA_STYLES,
        "labels": {"all": t("scrub_all", lang), "recent": t("scrub_recent", lang), "span": t("scrub_span", lang),
                   "input": t("scrub_label", lang)},
    }
    with st.container(key="scrub_strip"):
        _component()(key=KEY, data=data, on_date_change=_released)
