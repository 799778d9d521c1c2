"""A corpus of hostile input: every case ends in a clear report (row/feature + reason), never an exception,
a traceback, a hang or a partial file. Most fixtures are generated here in tmp_path (the zip bombs are small on
disk and only *declare* a huge size or ratio); fixtures/ holds two small static ones."""

from __future__ import annotations

import hashlib
import json
import random
import struct
import time
import zipfile
from pathlib import Path

import pytest
from conftest import run_cli

from conflictmap.importers import read_control, read_events, write_events
from conflictmap.importers.common import MAX_FILE_BYTES

FIXTURES = Path(__file__).parent / "fixtures"
ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
                "actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
                "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp")
ROW = "UKR1,2022-04-30,2022.0,1.0,PV,Battles,Armed clash,A,,8.0,B,,1.0,18.0,,804.0,Europe,Ukraine,Kharkiv,,,Izium,{lat},{lon},1.0,S,National,{notes},0.0,,1652217210.0\n"
SQUARE = [[36.0, 48.0], [37.0, 48.0], [37.0, 49.0], [36.0, 49.0], [36.0, 48.0]]


def garbage(seed: int, n: int) -> bytes:
    """Deterministic random bytes (the same corpus on every run)."""
    return random.Random(seed).randbytes(n)  # noqa: S311 (not cryptographic)


def write(tmp_path: Path, name: str, content) -> Path:
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return p


def events(path, geo, fmt=None):
    report, evs = read_events(path, fmt, geo)
    return report, evs


def control(paths, geo, **kw):
    return read_control(paths, geo, **kw)


def digest(root: Path) -> dict:
    """A hash of every data file (geodata/ and events/) under a data root."""
    files = [p for d in ("geodata", "events") for p in sorted((root / d).rglob("*")) if p.is_file()]
    assert files
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


def geojson_events(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def ev_feature(**props):
    base = {"id": "2022-04-08-x", "date": "2022-04-08", "title": "t", "category": "battle", "description": "d",
            "sources": [{"publisher": "P", "title": "T", "url": "https://example.org/", "published": "2022-04-08"}]}
    base.update(props)
    geometry = base.pop("geometry", {"type": "Point", "coordinates": [37.5563, 48.7233]})
    return {"type": "Feature", "properties": base, "geometry": geometry}


def polygon_file(tmp_path, name, coords, props=None) -> Path:
    return write(tmp_path, name, json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props or {}, "geometry": {"type": "Polygon", "coordinates": coords}}]}))


# ---- empty, binary, too big -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.csv", "empty.geojson"])
def test_empty_events_file(tmp_path, geo, name):
    report, evs = events(write(tmp_path, name, "  \n"), geo)
    assert not report.usable and evs == [] and "empty" in report.errors[0]["reason"]


def test_empty_control_file(tmp_path, geo):
    snaps, errors, unusable = control([write(tmp_path, "20230101.geojson", b"")], geo)
    assert snaps == [] and unusable == ["20230101.geojson"] and "empty" in errors[0]["reason"]


@pytest.mark.parametrize("name", ["garbage.csv", "garbage.geojson"])
def test_binary_garbage_events(tmp_path, geo, name):
    report, _ = events(write(tmp_path, name, garbage(1, 4096)), geo)
    assert not report.usable and "binary" in report.errors[0]["reason"]


@pytest.mark.parametrize("name", ["20230101.geojson", "20230101.kml", "20230101.kmz"])
def test_binary_garbage_control(tmp_path, geo, name):
    snaps, errors, unusable = control([write(tmp_path, name, garbage(2, 4096))], geo)
    assert snaps == [] and unusable == [name] and errors[0]["reason"]


def test_file_over_200_mb_is_refused_before_reading(tmp_path, geo):
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is really written
    start = time.monotonic()
    report, _ = events(big, geo)
    assert time.monotonic() - start < 2
    assert not report.usable and "limit" in report.errors[0]["reason"]


