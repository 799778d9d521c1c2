"""The one sidebar every page shares: language first, then what a page asks for."""

from __future__ import annotations

import streamlit as st

from ..i18n import LANGUAGES, t
from ..timeline import WINDOWS
from .state import DEFAULT_WINDOW, LAYER_KEYS


def language_picker() -> str:
    return st.sidebar.radio(
        "Language / Мова", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", bind="query-params", horizontal=True
    )


def map_controls(lang: str) -> dict:
    """Layers, event window, basemap and play speed (all in the URL except the speed)."""
    sb = st.sidebar
    window = sb.selectbox(
        t("window", lang), list(WINDOWS), index=list(WINDOWS).index(DEFAULT_WINDOW),
        format_func=lambda w: t(f"window_{w}", lang), key="window", bind="query-params",
    )
    layer_names = {k: t(f"layer_{k}", lang) for k in LAYER_KEYS}
    visible = sb.multiselect(
        t("layers", lang), list(LAYER_KEYS), default=list(LAYER_KEYS), format_func=layer_names.get,
        key="layers", bind="query-params",
    )
    basemap = sb.radio(
        t("basemap", lang), ["outlines", "osm"], format_func=lambda b: t(f"basemap_{b}", lang),
        key="basemap", bind="query-params",
    )
    speed = sb.select_slider(
        t("speed", lang), options=[7, 30, 91], value=30,
        format_func=lambda d: t({7: "speed_slow", 30: "speed_normal", 91: "speed_fast"}[d], lang), key="speed",
    )
    place = sb.text_input(t("place_search", lang), placeholder=t("place_search_help", lang), key="place")
    return {"window": window, "visible": set(visible), "basemap": basemap, "speed": speed, "place": place}
