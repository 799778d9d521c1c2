"""What every page does first: page config, local assets, the language picker and the data."""

from __future__ import annotations

import streamlit as st

from ..assets import ensure_vendor_assets
from ..catalog import Atlas
from ..i18n import t
from . import data, sidebar


def setup(title_key: str, layout: str = "wide", sidebar_state: str = "auto") -> tuple[Atlas | None, str]:
    """Configure the page and return (atlas or None after an error is shown, language). The map page starts with
    the sidebar collapsed, so the map has the screen (its controls are one click away)."""
    st.set_page_config(page_title=t(title_key, "en"), page_icon="🗺️", layout=layout, initial_sidebar_state=sidebar_state)
    ensure_vendor_assets()
    lang = sidebar.language_picker()
    sidebar.navigation(lang)
    atlas = data.get_atlas()
    return atlas, lang
