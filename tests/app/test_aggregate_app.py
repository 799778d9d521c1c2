"""AppTest: a window over the marker budget is drawn as counts per area and the page says so; a window under it
(and the shipped data at the real budget) is drawn as single markers, as before. The budget is lowered for the
test so a small generated root (500 events) is enough to cross it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from helpers import map_args, run_app

from conflictmap import aggregate, timeline
from conflictmap.catalog import load_atlas
from conflictmap.paths import REPO_DIR, DataPaths

sys.path.insert(0, str(REPO_DIR / "benchmarks"))
import generate  # noqa: E402

EVENTS = 500


@pytest.fixture(scope="module")
def generated_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("agg") / "root"
    generate.generate(root, EVENTS, 2, seed=3)
    return root


def _captions(at) -> str:
    return " ".join(c.value for c in at.caption)


def _events_group(at) -> str:
    return map_args(at)["feature_group"]


def test_over_the_budget_the_map_draws_counts_per_area(generated_root, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_DATA", str(generated_root))
    monkeypatch.setattr(aggregate, "MARKER_BUDGET", 50)
    atlas = load_atlas(DataPaths(generated_root))
    on = atlas.events[-1].date
    week = timeline.events_in_window(atlas.events, on, 7)
    assert 0 < len(week) <= 50, "the generated root's last week of events must be under the lowered budget"
    at = run_app(window="all", date=on.isoformat())
    group = _events_group(at)
    assert "cm-cell" in group and "cm-ev" not in group
    text = _captions(at)
    assert "events in the window, shown as counts per area" in text
    n = int(text.split(" events in the window")[0].split()[-1].replace(",", ""))
    assert n == len(timeline.events_in_window(atlas.events, on, None)) > 50
    assert "To see single events, narrow the event window" in group

    at.selectbox(key="window").set_value("7").run()  # a week is under the budget: single markers again
    assert not at.exception
    group = _events_group(at)
    assert "cm-ev" in group and "cm-cell" not in group
    assert "counts per area" not in _captions(at)


def test_ukrainian_caption(generated_root, monkeypatch):
    monkeypatch.setenv("CONFLICTMAP_DATA", str(generated_root))
    monkeypatch.setattr(aggregate, "MARKER_BUDGET", 50)
    at = run_app(window="all", lang="uk")
    assert "показано кількість на місцевість" in _captions(at)
    assert json.dumps("звузьте вікно подій")[1:-1] in _events_group(at)  # the map's script carries it \u-escaped


def test_shipped_data_is_drawn_as_single_markers():
    at = run_app(window="all", date="2022-12-24")
    group = _events_group(at)
    assert "cm-ev" in group and "cm-cell" not in group
    assert "counts per area" not in _captions(at)
