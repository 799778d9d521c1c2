"""Escaping (conflictmap/text.py), tested directly with hostile strings: text from data stays text in HTML, in HTML
attributes, in JavaScript template literals and in Streamlit markdown, and only http(s) links are ever linked."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conflictmap.text import html_text, md_link, md_text, safe_url

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "`${alert(1)}`",
    "\\u003cscript\\u003e",
    "</textarea><svg onload=alert(1)>",
    "javascript:alert(1)",
    "&lt;script&gt;",
    "Київ — «Харків» ✓ 🇺🇦 \u202e\u200b",
    "\x00\x1b[31m\r\n\t",
    "[x](javascript:alert(1))",
    "![img](https://evil.example/x.png)",
    "<b>**bold**</b> _x_ # h | a | ~~s~~ $x$",
    "A" * 100_000,
]
MARKDOWN_SPECIAL = "\\`*_{}[]()<>#+-.!|~$"
text_strategy = st.text(alphabet=st.characters(codec="utf-8"), max_size=200)


class Parsed(HTMLParser):
    """The tags, attributes and text a browser's HTML parser would see."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.attrs, self.data = [], [], []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.append(attrs)

    def handle_data(self, data):
        self.data.append(data)


@pytest.mark.parametrize("value", HOSTILE)
def test_html_text_stays_text_in_an_element_and_in_an_attribute(value):
    escaped = html_text(value)
    assert not set(escaped) & set("<>\"'`$\\")
    element = Parsed(f"<p>{escaped}</p>")
    assert element.tags == ["p"] and "".join(element.data) == value
    attribute = Parsed(f'<a title="{escaped}" href="#">x</a>')
    assert attribute.tags == ["a"] and attribute.attrs == [[("title", value), ("href", "#")]]
    single = Parsed(f"<a title='{escaped}'>x</a>")
    assert single.attrs == [[("title", value)]]


def test_html_text_of_nothing_and_of_numbers():
    assert html_text(None) == "" and html_text("") == "" and html_text(42) == "42"


def test_html_text_keeps_unicode_and_length():
    assert html_text("Київ — «Харків»") == "Київ — «Харків»"
    long = "é" * 1_000_000
    assert html_text(long) == long


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_html_text_round_trips_and_never_leaves_a_dangerous_character(value):
    escaped = html_text(value)
    assert html.unescape(escaped) == value
    assert not set(escaped) & set("<>\"'`$\\")


def test_html_text_is_inert_in_a_javascript_template_literal():
    """No backtick closes the literal, no ``${`` opens an expression, no backslash starts an escape."""
    escaped = html_text("`; alert(1); `${document.cookie}\\`")
    assert "`" not in escaped and "${" not in escaped and "\\" not in escaped


@pytest.mark.parametrize("url", [
    "https://example.org/a?b=1&c=2#d", "http://example.org", "HTTPS://EXAMPLE.ORG/x", "  https://example.org/padded  ",
    "https://uk.wikipedia.org/wiki/Київ",
])
def test_safe_url_keeps_http_links(url):
    assert safe_url(url) == url.strip().replace("HTTPS:", "https:")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)", "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>", "data:image/svg+xml;base64,PHN2Zz4=", "vbscript:msgbox(1)",
    "file:///etc/passwd", "//evil.example/x", "/relative", "https://", "http:///path-only", "http://[::1", "", None, 42,
    "ftp://example.org/x", "\x00javascript:alert(1)", "mailto:a@example.org",
])
def test_safe_url_refuses_everything_else(url):
    assert safe_url(url) is None


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_safe_url_only_ever_returns_http_or_https(value):
    out = safe_url(value)
    assert out is None or re.match(r"https?://[^/]", out)


def unescape_markdown(s: str) -> str:
    return re.sub(r"\\(.)", r"\1", s, flags=re.S)


def unescaped_specials(s: str) -> str:
    """The markdown syntax characters left once every backslash escape is taken out."""
    return "".join(ch for ch in re.sub(r"\\.", "", s, flags=re.S) if ch in MARKDOWN_SPECIAL)


@pytest.mark.parametrize("value", HOSTILE)
def test_md_text_escapes_every_syntax_character_and_stays_on_one_line(value):
    escaped = md_text(value)
    assert unescaped_specials(escaped) == ""
    assert "\n" not in escaped and "\r" not in escaped
    assert unescape_markdown(escaped) == re.sub(r"\r\n|\r|\n", " ", value)


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_md_text_round_trips(value):
    escaped = md_text(value)
    assert unescaped_specials(escaped) == "" and not set(escaped) & set("\r\n")
    assert unescape_markdown(escaped) == re.sub(r"\r\n|\r|\n", " ", value)


def test_md_text_cannot_make_a_heading_or_a_list_on_a_new_line():
    for value in ("Title\r===", "x\r- item", "x\n# heading", "x\r\n> quote"):
        assert not re.search(r"[\r\n]", md_text(value))
    assert md_text(None) == ""


def test_md_link_links_only_http_and_escapes_the_label_and_the_url():
    link = md_link("ISW [report] (1)", "https://example.org/a (b)/c d")
    assert link == r"[ISW \[report\] \(1\)](https://example.org/a%20%28b%29/c%20d)"
    withheld = md_link("click", "javascript:alert(1)")
    assert withheld == "click (link withheld: not an http(s) URL)" and "javascript" not in withheld
    assert "(" not in md_link("x", "data:text/html,<b>").split(" (link withheld")[0]


@pytest.mark.parametrize("label", HOSTILE)
def test_md_link_label_cannot_close_the_link_or_open_another(label):
    link = md_link(label, "https://example.org/x")
    inner = link[1: link.rindex("](")]
    assert unescaped_specials(inner) == "" and link.endswith("](https://example.org/x)")
    assert unescape_markdown(inner) == re.sub(r"\r\n|\r|\n", " ", label)
