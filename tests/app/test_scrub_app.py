"""AppTest: the scrub strip is mounted under the bar with small per-run data and a link to the static geometry file."""

import json

from streamlit.testing.v1 import AppTest

from conflictmap.assets import APP_DATA_URL, DATA_DIR
from conflictmap.paths import REPO_DIR

APP = str(REPO_DIR / "app.py")


def strip(**params):
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    comps = [c for c in at.get("bidi_component") if c.proto.component_name == "conflictmap.scrub_strip"]
    assert len(comps) == 1
    return comps[0].proto


def test_the_strip_gets_the_date_the_marks_and_the_static_file(atlas):
    proto = strip(date="2022-06-01")
    data = json.loads(proto.json)
    data = data.get("data", data)
    assert data["current"] == "2022-06-01"
    assert data["draw"] is True and data["events"] is True and data["window"] == 30
    assert len(data["ticks"]) == len(atlas.snapshots)
    assert len(proto.json) < 10_000, "the geometries are not sent with every rerun"
    assert proto.ByteSize() < 25_000, "data plus the inline JS and CSS (re-sent by Streamlit with every run)"
    assert data["url"].startswith(APP_DATA_URL + "/scrub-")
    published = json.loads((DATA_DIR / data["url"].rsplit("/", 1)[1]).read_text(encoding="utf-8"))
    assert len(published["geometries"]) == len(atlas.snapshots)
    assert "innerHTML" not in proto.js_content, "data text goes in with textContent only"


def test_the_strip_follows_the_layers_and_the_window():
    data = json.loads(strip(date="2022-06-01", layers="claimed,events", window="all").json)
    data = data.get("data", data)
    assert data["draw"] is False and data["events"] is True and data["window"] is None