def test_missing_file_and_folder_as_file(tmp_path, geo):
    report, _ = events(tmp_path / "nope.csv", geo)
    assert not report.usable and "not a file" in report.errors[0]["reason"]
    report, _ = events(tmp_path, geo)
    assert not report.usable


# ---- malformed CSV / JSON, wrong types, missing columns -------------------------------------------------------


def test_not_utf8(tmp_path, geo):
    report, _ = events(write(tmp_path, "latin1.csv", "id,date\n\xe9t\xe9\n".encode("latin-1")), geo)
    assert not report.usable and "UTF-8" in report.errors[0]["reason"]


def test_acled_missing_columns(tmp_path, geo):
    report, _ = events(write(tmp_path, "a.csv", "event_id_cnty,event_date,event_type\nUKR1,2022-01-01,Battles\n"), geo, "acled")
    assert not report.usable and "latitude" in report.errors[0]["reason"]


def test_our_csv_missing_columns(tmp_path, geo):
    report, _ = events(write(tmp_path, "a.csv", "id,date,title\nx,y,z\n"), geo, "csv")
    assert not report.usable and "missing column" in report.errors[0]["reason"]


def test_csv_unclosed_quote_and_short_rows(tmp_path, geo):
    text = ACLED_HEADER + "\n" + ROW.format(lat="49.2", lon="37.2", notes="ok") + 'UKR2,"2022-04-30,never closed\n'
    report, evs = events(write(tmp_path, "a.csv", text), geo)
    assert report.usable and report.imported == 1 and report.rejected == 1
    assert report.errors[0]["row"] is not None and report.errors[0]["reason"]


def test_csv_field_over_the_csv_limit(tmp_path, geo):
    text = ACLED_HEADER + "\n" + ROW.format(lat="49.2", lon="37.2", notes="ok") + ROW.format(lat="49.2", lon="37.2", notes='"' + "x" * 200_000 + '"')
    report, evs = events(write(tmp_path, "a.csv", text), geo)
    assert report.usable and report.imported == 1
    assert any("malformed CSV" in e["reason"] for e in report.errors)


def test_csv_extra_fields(tmp_path, geo):
    text = ACLED_HEADER + "\n" + ROW.format(lat="49.2", lon="37.2", notes="ok").rstrip("\n") + ",extra,extra\n"
    report, _ = events(write(tmp_path, "a.csv", text), geo)
    assert report.rejected == 1 and "more fields" in report.errors[0]["reason"]


@pytest.mark.parametrize(("lat", "lon", "words"), [("nan", "37.2", "finite"), ("91", "37.2", "out of range"), ("49", "inf", "finite"),
                                                   ("abc", "37.2", "not a number"), ("", "37.2", "missing")])
def test_bad_coordinates_in_csv(tmp_path, geo, lat, lon, words):
    report, evs = events(write(tmp_path, "a.csv", ACLED_HEADER + "\n" + ROW.format(lat=lat, lon=lon, notes="n")), geo)
    assert evs == [] and report.errors == [{"row": 2, "field": "latitude/longitude", "reason": report.errors[0]["reason"]}]
    assert words in report.errors[0]["reason"]


def test_malformed_json(tmp_path, geo):
    report, _ = events(write(tmp_path, "a.geojson", '{"type": "FeatureCollection", "features": [}'), geo)
    assert not report.usable and "not valid JSON" in report.errors[0]["reason"] and "line 1" in report.errors[0]["reason"]


def test_json_nested_too_deeply(tmp_path, geo):
    report, _ = events(write(tmp_path, "a.geojson", "[" * 200_000 + "]" * 200_000), geo)
    assert not report.usable and report.errors[0]["reason"]
    snaps, errors, unusable = control([write(tmp_path, "20230101.geojson", "[" * 200_000)], geo)
    assert snaps == [] and unusable


def test_json_that_is_not_geojson(tmp_path, geo):
    report, _ = events(write(tmp_path, "a.geojson", "[1, 2, 3]"), geo)
    assert not report.usable and "not GeoJSON" in report.errors[0]["reason"]


