"""The view's state lives in the URL, so every view is a permalink.

Widgets bound to query parameters (``bind="query-params"``) keep ``date``, ``window``, ``lang``, ``basemap`` and
``layers`` in the URL by themselves; the selection (``region``, ``event``) is written here. A bad value in a link
is replaced by the default with a visible warning, never an exception.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from .. import timeline
from ..catalog import Atlas
from ..i18n import LANGUAGES, t
from ..permalink import (
    REMOVE,
    check_view_params,
    parse_date,  # noqa: F401 (the pages call it as state.parse_date)
    url_text,
    view_url,
    widget_value,
)

DEFAULT_WINDOW = timeline.DEFAULT_WINDOW


def lang() -> str:
    value = st.session_state.get("lang") or st.query_params.get("lang", "en")
    return value if value in LANGUAGES else "en"


def default_date(atlas: Atlas) -> date:
    """Today (the map then shows the latest assessment and says how old it is), or the data's last date."""
    return min(date.today(), atlas.last_date)


def initial_date(atlas: Atlas) -> date:
    """The date a link opens on when it names none: an event's own date for ``?event=``, else the default."""
    event = atlas.events_by_id.get(st.query_params.get("event") or "")
    return event.date if event else default_date(atlas)


def clean_query_params(atlas: Atlas) -> list[str]:
    """Drop URL values that name nothing (bad date, unknown region or event); return warnings to show."""
    qp = st.query_params
    lg = lang()
    check = check_view_params(qp.to_dict(), atlas)
    for key, value in check.changes.items():
        if value is REMOVE:
            del qp[key]
            if key in ("date", "layers"):  # a bound widget keeps its value in the session too
                st.session_state.pop(key, None)
        else:
            qp[key] = value
    return [t("bad_param", lg, what=what, value=value) for what, value in check.problems]


def selection() -> tuple[str | None, str | None]:
    return st.query_params.get("region"), st.query_params.get("event")


def select(region: str | None = None, event: str | None = None) -> None:
    """Select a region or an event (or nothing), in the URL."""
    for key, value in (("region", region), ("event", event)):
        if value:
            st.query_params[key] = value
        elif key in st.query_params:
            del st.query_params[key]


def permalink(page_path: str = "", **extra) -> str:
    """An absolute link to the current view (the URL's query holds the state)."""
    try:
        base = st.context.url or ""
    except Exception:  # st.context.url is unavailable in some test harnesses
        base = ""
    return view_url(base, st.query_params.to_dict(), page_path, **extra)


def url_value(key: str, options: list, default, multi: bool = False):
    """Seed a widget's session state from the URL once; call before creating the widget with ``key=key``.

    Streamlit's ``bind="query-params"`` stores a widget's *formatted label* in the URL when it has a
    ``format_func``; our labels are translated, so such links would break when the language changes. These
    widgets keep stable codes in the URL instead (``sync_url`` writes them back).
    """
    if key not in st.session_state:
        st.session_state[key] = widget_value(st.query_params.get(key), options, default, multi)


def sync_url(key: str, value, default) -> None:
    """Write a widget's value to the URL (removed when it equals the default, to keep links short)."""
    text = url_text(value, default)
    if text is None:
        if key in st.query_params:
            del st.query_params[key]
    else:
        st.query_params[key] = text


def map_link(label: str, **params) -> None:
    """A link to the map page showing the given view, in the same session (imports and choices are kept).

    A page run on its own (as in tests) knows no other pages; it then gets a plain relative link instead.
    """
    from streamlit.errors import StreamlitAPIException

    from ..text import md_text

    params = {k: v for k, v in params.items() if v is not None}
    try:
        st.page_link("app.py", label=md_text(label), icon=":material/map:", query_params=params)
    except StreamlitAPIException:
        st.markdown(f"[{md_text(label)}](./?{urlencode(params)})")
