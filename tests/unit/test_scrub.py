"""The data behind live scrubbing: simplified assessments (small, valid, in date order) and the timeline's marks."""

import json
from datetime import date

import shapely
from shapely.geometry import shape

from conflictmap import scrub
from conflictmap import timeline as tl


def test_one_simplified_geometry_per_assessment_in_date_order(atlas):
    g = scrub.scrub_geometries(atlas)
    assert g["dates"] == sorted(s.as_of.isoformat() for s in atlas.snapshots)
    assert len(g["geometries"]) == len(atlas.snapshots)
    assert len(set(g["dates"])) == len(g["dates"]), "bisecting needs one assessment per date"


def test_simplified_areas_stay_close_to_the_assessments(atlas):
    g = scrub.scrub_geometries(atlas)
    for iso, geom in zip(g["dates"], g["geometries"], strict=True):
        snap = tl.snapshot_in_force(atlas.snapshots, date.fromisoformat(iso))
        s = shape(geom)
        assert s.is_valid
        exact = snap.geometry
        # the same ground within a couple of percent, and no point further than ~2 km off
        assert abs(s.area - exact.area) <= 0.02 * exact.area + 1e-4
        assert shapely.hausdorff_distance(s, exact) < 0.03


def test_coordinates_are_rounded_and_the_whole_history_is_small(atlas):
    text = json.dumps(scrub.scrub_geometries(atlas), separators=(",", ":"))
    assert len(text) < 800_000, f"{len(text)} bytes"
    first = scrub.scrub_geometries(atlas)["geometries"][-1]["coordinates"]
    while isinstance(first[0], list):
        first = first[0]
    assert all(round(c, scrub.COORD_DECIMALS) == c for c in first)


def test_empty_geometry_is_none():
    assert scrub.simplified_geometry(shapely.Polygon()) is None
    assert scrub.simplified_geometry(None) is None
    tiny = shapely.box(30, 50, 30.0001, 50.0001)
    assert scrub.simplified_geometry(tiny) is None


def test_marks_cover_the_range_with_a_tick_per_assessment_and_events_per_month(atlas):
    m = scrub.scrub_marks(atlas)
    assert m["first"] == atlas.first_date.isoformat() and m["last"] == atlas.last_date.isoformat()
    assert m["ticks"] == sorted({s.as_of.isoformat() for s in atlas.snapshots})
    months = (atlas.last_date.year - atlas.first_date.year) * 12 + atlas.last_date.month - atlas.first_date.month + 1
    assert len(m["density"]) == months
    assert sum(m["density"]) == len(atlas.events)
    assert m["density_from"] == atlas.first_date.isoformat()[:7]
    dec_2022 = (2022 - atlas.first_date.year) * 12 + 12 - atlas.first_date.month
    assert m["density"][dec_2022] == sum(1 for e in atlas.events if (e.date.year, e.date.month) == (2022, 12))
    assert len(json.dumps(m)) < 10_000, "sent with every rerun, so it stays small"


def test_months_across_years():
    assert scrub._months(date(2021, 11, 30), date(2022, 2, 1)) == ["2021-11", "2021-12", "2022-01", "2022-02"]


def test_events_for_the_browser_in_date_order_and_capped(atlas):
    ev = scrub.scrub_events(atlas)
    assert len(ev["dates"]) == len(ev["lonlat"]) == len(ev["category"]) == len(atlas.events)
    assert ev["dates"] == sorted(ev["dates"])
    first = min(atlas.events, key=lambda e: e.date)
    i = ev["dates"].index(first.date.isoformat())
    assert abs(ev["lonlat"][i][0] - first.location.lon) < 1e-4 or ev["dates"].count(ev["dates"][i]) > 1
    assert scrub.scrub_events(atlas, limit=len(atlas.events) - 1) is None, "a big import: areas only"
    f = scrub.scrub_file(atlas)
    assert set(f) == {"dates", "geometries", "claims", "events"}


def test_claims_grow_at_each_claim_date(atlas):
    c = scrub.scrub_claims(atlas)
    assert c["dates"] == sorted({x.claimed_since.isoformat() for x in atlas.claims})
    areas = [shape(g).area for g in c["geometries"]]
    assert areas == sorted(areas) and len(set(areas)) == len(areas)
    crimea = shapely.union_all([atlas.regions_by_iso[i].geometry for i in ("UA-43", "UA-40")])
    assert abs(areas[0] - crimea.area) < 0.02 * crimea.area
