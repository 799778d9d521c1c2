"""The invariant of issue 14, property-based: an import that exits 0 leaves a root that validate accepts, every
command loads, stats and `export view` render — for generated events and control layers, careless and hostile.

CI runs a bounded number of examples (well under a minute). A longer run:
``HYPOTHESIS_PROFILE=long python -m pytest tests/hostile/test_invariant.py`` (2,000 examples per test).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reliability import small_root

from conflictmap.catalog import load_atlas, validate
from conflictmap.cli import main
from conflictmap.export import export_timelapse_html, export_view_html
from conflictmap.paths import REPO_DIR
from conflictmap.stats import stats_for

settings.register_profile("ci", max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("medium", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CATEGORIES = ["battle", "military_strike", "strike_on_civilians", "capture", "diplomacy", "Battle", "", "x"]
GOOD_DATES = st.dates(min_value=__import__("datetime").date(2013, 1, 1), max_value=__import__("datetime").date(2028, 12, 31)).map(
    lambda d: d.isoformat())
BAD_DATES = st.sampled_from(["0001-01-05", "9999-12-30", "2022-02-30", "2022-13-01", "20221224", "2022-W52-6",
                             "２０２２-１２-２４", "", "2013-10-31"])
DATES = st.one_of(GOOD_DATES, GOOD_DATES, BAD_DATES)
HOSTS = st.sampled_from(["example.org", "example.org.", "example.org:443", "example.org:80", "EXAMPLE.org", "exa mple.org",
                         "xn--80ak6aa92e.com", "127.0.0.1", "[::1]", ""])
SCHEMES = st.sampled_from(["https", "http", "javascript", "ftp", "HTTPS"])
URLS = st.builds(lambda s, h, p: f"{s}://{h}/{p}", SCHEMES, HOSTS, st.text(alphabet="abc/?=#%-_.~", max_size=12))
TEXT = st.text(max_size=30)  # any code point, lone surrogates and controls included
NUMBERS = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(min_value=-10**500, max_value=10**500),
                    st.floats(min_value=44.0, max_value=52.5), st.floats(min_value=22.0, max_value=40.2), TEXT)


def source(url, published):
    return {"publisher": "P", "title": "T", "url": url, "published": published}


# Places inside their oblasts: a generated event is valid until a mutation below breaks one thing about it.
PLACES = [(50.4501, 30.5234), (49.9935, 36.2304), (46.4825, 30.7233), (49.8397, 24.0297), (48.4647, 35.0462),
          (49.2124, 37.2561), (46.6354, 32.6169), (44.9521, 34.1024)]


def _mutate(draw, props: dict, coords: list, what: str) -> None:
    if what == "date":
        props["date"] = draw(BAD_DATES)
        props["id"] = f"{props['date']}-{props['id'].split('-', 3)[-1]}"
    elif what == "url":
        props["sources"][0]["url"] = draw(URLS)
    elif what == "published":
        props["sources"][0]["published"] = draw(DATES)
    elif what == "casualty":
        props["casualties"] = [{"reported_by": draw(st.one_of(st.just("X"), TEXT)), "reported_at": draw(DATES),
                                "killed": draw(st.one_of(st.none(), st.integers(-5, 10**6), NUMBERS)), "injured": None,
                                "source": source(draw(st.one_of(st.just("https://example.org/c"), URLS)), draw(DATES))}]
    elif what == "coordinates":
        coords[draw(st.integers(0, 1))] = draw(NUMBERS)
    elif what == "id":
        props["id"] = draw(TEXT)
    else:
        props[what] = draw(TEXT if what != "category" else st.sampled_from(CATEGORIES))


@st.composite
def event_feature(draw):
    """A valid event with none, one or two things broken (so most examples reach the writer)."""
    day = draw(st.dates(min_value=__import__("datetime").date(2014, 1, 1), max_value=__import__("datetime").date(2026, 1, 1))).isoformat()
    lat, lon = draw(st.sampled_from(PLACES))
    props = {"id": f"{day}-e{draw(st.integers(0, 3))}", "date": day, "title": "Strike", "category": "battle", "description": "d",
             "sources": [source("https://example.org/a", day)]}
    coords = [lon, lat]
    for what in draw(st.lists(st.sampled_from(["date", "url", "published", "casualty", "coordinates", "id", "title",
                                               "description", "category"]), max_size=2)):
        _mutate(draw, props, coords, what)
    return {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": coords}}


@st.composite
def control_layer(draw):
    x0 = draw(st.floats(min_value=20.0, max_value=41.0))
    y0 = draw(st.floats(min_value=43.0, max_value=53.0))
    w = draw(st.floats(min_value=-3.0, max_value=3.0))
    h = draw(st.floats(min_value=-3.0, max_value=3.0))
    ring = [[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]]
    if draw(st.booleans()):
        ring = [[x0, y0], [x0 + w, y0 + h], [x0 + w, y0], [x0, y0 + h], [x0, y0]]  # a bow-tie: invalid
    return {"type": "Feature", "properties": {"as_of": draw(DATES)}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def run(*argv) -> tuple[int, dict | None]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--data", str(REPO_DIR), *argv])
    text = out.getvalue().strip()
    return code, json.loads(text.splitlines()[-1]) if text else None


def check_root_renders(root) -> None:
    assert validate(root) == [], validate(root)[:3]
    atlas = load_atlas(root)
    for day in {atlas.first_date, atlas.last_date}:
        stats_for(atlas, day)
        assert "<html" in export_view_html(atlas, day)
    assert "<html" in export_timelapse_html(atlas)


@given(st.lists(event_feature(), min_size=1, max_size=6), st.booleans())
def test_an_events_import_that_exits_0_leaves_a_root_that_loads_and_renders(features, force):
    with tempfile.TemporaryDirectory() as tmp:
        root = small_root(Path(tmp) / "root")
        src = Path(tmp) / "mine.geojson"
        src.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
        code, out = run("import", "events", str(src), "--into", str(root.root), *(["--force"] if force else []))
        assert code in (0, 1) and out is not None
        assert "Traceback" not in json.dumps(out)
        if code == 0:
            assert len(out["written"]) == (1 if out["imported"] else 0)
            assert out["read"] == out["imported"] + out["rejected"]
            check_root_renders(root)
            code2, out2 = run("import", "events", str(src), "--into", str(root.root), "--force")
            assert code2 == 0, out2  # importing the same file again (replacing it) is accepted too
            check_root_renders(root)


@given(st.lists(control_layer(), min_size=1, max_size=3))
def test_a_control_import_that_exits_0_leaves_a_root_that_loads_and_renders(layers):
    with tempfile.TemporaryDirectory() as tmp:
        root = small_root(Path(tmp) / "root")
        files = []
        for i, feat in enumerate(layers):
            p = Path(tmp) / f"layer{i}.geojson"
            p.write_text(json.dumps(feat), encoding="utf-8")
            files.append(str(p))
        code, out = run("import", "control", *files, "--into", str(root.root), "--source-url", "https://example.org/layers")
        assert code in (0, 1) and out is not None
        if code == 0:
            assert len(out["written"]) == len(out["snapshots"]) >= 1
            check_root_renders(root)
        else:
            assert out["written"] == []
