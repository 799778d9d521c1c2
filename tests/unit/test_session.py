"""A session's own imports (conflictmap/session.py): merged into the atlas beside or instead of the shipped layers,
stable ids, safe upload names, and a report CSV whose cells stay text."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from conflictmap.formats import event_to_dict
from conflictmap.paths import REPO_DIR
from conflictmap.session import (
    PROVIDER,
    merge_session_data,
    report_csv,
    report_rows,
    safe_upload_name,
    session_snapshot_features,
    session_variant,
)
from conflictmap.timeline import snapshot_in_force

KHERSON = "2022-12-24-kherson-christmas-eve-shelling"


@pytest.fixture(scope="module")
def own_event(atlas) -> dict:
    """A shipped event under a new id, as an import would hold it."""
    return dict(event_to_dict(atlas.events_by_id[KHERSON]), id="2022-12-24-own-import")


@pytest.fixture(scope="module")
def own_layer() -> dict:
    """The shipped assessment of 2022-12-24 as an imported control layer of the same date."""
    feature = json.loads((REPO_DIR / "geodata" / "control" / "2022-12-24.geojson").read_text())["features"][0]
    [f] = session_snapshot_features([{"feature": feature}])
    return f


def test_nothing_imported_is_the_atlas_itself(atlas):
    assert merge_session_data(atlas, [], [], "beside") is atlas
    assert merge_session_data(atlas, [], [], "instead") is atlas


def test_beside_adds_own_items_sorted_and_tagged(atlas, own_event, own_layer):
    merged = merge_session_data(atlas, [own_event], [own_layer], "beside")
    assert len(merged.events) == len(atlas.events) + 1 and len(merged.snapshots) == len(atlas.snapshots) + 1
    own = merged.events_by_id["2022-12-24-own-import"]
    assert own.provider == PROVIDER and merged.events_by_id[KHERSON].provider == "shipped"
    assert list(merged.events) == sorted(merged.events, key=lambda e: (e.date, e.time_local or "", e.id))
    both = [s.provider for s in merged.snapshots if s.as_of == date(2022, 12, 24)]
    assert both == [PROVIDER, "shipped"], "on a date with both, the own one sorts first"
    assert snapshot_in_force(merged.snapshots, date(2022, 12, 24)).provider == "shipped"
    assert merged.variant and merged.key != atlas.key, "caches must tell the merged atlas from the shipped one"


def test_instead_replaces_the_shipped_events_and_control(atlas, own_event, own_layer):
    merged = merge_session_data(atlas, [own_event], [own_layer], "instead")
    assert [e.id for e in merged.events] == ["2022-12-24-own-import"]
    assert [s.provider for s in merged.snapshots] == [PROVIDER]
    assert merged.regions == atlas.regions and merged.claims == atlas.claims


def test_the_variant_changes_with_mode_and_imports_only(own_event, own_layer):
    a = session_variant("beside", [own_event], [own_layer])
    assert a == session_variant("beside", [dict(own_event)], [own_layer])
    assert a != session_variant("instead", [own_event], [own_layer])
    assert a != session_variant("beside", [own_event], [])


def test_an_unknown_mode_is_refused(atlas, own_event):
    with pytest.raises(ValueError, match="beside, instead"):
        merge_session_data(atlas, [own_event], [], "replace")


def test_imported_layers_get_ids_from_date_and_geometry(own_layer):
    f = own_layer
    assert f["properties"]["id"].startswith("your-2022-12-24-") and len(f["properties"]["id"]) == len("your-2022-12-24-") + 12
    again = session_snapshot_features([{"feature": {**f, "properties": {**f["properties"], "label": "other"}}}])[0]
    assert again["properties"]["id"] == f["properties"]["id"], "same date and geometry: same id"
    moved = json.loads(json.dumps(f))
    moved["geometry"]["coordinates"][0][0][0][0] += 0.001
    assert session_snapshot_features([{"feature": moved}])[0]["properties"]["id"] != f["properties"]["id"]


@pytest.mark.parametrize(("name", "expected"), [
    ("../../etc/passwd", "passwd"),
    ("..", "upload"),
    ("C:\\Users\\x\\2024-07-08.geojson", "2024-07-08.geojson"),
    ("a\x00b\x1b.csv", "ab.csv"),
    ("", "upload"),
])
def test_upload_names_lose_paths_and_unprintable_characters(name, expected):
    assert safe_upload_name(name) == expected


def test_report_rows_are_text_and_the_csv_neutralises_formulas():
    rows = report_rows([{"row": 12, "field": "title", "reason": "=HYPERLINK(\"https://evil.example\")"},
                        {"row": None, "field": None, "reason": "Київ, \"quoted\"\nnext line"}])
    assert rows[0]["row"] == "12" and rows[1]["row"] == ""
    parsed = list(csv.DictReader(io.StringIO(report_csv(rows).decode("utf-8"), newline="")))
    assert parsed[0]["row"] == "12" and parsed[0]["reason"].startswith("'=")
    assert parsed[1]["reason"] == "Київ, \"quoted\"\nnext line"
    assert report_csv([]) == b""
