"""Importers: ACLED, our CSV and GeoJSON events, control layers (GeoJSON, KML, KMZ), and the `import` CLI."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from datetime import date

import jsonschema
import pytest
from conftest import run_cli
from helpers import ACLED_HEADER, acled, acled_row

from conflictmap import schemas
from conflictmap.catalog import event_from_dict
from conflictmap.formats import events_to_csv, events_to_geojson
from conflictmap.importers import detect_format, read_control
from conflictmap.importers.acled import parse_acled_date, read_acled, region_for_admin1
from conflictmap.importers.control import date_from_name
from conflictmap.importers.csv_events import read_events_csv
from conflictmap.importers.geojson import read_events_geojson

UKRAINE_KM2 = 599_000
def valid_event(d: dict) -> None:
    jsonschema.validate(d, schemas.EVENT)


# ---- ACLED -----------------------------------------------------------------------------------------------------


@pytest.mark.samples
def test_all_690_acled_sample_rows_import(samples_dir, geo):
    text = (samples_dir / "acled-ukraine-2022h1.csv").read_text(encoding="utf-8")
    report, events = read_acled(text, geo)
    assert (report.read, report.imported, report.rejected) == (690, 690, 0), report.errors[:5]
    assert len({e["id"] for e in events}) == 690
    for e in events:
        valid_event(e)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-acled-ukr\d+", e["id"])
        assert e["location"]["country"] == "UA" and e["location"]["region"] is not None
        assert e["sources"][0]["publisher"] == "ACLED" and e["sources"][0]["url"] == "https://acleddata.com/"
        assert len(e["casualties"]) == 1 and e["casualties"][0]["reported_by"] == "ACLED"
    regions = {e["location"]["region"] for e in events}
    assert {"UA-30", "UA-32", "UA-23", "UA-35", "UA-43"} <= regions  # Kyiv City, Kyiv, Zaporizhia, Kirovograd, Crimea


def test_acled_fields_map_to_our_event(geo):
    report, [e] = read_acled(acled(acled_row()), geo)
    assert report.to_dict() == {"format": "acled", "read": 1, "imported": 1, "rejected": 0, "errors": []}
    assert e["id"] == "2022-04-30-acled-ukr1"
    assert e["category"] == "battle" and e["location"]["region"] == "UA-63" and e["location"]["precision"] == "settlement"
    assert e["description"].startswith("Fighting.") and "time_precision 1" in e["description"]
    assert e["casualties"][0]["killed"] == 2 and e["casualties"][0]["reported_at"] == "2022-05-10"
    assert e["sources"][0]["title"] == "ACLED event UKR1: Ukrinform" and e["sources"][0]["published"] == "2022-05-10"


@pytest.mark.parametrize(
    ("kw", "category"),
    [
        ({"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"}, "military_strike"),
        ({"event_type": "Explosions/Remote violence", "civilian_targeting": "Civilian targeting"}, "strike_on_civilians"),
        ({"event_type": "Violence against civilians"}, "civilian_harm"),
        ({"event_type": "Protests", "sub_event_type": "Peaceful protest"}, "humanitarian"),
        ({"event_type": "Strategic developments", "sub_event_type": "Agreement"}, "diplomacy"),
        ({"event_type": "Battles", "sub_event_type": "Government regains territory"}, "liberation"),
        ({"event_type": "Battles", "sub_event_type": "Non-state actor overtakes territory"}, "capture"),
    ],
)
def test_acled_categories(geo, kw, category):
    _, [e] = read_acled(acled(acled_row(**kw)), geo)
    assert e["category"] == category


def test_acled_dates_and_integer_columns(geo):
    assert parse_acled_date("30 April 2022") == date(2022, 4, 30)
    assert parse_acled_date("2022-04-30") == date(2022, 4, 30)
    report, events = read_acled(acled(acled_row(event_date="5 March 2022", geo_precision="2", time_precision="3", fatalities="7")), geo)
    assert report.imported == 1
    assert events[0]["date"] == "2022-03-05" and events[0]["location"]["precision"] == "region"
    assert "in the month of the given date" in events[0]["description"]


def test_acled_admin1_names():
    assert region_for_admin1("Kyiv City") == "UA-30"
    assert region_for_admin1("Kyiv") == "UA-32"
    assert region_for_admin1("Odesa") == "UA-51"
    assert region_for_admin1("Zaporizhia") == "UA-23"
    assert region_for_admin1("Kharkiv") == "UA-63"
    assert region_for_admin1("Atlantis") is None


def test_acled_point_outside_ukraine_has_no_region(geo):
    _, [e] = read_acled(acled(acled_row(country="Russia", admin1="Belgorod", location="Belgorod", latitude="50.5954", longitude="36.5873")), geo)
    assert e["location"]["region"] is None and e["location"]["country"] == "RU"


def test_acled_point_outside_ukraine_said_to_be_in_ukraine_is_rejected(geo):
    report, events = read_acled(acled(acled_row(latitude="55.75", longitude="37.62")), geo)
    assert events == [] and report.errors[0]["row"] == 2 and "outside Ukraine" in report.errors[0]["reason"]


# ---- our CSV and GeoJSON ---------------------------------------------------------------------------------------

EVENT = {
    "id": "2022-04-08-kramatorsk-station-strike",
    "date": "2022-04-08",
    "time_local": "10:30",
    "title": "Missile strike on Kramatorsk station",
    "category": "strike_on_civilians",
    "location": {"name": "Kramatorsk", "lat": 48.7233, "lon": 37.5563, "precision": "exact", "region": "UA-14", "country": "UA",
                 "coordinates_source": "GeoNames"},
    "description": "=SUM(A1) a cell that looks like a formula",
    "casualties": [],
    "sources": [{"publisher": "Reuters", "title": "Strike: on the station", "url": "https://www.reuters.com/x", "published": "2022-04-08"}],
}


def test_our_csv_round_trips(geo):
    text = events_to_csv([event_from_dict(EVENT)])
    report, [e] = read_events_csv(text, geo)
    assert report.imported == 1
    assert e["id"] == EVENT["id"] and e["description"] == EVENT["description"]
    assert e["sources"] == EVENT["sources"] and e["location"]["region"] == "UA-14" and e["time_local"] == "10:30"


def test_our_geojson_round_trips(geo):
    text = json.dumps(events_to_geojson([event_from_dict(EVENT)]))
    report, [e] = read_events_geojson(text, geo)
    assert report.imported == 1 and e == EVENT


def test_format_detection(tmp_path):
    assert detect_format(tmp_path / "x.csv", ACLED_HEADER + "\n") == "acled"
    assert detect_format(tmp_path / "x.csv", "id,date,title\n") == "csv"
    assert detect_format(tmp_path / "x.geojson", "{}") == "geojson"
    assert detect_format(tmp_path / "x.dat", '{"type": "FeatureCollection"}') == "geojson"


# ---- control layers --------------------------------------------------------------------------------------------


@pytest.mark.samples
def test_deepstate_samples_import_as_three_dated_snapshots(samples_dir, geo):
    snapshots, errors, unusable = read_control([samples_dir / "deepstate-daily"], geo)
    assert errors == [] and unusable == []
    assert [s["as_of"] for s in snapshots] == ["2024-07-08", "2025-01-02", "2026-08-22"]
    for s in snapshots:
        assert 0.15 * UKRAINE_KM2 <= s["area_km2"] <= 0.25 * UKRAINE_KM2, s["area_km2"]
        props = s["feature"]["properties"]
        jsonschema.validate(props, schemas.CONTROL_PROPERTIES)
        assert props["confidence"] == "low" and props["provider"] == "your data"
        assert props["sources"][0]["url"] == "https://github.com/cyterat/deepstate-map-data"


def test_dates_from_file_names():
    assert date_from_name("deepstatemap_data_20240708.geojson") == date(2024, 7, 8)
    assert date_from_name("20221115_RussianAssessedCoTinUkraine.geojson") == date(2022, 11, 15)
    assert date_from_name("layer.geojson") is None


SQUARE = [[36.0, 48.0], [37.0, 48.0], [37.0, 49.0], [36.0, 49.0], [36.0, 48.0]]  # inside Ukraine (Donetsk/Kharkiv area)


def test_isw_style_file_needs_a_source_url_to_write(tmp_path, geo):
    f = tmp_path / "20221115_RussianAssessedCoTinUkraine.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}]}))
    snapshots, errors, _ = read_control([f], geo)
    assert snapshots == [] and errors[0]["field"] == "--source-url"
    snapshots, errors, _ = read_control([f], geo, source_url="https://www.understandingwar.org/")
    assert errors == [] and snapshots[0]["as_of"] == "2022-11-15"
    assert 7500 < snapshots[0]["area_km2"] < 9000
    assert snapshots[0]["feature"]["properties"]["sources"][0]["publisher"] == "www.understandingwar.org"


def test_date_from_property_and_clip_to_border(tmp_path, geo):
    half_outside = [[39.0, 48.0], [42.0, 48.0], [42.0, 49.0], [39.0, 49.0], [39.0, 48.0]]  # crosses into Russia
    f = tmp_path / "layer.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"as_of": "2023-03-01"}, "geometry": {"type": "Polygon", "coordinates": [half_outside]}}]}))
    [s], errors, _ = read_control([f], geo, source_url="https://example.org/layer")
    assert s["as_of"] == "2023-03-01" and 0 < s["area_km2"] < 12000  # the 3°x1° box is ~24,600 km²
    coords = json.dumps(s["feature"]["geometry"])
    assert all(len(x.split(".")[1]) <= 5 for x in re.findall(r"-?\d+\.\d+", coords))


def kml_text(ring=SQUARE, extra="") -> str:
    coords = " ".join(f"{x},{y},0" for x, y in ring)
    return (f'<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{extra}<Placemark><name>a</name>'
            f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing></outerBoundaryIs></Polygon>"
            "</Placemark></Document></kml>")


def test_kml_and_kmz_layers(tmp_path, geo):
    kml = tmp_path / "20230101_layer.kml"
    kml.write_text(kml_text())
    kmz = tmp_path / "20230202_layer.kmz"
    with zipfile.ZipFile(kmz, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", kml_text())
    snapshots, errors, unusable = read_control([kml, kmz], geo, source_url="https://example.org/")
    assert errors == [] and unusable == []
    assert [s["as_of"] for s in snapshots] == ["2023-01-01", "2023-02-02"]
    assert all(7500 < s["area_km2"] < 9000 for s in snapshots)


# ---- CLI -------------------------------------------------------------------------------------------------------


def digest(root) -> dict:
    """A hash of every data file (geodata/ and events/) under a data root."""
    files = [p for d in ("geodata", "events") for p in sorted((root / d).rglob("*")) if p.is_file()]
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def test_cli_import_events_dry_run_write_and_force(tmp_path, data_copy):
    src = tmp_path / "acled.csv"
    src.write_text(acled(acled_row(), acled_row(event_id_cnty="UKR2", latitude="91")))
    before = digest(data_copy.root)
    res = run_cli("import", "events", str(src), "--dry-run", data=data_copy.root)
    assert res.returncode == 0 and "Traceback" not in res.stderr
    out = json.loads(res.stdout)
    assert (out["format"], out["read"], out["imported"], out["rejected"]) == ("acled", 2, 1, 1)
    assert out["errors"] == [{"row": 3, "field": "latitude/longitude", "reason": "latitude 91.0 is out of range (-90..90)"}]
    assert digest(data_copy.root) == before

    res = run_cli("import", "events", str(src), data=data_copy.root)
    assert res.returncode == 0, res.stdout
    target = data_copy.events / "imported-acled.json"
    written = json.loads(target.read_text())
    assert [e["id"] for e in written["events"]] == ["2022-04-30-acled-ukr1"]
    jsonschema.validate(written, schemas.EVENTS_FILE)

    after_first = digest(data_copy.root)
    res = run_cli("import", "events", str(src), data=data_copy.root)
    assert res.returncode == 1 and "--force" in json.loads(res.stdout)["error"]
    assert digest(data_copy.root) == after_first
    res = run_cli("import", "events", str(src), "--force", data=data_copy.root)
    assert res.returncode == 0 and json.loads(res.stdout)["imported"] == 1


def test_cli_import_events_into_another_root(tmp_path, data_copy):
    src = tmp_path / "mine.csv"
    src.write_text(acled(acled_row()))
    into = tmp_path / "other"
    res = run_cli("import", "events", str(src), "--into", str(into), data=data_copy.root)
    assert res.returncode == 0, res.stdout
    assert (into / "events" / "imported-mine.json").is_file()


@pytest.mark.samples
def test_cli_import_control_samples(samples_dir, data_copy):
    folder = samples_dir / "deepstate-daily"
    res = run_cli("import", "control", str(folder), "--dry-run", data=data_copy.root)
    assert res.returncode == 0, res.stdout
    out = json.loads(res.stdout)
    assert [s["as_of"] for s in out["snapshots"]] == ["2024-07-08", "2025-01-02", "2026-08-22"] and out["errors"] == []
    before = digest(data_copy.root)
    res = run_cli("import", "control", str(folder), "--force", data=data_copy.root)
    assert res.returncode == 1 and "authored front line" in json.loads(res.stdout)["error"], "never overwrites our own lines"
    assert json.loads(res.stdout)["written"] == [] and digest(data_copy.root) == before
    for d in ("2024-07-08", "2025-01-02", "2026-08-22"):  # a newsroom's root holds its own assessments on those dates
        (data_copy.control_src / f"{d}.json").unlink(missing_ok=True)
        (data_copy.control / f"{d}.geojson").unlink(missing_ok=True)
    res = run_cli("import", "control", str(folder), data=data_copy.root)
    assert res.returncode == 0, res.stdout
    for d in ("2024-07-08", "2025-01-02", "2026-08-22"):
        fc = json.loads((data_copy.control / f"{d}.geojson").read_text())
        assert len(fc["features"]) == 1 and fc["features"][0]["properties"]["as_of"] == d
    before = digest(data_copy.root)
    res = run_cli("import", "control", str(folder), data=data_copy.root)
    assert res.returncode == 1 and "--force" in json.loads(res.stdout)["error"]
    assert digest(data_copy.root) == before
    assert run_cli("import", "control", str(folder), "--force", data=data_copy.root).returncode == 0


def test_cli_import_control_without_source_url(tmp_path, data_copy):
    f = tmp_path / "layer.geojson"
    f.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}))
    before = digest(data_copy.root)
    res = run_cli("import", "control", str(f), "--date", "2023-05-05", data=data_copy.root)
    assert res.returncode == 1 and "source-url" in res.stdout and "Traceback" not in res.stderr
    assert digest(data_copy.root) == before
    res = run_cli("import", "control", str(f), "--date", "2023-05-05", "--dry-run", data=data_copy.root)
    assert res.returncode == 0 and json.loads(res.stdout)["snapshots"][0]["as_of"] == "2023-05-05"
    res = run_cli("import", "control", str(f), "--date", "2023-05-05", "--source-url", "https://example.org/m", data=data_copy.root)
    assert res.returncode == 0 and (data_copy.control / "2023-05-05.geojson").is_file()


def test_kml_date_from_extended_data(tmp_path, geo):
    kml = tmp_path / "layer.kml"
    kml.write_text(kml_text(extra='<ExtendedData><Data name="as_of"><value>2023-04-05</value></Data></ExtendedData>'))
    [s], errors, _ = read_control([kml], geo, source_url="https://example.org/")
    assert s["as_of"] == "2023-04-05" and errors == []


def test_ids_already_in_the_data_root_are_rejected(tmp_path, data_copy, geo):
    from conflictmap.importers import existing_event_ids

    taken = existing_event_ids(data_copy)
    some_id = sorted(taken)[0]
    ev = dict(EVENT, id=some_id, date=some_id[:10])
    text = json.dumps(events_to_geojson([event_from_dict(ev)]))
    report, evs = read_events_geojson(text, geo, taken)
    assert evs == [] and report.errors == [{"feature": 0, "field": "id", "reason": f"duplicate event id {some_id}"}]


def test_cli_help_lists_import():
    res = run_cli("import", "--help")
    assert res.returncode == 0 and "events" in res.stdout and "control" in res.stdout
