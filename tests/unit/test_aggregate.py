"""Events counted per grid cell above the marker budget: counts add up, cells hold their events, the budget's
boundary is exact, and text from data stays inert in the cells' tooltips and the map's script."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest

from conflictmap import aggregate, layers
from conflictmap import timeline as tl

HOSTILE = '<img src=x onerror="alert(1)"></script><script>alert(2)</script>'


def _copies(events, n: int):
    """``n`` events made from the shipped ones (ids made unique), spread over a year."""
    out = []
    for i in range(n):
        e = events[i % len(events)]
        out.append(dataclasses.replace(e, id=f"{e.id}-{i}", date=date(2023, 1, 1) + timedelta(days=i % 365)))
    return out


def test_counts_add_up_to_the_windows_events_and_cells_hold_their_events(atlas):
    window = tl.events_in_window(atlas.events, atlas.last_date, None)
    cells = aggregate.aggregate_events(window)
    assert sum(c.count for c in cells) == len(window) > 100
    assert len(cells) < len(window), "events of one town share a cell"
    for c in cells:
        assert c.east - c.west == pytest.approx(aggregate.CELL_DEGREES) and c.north - c.south == pytest.approx(aggregate.CELL_DEGREES)
        assert c.west <= c.lon <= c.east and c.south <= c.lat <= c.north
        inside = [e for e in window if c.west <= e.location.lon < c.east and c.south <= e.location.lat < c.north]
        assert len(inside) == c.count
        assert c.first == min(e.date for e in inside) and c.last == max(e.date for e in inside)
        cats = [e.category for e in inside]
        assert cats.count(c.category) == max(cats.count(x) for x in set(cats))
    assert len({(c.west, c.south) for c in cells}) == len(cells), "one cell per grid square"


def test_dominant_category_ties_are_stable(atlas):
    a, b = atlas.events[0], atlas.events[1]
    loc = a.location
    pair = [dataclasses.replace(a, category="battle"), dataclasses.replace(b, category="diplomacy", location=loc)]
    assert aggregate.aggregate_events(pair)[0].category == aggregate.aggregate_events(pair[::-1])[0].category == "battle"


def test_the_budget_boundary_is_exact(monkeypatch):
    assert not aggregate.over_budget(aggregate.MARKER_BUDGET)
    assert aggregate.over_budget(aggregate.MARKER_BUDGET + 1)
    assert not aggregate.over_budget(10, budget=10) and aggregate.over_budget(11, budget=10)
    monkeypatch.setattr(aggregate, "MARKER_BUDGET", 3)
    assert not aggregate.over_budget(3) and aggregate.over_budget(4)


def test_negative_coordinates_and_a_bad_cell_size(atlas):
    e = atlas.events[0]
    west = dataclasses.replace(e, location=dataclasses.replace(e.location, lon=-0.1, lat=-0.3))
    (cell,) = aggregate.aggregate_events([west])
    assert (cell.west, cell.south, cell.east, cell.north) == (-0.25, -0.5, 0.0, -0.25)
    assert aggregate.aggregate_events([]) == []
    with pytest.raises(ValueError, match="positive"):
        aggregate.aggregate_events([], cell_degrees=0)


def test_cells_are_drawn_instead_of_markers_with_inert_text(atlas):
    evs = _copies(atlas.events, 60)
    evs = [dataclasses.replace(e, category=HOSTILE, location=dataclasses.replace(e.location, name=HOSTILE)) for e in evs]
    fc = layers.cells_geojson(aggregate.aggregate_events(evs), "en")
    assert sum(f["properties"]["count"] for f in fc["features"]) == 60
    label = fc["features"][0]["properties"]["label"]
    assert "<img" not in label and "<script" not in label and "&lt;img" in label
    assert "narrow the event window" in label and "Events page" in label
    assert "<" not in label.replace("<br>", ""), "the only markup is the line breaks"
    groups = layers.date_layers({}, fc, {"events"}, "en")
    import folium

    m = folium.Map()
    for g in groups:
        g.add_to(m)
    html = m.get_root().render()
    assert HOSTILE not in html and "<img src=x" not in html
    assert "L.markerClusterGroup" not in html, "cells are not clustered markers"
    assert "cm-cell" in html


def test_ukrainian_tooltip_and_caption(atlas):
    from conflictmap.i18n import t

    cells = aggregate.aggregate_events(_copies(atlas.events, 1200))
    label = layers.cells_geojson(cells, "uk")["features"][0]["properties"]["label"]
    assert "звузьте вікно подій" in label
    assert "1\u00a0200" in t("events_aggregated", "uk", n="1\u00a0200", km="28")


def test_small_windows_are_drawn_as_today(atlas):
    """Below the budget the events layer is the same markers as before (the shipped data never reaches it)."""
    window = tl.events_in_window(atlas.events, atlas.last_date, None)
    assert not aggregate.over_budget(len(window))
    groups = layers.date_layers({}, layers.events_geojson(window, "en"), {"events"}, "en")
    import folium

    m = folium.Map()
    for g in groups:
        g.add_to(m)
    html = m.get_root().render()
    assert "cm-cell" not in html and "cm-ev" in html


def test_the_cell_grows_until_the_cells_fit(atlas):
    window = tl.events_in_window(atlas.events, atlas.last_date, None)
    fine = aggregate.aggregate_events(window, max_cells=None)
    capped = aggregate.aggregate_events(window, max_cells=len(fine) // 3)
    assert len(capped) <= len(fine) // 3 and sum(c.count for c in capped) == len(window)
    size = capped[0].north - capped[0].south
    assert size >= 2 * aggregate.CELL_DEGREES and all(c.east - c.west == size for c in capped)
    assert aggregate.cell_km(fine[0]) == pytest.approx(27.8)


@pytest.mark.parametrize("value, budget", [("40", 40), (" 7 ", 7), ("0", None), ("-3", None), ("lots", None), ("", None)])
def test_the_budget_from_the_environment(monkeypatch, value, budget):
    monkeypatch.setenv(aggregate.BUDGET_ENV_VAR, value)
    assert aggregate.marker_budget() == (budget or aggregate.MARKER_BUDGET)
