"""GIS formats through geopandas: Shapefile (plain and zipped), GeoPackage, FlatGeobuf and GeoParquet imports, the
GeoParquet events export and the GeoPackage export of a date, all on files these tests build with geopandas, and the
importer registry that lists them."""

from __future__ import annotations

import json
import random
import shutil
import struct
import zipfile
from datetime import date
from pathlib import Path

import geopandas
import pyogrio
import pytest
import shapely
from shapely.geometry import Point, Polygon, shape
from test_importers import EVENT, digest  # a valid event and a data root's hash, shared with the text importers' tests

from conflictmap.areas import area_km2
from conflictmap.catalog import event_from_dict
from conflictmap.cli import main
from conflictmap.export import EVENT_WINDOW_DAYS
from conflictmap.gis import GPKG_LAYERS, events_frame
from conflictmap.importers import Geo, read_control, registry
from conflictmap.importers.report import ImportReport, RowError
from conflictmap.paths import REPO_DIR, DataPaths
from conflictmap.stats import stats_for
from conflictmap.timeline import events_in_window

SQUARE = Polygon([(36.0, 48.0), (37.0, 48.0), (37.0, 49.0), (36.0, 49.0)])  # inside Ukraine (Donetsk/Kharkiv area)
URL = "https://example.org/layer"


def square(crs: str = "EPSG:4326", **columns) -> geopandas.GeoDataFrame:
    """One square of about 8,200 km² inside Ukraine, in ``crs``, with the given attribute columns."""
    return geopandas.GeoDataFrame({k: [v] for k, v in columns.items()}, geometry=[SQUARE], crs="EPSG:4326").to_crs(crs)


def write_shapefile(frame: geopandas.GeoDataFrame, path: Path) -> Path:
    frame.to_file(path, driver="ESRI Shapefile", engine="pyogrio")
    return path


