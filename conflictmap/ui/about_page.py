"""About / methodology: the project's own docs, rendered from docs/ so the page and the repository agree."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from ..paths import DOCS_DIR

ABOUT_DOCS = ("about.md", "methodology.md")


def render(lang: str) -> None:
    st.title(t("page_about", lang))
    for name in ABOUT_DOCS:
        path = DOCS_DIR / name
        if path.exists():
            st.markdown(path.read_text(encoding="utf-8"))  # our own documentation, not data: markdown only, no HTML
