"""Package files that pages and exports render: JavaScript, CSS and HTML kept as files, not Python strings.

``timeline_core.js`` is shared by the Map page's scrub strip (``ui/scrub.py``) and the static edition (``site.py``).
"""

from __future__ import annotations

import functools

from ..paths import TEMPLATES_DIR


@functools.cache
def template_text(name: str) -> str:
    """The text of one package file in ``conflictmap/templates/`` (read once per process)."""
    return (TEMPLATES_DIR / name).read_text(encoding="utf-8")


@functools.cache
def styled_text(name: str) -> str:
    """A CSS or JavaScript package file with its colours filled in from the one palette (``{{ colours.controlled }}``,
    ``{{ page.info }}``: ``layers.COLOURS`` and ``PAGE_COLOURS``), so the strip, the static edition and the exports
    cannot drift apart. An unknown name fails loudly (StrictUndefined)."""
    from jinja2 import Environment, StrictUndefined

    from ..layers import COLOURS, PAGE_COLOURS

    env = Environment(undefined=StrictUndefined, autoescape=False)  # noqa: S701 (CSS/JS of our own; no data goes in)
    return env.from_string(template_text(name)).render(colours=COLOURS, page=PAGE_COLOURS)