def zip_shapefile(shp: Path, out: Path, extra=()) -> Path:
    """The shapefile's parts zipped under a folder name, plus ``extra`` (ZipInfo or name, bytes) members."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part in sorted(shp.parent.glob(shp.stem + ".*")):
            z.write(part, f"isw/{part.name}")
        for info, data in extra:
            z.writestr(info, data)
    return out


def cli(capsys, *args: str) -> tuple[int, dict]:
    code = main(list(args))
    out = capsys.readouterr().out
    return code, (json.loads(out) if out.strip() else {})


def import_control(capsys, root: Path, *paths: Path, extra=()) -> tuple[int, dict]:
    return cli(capsys, "--data", str(root), "import", "control", *map(str, paths), "--into", str(root), "--source-url", URL, *extra)


@pytest.fixture(scope="module")
def geojson_km2(tmp_path_factory) -> float:
    """The km² the GeoJSON importer gives the same square: every GIS format must agree with it."""
    f = tmp_path_factory.mktemp("gj") / "20230505.geojson"
    f.write_text(square().to_json())
    [snap], errors, _ = read_control([f], Geo(DataPaths(REPO_DIR)), source_url=URL)
    assert errors == []
    return snap["area_km2"]


# ---- control layers --------------------------------------------------------------------------------------------


def _shapefile_3857(folder: Path) -> Path:
    """ISW publishes shapefiles in Web Mercator: the importer must reproject them."""
    return write_shapefile(square("EPSG:3857"), folder / "20230505_RussianAssessedCoT.shp")


def _zipped_shapefile(folder: Path) -> Path:
    (folder / "parts").mkdir()
    return zip_shapefile(write_shapefile(square("EPSG:3857"), folder / "parts" / "assessed.shp"), folder / "20230505_isw.zip")


def _geopackage(folder: Path) -> Path:
    """The date from an as_of column of date type, not from the name."""
    path = folder / "control.gpkg"
    square("EPSG:32637", as_of=date(2023, 5, 5)).to_file(path, layer="occupied", driver="GPKG", engine="pyogrio")
    return path


def _flatgeobuf(folder: Path) -> Path:
    path = folder / "2023-05-05_control.fgb"
    square().to_file(path, driver="FlatGeobuf", engine="pyogrio")
    return path


def _geoparquet(folder: Path) -> Path:
    path = folder / "control_20230505.parquet"
    square("EPSG:3857").to_parquet(path)
    return path


@pytest.mark.parametrize("build", [_shapefile_3857, _zipped_shapefile, _geopackage, _flatgeobuf, _geoparquet],
                         ids=["shapefile-epsg3857", "zipped-shapefile", "geopackage-utm", "flatgeobuf", "geoparquet-epsg3857"])
def test_control_layer_imports_end_to_end(build, tmp_path, data_copy, capsys, geojson_km2):
    """Each format is read, reprojected to WGS84, clipped and written like the same square given as GeoJSON."""
    src = tmp_path / "src"
    src.mkdir()
    path = build(src)
    code, out = import_control(capsys, data_copy.root, path)
    assert code == 0, out
    [snap] = out["snapshots"]
    assert snap["as_of"] == "2023-05-05" and out["errors"] == []
    assert snap["area_km2"] == pytest.approx(geojson_km2, rel=0.002)
    assert out["written"] == [str(data_copy.control / "2023-05-05.geojson")]
    [feature] = json.loads((data_copy.control / "2023-05-05.geojson").read_text())["features"]
    assert shape(feature["geometry"]).symmetric_difference(SQUARE).area < 0.001 * SQUARE.area
    assert feature["properties"]["sources"][0]["url"] == URL and feature["properties"]["provider"] == "your data"


def test_shapefile_without_crs_is_refused_unless_in_degrees(tmp_path, data_copy, capsys):
    """No .prj: Web Mercator metres are refused with the file named; longitude/latitude degrees are taken as WGS84."""
    metres = _shapefile_3857(tmp_path)
    metres.with_suffix(".prj").unlink()
    before = digest(data_copy.root)
    code, out = import_control(capsys, data_copy.root, metres)
    assert code == 1 and out["written"] == [] and digest(data_copy.root) == before
    [error] = out["errors"]
    assert error["file"] == metres.name and metres.name in error["reason"] and "no coordinate reference system" in error["reason"]

    degrees = write_shapefile(square(), tmp_path / "20230606_layer.shp")
    degrees.with_suffix(".prj").unlink()
    code, out = import_control(capsys, data_copy.root, degrees)
    assert code == 0 and out["snapshots"][0]["as_of"] == "2023-06-06"


def test_shapefile_sidecars_and_missing_parts(tmp_path, data_copy, capsys):
    """Its sidecars may be named too (an upload of several files); a .shp without its .dbf is refused by name."""
    shp = write_shapefile(square(), tmp_path / "20230505_layer.shp")
    sidecars = [shp.with_suffix(s) for s in (".shx", ".dbf", ".prj", ".cpg") if shp.with_suffix(s).exists()]
    code, out = import_control(capsys, data_copy.root, shp, *sidecars, extra=("--dry-run",))
    assert code == 0 and len(out["snapshots"]) == 1 and out["errors"] == []
    code, out = import_control(capsys, data_copy.root, tmp_path, extra=("--dry-run",))  # a folder: its .shp, once
    assert code == 0 and out["snapshots"][0]["files"] == [shp.name] and out["errors"] == []
    shp.with_suffix(".dbf").unlink()
    code, out = import_control(capsys, data_copy.root, shp, extra=("--dry-run",))
    assert code == 1 and ".dbf" in out["errors"][0]["reason"] and out["errors"][0]["file"] == shp.name


def test_several_layers_of_one_date_merge_into_one_snapshot(tmp_path, geojson_km2):
    """Like several files of one date: a GeoPackage's layers (e.g. ISW's areas of one day) become one snapshot."""
    path = tmp_path / "20230505_isw.gpkg"
    east = geopandas.GeoDataFrame(geometry=[shapely.box(36.0, 48.0, 36.5, 49.0)], crs="EPSG:4326")
    west = geopandas.GeoDataFrame(geometry=[shapely.box(36.5, 48.0, 37.0, 49.0)], crs="EPSG:4326")
    east.to_file(path, layer="east", driver="GPKG", engine="pyogrio")
    west.to_file(path, layer="west", driver="GPKG", engine="pyogrio")
    [snap], errors, _ = read_control([path], Geo(DataPaths(REPO_DIR)), source_url=URL)
    assert errors == [] and snap["files"] == [f"{path.name}:east", f"{path.name}:west"]
    assert snap["area_km2"] == pytest.approx(geojson_km2, rel=0.002)


def test_invalid_and_non_area_features_are_reported_by_index(tmp_path):
    """The same per-feature rules as GeoJSON: a bow-tie is repaired and said so, a point has no area."""
    bowtie = Polygon([(36.0, 48.0), (37.0, 49.0), (37.0, 48.0), (36.0, 49.0)])
    frame = geopandas.GeoDataFrame(geometry=[SQUARE, bowtie, Point(36.5, 48.5)], crs="EPSG:4326")
    path = tmp_path / "20230505.fgb"
    frame.to_file(path, driver="FlatGeobuf", engine="pyogrio")
    _, errors, _ = read_control([path], Geo(DataPaths(REPO_DIR)), source_url=URL)
    assert [(e["file"], e["feature"]) for e in errors] == [(path.name, 1), (path.name, 2)]
    assert "repaired" in errors[0]["reason"] and "no area" in errors[1]["reason"]


# ---- hostile zipped shapefiles ---------------------------------------------------------------------------------


def _symlink_member() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("isw/link.shp")
    info.create_system = 3
    info.external_attr = (0o120777 << 16)
    return info


def _declare_size(archive: Path, member: str, size: int) -> None:
    """Rewrite the central directory's uncompressed size of ``member`` (a zip that lies about what it unpacks to)."""
    data = bytearray(archive.read_bytes())
    at = data.find(b"PK\x01\x02")
    name = member.encode()
    while at != -1:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46: at + 46 + name_len]) == name:
            struct.pack_into("<I", data, at + 24, size)
            archive.write_bytes(bytes(data))
            return
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{member} not in {archive}")


