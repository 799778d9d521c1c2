"""The view's state lives in the URL, so every view is a permalink.

Widgets bound to query parameters (``bind="query-params"``) keep ``date``, ``window``, ``lang``, ``basemap`` and
``layers`` in the URL by themselves; the selection (``region``, ``event``) is written here. A bad value in a link
is replaced by the default with a visible warning, never an exception.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import streamlit as st

from ..catalog import Atlas
from ..i18n import LANGUAGES, t
from ..model import LAYER_KEYS
from ..timeline import WINDOWS

DEFAULT_WINDOW = "30"
SELECTION_KEYS = ("region", "event")


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
    warnings = []
    qp = st.query_params
    lg = lang()
    raw = qp.get("date")
    if raw is not None:
        try:
            d = date.fromisoformat(raw)
            if not atlas.first_date <= d <= atlas.last_date:
                raise ValueError
        except ValueError:
            del qp["date"]
            st.session_state.pop("date", None)
            warnings.append(t("bad_param", lg, what="date", value=raw))
    if qp.get("window") is not None and qp.get("window") not in WINDOWS:
        warnings.append(t("bad_param", lg, what="window", value=qp["window"]))
        del qp["window"]
    if qp.get("region") is not None and qp["region"] not in atlas.regions_by_iso:
        warnings.append(t("bad_param", lg, what="region", value=qp["region"]))
        del qp["region"]
    if qp.get("event") is not None and qp["event"] not in atlas.events_by_id:
        warnings.append(t("bad_param", lg, what="event", value=qp["event"]))
        del qp["event"]
    if qp.get("lang") is not None and qp["lang"] not in LANGUAGES:
        warnings.append(t("bad_param", lg, what="lang", value=qp["lang"]))
        del qp["lang"]
    raw_layers = qp.get("layers")
    if raw_layers is not None:
        unknown = [v for v in raw_layers.split(",") if v and v not in LAYER_KEYS]
        if unknown:
            warnings.append(t("bad_param", lg, what="layers", value=",".join(unknown)))
            known = [v for v in raw_layers.split(",") if v in LAYER_KEYS]
            if known:
                qp["layers"] = ",".join(known)
            else:  # nothing usable: the default layers, not an empty map
                del qp["layers"]
                st.session_state.pop("layers", None)
    return warnings


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
    params = {k: v for k, v in st.query_params.to_dict().items()}
    params.update({k: v for k, v in extra.items() if v is not None})
    base = ""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # st.context.url is unavailable in some test harnesses
        base = ""
    if page_path:
        base = base.rsplit("/", 1)[0] + "/" + page_path if base else page_path
    return f"{base}?{urlencode(params)}"


def parse_date(text: str, fallback: date) -> date:
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return fallback


def url_value(key: str, options: list, default, multi: bool = False):
    """Seed a widget's session state from the URL once; call before creating the widget with ``key=key``.

    Streamlit's ``bind="query-params"`` stores a widget's *formatted label* in the URL when it has a
    ``format_func``; our labels are translated, so such links would break when the language changes. These
    widgets keep stable codes in the URL instead (``sync_url`` writes them back).
    """
    if key in st.session_state:
        return
    raw = st.query_params.get(key)
    if multi:
        chosen = [v for v in (raw.split(",") if raw else []) if v in options]
        st.session_state[key] = chosen if raw is not None else list(default)
    else:
        st.session_state[key] = raw if raw in options else default


def sync_url(key: str, value, default) -> None:
    """Write a widget's value to the URL (removed when it equals the default, to keep links short)."""
    text = ",".join(value) if isinstance(value, (list, tuple)) else str(value)
    default_text = ",".join(default) if isinstance(default, (list, tuple)) else str(default)
    if text == default_text:
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
