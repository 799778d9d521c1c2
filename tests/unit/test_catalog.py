"""Loading and validation: the shipped data is clean, and each kind of breakage is named with file and reason."""

import json
from dataclasses import FrozenInstanceError

import pytest

from conflictmap.catalog import DataError, load_atlas, validate
from conflictmap.paths import REPO_DIR, DataPaths, data_paths


def _events_file(paths: DataPaths):
    return sorted(paths.events.glob("*.json"))[0]


def _edit_json(path, fn):
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_shipped_data_is_clean():
    assert validate(DataPaths(REPO_DIR)) == []


def test_atlas_is_immutable(atlas):
    with pytest.raises(FrozenInstanceError):
        atlas.events = ()
    with pytest.raises(FrozenInstanceError):
        atlas.regions[0].name = "x"
    assert isinstance(atlas.events, tuple) and isinstance(atlas.snapshots, tuple)


def test_data_root_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CONFLICTMAP_DATA", str(tmp_path))
    assert data_paths().root == tmp_path.resolve()
    monkeypatch.delenv("CONFLICTMAP_DATA")
    assert data_paths().root == REPO_DIR


def test_missing_source_is_named(data_copy):
    path = _events_file(data_copy)
    _edit_json(path, lambda d: d["events"][0].update(sources=[]))
    problems = validate(data_copy)
    assert any(p.file == f"events/{path.name}" and "sources" in p.where for p in problems), problems


def test_source_without_http_url_is_named(data_copy):
    _edit_json(data_copy.claims, lambda d: d["claims"][0]["sources"][0].update(url="javascript:alert(1)"))
    problems = validate(data_copy)
    assert any(p.file == "geodata/claims.json" and "not an http(s) link" in p.reason for p in problems), problems


@pytest.mark.parametrize("url", ["https://www.uawire.org:443/a-page", "https://www.pravda.com.ua./news/1"])
def test_source_url_not_in_plain_form_is_named(data_copy, url):
    _edit_json(data_copy.claims, lambda d: d["claims"][0]["sources"][0].update(url=url))
    problems = validate(data_copy)
    assert any(p.file == "geodata/claims.json" and "drop it" in p.reason for p in problems), problems


def test_unknown_field_is_named(data_copy):
    path = _events_file(data_copy)
    _edit_json(path, lambda d: d["events"][0].update(casualtys=[]))
    problems = validate(data_copy)
    assert any("unknown field" in p.reason and "casualtys" in p.reason for p in problems), problems


def test_bad_iso_code_is_named(data_copy):
    _edit_json(data_copy.claims, lambda d: d["claims"][0].update(regions=["UA-99"]))
    problems = validate(data_copy)
    assert any("UA-99" in p.reason and p.file == "geodata/claims.json" for p in problems), problems


def test_invalid_geometry_is_named(data_copy):
    bowtie = {"type": "MultiPolygon", "coordinates": [[[[30, 50], [31, 51], [31, 50], [30, 51], [30, 50]]]]}
    path = sorted(data_copy.control.glob("*.geojson"))[0]
    _edit_json(path, lambda d: d["features"][0].update(geometry=bowtie))
    problems = validate(data_copy)
    assert any(p.file == f"geodata/control/{path.name}" and "invalid geometry" in p.reason for p in problems), problems


def test_bad_date_and_duplicate_id_are_named(data_copy):
    path = _events_file(data_copy)

    def breakit(d):
        d["events"][0]["date"] = "2022-02-30"
        d["events"].append(dict(d["events"][1]))

    _edit_json(path, breakit)
    reasons = [p.reason for p in validate(data_copy)]
    assert any("not a real date" in r for r in reasons) and any("duplicate event id" in r for r in reasons), reasons


def test_all_problems_reported_at_once_and_load_refuses(data_copy):
    _edit_json(data_copy.claims, lambda d: d["claims"][0].update(regions=["UA-99"], extra=1))
    path = _events_file(data_copy)
    _edit_json(path, lambda d: d["events"][0].update(sources=[]))
    problems = validate(data_copy)
    assert len({p.file for p in problems}) >= 2
    with pytest.raises(DataError) as exc:
        load_atlas(data_copy)
    assert len(exc.value.problems) == len(problems)


def test_not_json_is_named_with_line(data_copy):
    path = _events_file(data_copy)
    path.write_text('{"events": [\n  {"id": }\n]}', encoding="utf-8")
    problems = validate(data_copy)
    assert any(p.file == f"events/{path.name}" and "line 2" in p.where and "not valid JSON" in p.reason for p in problems)


def test_event_outside_its_region_is_named(data_copy):
    path = _events_file(data_copy)

    def move(d):
        d["events"][0]["location"].update(lat=49.84, lon=24.03, region="UA-65")  # Lviv said to be in Kherson Oblast

    _edit_json(path, move)
    assert any("is not in UA-65" in p.reason for p in validate(data_copy))


def test_stale_control_build_is_named(data_copy):
    src = data_copy.control_src / "2022-11-12.json"
    _edit_json(src, lambda d: d.update(include_regions=[]))  # Crimea dropped from the outline
    assert any("built file is not current" in p.reason for p in validate(data_copy))