@pytest.mark.parametrize("member, data, words", [
    ("../evil.shp", b"x", "path traversal"),
    ("/tmp/evil.shp", b"x", "absolute path"),
    ("C:\\evil.shp", b"x", "absolute path"),
    (None, b"/etc/passwd", "symbolic link"),
    ("isw/padding.dbf.txt", b"\0" * (30 * 1024 * 1024), "compression ratio"),
], ids=["traversal", "absolute", "drive-letter", "symlink", "ratio-bomb"])
def test_hostile_zip_members_are_refused_and_nothing_written(member, data, words, tmp_path, data_copy, capsys):
    (tmp_path / "parts").mkdir()
    shp = write_shapefile(square(), tmp_path / "parts" / "assessed.shp")
    archive = zip_shapefile(shp, tmp_path / "20230505_isw.zip", [(member or _symlink_member(), data)])
    before = digest(data_copy.root)
    code, out = import_control(capsys, data_copy.root, archive)
    assert code == 1 and out["written"] == [] and digest(data_copy.root) == before
    assert out["snapshots"] == [] and archive.name in out["errors"][0]["reason"] and "refused" in out["errors"][0]["reason"]
    assert words in out["errors"][0]["reason"]
    assert not (tmp_path / "evil.shp").exists() and not Path("/tmp/evil.shp").exists()


def test_zip_declaring_a_huge_size_is_refused_before_unpacking(tmp_path, data_copy, capsys):
    (tmp_path / "parts").mkdir()
    archive = zip_shapefile(write_shapefile(square(), tmp_path / "parts" / "assessed.shp"), tmp_path / "20230505_isw.zip")
    _declare_size(archive, "isw/assessed.dbf", 4_000_000_000)
    assert max(i.file_size for i in zipfile.ZipFile(archive).infolist()) == 4_000_000_000
    before = digest(data_copy.root)
    code, out = import_control(capsys, data_copy.root, archive)
    assert code == 1 and digest(data_copy.root) == before
    assert out["errors"][0]["reason"].startswith(f"{archive.name}: refused: archive unpacks to 4,000,000,")


