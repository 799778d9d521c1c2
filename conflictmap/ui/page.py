"""What every page does first: page config, local assets, the language picker and the data — and the page
boundary (``guard``) that turns any unexpected exception into a short message with an id, never a traceback."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ..assets import ensure_vendor_assets
from ..catalog import Atlas
from ..i18n import t
from . import data, sidebar

log = logging.getLogger("conflictmap.ui")


def setup(title_key: str, layout: str = "wide", sidebar_state: str = "auto") -> tuple[Atlas | None, str]:
    """Configure the page and return (atlas or None after an error is shown, language). The map page starts with
    the sidebar collapsed, so the map has the screen (its controls are one click away)."""
    st.set_page_config(page_title=t(title_key, "en"), page_icon="🗺️", layout=layout, initial_sidebar_state=sidebar_state)
    ensure_vendor_assets()
    lang = sidebar.language_picker()
    sidebar.navigation(lang)
    _remove_your_data_button(lang, st.sidebar)
    atlas = data.get_atlas()
    return atlas, lang


def _has_your_data() -> bool:
    from .yourdata import EVENTS_KEY, SNAPSHOTS_KEY

    return bool(st.session_state.get(EVENTS_KEY) or st.session_state.get(SNAPSHOTS_KEY))


def _remove_your_data_button(lang: str, where, key: str = "sidebar_remove_your_data") -> None:
    """While the session holds imports, every page offers to remove them (whatever else fails on the page)."""
    if _has_your_data() and where.button(t("yd_remove", lang), key=key):
        from .yourdata import forget_session_data

        forget_session_data()
        st.rerun()


@contextmanager
def guard() -> Iterator[None]:
    """The page boundary: Streamlit's own control flow passes; any other exception is logged server-side with its
    trace and an id, and the page shows a short message with that id (and the way out of a session's own data)."""
    from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

    try:
        yield
    except ScriptControlException:
        raise
    except Exception:
        error_id = uuid.uuid4().hex[:8]
        log.exception("page error %s", error_id)
        from .state import lang as current_lang

        lang = current_lang()
        st.error(t("page_error", lang, id=error_id))
        try:
            _remove_your_data_button(lang, st, key="guard_remove_your_data")
        except ScriptControlException:
            raise
        except Exception:  # the message above is what matters; the button is a bonus
            log.exception("page error %s: remove button", error_id)
