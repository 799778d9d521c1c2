"""The view in a URL (conflictmap/permalink.py): links round-trip, and hostile or stale values are dropped with a
warning naming them, never an exception."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl, urlsplit

import pytest

from conflictmap.model import LAYER_KEYS
from conflictmap.permalink import REMOVE, check_view_params, parse_date, step_index, url_text, view_url, widget_value

KHERSON = "2022-12-24-kherson-christmas-eve-shelling"
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "Київ", "x" * 10_000,
           "%00", "", " ", "../../etc/passwd", "2022-12-24\n", "１２"]


def query(url: str) -> dict:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def test_a_view_link_round_trips_and_passes_the_check(atlas):
    params = {"date": "2022-12-24", "region": "UA-65", "window": "30", "lang": "uk", "layers": "controlled,events"}
    url = view_url("http://localhost:8501/Region?old=1", params, event=KHERSON, present=None)
    assert url.startswith("http://localhost:8501/Region?")
    assert query(url) == {**params, "event": KHERSON}
    assert check_view_params(query(url), atlas).changes == {} and check_view_params(query(url), atlas).problems == []


def test_a_link_to_another_page_sits_beside_the_current_one():
    assert view_url("http://h:8501/Events?x=1", {}, "Region", region="UA-65") == "http://h:8501/Region?region=UA-65"
    assert view_url("", {"date": "2022-12-24"}, "Story") == "Story?date=2022-12-24"
    assert view_url("", {}) == "?"


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_percent_encoded_and_come_back_unchanged(value):
    url = view_url("http://h/", {"region": value})
    assert query(url) == {"region": value}
    assert not any(ch in url.split("?", 1)[1] for ch in '<>"\n '), url[:200]


@pytest.mark.parametrize("key", ["date", "window", "region", "event", "lang"])
@pytest.mark.parametrize("value", HOSTILE)
def test_a_value_that_names_nothing_is_removed_and_named(atlas, key, value):
    check = check_view_params({key: value}, atlas)
    assert check.changes == {key: REMOVE} and check.problems == [(key, value)]


@pytest.mark.parametrize("value", ["2022-02-30", "9999-12-31", "0001-01-01", "2013-01-01", "20221224x", "2022-13-01"])
def test_dates_that_do_not_exist_or_lie_outside_the_data_are_removed(atlas, value):
    assert check_view_params({"date": value}, atlas).changes == {"date": REMOVE}


def test_dates_at_the_ends_of_the_data_are_kept(atlas):
    for d in (atlas.first_date, atlas.last_date):
        assert check_view_params({"date": d.isoformat()}, atlas).changes == {}


def test_unknown_layers_are_dropped_and_the_known_kept(atlas):
    check = check_view_params({"layers": "controlled,<script>,events,,nope"}, atlas)
    assert check.changes == {"layers": "controlled,events"} and check.problems == [("layers", "<script>,nope")]
    check = check_view_params({"layers": "<b>,x"}, atlas)
    assert check.changes == {"layers": REMOVE}, "nothing usable: the default layers, not an empty map"
    assert check_view_params({"layers": ",".join(LAYER_KEYS)}, atlas).changes == {}
    assert check_view_params({"layers": ""}, atlas).changes == {}, "an empty choice is a choice"


def test_several_problems_are_reported_in_one_check_and_other_parameters_left_alone(atlas):
    check = check_view_params({"date": "x", "event": "y", "story": "default", "step": "<3"}, atlas)
    assert check.changes == {"date": REMOVE, "event": REMOVE}
    assert check.problems == [("date", "x"), ("event", "y")]


def test_parse_date_falls_back():
    fallback = date(2022, 2, 24)
    assert parse_date("2022-12-24", fallback) == date(2022, 12, 24)
    for bad in (None, "", "2022-02-30", "<script>", "x" * 10_000):
        assert parse_date(bad, fallback) == fallback


def test_widget_values_from_the_url():
    options = ["UA-65", "UA-14"]
    assert widget_value("UA-65", options, None) == "UA-65"
    assert widget_value("<script>", options, "UA-14") == "UA-14"
    assert widget_value(None, options, "UA-14") == "UA-14"
    assert widget_value("UA-65,<x>,UA-14", options, [], multi=True) == ["UA-65", "UA-14"]
    assert widget_value("", options, ["UA-14"], multi=True) == [], "an empty parameter is an empty choice"
    assert widget_value(None, options, ("UA-14",), multi=True) == ["UA-14"]


def test_url_text_is_none_for_the_default_and_round_trips_lists():
    assert url_text("30", "30") is None and url_text("7", "30") == "7"
    assert url_text([], []) is None and url_text(["UA-65", "UA-14"], []) == "UA-65,UA-14"
    options = ["UA-65", "UA-14"]
    assert widget_value(url_text(["UA-65", "UA-14"], []), options, [], multi=True) == ["UA-65", "UA-14"]


@pytest.mark.parametrize(("raw", "expected"), [
    (None, 0), ("1", 0), ("9", 8), ("10", 9), ("999", 9), ("0", 0), ("-5", 0), ("abc", 0), ("<script>", 0),
    ("9" * 5000, 0), (" 3 ", 2),
])
def test_story_step_from_the_url(raw, expected):
    assert step_index(raw, 10) == expected