def test_zip_without_its_dbf_or_with_no_shapefile(tmp_path):
    geo = Geo(DataPaths(REPO_DIR))
    no_shp = tmp_path / "20230505_a.zip"
    with zipfile.ZipFile(no_shp, "w") as z:
        z.writestr("readme.txt", "hello")
    lonely = tmp_path / "20230505_b.zip"
    with zipfile.ZipFile(lonely, "w") as z:
        z.writestr("a.shp", b"x")
        z.writestr("a.shx", b"x")
    _, errors, unusable = read_control([no_shp, lonely], geo, source_url=URL)
    assert unusable == [no_shp.name, lonely.name]
    assert "no .shp file" in errors[0]["reason"] and "no .dbf" in errors[1]["reason"]


# ---- events ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".gpkg", ".parquet"])
def test_events_from_geopackage_and_geoparquet_round_trip(suffix, tmp_path, data_copy, capsys):
    """Our own events written as GIS points come back as the same events (sources from their JSON text column)."""
    path = tmp_path / f"newsroom{suffix}"
    frame = events_frame([event_from_dict(EVENT)])
    frame.to_parquet(path) if suffix == ".parquet" else frame.to_file(path, driver="GPKG", engine="pyogrio")
    into = tmp_path / "newsroom-root"
    code, out = cli(capsys, "--data", str(data_copy.root), "import", "events", str(path), "--into", str(into))
    assert code == 0, out
    assert (out["format"], out["read"], out["imported"], out["rejected"]) == (registry.format_for_file(path, "events").name, 1, 1, 0)
    assert json.loads((into / "events" / "imported-newsroom.json").read_text())["events"] == [EVENT]


def test_events_geopackage_built_by_hand_reprojected_and_rejected_by_feature(tmp_path, data_copy, capsys):
    """A GIS user's layer: a real date column, Web Mercator points, one polygon (rejected with its index)."""
    rows = {"id": ["2022-04-08-kramatorsk-strike", "2022-04-09-an-area"], "date": [date(2022, 4, 8), date(2022, 4, 9)],
            "title": ["Strike on Kramatorsk", "An area"], "category": ["strike_on_civilians", "battle"],
            "description": ["d", "d"], "sources": [json.dumps(EVENT["sources"])] * 2}
    frame = geopandas.GeoDataFrame(rows, geometry=[Point(37.5563, 48.7233), SQUARE], crs="EPSG:4326").to_crs("EPSG:3857")
    path = tmp_path / "mine.gpkg"
    frame.to_file(path, driver="GPKG", engine="pyogrio")
    code, out = cli(capsys, "--data", str(data_copy.root), "import", "events", str(path), "--dry-run")
    assert code == 0 and (out["read"], out["imported"], out["rejected"]) == (2, 1, 1)
    assert out["errors"] == [{"feature": 1, "field": "geometry", "reason": "an event needs a Point geometry [lon, lat]"}]


def test_events_file_with_several_layers_is_refused(tmp_path, data_copy, capsys):
    path = tmp_path / "two.gpkg"
    for layer in ("a", "b"):
        events_frame([event_from_dict(EVENT)]).to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
    code, out = cli(capsys, "--data", str(data_copy.root), "import", "events", str(path), "--dry-run")
    assert code == 1 and "2 layers" in out["errors"][0]["reason"] and "exactly one layer" in out["errors"][0]["reason"]


VRT = ('<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd</SrcDataSource>'
       "</OGRVRTLayer></OGRVRTDataSource>")


@pytest.mark.parametrize("name, data, kind", [
    ("junk.gpkg", b"\0\1\2 not a geopackage" * 100, "GeoPackage"),
    ("20230505_evil.fgb", VRT.encode(), "FlatGeobuf"),  # GDAL would open this XML as a VRT and read the file it names
    ("20230505_plain.gpkg", b"SQLite format 3\x00" + b"\0" * 200, "GeoPackage"),  # SQLite, but not a GeoPackage
])
def test_a_file_that_is_not_what_its_suffix_says_never_reaches_gdal(name, data, kind, tmp_path, data_copy, capsys):
    path = tmp_path / name
    path.write_bytes(data)
    code, out = cli(capsys, "--data", str(data_copy.root), "import", "control", str(path), "--source-url", URL, "--dry-run")
    assert code == 1 and out["errors"][0]["reason"] == f"{name}: not a {kind} file (its first bytes are not a {kind}'s)"
    if name.endswith(".gpkg"):
        code, out = cli(capsys, "--data", str(data_copy.root), "import", "events", str(path), "--dry-run")
        assert code == 1 and out["errors"][0]["reason"].startswith(f"{name}: not a GeoPackage file")