def test_geojson_wrong_types(tmp_path, geo):
    feats = [ev_feature(date=20220408), ev_feature(id="2022-04-08-b", category=["battle"]), "not a feature",
             {"type": "Feature", "properties": [1], "geometry": None},
             ev_feature(id="2022-04-08-c", geometry={"type": "Point", "coordinates": ["37", None]}),
             ev_feature(id="2022-04-08-d", geometry={"type": "LineString", "coordinates": [[1, 2], [3, 4]]}),
             ev_feature(id="2022-04-08-e", sources="https://example.org")]
    report, evs = events(write(tmp_path, "a.geojson", geojson_events(*feats)), geo)
    assert report.usable and evs == [] and report.rejected == len(feats)
    assert [e["feature"] for e in report.errors] == list(range(len(feats)))
    assert all(e["reason"] for e in report.errors)


def test_geojson_nan_coordinates(tmp_path, geo):
    text = geojson_events(ev_feature()).replace("[37.5563, 48.7233]", "[NaN, 48.7233]")
    report, evs = events(write(tmp_path, "a.geojson", text), geo)
    assert evs == [] and "finite" in report.errors[0]["reason"]


def test_polygon_with_nan_and_out_of_range_coordinates(tmp_path, geo):
    nan = write(tmp_path, "20230101.geojson", json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}).replace("37.0", "NaN", 1))  # a middle vertex
    far = polygon_file(tmp_path, "20230102.geojson", [[[x * 10, y] for x, y in SQUARE]])
    snaps, errors, _ = control([nan, far], geo, source_url="https://example.org/")
    assert snaps == []
    reasons = " ".join(e["reason"] for e in errors)
    assert "NaN" in reasons and "out of range" in reasons


def test_polygon_outside_ukraine_leaves_nothing(tmp_path, geo):
    paris = [[2.0, 48.5], [2.5, 48.5], [2.5, 49.0], [2.0, 49.0], [2.0, 48.5]]
    snaps, errors, _ = control([polygon_file(tmp_path, "20230101.geojson", [paris])], geo, source_url="https://example.org/")
    assert snaps == [] and "nothing left inside Ukraine" in errors[0]["reason"]


