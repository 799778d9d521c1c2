"""The PostGIS store against a real PostgreSQL: load → dump is byte-stable, the CLI gives the same JSON from the
database as from the files, imports into the database are one transaction (a killed import changes nothing), the
pushed-down event window returns what file mode returns, and the data survives a restart of PostgreSQL."""

from __future__ import annotations

import filecmp
import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import psycopg
import pytest

from conflictmap.catalog import load_atlas
from conflictmap.paths import REPO_DIR, DataPaths

from .conftest import cli_json, run_cli, wait_until
from .conftest import counts_of as counts

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
                "actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
                "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp")
SQUARE = [[36.0, 48.0], [37.0, 48.0], [37.0, 49.0], [36.0, 49.0], [36.0, 48.0]]  # inside Ukraine (Donetsk/Kharkiv area)


def acled_rows(n: int, first_id: int = 1, day: str = "2022-04-30") -> str:
    """An ACLED export of ``n`` valid battle rows near Izium."""
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(ACLED_HEADER.split(","))
    for i in range(first_id, first_id + n):
        row = dict(event_id_cnty=f"UKR{i}", event_date=day, year="2022.0", time_precision="1.0", disorder_type="Political violence",
                   event_type="Battles", sub_event_type="Armed clash", actor1="A", assoc_actor_1="", inter1="8.0", actor2="B",
                   assoc_actor_2="", inter2="1.0", interaction="18.0", civilian_targeting="", iso="804.0", region="Europe",
                   country="Ukraine", admin1="Kharkiv", admin2="", admin3="", location="Izium", latitude="49.2124",
                   longitude="37.2561", geo_precision="1.0", source="Ukrinform", source_scale="National", notes=f"Fighting {i}.",
                   fatalities="2.0", tags="", timestamp="1652217210.0")
        w.writerow([row[c] for c in ACLED_HEADER.split(",")])
    return buf.getvalue()


def data_copy(tmp_path: Path) -> DataPaths:
    import shutil

    for name in ("geodata", "events", "stories"):
        shutil.copytree(REPO_DIR / name, tmp_path / "root" / name)
    return DataPaths(tmp_path / "root")


