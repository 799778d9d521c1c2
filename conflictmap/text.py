"""Escaping of every string that reaches HTML or JavaScript.

folium escapes neither ``Tooltip`` nor ``Popup`` text, and ``GeoJsonTooltip`` assigns property values with
``innerHTML``; the map iframe is same-origin with the app, so script in map content is script in the app.
Every piece of text from data goes through ``html_text`` before it reaches a map.
"""

from __future__ import annotations

import html
from urllib.parse import urlparse


def html_text(value) -> str:
    """Text safe inside HTML and inside a JS template literal: no tags, no ``${``, no backticks, no backslashes."""
    s = html.escape("" if value is None else str(value), quote=True)
    return s.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


def safe_url(url: str) -> str | None:
    """The URL if it is an http(s) link, else None (``javascript:`` and ``data:`` links are never rendered)."""
    try:
        parsed = urlparse(str(url).strip())
    except ValueError:
        return None
    return parsed.geturl() if parsed.scheme in ("http", "https") and parsed.netloc else None


def md_text(value) -> str:
    """Text safe in Streamlit markdown: markdown and HTML syntax characters are escaped, so data stays data, and
    every line break (``\\n``, ``\\r\\n`` and a lone ``\\r``, which markdown also ends a line at) is a space."""
    s = "" if value is None else str(value)
    for ch in "\\`*_{}[]()<>#+-.!|~$":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def md_link(label, url) -> str:
    """A markdown link with escaped label, or the escaped label alone when the URL is not http(s)."""
    safe = safe_url(url)
    if safe is None:
        return md_text(label) + " (link withheld: not an http(s) URL)"
    return f"[{md_text(label)}]({safe.replace(')', '%29').replace('(', '%28').replace(' ', '%20')})"
