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
