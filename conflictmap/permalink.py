"""The view in a URL: reading and writing the query parameters that make every view a permalink.

Pure functions of the parameters (a mapping of strings, as ``st.query_params`` holds them) and the atlas, so what a
hostile or stale link does is tested without Streamlit; ``ui/state.py`` applies their answers to the page. A value
that names nothing is replaced by the default with a warning, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from .catalog import Atlas
from .i18n import LANGUAGES
from .model import LAYER_KEYS
from .timeline import WINDOWS

REMOVE = None  # in a ``ParamCheck.changes`` value: drop the parameter from the URL


@dataclass(frozen=True)
class ParamCheck:
    """What to change in a link's parameters (key → new value, or ``REMOVE``) and what was wrong with it, as
    (parameter, offending value) pairs for the page's warning."""

    changes: dict[str, str | None]
    problems: list[tuple[str, str]]


def parse_date(text, fallback: date) -> date:
    """An ISO date from a URL, or ``fallback`` when it is missing or not a date."""
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return fallback


def _date_problem(raw: str, atlas: Atlas) -> bool:
    try:
        return not atlas.first_date <= date.fromisoformat(raw) <= atlas.last_date
    except ValueError:
        return True


def check_view_params(params: Mapping[str, str], atlas: Atlas) -> ParamCheck:
    """Check a link's ``date``, ``window``, ``region``, ``event``, ``lang`` and ``layers`` against the data.

    A date outside the data, or a window, region, event or language that does not exist, is removed. Unknown
    layers are dropped from ``layers`` and the known ones kept; when none is known, ``layers`` is removed (the
    default layers, not an empty map). Other parameters are left alone.
    """
    changes: dict[str, str | None] = {}
    problems: list[tuple[str, str]] = []
    known = {"window": WINDOWS, "region": atlas.regions_by_iso, "event": atlas.events_by_id, "lang": LANGUAGES}
    raw = params.get("date")
    if raw is not None and _date_problem(raw, atlas):
        changes["date"] = REMOVE
        problems.append(("date", raw))
    for key in ("window", "region", "event", "lang"):
        raw = params.get(key)
        if raw is not None and raw not in known[key]:
            changes[key] = REMOVE
            problems.append((key, raw))
    raw = params.get("layers")
    if raw is not None:
        unknown = [v for v in raw.split(",") if v and v not in LAYER_KEYS]
        if unknown:
            problems.append(("layers", ",".join(unknown)))
            kept = [v for v in raw.split(",") if v in LAYER_KEYS]
            changes["layers"] = ",".join(kept) if kept else REMOVE
    return ParamCheck(changes, problems)


def view_url(base_url: str, params: Mapping[str, str], page_path: str = "", **extra) -> str:
    """An absolute link to a view: the page (``page_path`` beside the current page, or the current one) and its
    parameters, with ``extra`` added (None values left out). Values are percent-encoded, so any text is safe."""
    query = dict(params)
    query.update({k: str(v) for k, v in extra.items() if v is not None})
    base = (base_url or "").split("?")[0]
    if page_path:
        base = base.rsplit("/", 1)[0] + "/" + page_path if base else page_path
    return f"{base}?{urlencode(query)}"


def widget_value(raw: str | None, options: Sequence, default, multi: bool = False):
    """A widget's first value from its URL parameter: the named option (``multi``: the named options of a
    comma-separated list, unknown ones dropped; an empty parameter is an empty choice), else ``default``."""
    if multi:
        return [v for v in (raw.split(",") if raw else []) if v in options] if raw is not None else list(default)
    return raw if raw in options else default


def url_text(value, default) -> str | None:
    """The URL parameter for a widget's value (lists comma-separated), or None when it equals the default, so
    links stay short."""
    def text(v) -> str:
        return ",".join(v) if isinstance(v, (list, tuple)) else str(v)

    return None if text(value) == text(default) else text(value)


def step_index(raw: str | None, n: int) -> int:
    """The 0-based story step a link's ``step`` (1-based) names, kept within the story's ``n`` steps."""
    try:
        return min(max(int(raw if raw is not None else "1"), 1), n) - 1
    except ValueError:
        return 0
