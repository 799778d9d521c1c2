"""What every page does first: page config, local assets, the language picker and the data."""

from __future__ import annotations

import streamlit as st

from ..assets import ensure_vendor_assets
from ..catalog import Atlas
from ..i18n import t
from . import data, sidebar


def setup(title_key: str, layout: str = "wide") -> tuple[Atlas | None, str]:
    """Configure the page and return (atlas or None after an error is shown, language)."""
    st.set_page_config(page_title=t(title_key, "en"), page_icon="🗺️", layout=layout)
    ensure_vendor_assets()
    lang = sidebar.language_picker()
    sidebar.navigation(lang)
    atlas = data.get_atlas()
    return atlas, lang
