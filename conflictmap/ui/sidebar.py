"""The one sidebar every page shares: language first, then what a page asks for.

Choices live in the URL as stable codes (``lang=uk``, ``window=30``, ``layers=controlled,events``), so a link
restores the view in any language.
"""

from __future__ import annotations

import streamlit as st

from ..i18n import LANGUAGES, t
from ..model import DEFAULT_LAYERS, LAYER_KEYS
from ..timeline import WINDOWS
from .state import DEFAULT_WINDOW, sync_url, url_value

NAV = (
    ("app.py", "app_title", ":material/map:", ""),
    ("pages/1_Events.py", "page_events", ":material/event_note:", "Events"),
    ("pages/2_Regions.py", "page_regions", ":material/folder_open:", "Regions"),
    ("pages/3_Story.py", "page_story", ":material/school:", "Story"),
    ("pages/4_Compare.py", "page_compare", ":material/compare:", "Compare"),
    ("pages/5_Your_data.py", "page_your_data", ":material/upload_file:", "Your_data"),
    ("pages/6_About.py", "page_about", ":material/info:", "About"),
)


def navigation(lang: str) -> None:
    """Translated page links (Streamlit's own list would name the main page after its file, "app")."""
    from streamlit.errors import StreamlitAPIException

    for path, key, icon, url_path in NAV:
        params = {"lang": lang} if lang != "en" else None
        try:
            st.sidebar.page_link(path, label=t(key, lang), icon=icon, query_params=params)
        except StreamlitAPIException:  # a page run on its own (tests) knows no other pages: plain link instead
            st.sidebar.markdown(f"[{t(key, lang)}](./{url_path})")
    st.sidebar.divider()


def language_picker() -> str:
    raw = st.query_params.get("lang")
    if raw is not None and raw not in LANGUAGES and "lang" not in st.session_state:
        st.warning(t("bad_param", "en", what="lang", value=raw))
    url_value("lang", list(LANGUAGES), "en")
    lang = st.sidebar.radio("Language / Мова", list(LANGUAGES), format_func=LANGUAGES.get, key="lang", horizontal=True)
    sync_url("lang", lang, "en")
    return lang


def map_controls(lang: str) -> dict:
    """Layers, event window, basemap and play speed (all but the speed are in the URL)."""
    sb = st.sidebar
    url_value("window", list(WINDOWS), DEFAULT_WINDOW)
    window = sb.selectbox(t("window", lang), list(WINDOWS), format_func=lambda w: t(f"window_{w}", lang), key="window")
    sync_url("window", window, DEFAULT_WINDOW)
    defaults = list(LAYER_KEYS) if st.query_params.get("present") == "1" else list(DEFAULT_LAYERS)
    url_value("layers", list(LAYER_KEYS), defaults, multi=True)
    visible = sb.multiselect(t("layers", lang), list(LAYER_KEYS), format_func=lambda k: t(f"layer_{k}", lang), key="layers")
    sync_url("layers", visible, defaults)
    url_value("basemap", ["outlines", "osm"], "outlines")
    basemap = sb.radio(t("basemap", lang), ["outlines", "osm"], format_func=lambda b: t(f"basemap_{b}", lang), key="basemap")
    sync_url("basemap", basemap, "outlines")
    speed = sb.select_slider(
        t("speed", lang), options=[7, 30, 91], value=30,
        format_func=lambda d: t({7: "speed_slow", 30: "speed_normal", 91: "speed_fast"}[d], lang), key="speed",
    )
    place = sb.text_input(t("place_search", lang), placeholder=t("place_search_help", lang), key="place")
    return {"window": window, "visible": set(visible), "basemap": basemap, "speed": speed, "place": place}
