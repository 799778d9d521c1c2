"""The string catalogue (conflictmap/i18n.py): every key in every language, the same placeholders in each, no empty
text, Ukrainian in Cyrillic, and numbers grouped the way each language writes them."""

from __future__ import annotations

import re
import string

import pytest

from conflictmap.i18n import LANGUAGES, NBSP, STRINGS, fmt_int, fmt_km2, fmt_km2_change, fmt_num, t

CYRILLIC = re.compile("[\u0400-\u04ff]")


def placeholders(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_the_catalogue_is_found():
    assert len(STRINGS) > 100 and set(LANGUAGES) == {"en", "uk"}


def test_every_key_has_every_language():
    missing = {key: sorted(set(LANGUAGES) - set(entry)) for key, entry in STRINGS.items() if set(entry) != set(LANGUAGES)}
    assert not missing


def test_no_string_is_empty_or_only_blanks():
    empty = [(key, lang) for key, entry in STRINGS.items() for lang, text in entry.items() if not text.strip()]
    assert not empty


def test_placeholders_are_the_same_in_every_language():
    differ = {key: {lang: placeholders(text) for lang, text in entry.items()} for key, entry in STRINGS.items()
              if len({tuple(placeholders(text)) for text in entry.values()}) > 1}
    assert not differ


def test_every_string_formats_with_its_own_placeholders():
    for key, entry in STRINGS.items():
        for lang in entry:
            values = {name: "X" for name in placeholders(entry[lang])}
            assert "{" not in t(key, lang, **values).replace("{{", ""), (key, lang)


def test_ukrainian_strings_are_in_cyrillic():
    latin_only = [key for key, entry in STRINGS.items() if not CYRILLIC.search(entry["uk"])]
    assert not latin_only


def test_english_strings_have_no_cyrillic():
    assert not [key for key, entry in STRINGS.items() if CYRILLIC.search(entry["en"])]


def test_t_formats_and_falls_back_to_english():
    assert t("changes_line", "en", prev="2022-11-11", gained="1", returned="2").startswith("Since the assessment of 2022-11-11")
    assert t("app_title", "de") == t("app_title", "en")
    with pytest.raises(KeyError):
        t("no-such-key")


@pytest.mark.parametrize(("x", "lang", "decimals", "expected"), [
    (25966, "en", 0, "25,966"),
    (25966, "uk", 0, f"25{NBSP}966"),
    (18.94, "en", 1, "18.9"),
    (18.94, "uk", 1, "18,9"),
    (1234567.891, "uk", 2, f"1{NBSP}234{NBSP}567,89"),
    (-1500, "en", 0, "-1,500"),
    (0, "uk", 0, "0"),
])
def test_numbers_in_each_languages_style(x, lang, decimals, expected):
    assert fmt_num(x, lang, decimals) == expected


def test_whole_numbers_and_areas():
    assert fmt_int(25965.6, "en") == "25,966" and fmt_int(25965.6, "uk") == f"25{NBSP}966"
    assert fmt_km2(25965.6, "en") == "25,966 km²" and fmt_km2(25965.6, "uk") == f"25{NBSP}966{NBSP}км²"
    assert fmt_km2(1, "de") == "1 km²", "an unknown language gets the English unit"


def test_area_changes_carry_their_sign():
    assert fmt_km2_change(1234.4, "en") == "+1,234 km²" and fmt_km2_change(-1234.4, "uk") == f"-1{NBSP}234{NBSP}км²"
    assert fmt_km2_change(0.4, "en") == "+0 km²" and fmt_km2_change(-0.4, "en") == "+0 km²", "no '-0'"