def test_events_format_named_but_suffix_not_its_own_is_refused(tmp_path, data_copy, capsys):
    path = tmp_path / "events.csv"
    path.write_text("id,date\n")
    code, out = cli(capsys, "--data", str(data_copy.root), "import", "events", str(path), "--format", "geopackage", "--dry-run")
    assert code == 1 and "must be named" in out["errors"][0]["reason"]


# ---- exports ---------------------------------------------------------------------------------------------------


def test_events_geoparquet_export_reads_back(tmp_path, atlas, capsys):
    out_file = tmp_path / "december.parquet"
    code, out = cli(capsys, "events", "--from", "2022-12-01", "--to", "2022-12-31", "--format", "geoparquet", "--out", str(out_file))
    assert code == 0 and out["out"] == str(out_file)
    code, as_json = cli(capsys, "events", "--from", "2022-12-01", "--to", "2022-12-31")
    frame = geopandas.read_parquet(out_file)
    assert out["events"] == len(frame) == len(as_json) > 0
    assert frame.crs.to_epsg() == 4326 and set(frame.geometry.geom_type) == {"Point"}
    for (_, row), event in zip(frame.iterrows(), as_json, strict=True):
        assert row["id"] == event["id"] and row["title"] == event["title"]
        assert (row.geometry.x, row.geometry.y) == (event["location"]["lon"], event["location"]["lat"])
        assert json.loads(row["sources"]) == event["sources"] and json.loads(row["casualties"]) == event["casualties"]


def test_events_geoparquet_needs_out_and_out_needs_geoparquet(tmp_path, capsys):
    assert main(["events", "--format", "geoparquet"]) == 2
    assert main(["events", "--format", "csv", "--out", str(tmp_path / "x.parquet")]) == 2
    assert main(["events", "--format", "geoparquet", "--out", str(tmp_path / "x.csv")]) == 2
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("on", ["2022-12-24", "2024-09-01"])
def test_gpkg_export_layers_match_stats(on, tmp_path, atlas, capsys):
    out_file = tmp_path / "view.gpkg"
    code, out = cli(capsys, "export", "gpkg", "--date", on, "--out", str(out_file))
    assert code == 0, out
    assert [str(name) for name, _ in pyogrio.list_layers(out_file)] == list(GPKG_LAYERS)
    layers = {name: geopandas.read_file(out_file, layer=name, engine="pyogrio") for name in GPKG_LAYERS}
    assert {name: len(frame) for name, frame in layers.items()} == out["layers"]
    stats = stats_for(atlas, date.fromisoformat(on))

    assert len(layers["regions"]) == len(stats["regions"]) == 27
    by_iso = {r["iso"]: r for r in stats["regions"]}
    for _, row in layers["regions"].iterrows():
        assert row["controlled_km2"] == by_iso[row["iso"]]["controlled_km2"]
    controlled = layers["controlled"]
    assert len(controlled) == 1 and controlled["as_of"][0] == stats["control_as_of"]
    assert area_km2(controlled.geometry[0]) == pytest.approx(stats["controlled_km2"], rel=0.001)
    assert area_km2(shapely.union_all(layers["claimed"].geometry.values)) == pytest.approx(stats["claimed_km2"], rel=0.001)
    held = layers["held_in_russia"]
    assert len(held) == (1 if stats["held_in_russia_as_of"] else 0)
    if len(held):
        assert area_km2(held.geometry[0]) == pytest.approx(stats["held_in_russia_km2"], rel=0.001)
    window = events_in_window(atlas.events, date.fromisoformat(on), EVENT_WINDOW_DAYS)
    assert list(layers["events"]["id"]) == [e.id for e in window]
    for name in ("claimed", "controlled"):
        frame = layers[name]
        assert all(json.loads(s) and json.loads(s)[0]["url"].startswith("http") for s in frame["sources"])
        assert all(frame["approximation_note"].str.len() > 20)


