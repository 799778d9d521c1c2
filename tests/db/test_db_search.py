"""The Events page's search and the Region page's sources, pushed down to the database: the same events (and the
same sources) as file mode on the shipped data, with ICU and with the Python fallback; the page shows the first
rows and says how many match."""

from __future__ import annotations

import sys
from datetime import date

import pytest

from conflictmap import stats, timeline
from conflictmap.catalog import load_atlas
from conflictmap.paths import REPO_DIR, DataPaths

FILTERS = [
    {},
    {"text": "kherson"},
    {"text": "  KHERSON  "},
    {"text": "Херсон"},  # Cyrillic with a capital: folded by ICU, whatever the database's locale
    {"text": "херсон"},
    {"text": "%"},  # no SQL wildcard: a literal percent sign
    {"text": "_"},
    {"text": "zzz-no-such-text"},
    {"start": date(2022, 2, 24), "end": date(2022, 12, 31)},
    {"regions": ["UA-65", "UA-14"]},
    {"categories": ["battle", "strike_on_civilians"]},
    {"text": "strike", "start": date(2023, 1, 1), "regions": ["UA-63", "UA-65", "UA-14"], "categories": ["strike_on_civilians"]},
]


@pytest.fixture(scope="module")
def files():
    return load_atlas(DataPaths(REPO_DIR))


@pytest.fixture
def db(db_url):
    from conflictmap.db.store import load_atlas_db

    return load_atlas_db(db_url)


@pytest.mark.parametrize("icu", [True, False], ids=["icu", "python-fallback"])
def test_search_returns_the_file_modes_events(files, db, icu):
    db.events._icu = icu
    for f in FILTERS:
        want = timeline.filter_events(files.events, **f)
        got, total = timeline.search_events(db.events, **f)
        assert [e.id for e in got] == [e.id for e in want] and total == len(want), f
        assert got == want, f  # the same Event values, field for field
        first, total = timeline.search_events(db.events, **f, limit=5)
        assert [e.id for e in first] == [e.id for e in want[:5]] and total == len(want), f
    assert timeline.search_events(db.events, "херсон")[1] > 0, "the Cyrillic search finds events"


def test_search_across_the_joined_texts(files, db):
    """A needle spanning the title and the description matches in both modes (they are joined by a space)."""
    e = files.events[3]
    needle = f"{e.title[-4:]} {e.description[:4]}"
    want = [x.id for x in timeline.filter_events(files.events, needle)]
    assert e.id in want
    assert [x.id for x in timeline.search_events(db.events, needle)[0]] == want


def test_files_keep_every_match_whatever_the_limit(files):
    got, total = timeline.search_events(files.events, "", limit=3)
    assert len(got) == total == len(files.events)


def test_region_sources_from_the_database_equal_the_files(files, db):
    for iso in ("UA-65", "UA-14", "UA-43", "UA-30", "UA-63"):
        assert stats.region_sources(db, iso) == stats.region_sources(files, iso), iso


def test_the_events_page_shows_the_first_rows_and_says_how_many_match(db_url, monkeypatch):
    sys.path.insert(0, str(REPO_DIR / "tests"))
    from helpers import run_app

    from conflictmap.ui import events_page

    monkeypatch.setenv("CONFLICTMAP_DATABASE_URL", db_url)
    monkeypatch.setattr(events_page, "SHOWN", 10)
    at = run_app("pages/1_Events.py")
    captions = " ".join(c.value for c in at.caption)
    assert "showing the first 10" in captions and "events match" in captions
    assert len(at.dataframe[0].value) == 10


def test_cells_in_sql_equal_the_python_aggregation(files, db):
    """The map's counts per area from the database (grouped in SQL) are the cells the Python function makes."""
    from conflictmap import aggregate

    for on, days in ((date(2022, 11, 11), 30), (date(2022, 12, 31), 365), (date(2026, 7, 3), None), (date(2014, 3, 1), 7)):
        window = timeline.events_in_window(files.events, on, days)
        assert timeline.count_in_window(db.events, on, days) == timeline.count_in_window(files.events, on, days) == len(window)
        for max_cells in (None, 5):
            want = aggregate.aggregate_events(window, max_cells=max_cells)
            got = db.events.cells(on, days, max_cells=max_cells)
            assert len(got) == len(want), (on, days, max_cells)
            for g, w in zip(got, want, strict=True):
                assert (g.west, g.south, g.east, g.north, g.count, g.category, g.first, g.last) == \
                    (w.west, w.south, w.east, w.north, w.count, w.category, w.first, w.last)
                assert g.lon == pytest.approx(w.lon, abs=1e-9) and g.lat == pytest.approx(w.lat, abs=1e-9)
    assert timeline.event_cells(db.events, date(2026, 7, 3), None) == db.events.cells(date(2026, 7, 3), None)


def test_the_map_draws_the_databases_cells_over_the_budget(db_url, monkeypatch):
    sys.path.insert(0, str(REPO_DIR / "tests"))
    from helpers import map_args, run_app

    from conflictmap import aggregate

    monkeypatch.setenv("CONFLICTMAP_DATABASE_URL", db_url)
    monkeypatch.setattr(aggregate, "MARKER_BUDGET", 20)
    at = run_app(window="all", date="2024-01-01")
    group = map_args(at)["feature_group"]
    assert "cm-cell" in group and "cm-ev" not in group
    assert "events in the window, shown as counts per area" in " ".join(c.value for c in at.caption)
