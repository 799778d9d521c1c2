"""Shipped content in both languages: every event and story step has Ukrainian text, validate names what lacks it,
a user's import falls back to English, and the map, exports and numbers follow the language."""

import json
import re
from datetime import date

import pytest

from conflictmap import layers
from conflictmap.catalog import event_from_dict, validate
from conflictmap.formats import CSV_COLUMNS, events_to_csv, events_to_geojson
from conflictmap.i18n import fmt_int, fmt_km2, fmt_num
from conflictmap.paths import REPO_DIR

CYRILLIC = re.compile(r"[А-Яа-яІіЇїЄєҐґ]")
KHERSON = "2022-12-24-kherson-christmas-eve-shelling"


def _shipped_events() -> list[dict]:
    return [e for p in sorted((REPO_DIR / "events").glob("*.json")) for e in json.loads(p.read_text(encoding="utf-8"))["events"]]


def _ukrainian(en: str, uk: str) -> bool:
    return bool(uk.strip()) and uk != en and len(CYRILLIC.findall(uk)) > len(uk) / 3


def test_every_shipped_event_has_ukrainian_text():
    events = _shipped_events()
    assert len(events) >= 200
    missing = [e["id"] for e in events if not (_ukrainian(e["title"], e.get("title_uk", ""))
                                              and _ukrainian(e["description"], e.get("description_uk", "")))]
    assert not missing, missing


def test_every_story_and_step_has_ukrainian_text():
    for path in sorted((REPO_DIR / "stories").glob("*.json")):
        story = json.loads(path.read_text(encoding="utf-8"))
        assert _ukrainian(story["title"], story["title_uk"]), path.name
        if story.get("description"):
            assert _ukrainian(story["description"], story["description_uk"]), path.name
        for i, step in enumerate(story["steps"]):
            assert _ukrainian(step["title"], step["title_uk"]), (path.name, i)
            assert _ukrainian(step["caption"], step["caption_uk"]), (path.name, i)


def test_shipped_events_files_keep_their_layout():
    """indent=2, UTF-8 text (not \\u escapes), one trailing newline: the layout the insert script and editors keep."""
    for path in [*sorted((REPO_DIR / "events").glob("*.json")), *sorted((REPO_DIR / "stories").glob("*.json"))]:
        text = path.read_text(encoding="utf-8")
        assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n", path.name


def test_validate_names_each_event_without_ukrainian_text_but_not_imports(data_copy):
    path = sorted(data_copy.events.glob("*.json"))[0]
    data = json.loads(path.read_text(encoding="utf-8"))
    first, second = data["events"][0], data["events"][1]
    del first["title_uk"]
    del second["description_uk"]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    imported = dict(first, id=first["date"] + "-my-own-import")
    imported.pop("description_uk")
    (data_copy.events / "imported-mine.json").write_text(json.dumps({"events": [imported]}), encoding="utf-8")
    problems = [p for p in validate(data_copy) if "_uk" in p.where]
    assert {(p.file, p.where) for p in problems} == {
        (f"events/{path.name}", f"events[0] ({first['id']}).title_uk"),
        (f"events/{path.name}", f"events[1] ({second['id']}).description_uk"),
    }, problems


def test_an_event_without_ukrainian_text_shows_the_english(atlas):
    d = json.loads(json.dumps(next(e for e in _shipped_events() if e["id"] == KHERSON)))
    del d["title_uk"], d["description_uk"]
    e = event_from_dict(d, provider="yours")
    assert e.text("uk") == e.text("en") == (d["title"], d["description"])
    shipped = atlas.events_by_id[KHERSON]
    assert shipped.text("uk") == (shipped.title_uk, shipped.description_uk) != shipped.text("en")


def test_story_text_follows_the_language(atlas):
    story = next(s for s in atlas.stories if s.id == "default")
    assert story.text("uk")[0] == story.title_uk and story.text("en")[0] == story.title
    step = story.steps[8]
    assert step.text("uk") == (step.title_uk, step.caption_uk) and step.text("en") == (step.title, step.caption)


def test_map_tooltip_label_uses_the_ukrainian_title(atlas):
    e = atlas.events_by_id[KHERSON]
    label_uk = layers.events_geojson([e], "uk")["features"][0]["properties"]["label"]
    label_en = layers.events_geojson([e], "en")["features"][0]["properties"]["label"]
    assert label_uk.endswith(layers.html_text(e.title_uk)) and "Святвечір" in label_uk
    assert label_en.endswith(layers.html_text(e.title))