def test_gpkg_export_refuses_a_bad_out_or_date(tmp_path, capsys):
    assert main(["export", "gpkg", "--date", "2022-12-24", "--out", str(tmp_path / "x.geojson")]) == 2
    assert main(["export", "gpkg", "--date", "2022-12-24", "--out", str(tmp_path / "missing" / "x.gpkg")]) == 2
    assert main(["export", "gpkg", "--date", "2013-01-01", "--out", str(tmp_path / "x.gpkg")]) == 2
    assert not list(tmp_path.iterdir())


# ---- the registry and the row-error type -----------------------------------------------------------------------


def test_registry_is_the_one_list_of_formats():
    assert registry.names("events") == ("acled", "csv", "geojson", "geopackage", "geoparquet")
    assert registry.names("control") == ("geojson", "kml", "kmz", "shapefile", "geopackage", "flatgeobuf", "geoparquet")
    assert set(registry.suffixes("control", with_sidecars=True)) >= {".zip", ".shp", ".dbf", ".shx", ".prj", ".gpkg", ".fgb", ".parquet"}
    from conflictmap.cli import build_parser

    events = build_parser()._subparsers._group_actions[0].choices["import"]._subparsers._group_actions[0].choices["events"]
    [fmt] = [a for a in events._actions if a.dest == "format"]
    assert tuple(fmt.choices) == registry.names("events")


def test_docs_formats_table_is_the_registry():
    text = (REPO_DIR / "docs" / "importers.md").read_text(encoding="utf-8")
    assert registry.formats_table() in text


def test_row_error_is_the_one_shape_of_a_problem():
    e = RowError("latitude 91.0 is out of range", "lat/lon", 3, "row", "a.csv")
    assert e.to_dict() == {"file": "a.csv", "row": 3, "field": "lat/lon", "reason": "latitude 91.0 is out of range"}
    assert e.to_dict(with_file=False) == {"row": 3, "field": "lat/lon", "reason": "latitude 91.0 is out of range"}
    report = ImportReport("csv")
    report.reject("row", 3, "lat/lon", "bad")
    assert report.problems == [RowError("bad", "lat/lon", 3, "row")]
    assert report.to_dict()["errors"] == [{"row": 3, "field": "lat/lon", "reason": "bad"}]
    with pytest.raises(AttributeError):
        e.reason = "changed"  # frozen


def test_temporary_files_are_gone(tmp_path, data_copy, capsys):
    """A zipped shapefile is unpacked into a private folder that is removed afterwards."""
    import tempfile

    before = {p.name for p in Path(tempfile.gettempdir()).glob("conflictmap-shp-*")}
    archive = _zipped_shapefile(tmp_path)
    code, _ = import_control(capsys, data_copy.root, archive, extra=("--dry-run",))
    assert code == 0 and {p.name for p in Path(tempfile.gettempdir()).glob("conflictmap-shp-*")} == before
    shutil.rmtree(tmp_path / "parts")


# ---- the Your data page ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["shapefile-parts", "zipped-shapefile"])
def test_your_data_page_takes_a_shapefile_from_the_registry(kind, tmp_path):
    """The page's control uploader accepts what the registry lists (a shapefile's parts together, or zipped), and
    the layer reaches the session through the same importer as the CLI."""
    from streamlit.testing.v1 import AppTest

    (tmp_path / "parts").mkdir()
    shp = write_shapefile(square("EPSG:3857"), tmp_path / "parts" / "20230505_isw.shp")
    files = [zip_shapefile(shp, tmp_path / "20230505_isw.zip")] if kind == "zipped-shapefile" else sorted(shp.parent.iterdir())
    at = AppTest.from_file(str(REPO_DIR / "pages" / "5_Your_data.py"), default_timeout=180)
    at.run()
    uploader = at.file_uploader(key="up_control")
    assert set(uploader.allowed_type) >= {f.suffix for f in files}
    assert set(at.file_uploader(key="up_events").allowed_type) == {".csv", ".txt", ".geojson", ".json"}
    uploader.set_value([(f.name, f.read_bytes(), "application/octet-stream") for f in files])
    at.text_input(key="control_source_url").set_value(URL)
    at.run()
    at.button(key="do_control").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    [snap] = at.session_state["your_snapshots"]
    assert snap["properties"]["as_of"] == "2023-05-05" and snap["properties"]["sources"][0]["url"] == URL


