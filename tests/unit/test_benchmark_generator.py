"""The benchmark data generator (benchmarks/generate.py) at reduced scale: a valid root, built through the real importers,
with daily snapshots and deterministic output. No timing assertions."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from conflictmap.paths import REPO_DIR

sys.path.insert(0, str(REPO_DIR / "benchmarks"))
import generate  # noqa: E402

EVENTS, SNAPSHOTS = 500, 5


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    r = tmp_path_factory.mktemp("bench") / "root"
    generate.generate(r, EVENTS, SNAPSHOTS, seed=7)
    return r


def test_root_is_valid(root):
    proc = subprocess.run([sys.executable, "-m", "conflictmap", "--data", str(root), "validate"], cwd=REPO_DIR,
                          capture_output=True, text=True)
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["ok"], out["problems"][:5]
    for name in ("regions.geojson", "neighbours.geojson", "claims.json"):
        assert (root / "geodata" / name).read_bytes() == (REPO_DIR / "geodata" / name).read_bytes()


def test_events_go_through_the_real_importer_with_none_rejected(root):
    summary = json.loads((root / "_src" / "generated.json").read_text())
    assert summary["events_read"] == summary["events_imported"] == EVENTS
    assert summary["events_rejected"] == 0
    with (root / "_src" / "acled-synthetic.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    assert tuple(reader.fieldnames) == generate.ACLED_COLUMNS and len(generate.ACLED_COLUMNS) == 31
    assert len(rows) == EVENTS
    events = json.loads((root / "events" / "imported-acled-synthetic.json").read_text())["events"]
    assert len(events) == EVENTS and len({e["id"] for e in events}) == EVENTS
    days = [date.fromisoformat(e["date"]) for e in events]
    assert min(days) >= generate.FIRST_DAY and max(days) <= generate.LAST_DAY
    # clustered along the front: the three most affected oblasts dominate
    regions = [e["location"]["region"] for e in events]
    front = sum(r in ("UA-14", "UA-63", "UA-23") for r in regions)
    assert front > 0.3 * EVENTS


def test_snapshots_are_daily_distinct_and_detailed(root):
    files = sorted((root / "geodata" / "control").glob("*.geojson"))
    assert len(files) == SNAPSHOTS
    days = [date.fromisoformat(p.stem) for p in files]
    assert len(set(days)) == SNAPSHOTS
    assert all(b - a == timedelta(days=1) for a, b in zip(days, days[1:], strict=False))
    assert days[-1] == generate.LAST_DAY
    import shapely
    from shapely.geometry import shape

    geoms = []
    for p in files:
        feat = json.loads(p.read_text())["features"][0]
        assert feat["properties"]["as_of"] == p.stem
        assert feat["properties"]["sources"][0]["url"] == generate.SOURCE_URL
        geoms.append(shape(feat["geometry"]))
    # DeepState-like complexity (their daily files hold ~2,800-3,000 vertices), and consecutive days differ
    assert all(1500 < shapely.get_num_coordinates(g) < 6000 for g in geoms)
    assert all(not a.equals(b) for a, b in zip(geoms, geoms[1:], strict=False))


def test_output_is_deterministic_for_a_seed(root, tmp_path):
    again = tmp_path / "again"
    generate.generate(again, EVENTS, SNAPSHOTS, seed=7)
    assert _digest(again) == _digest(root)
    other = tmp_path / "other"
    generate.generate(other, 50, 1, seed=8)
    a = (root / "_src" / "acled-synthetic.csv").read_text().splitlines()[1]
    b = (other / "_src" / "acled-synthetic.csv").read_text().splitlines()[1]
    assert a != b


def test_reuses_a_root_generated_with_the_same_settings(root):
    before = (root / "_src" / "generated.json").stat().st_mtime_ns
    generate.generate(root, EVENTS, SNAPSHOTS, seed=7)
    assert (root / "_src" / "generated.json").stat().st_mtime_ns == before
