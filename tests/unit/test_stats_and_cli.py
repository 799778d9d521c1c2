"""The CLI contract (JSON shapes, exit codes) and the status/stats figures it reports."""

import json

import pytest
from conftest import cli_json, run_cli

KHERSON = ("46.635", "32.617")
SIMFEROPOL = ("44.952", "34.102")
ZAPORIZHZHIA = ("47.838", "35.139")
STATUS_KEYS = {
    "date", "lat", "lon", "region", "claimed_by_russia", "claimed_since", "controlled_by_russia", "control_as_of",
    "russian_region", "held_by", "held_in_russia_as_of", "sources",
}


def status(date, lat, lon):
    return cli_json("status", "--date", date, "--lat", lat, "--lon", lon)


def test_status_kherson_after_liberation():
    s = status("2022-12-24", *KHERSON)
    assert set(s) == STATUS_KEYS
    assert s["region"] == {"iso": "UA-65", "name": "Kherson Oblast"}
    assert s["claimed_by_russia"] is True and s["claimed_since"] == "2022-09-30"
    assert s["controlled_by_russia"] is False and s["held_by"] == "ukraine"
    assert s["control_as_of"] <= "2022-12-24"
    assert all(src["url"].startswith("http") for src in s["sources"])


def test_status_simferopol_and_zaporizhzhia():
    s = status("2022-12-24", *SIMFEROPOL)
    assert s["region"]["iso"] == "UA-43" and s["claimed_since"] == "2014-03-18" and s["controlled_by_russia"] is True
    z = status("2022-12-24", *ZAPORIZHZHIA)
    assert z["region"]["iso"] == "UA-23" and z["claimed_by_russia"] is True and z["controlled_by_russia"] is False


def test_status_points_file_keeps_order(tmp_path):
    f = tmp_path / "points.csv"
    f.write_text("name,lat,lon\nKherson,46.635,32.617\nSimferopol,44.952,34.102\n", encoding="utf-8")
    res = run_cli("status", "--date", "2022-12-24", "--points", str(f))
    assert res.returncode == 0, res.stderr
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["region"]["iso"] for x in lines] == ["UA-65", "UA-43"]


def test_status_points_file_bad_rows_named(tmp_path):
    f = tmp_path / "points.csv"
    f.write_text("lat,lon\n46.6,32.6\nabc,1\n", encoding="utf-8")
    res = run_cli("status", "--date", "2022-12-24", "--points", str(f))
    assert res.returncode == 1 and "line 3" in json.loads(res.stdout)["error"]
    assert "Traceback" not in res.stdout + res.stderr


def test_stats_has_every_field():
    s = cli_json("stats", "--date", "2022-12-24")
    assert set(s) == {
        "date", "control_as_of", "ukraine_km2", "controlled_km2", "controlled_pct", "claimed_km2",
        "claimed_not_controlled_km2", "controlled_outside_claims_km2", "regions", "held_in_russia_as_of", "held_in_russia_km2",
    }
    assert len(s["regions"]) == 27
    assert set(s["regions"][0]) == {"iso", "name", "area_km2", "controlled_km2", "controlled_pct", "claimed_since"}
    kherson = next(r for r in s["regions"] if r["iso"] == "UA-65")
    assert kherson["claimed_since"] == "2022-09-30" and 0 < kherson["controlled_pct"] < 100
    assert s["claimed_not_controlled_km2"] > 0  # Zaporizhzhia and Kherson cities, among others
    assert s["claimed_km2"] > s["claimed_not_controlled_km2"]


def test_regions_command():
    rows = cli_json("regions")
    assert len(rows) == 27
    assert set(rows[0]) == {"iso", "name", "name_uk", "kind", "area_km2", "area_km2_official"}


@pytest.mark.parametrize("fmt", ["json", "csv", "geojson"])
def test_events_formats_and_filters(fmt):
    res = run_cli("events", "--from", "2022-12-24", "--to", "2022-12-24", "--region", "UA-65", "--format", fmt)
    assert res.returncode == 0, res.stderr
    if fmt == "json":
        events = json.loads(res.stdout)
        assert events and all(e["date"] == "2022-12-24" and e["location"]["region"] == "UA-65" for e in events)
        assert all(e["sources"] for e in events)
    elif fmt == "geojson":
        fc = json.loads(res.stdout)
        assert fc["type"] == "FeatureCollection" and fc["features"][0]["geometry"]["type"] == "Point"
    else:
        assert res.stdout.splitlines()[0].startswith("id,date,")
        assert len(res.stdout.splitlines()) >= 2


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--date", "2022-02-30", "--lat", "1", "--lon", "1"],
        ["status", "--date", "2022-12-24", "--lat", "100", "--lon", "1"],
        ["status", "--date", "2022-12-24"],
        ["stats"],
        ["events", "--format", "xml"],
        ["events", "--region", "UA-99"],
        ["nonsense"],
    ],
)
def test_bad_arguments_exit_2_with_usage(args):
    res = run_cli(*args)
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    assert "usage:" in res.stderr and "Traceback" not in res.stderr


def test_validate_clean_and_broken(data_copy):
    ok = run_cli("validate", data=data_copy.root)
    assert ok.returncode == 0 and json.loads(ok.stdout) == {"ok": True, "problems": []}
    data_copy.claims.write_text("{not json", encoding="utf-8")
    bad = run_cli("validate", data=data_copy.root)
    assert bad.returncode == 1
    out = json.loads(bad.stdout)
    assert out["ok"] is False and out["problems"][0]["file"] == "geodata/claims.json"
    # other commands refuse broken data with a pointer to validate, not a traceback
    res = run_cli("stats", "--date", "2022-12-24", data=data_copy.root)
    assert res.returncode == 1 and "validate" in json.loads(res.stdout)["error"] and "Traceback" not in res.stderr


def test_csv_neutralises_spreadsheet_formulas(atlas):
    import csv
    import io
    from dataclasses import replace

    from conflictmap.formats import events_to_csv

    e = replace(atlas.events[0], title="=HYPERLINK(\"http://x\")", description="+1+1", id="@id")
    rows = list(csv.reader(io.StringIO(events_to_csv([e]))))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert cells["title"].startswith("'=") and cells["description"].startswith("'+") and cells["id"].startswith("'@")


def test_region_dossier_changes_are_in_date_order_and_sources_only_from_assessments_that_moved_it(atlas):
    from conflictmap.stats import region_series, region_sources, region_status_changes

    changes = region_status_changes(atlas, "UA-65")
    dates = [c["date"] for c in changes]
    assert dates == sorted(dates) and changes[0]["kind"] in ("claim", "control")
    assert any(c["kind"] == "claim" and c["date"] == "2022-09-30" for c in changes)
    rows = region_series(atlas, "UA-74")  # Chernihiv: occupied in spring 2022 only
    srcs = {s.url for s in region_sources(atlas, "UA-74", rows)}
    late = {s.url for snap in atlas.snapshots if snap.as_of.year >= 2024 for s in snap.sources}
    events = {s.url for e in atlas.events if e.location.region == "UA-74" for s in e.sources}
    assert not (late - events) & srcs, "assessments that did not move Chernihiv's area are not its sources"