def test_geoparquet_that_decodes_to_gigabytes_is_refused(tmp_path, data_copy, capsys):
    """A Parquet bomb: one 1 MB text, dictionary-encoded, in 1,100 rows (a 1 MB file that decodes to 1.1 GB)."""
    import pyarrow
    import pyarrow.parquet

    real = tmp_path / "real.parquet"
    square().to_parquet(real)
    geo_meta = pyarrow.parquet.read_schema(real).metadata
    wkb = pyarrow.array([shapely.to_wkb(SQUARE)] * 1100, pyarrow.binary())
    text = pyarrow.DictionaryArray.from_arrays(pyarrow.array([0] * 1100, pyarrow.int32()), pyarrow.array(["x" * 1024 * 1024]))
    table = pyarrow.table({"note": text, "geometry": wkb}).replace_schema_metadata(geo_meta)
    bomb = tmp_path / "20230505_bomb.parquet"
    pyarrow.parquet.write_table(table, bomb, compression="zstd", store_schema=False)  # read back as plain text
    assert bomb.stat().st_size < 2 * 1024 * 1024
    before = digest(data_copy.root)
    code, out = import_control(capsys, data_copy.root, bomb)
    assert code == 1 and digest(data_copy.root) == before
    assert out["errors"][0]["reason"].startswith(f"{bomb.name}: refused: the data decodes to more than")


@pytest.mark.parametrize("suffix", [".zip", ".kmz"])
def test_a_corrupt_deflate_stream_is_an_unusable_file_not_a_crash(suffix, tmp_path):
    """zlib's own error (a damaged archive) is reported like any other unusable file."""
    (tmp_path / "parts").mkdir()
    archive = zip_shapefile(write_shapefile(square(), tmp_path / "parts" / "assessed.shp"), tmp_path / f"20230505_x{suffix}")
    if suffix == ".kmz":
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("doc.kml", f"<kml><!-- {random.Random(0).randbytes(5000).hex()} --></kml>")  # noqa: S311 (test data, not a secret)
    data = bytearray(archive.read_bytes())
    info = max(zipfile.ZipFile(archive).infolist(), key=lambda i: i.compress_size)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + info.compress_size] = b"\xff" * info.compress_size
    archive.write_bytes(bytes(data))
    _, errors, unusable = read_control([archive], Geo(DataPaths(REPO_DIR)), source_url=URL)
    assert unusable == [archive.name] and "cannot unpack" in errors[0]["reason"]


def test_a_null_date_cell_is_missing_not_a_crash(tmp_path, geojson_km2):
    """pandas reads a null date as NaT; the date comes from the next feature that has one."""
    import pandas

    halves = [shapely.box(36.0, 48.0, 36.5, 49.0), shapely.box(36.5, 48.0, 37.0, 49.0)]
    frame = geopandas.GeoDataFrame({"as_of": pandas.to_datetime([None, "2023-05-05"])}, geometry=halves, crs="EPSG:4326")
    path = tmp_path / "control.gpkg"
    frame.to_file(path, driver="GPKG", engine="pyogrio")
    assert geopandas.read_file(path, engine="pyogrio")["as_of"].isna().tolist() == [True, False]
    [snap], errors, _ = read_control([path], Geo(DataPaths(REPO_DIR)), source_url=URL)
    assert errors == [] and snap["as_of"] == "2023-05-05" and snap["area_km2"] == pytest.approx(geojson_km2, rel=0.002)