def same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (recursively), as ``diff -r`` would list them."""
    cmp = filecmp.dircmp(a, b)
    out = [f"{a}: only {n}" for n in cmp.left_only] + [f"{b}: only {n}" for n in cmp.right_only]
    out += [str(a / n) for n in cmp.common_files if not filecmp.cmp(a / n, b / n, shallow=False)]
    for sub in cmp.common_dirs:
        out += same_tree(a / sub, b / sub)
    return out


def test_load_then_dump_is_byte_identical_and_valid(db_url, tmp_path):
    out = tmp_path / "dump"
    res = cli_json("db", "dump", str(out), db=db_url)
    assert res["_rc"] == 0 and res["files"] > 150, res
    for folder in ("geodata", "events", "stories"):
        assert same_tree(REPO_DIR / folder, out / folder) == []
        diff = subprocess.run(["diff", "-r", str(REPO_DIR / folder), str(out / folder)], capture_output=True, text=True)
        assert diff.returncode == 0, diff.stdout[:2000]
    assert cli_json("validate", data=out) == {"ok": True, "problems": [], "_rc": 0}
    # a dump into a folder that holds files is refused (exit 2), so a stale file never mixes in
    assert run_cli("db", "dump", str(out), db=db_url).returncode == 2


def test_status_counts_every_kind_and_the_last_change(db_url):
    out = cli_json("db", "status", db=db_url)
    atlas = load_atlas(DataPaths(REPO_DIR))
    c = out["counts"]
    assert (c["regions"], c["claims"], c["snapshots"], c["held_in_russia"], c["events"], c["stories"]) == (
        len(atlas.regions), len(atlas.claims), len(atlas.snapshots), len(atlas.held_in_russia), len(atlas.events), len(atlas.stories))
    assert out["version"] >= 1 and out["last_change"]["what"].startswith("db load") and out["last_change"]["at"]
    assert out["events_from"] == atlas.events[0].date.isoformat()


def test_db_commands_need_a_database_and_report_a_bad_one():
    res = run_cli("db", "status")
    assert res.returncode == 2 and "CONFLICTMAP_DATABASE_URL" in res.stderr
    res = run_cli("db", "status", db="postgresql://nobody@/nowhere?host=/nonexistent&port=1")
    assert res.returncode == 1 and "Traceback" not in res.stderr and "error" in json.loads(res.stdout)


def test_load_refuses_a_root_with_problems_and_changes_nothing(db_url, tmp_path):
    root = data_copy(tmp_path)
    (root.events / "broken.json").write_text('{"events": [{"id": "x"}]}')
    before = counts(db_url)
    res = cli_json("db", "load", str(root.root), db=db_url)
    assert res["_rc"] == 1 and res["problems"] and res["problems"][0]["file"] == "events/broken.json"
    assert counts(db_url) == before


@pytest.mark.parametrize("args", [
    ("stats", "--date", "2024-06-01"),
    ("stats", "--date", "2014-03-20"),
    ("events", "--from", "2022-02-20", "--to", "2022-03-31"),
    ("events", "--region", "UA-65", "--format", "geojson"),
    ("events", "--format", "csv"),
    ("status", "--date", "2023-05-01", "--lat", "47.1", "--lon", "37.5"),
    ("status", "--date", "2024-09-01", "--lat", "51.3", "--lon", "35.2"),
    ("regions",),
    ("validate",),
])
def test_cli_gives_the_same_output_from_the_database(db_url, args):
    files = run_cli(*args)
    database = run_cli(*args, env_db=db_url)
    assert files.returncode == database.returncode == 0, database.stdout[:500] + database.stderr[-2000:]
    assert database.stdout == files.stdout


def test_event_window_pushed_down_returns_the_file_modes_events(db_url):
    from conflictmap import scrub, timeline
    from conflictmap.db.store import load_atlas_db

    files = load_atlas(DataPaths(REPO_DIR))
    db = load_atlas_db(db_url)
    assert not isinstance(db.events, tuple), "the database atlas keeps its events in the database"
    assert len(db.events) == len(files.events) and (db.first_date, db.last_date) == (files.first_date, files.last_date)
    for on in (date(2014, 3, 1), date(2022, 2, 24), date(2022, 11, 11), date(2024, 8, 20), date(2026, 7, 3)):
        for days in (7, 30, 365, None):
            want = [e.id for e in timeline.events_in_window(files.events, on, days)]
            got = timeline.events_in_window(db.events, on, days)
            assert [e.id for e in got] == want, (on, days)
            assert got == timeline.events_in_window(files.events, on, days)  # the same Event values, field for field
    bounds = (35.0, 47.0, 39.0, 50.0)  # west, south, east, north
    inside = [e.id for e in timeline.events_in_window(files.events, date(2026, 1, 1), None)
              if bounds[0] <= e.location.lon <= bounds[2] and bounds[1] <= e.location.lat <= bounds[3]]
    assert [e.id for e in db.events.window(date(2026, 1, 1), None, bounds)] == inside and 0 < len(inside) < len(files.events)
    for iso, on in (("UA-65", date(2022, 11, 11)), ("UA-14", date(2026, 7, 3)), ("UA-43", date(2014, 3, 1)), ("UA-30", date(2025, 1, 1))):
        for last in (None, 30, 3):
            assert timeline.region_events(db.events, iso, on, last) == timeline.region_events(files.events, iso, on, last)
    assert timeline.event_dates(db.events) == timeline.event_dates(files.events)
    assert scrub.scrub_marks(db) == scrub.scrub_marks(files) and scrub.scrub_events(db) == scrub.scrub_events(files)
    some = files.events[17]
    assert some.id in db.events_by_id and db.events_by_id[some.id] == some and "no-such-event" not in db.events_by_id
    assert list(db.events) == list(files.events)
    assert [s.id for s in db.stories] == [s.id for s in files.stories] and db.stories == files.stories
    assert [s.as_of for s in db.snapshots] == [s.as_of for s in files.snapshots]
    assert db.key != files.key


def test_import_events_into_the_database_same_report_one_transaction(db_url, tmp_path):
    src = tmp_path / "acled.csv"
    src.write_text(acled_rows(3))
    root = data_copy(tmp_path)
    file_report = cli_json("import", "events", str(src), data=root.root)
    before = counts(db_url)
    report = cli_json("import", "events", str(src), "--into", db_url)
    assert report["_rc"] == file_report["_rc"] == 0
    assert report["written"] == ["events/imported-acled.json"]
    assert {k: v for k, v in report.items() if k != "written"} == {k: v for k, v in file_report.items() if k != "written"}
    after = counts(db_url)
    assert after["events"] == before["events"] + 3 and after["files"] == before["files"] + 1
    assert after["version"] == before["version"] + 1
    # what the database holds is what the file import wrote, byte for byte
    out = tmp_path / "dump"
    assert cli_json("db", "dump", str(out), db=db_url)["_rc"] == 0
    assert (out / "events" / "imported-acled.json").read_bytes() == (root.events / "imported-acled.json").read_bytes()
    # again without --force: refused, nothing changes; with it: replaced
    again = cli_json("import", "events", str(src), "--into", db_url)
    assert again["_rc"] == 1 and "--force" in again["error"] and again["written"] == []
    assert counts(db_url) == after
    assert cli_json("import", "events", str(src), "--into", db_url, "--force")["_rc"] == 0
    assert counts(db_url)["events"] == after["events"]
    # with $CONFLICTMAP_DATABASE_URL the import's default target is the database
    src2 = tmp_path / "more.csv"
    src2.write_text(acled_rows(2, first_id=100))
    assert cli_json("import", "events", str(src2), env_db=db_url)["written"] == ["events/imported-more.json"]
    assert counts(db_url)["events"] == after["events"] + 2
    res = run_cli("events", "--from", "2022-04-30", "--to", "2022-04-30", env_db=db_url)
    ids = [e["id"] for e in json.loads(res.stdout)]
    assert {"2022-04-30-acled-ukr1", "2022-04-30-acled-ukr100", "2022-04-30-acled-ukr101"} <= set(ids)


def test_import_control_into_the_database(db_url, tmp_path):
    layer = tmp_path / "layer.geojson"
    layer.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [SQUARE]}}))
    args = ("import", "control", str(layer), "--date", "2025-02-10", "--source-url", "https://example.org/layer")
    root = data_copy(tmp_path)
    file_report = cli_json(*args, data=root.root)
    before = counts(db_url)
    report = cli_json(*args, "--into", db_url)
    assert report["_rc"] == file_report["_rc"] == 0, report
    assert report["written"] == ["geodata/control/2025-02-10.geojson"]
    assert {k: v for k, v in report.items() if k != "written"} == {k: v for k, v in file_report.items() if k != "written"}
    after = counts(db_url)
    assert after["snapshots"] == before["snapshots"] + 1 and after["version"] == before["version"] + 1
    out = tmp_path / "dump"
    assert cli_json("db", "dump", str(out), db=db_url)["_rc"] == 0
    assert (out / "geodata/control/2025-02-10.geojson").read_bytes() == (root.control / "2025-02-10.geojson").read_bytes()
    stats = cli_json("stats", "--date", "2025-02-12", env_db=db_url)
    assert stats["control_as_of"] == "2025-02-10"
    # an authored front line's date is refused, as for a data root
    refused = cli_json("import", "control", str(layer), "--date", "2022-02-24", "--source-url", "https://example.org/l", "--force",
                       "--into", db_url)
    assert refused["_rc"] == 1 and "authored front line" in refused["error"] and counts(db_url) == after


def test_a_killed_import_changes_nothing(cluster, db_url, tmp_path):
    """kill -9 an import in the middle of its transaction (its rows written, the version not yet bumped)."""
    src = tmp_path / "big.csv"
    src.write_text(acled_rows(3000))
    before = counts(db_url)
    blocker = psycopg.connect(db_url)  # holds the version row: the import writes its rows, then waits here
    blocker.execute("select * from data_version for update")
    env = {k: v for k, v in os.environ.items() if k not in ("CONFLICTMAP_DATABASE_URL", "CONFLICTMAP_DATA")}
    proc = subprocess.Popen([sys.executable, "-m", "conflictmap", "import", "events", str(src), "--into", db_url],
                            cwd=REPO_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        with psycopg.connect(db_url, autocommit=True) as watch:
            waiting = wait_until(lambda: watch.execute(
                "select count(*) from pg_stat_activity where application_name = 'conflictmap' and wait_event_type = 'Lock'"
            ).fetchone()[0], timeout=120, interval=0.1)
            assert waiting, "the import never reached its version update"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    finally:
        blocker.rollback()
        blocker.close()
        if proc.poll() is None:
            proc.kill()
    assert wait_until(lambda: counts(db_url) == before, timeout=30), counts(db_url)
    # and the next import succeeds (the killed one's session and lock are gone)
    small = tmp_path / "small.csv"
    small.write_text(acled_rows(1))
    assert cli_json("import", "events", str(small), "--into", db_url)["_rc"] == 0


def test_the_data_survives_a_restart_of_postgresql(cluster, db_url, tmp_path):
    from conflictmap.db.store import load_atlas_db

    src = tmp_path / "acled.csv"
    src.write_text(acled_rows(2))
    assert cli_json("import", "events", str(src), "--into", db_url)["_rc"] == 0
    atlas = load_atlas_db(db_url)
    before = counts(db_url)
    window = [e.id for e in atlas.events.window(date(2022, 4, 30), 7)]
    cluster.restart()
    assert counts(db_url) == before
    atlas.events._windows.clear()  # ask the database again, on a connection opened before the restart
    assert [e.id for e in atlas.events.window(date(2022, 4, 30), 7)] == window and "2022-04-30-acled-ukr1" in window