def test_points_and_lines_are_not_areas(tmp_path, geo):
    f = write(tmp_path, "20230101.geojson", json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": SQUARE}}))
    snaps, errors, _ = control([f], geo, source_url="https://example.org/")
    assert snaps == [] and errors[0]["feature"] == 0 and "no area" in errors[0]["reason"]


def test_self_intersecting_polygon_is_repaired_and_reported(tmp_path, geo):
    bowtie = [[36.0, 48.0], [37.0, 49.0], [37.0, 48.0], [36.0, 49.0], [36.0, 48.0]]
    [snap], errors, _ = control([polygon_file(tmp_path, "20230101.geojson", [bowtie])], geo, source_url="https://example.org/")
    assert errors == [{"file": "20230101.geojson", "feature": 0, "field": "geometry",
                       "reason": errors[0]["reason"]}]
    assert "Self-intersection" in errors[0]["reason"] and "repaired" in errors[0]["reason"]
    assert 3500 < snap["area_km2"] < 4600  # two triangles, half of the 1°x1° square


def test_no_date_anywhere(tmp_path, geo):
    snaps, errors, _ = control([polygon_file(tmp_path, "layer.geojson", [SQUARE])], geo, source_url="https://example.org/")
    assert snaps == [] and errors[0]["field"] == "date" and "--date" in errors[0]["reason"]


def test_impossible_date_in_property_and_name(tmp_path, geo):
    snaps, errors, _ = control([polygon_file(tmp_path, "20231399.geojson", [SQUARE], {"as_of": "2023-02-30"})], geo)
    assert snaps == [] and errors[0]["field"] == "date"


# ---- payloads in text and URLs ----------------------------------------------------------------------------------


def test_html_and_js_payloads_stay_inert_text(geo):
    report, evs = events(FIXTURES / "xss-events.csv", geo, "csv")
    assert report.imported == 1 and report.rejected == 1
    e = evs[0]
    assert e["title"] == "<img src=x onerror=alert(1)>"
    assert e["description"] == "${alert(1)} `backticks` <script>alert(1)</script>"
    assert report.errors[0]["row"] == 3 and "javascript:alert(1)" in report.errors[0]["reason"] and "http(s)" in report.errors[0]["reason"]


def test_javascript_url_in_geojson_source_is_rejected(tmp_path, geo):
    feat = ev_feature(sources=[{"publisher": "P", "title": "T", "url": "javascript:alert(1)", "published": "2022-04-08"}])
    report, evs = events(write(tmp_path, "a.geojson", geojson_events(feat)), geo)
    assert evs == [] and report.errors[0]["feature"] == 0 and "not an http(s) link" in report.errors[0]["reason"]


def test_javascript_source_url_for_control_is_rejected(tmp_path, geo):
    snaps, errors, _ = control([polygon_file(tmp_path, "20230101.geojson", [SQUARE])], geo, source_url="javascript:alert(1)")
    assert snaps == [] and errors[0]["field"] == "--source-url" and "http(s)" in errors[0]["reason"]


def test_nul_and_control_characters_are_stripped_and_text_capped(tmp_path, geo):
    notes = "a\x01b\x07c\x1b" + "x" * 20_000
    report, [e] = events(write(tmp_path, "a.csv", ACLED_HEADER + "\n" + ROW.format(lat="49.2", lon="37.2", notes=notes)), geo)
    assert e["description"].startswith("abc") and len(e["description"]) <= 5000
    feat = ev_feature(title="a\x00b\u202e\x1bc", description="d\x00" * 10_000)
    report, [e] = events(write(tmp_path, "a.geojson", geojson_events(feat)), geo)
    assert e["title"] == "abc" and "\x00" not in e["description"] and len(e["description"]) <= 5000


def test_nul_bytes_in_a_csv_mean_binary(tmp_path, geo):
    report, _ = events(write(tmp_path, "a.csv", ACLED_HEADER + "\n" + "\x00" * 10), geo)
    assert not report.usable and "binary" in report.errors[0]["reason"]


def test_bounded_error_list(tmp_path, geo):
    rows = "".join(ROW.format(lat="999", lon="37.2", notes="n").replace("UKR1", f"UKR{i}") for i in range(3000))
    report, _ = events(write(tmp_path, "a.csv", ACLED_HEADER + "\n" + rows), geo)
    assert report.rejected == 3000 and len(report.errors) <= 1001


# ---- XML and archives -------------------------------------------------------------------------------------------


def test_kml_billion_laughs_is_refused(geo):
    snaps, errors, unusable = control([FIXTURES / "billion-laughs.kml"], geo)
    assert snaps == [] and unusable == ["billion-laughs.kml"]
    assert "refused" in errors[0]["reason"] and "entit" in errors[0]["reason"]


def test_kml_external_entity_is_refused(tmp_path, geo):
    xxe = '<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><kml><Document><name>&xxe;</name></Document></kml>'
    snaps, errors, _ = control([write(tmp_path, "20230101.kml", xxe)], geo)
    assert snaps == [] and "refused" in errors[0]["reason"] and "passwd" not in json.dumps(errors)


def test_kml_not_well_formed(tmp_path, geo):
    snaps, errors, _ = control([write(tmp_path, "20230101.kml", "<kml><Document>")], geo)
    assert snaps == [] and "not well-formed XML" in errors[0]["reason"]


def test_kml_bad_coordinates(tmp_path, geo):
    kml = ('<kml><Document><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>36,48 abc,def 37,49 36,48'
           "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>")
    snaps, errors, _ = control([write(tmp_path, "20230101.kml", kml)], geo, source_url="https://example.org/")
    assert snaps == [] and errors[0]["feature"] == 0 and "cannot be read" in errors[0]["reason"]


def test_kmz_zip_bomb_by_ratio(tmp_path, geo):
    bomb = tmp_path / "20230101.kmz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("doc.kml", b"<kml>" + b" " * 20_000_000 + b"</kml>")
    assert bomb.stat().st_size < 100_000
    snaps, errors, unusable = control([bomb], geo)
    assert snaps == [] and unusable == [bomb.name] and "compression ratio" in errors[0]["reason"]


def test_kmz_declaring_a_huge_size_is_refused_before_unpacking(tmp_path, geo):
    bomb = tmp_path / "20230101.kmz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_STORED) as z:
        z.writestr("doc.kml", b"<kml></kml>")
    data = bytearray(bomb.read_bytes())
    cd = data.find(b"PK\x01\x02")
    data[cd + 24 : cd + 28] = struct.pack("<I", 0xFFFFFF00)  # central directory: uncompressed size ~4 GB
    bomb.write_bytes(bytes(data))
    snaps, errors, _ = control([bomb], geo)
    assert snaps == [] and "unpacks to" in errors[0]["reason"] and "limit" in errors[0]["reason"]


def test_kmz_with_too_many_members(tmp_path, geo):
    kmz = tmp_path / "20230101.kmz"
    with zipfile.ZipFile(kmz, "w", zipfile.ZIP_STORED) as z:
        for i in range(1001):
            z.writestr(f"f{i}.txt", b"x")
    snaps, errors, _ = control([kmz], geo)
    assert snaps == [] and "1,001 members" in errors[0]["reason"]


def test_kmz_without_kml_and_truncated_zip(tmp_path, geo):
    kmz = tmp_path / "20230101.kmz"
    with zipfile.ZipFile(kmz, "w") as z:
        z.writestr("readme.txt", b"hello")
    cut = write(tmp_path, "20230102.kmz", kmz.read_bytes()[:30])
    snaps, errors, unusable = control([kmz, cut], geo)
    assert snaps == [] and len(unusable) == 2
    assert "no .kml" in errors[0]["reason"] and "not a KMZ" in errors[1]["reason"]


# ---- the CLI and the data root -----------------------------------------------------------------------------------


def test_failed_event_import_leaves_data_unchanged(tmp_path, data_copy):
    before = digest(data_copy.root)
    for name, content in [("garbage.csv", garbage(3, 2048)), ("empty.csv", b""), ("bad.geojson", b"{"),
                          ("cols.csv", b"a,b\n1,2\n")]:
        res = run_cli("import", "events", str(write(tmp_path, name, content)), data=data_copy.root)
        assert res.returncode == 1, (name, res.stdout)
        assert "Traceback" not in res.stderr and json.loads(res.stdout)["errors"][0]["reason"]
    assert digest(data_copy.root) == before


def test_failed_control_import_leaves_data_unchanged(tmp_path, data_copy):
    bomb = tmp_path / "20230101.kmz"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("doc.kml", b" " * 5_000_000)
    good = polygon_file(tmp_path, "20230102.geojson", [SQUARE])
    before = digest(data_copy.root)
    res = run_cli("import", "control", str(bomb), str(good), str(FIXTURES / "billion-laughs.kml"), "--source-url", "https://example.org/", data=data_copy.root)
    assert res.returncode == 1 and "Traceback" not in res.stderr
    out = json.loads(res.stdout)
    assert "nothing written" in out["error"] and len(out["errors"]) >= 2
    assert digest(data_copy.root) == before


def test_cli_usage_errors_exit_2_without_traceback(tmp_path, data_copy):
    res = run_cli("import", "control", str(tmp_path), "--date", "2023-13-01", data=data_copy.root)
    assert res.returncode == 2 and "Traceback" not in res.stderr
    res = run_cli("import", "events", "x.csv", "--format", "xml", data=data_copy.root)
    assert res.returncode == 2 and "Traceback" not in res.stderr


def test_invalid_event_is_never_written(tmp_path):
    target = tmp_path / "events" / "imported-x.json"
    with pytest.raises(ValueError):
        write_events(target, [{"id": "bad"}], force=False)
    assert not target.parent.exists() or list(target.parent.iterdir()) == []