def test_csv_and_geojson_exports_carry_both_languages(atlas):
    e = atlas.events_by_id[KHERSON]
    assert {"title", "title_uk", "description", "description_uk"} <= set(CSV_COLUMNS)
    import csv
    import io

    row = next(csv.DictReader(io.StringIO(events_to_csv([e]))))
    assert row["title_uk"] == e.title_uk and row["description_uk"] == e.description_uk and row["title"] == e.title
    props = events_to_geojson([e])["features"][0]["properties"]
    assert props["title_uk"] == e.title_uk and props["description_uk"] == e.description_uk


def test_csv_import_keeps_the_ukrainian_text(atlas):
    from conflictmap.importers import Geo
    from conflictmap.importers.csv_events import read_events_csv
    from conflictmap.paths import DataPaths

    e = atlas.events_by_id[KHERSON]
    report, events = read_events_csv(events_to_csv([e]), Geo(DataPaths(REPO_DIR)))
    assert report.imported == 1, report
    assert events[0]["title_uk"] == e.title_uk and events[0]["description_uk"] == e.description_uk


def test_html_export_shows_ukrainian_titles_and_numbers(atlas):
    from conflictmap.export import export_view_html

    html = export_view_html(atlas, date(2022, 12, 24), lang="uk")
    e = atlas.events_by_id[KHERSON]
    assert layers.html_text(e.title_uk) in html and layers.html_text(e.title) not in html
    assert re.search(r"\d{1,3}\u00a0\d{3}\u00a0км²", html), "areas grouped the Ukrainian way"
    assert "km²" not in html


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (25966, "en", 0, "25,966"),
        (25966, "uk", 0, "25\u00a0966"),
        (1234567.4, "uk", 0, "1\u00a0234\u00a0567"),
        (18.94, "en", 1, "18.9"),
        (18.94, "uk", 1, "18,9"),
        (999, "uk", 0, "999"),
        (-4321, "uk", 0, "-4\u00a0321"),
    ],
)
def test_fmt_num(value, lang, decimals, expected):
    assert fmt_num(value, lang, decimals) == expected


def test_fmt_int_and_km2():
    assert fmt_int(25965.6, "en") == "25,966" and fmt_int(25965.6, "uk") == "25\u00a0966"
    assert fmt_km2(25966, "en") == "25,966 km²"
    assert fmt_km2(25966, "uk").replace("\u00a0", " ") == "25 966 км²"
    assert fmt_km2(25966, "xx") == "25,966 km²", "an unknown language falls back to English"


def test_ukrainian_text_is_escaped_like_the_english(atlas):
    """Script in a Ukrainian title is shown as text in the HTML export and the map label, as for the English."""
    import dataclasses

    from conflictmap.catalog import Atlas
    from conflictmap.export import export_view_html

    hostile = "<img src=x onerror=alert(1)>"
    events = tuple(dataclasses.replace(e, title_uk=hostile) if e.id == KHERSON else e for e in atlas.events)
    bad = Atlas(atlas.root, atlas.regions, atlas.neighbours, atlas.claims, atlas.snapshots, events, atlas.stories,
                variant="hostile-uk", held_in_russia=atlas.held_in_russia, russian_regions=atlas.russian_regions)
    html = export_view_html(bad, date(2022, 12, 24), lang="uk")
    assert hostile not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    label = layers.events_geojson([bad.events_by_id[KHERSON]], "uk")["features"][0]["properties"]["label"]
    assert "<img" not in label


def test_importer_cleans_ukrainian_text_like_the_english():
    from conflictmap.importers import Geo
    from conflictmap.importers.events_common import build_event
    from conflictmap.paths import DataPaths

    f = {"id": "2022-04-08-x", "date": "2022-04-08", "title": "t", "category": "battle", "description": "d",
         "lat": 48.72, "lon": 37.56, "title_uk": "на\x00зва\u202e\n  друга", "description_uk": "   ",
         "sources": [{"publisher": "P", "title": "T", "url": "https://example.org/", "published": "2022-04-08"}]}
    d = build_event(f, Geo(DataPaths(REPO_DIR)), "test")
    assert d["title_uk"] == "назва друга"
    assert "description_uk" not in d, "blank Ukrainian text is left out, so the English shows"


def test_timelapse_export_carries_ukrainian_titles_and_decimal_comma(atlas):
    from conflictmap.export import _timelapse_strings, timelapse_data

    data = timelapse_data(atlas, "uk")
    e = atlas.events_by_id[KHERSON]
    assert e.title_uk in [x["t"] for x in data["events"]] and e.title not in [x["t"] for x in data["events"]]
    assert _timelapse_strings("uk")["dec"] == "," and _timelapse_strings("en")["dec"] == "."
