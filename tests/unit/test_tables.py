"""Rows of the Events table (conflictmap/tables.py): in the page's language, region or country, the latest toll,
and only http(s) source links."""

from dataclasses import replace

from conflictmap.layers import category_label
from conflictmap.model import Source
from conflictmap.tables import MAX_SOURCE_COLUMNS, event_rows

KHERSON = "2022-12-24-kherson-christmas-eve-shelling"


def test_a_row_in_english_and_in_ukrainian(atlas):
    event = atlas.events_by_id[KHERSON]
    [en] = event_rows([event], atlas, "en")
    [uk] = event_rows([event], atlas, "uk")
    assert en["date"] == "2022-12-24" and en["title"] == event.title and uk["title"] == event.title_uk
    assert en["region"] == "Kherson Oblast" and uk["region"] == atlas.regions_by_iso["UA-65"].name_uk != "Kherson Oblast"
    assert en["category"] == category_label(event.category, "en") and uk["category"] == category_label(event.category, "uk")
    assert en["killed (latest report)"] == event.latest_killed
    assert en["source 1"] == event.sources[0].url.strip()


def test_outside_ukraine_the_country_and_only_http_links(atlas):
    event = atlas.events_by_id[KHERSON]
    first = event.sources[0]
    hostile = (first, replace(first, url="javascript:alert(1)"))
    outside = replace(event, location=replace(event.location, region=None, country="RU"), sources=hostile)
    [row] = event_rows([outside], atlas, "en")
    assert row["region"] == "RU"
    assert row["source 1"] == first.url.strip() and row["source 2"] is None and row["source 3"] is None
    assert len([k for k in row if k.startswith("source ")]) == MAX_SOURCE_COLUMNS


def test_more_sources_than_columns_and_no_events(atlas):
    event = atlas.events_by_id[KHERSON]
    many = tuple(Source("P", f"T{i}", f"https://example.org/{i}", event.date) for i in range(5))
    [row] = event_rows([replace(event, sources=many)], atlas, "en")
    assert [row[f"source {i + 1}"] for i in range(MAX_SOURCE_COLUMNS)] == [f"https://example.org/{i}" for i in range(3)]
    assert event_rows([], atlas, "en") == []
