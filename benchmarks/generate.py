"""Deterministic generator of a large data root for the benchmarks.

    python benchmarks/generate.py ROOT [--events 100000] [--snapshots 1000] [--seed 1] [--force]

What it builds (everything synthetic; nothing is copied from third-party samples):

* ``ROOT/geodata/{regions.geojson,neighbours.geojson,claims.json}`` copied from the repository.
* ``--events N`` ACLED-like events in ACLED's 31-column export layout, written to ``ROOT/_src/acled-synthetic.csv``
  and loaded through the real importer (``python -m conflictmap import events FILE --format acled --into ROOT``).
  About 78 % are sampled around the line of contact (the boundary of the shipped control snapshot in force on the
  event date, without the state border), weighted towards Donetsk, Kharkiv and Zaporizhzhia; the rest around large
  cities in the rear. Dates run 2022-02-24..2026-06-30 with more events in 2022; event types follow ACLED's mix
  for Ukraine (mostly Explosions/Remote violence and Battles).
* ``--snapshots N`` daily control snapshots ending 2026-06-30: the shipped snapshot in force on each day,
  densified to a DeepState-like vertex count (about 2,900 vertices after clipping, as in DeepState's daily files) and perturbed
  with a smooth, slowly drifting noise so consecutive days differ a little. Written as
  ``ROOT/_src/control/synthetic-control-YYYY-MM-DD.geojson`` (the date only in the file name, as DeepState's) and
  loaded through ``python -m conflictmap import control DIR --into ROOT --source-url ...``.

The output depends only on ``--seed`` and the counts (and the repository's shipped geodata).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping, shape

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

FIRST_DAY = date(2022, 2, 24)
LAST_DAY = date(2026, 6, 30)
SOURCE_URL = "https://example.org/conflictmap-benchmark-synthetic-control"
TARGET_VERTICES = 4400  # before clipping; after clipping to Ukraine ~2,900 vertices, as in DeepState's daily files

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso", "region",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)

# ACLED admin1 spelling per ISO code (the importer maps these back)
ADMIN1 = {
    "UA-05": "Vinnytsia", "UA-07": "Volyn", "UA-09": "Luhansk", "UA-12": "Dnipropetrovsk", "UA-14": "Donetsk",
    "UA-18": "Zhytomyr", "UA-21": "Zakarpattia", "UA-23": "Zaporizhia", "UA-26": "Ivano-Frankivsk", "UA-30": "Kyiv City",
    "UA-32": "Kyiv", "UA-35": "Kirovograd", "UA-40": "Sevastopol", "UA-43": "Crimea", "UA-46": "Lviv", "UA-48": "Mykolaiv",
    "UA-51": "Odesa", "UA-53": "Poltava", "UA-56": "Rivne", "UA-59": "Sumy", "UA-61": "Ternopil", "UA-63": "Kharkiv",
    "UA-65": "Kherson", "UA-68": "Khmelnytskyi", "UA-71": "Cherkasy", "UA-74": "Chernihiv", "UA-77": "Chernivtsi",
}
# extra weight for front-line events in these units (accept-reject)
REGION_WEIGHT = {"UA-14": 1.0, "UA-63": 0.9, "UA-23": 0.9, "UA-09": 0.5, "UA-65": 0.6, "UA-59": 0.6, "UA-12": 0.5}
DEFAULT_WEIGHT = 0.3
# rear-area centres (lon, lat, weight) for strikes far from the front
CITIES = [
    (30.52, 50.45, 4), (36.23, 49.99, 6), (30.73, 46.48, 3), (35.05, 48.46, 3), (24.03, 49.84, 1), (35.14, 47.84, 4),
    (32.00, 46.97, 3), (34.55, 49.59, 1), (34.80, 50.91, 4), (31.29, 51.50, 1), (32.06, 49.44, 1), (28.47, 49.23, 1),
    (33.39, 47.91, 2), (32.62, 46.64, 2), (37.80, 48.02, 2),
]

# (event_type, sub_event_type, weight, disorder_type, civilian_targeting share, fatality mean)
EVENT_TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 52, "Political violence", 0.12, 0.3),
    ("Explosions/Remote violence", "Air/drone strike", 14, "Political violence", 0.15, 0.4),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 2, "Political violence", 0.3, 0.5),
    ("Battles", "Armed clash", 20, "Political violence", 0.0, 1.0),
    ("Battles", "Government regains territory", 0.6, "Political violence", 0.0, 0.5),
    ("Battles", "Non-state actor overtakes territory", 0.8, "Political violence", 0.0, 0.5),
    ("Violence against civilians", "Attack", 2, "Political violence", 1.0, 0.8),
    ("Violence against civilians", "Abduction/forced disappearance", 1, "Political violence", 1.0, 0.0),
    ("Protests", "Peaceful protest", 3, "Demonstrations", 0.0, 0.0),
    ("Riots", "Mob violence", 0.2, "Demonstrations", 0.0, 0.0),
    ("Strategic developments", "Looting/property destruction", 1.2, "Strategic developments", 0.0, 0.0),
    ("Strategic developments", "Disrupted weapons use", 1.5, "Strategic developments", 0.0, 0.0),
    ("Strategic developments", "Other", 0.8, "Strategic developments", 0.0, 0.0),
    ("Strategic developments", "Agreement", 0.2, "Strategic developments", 0.0, 0.0),
    ("Strategic developments", "Non-violent transfer of territory", 0.1, "Strategic developments", 0.0, 0.0),
]
ACTORS_RU = ("Military Forces of Russia (2000-)", "Military Forces of Russia (2000-) Air Force", "Wagner Group")
ACTORS_UA = ("Military Forces of Ukraine (2019-)", "Military Forces of Ukraine (2019-) Air Force")
SOURCES = ("Ministry of Defence of Ukraine", "24 Channel", "Ukrinform", "Suspilne", "Operational Command South",
           "General Staff of the Armed Forces of Ukraine", "Kyiv Independent", "Ukrainska Pravda")


# ---------------------------------------------------------------------------------------------------------------
# shipped geodata


def shipped_snapshots() -> list[tuple[date, object]]:
    out = []
    for p in sorted((REPO / "geodata" / "control").glob("*.geojson")):
        fc = json.loads(p.read_text(encoding="utf-8"))
        feat = fc["features"][0]
        d = date.fromisoformat(feat["properties"]["as_of"])
        if d >= date(2022, 2, 24):
            out.append((d, shape(feat["geometry"])))
    return sorted(out, key=lambda x: x[0])


def in_force(snaps: list[tuple[date, object]], on: date):
    best = snaps[0][1]
    for d, g in snaps:
        if d <= on:
            best = g
    return best


def regions() -> list[tuple[str, object]]:
    fc = json.loads((REPO / "geodata" / "regions.geojson").read_text(encoding="utf-8"))
    return [(f["properties"]["iso"], shape(f["geometry"])) for f in fc["features"]]


def front_lines(snaps, ukraine) -> list[tuple[date, object]]:
    """The line of contact of each shipped snapshot: its outline inside Ukraine, away from the border and coast."""
    border = ukraine.boundary.buffer(0.03)
    out = []
    for d, g in snaps:
        line = g.boundary.difference(border)
        if line.is_empty or line.length < 1:
            line = g.boundary
        out.append((d, line))
    return out


# ---------------------------------------------------------------------------------------------------------------
# events


def _region_of(regs, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """ISO code per point ('' outside every unit), vectorised."""
    iso = np.full(len(lon), "", dtype=object)
    for code, geom in regs:
        hit = shapely.contains_xy(geom, lon, lat) & (iso == "")
        iso[hit] = code
    return iso


def _dates(rng: np.random.Generator, n: int) -> np.ndarray:
    """Event dates (as day offsets from FIRST_DAY): intense 2022, then a steady level with slow swings."""
    days = (LAST_DAY - FIRST_DAY).days + 1
    t = np.arange(days)
    w = 1.0 + 1.5 * np.exp(-t / 200.0) + 0.3 * np.sin(t / 58.0)
    w /= w.sum()
    return np.sort(rng.choice(days, size=n, p=w))


def generate_events(rng: np.random.Generator, n: int) -> list[dict]:
    snaps = shipped_snapshots()
    regs = regions()
    for _, g in regs:
        shapely.prepare(g)
    ukraine = shapely.union_all([g for _, g in regs])
    fronts = front_lines(snaps, ukraine)
    offsets = _dates(rng, n)
    lon = np.empty(n)
    lat = np.empty(n)
    iso = np.full(n, "", dtype=object)
    todo = np.arange(n)
    front_share = 0.78
    city_w = np.array([c[2] for c in CITIES], dtype=float)
    city_w /= city_w.sum()
    for _round in range(200):
        if len(todo) == 0:
            break
        m = len(todo)
        is_front = rng.random(m) < front_share
        x = np.empty(m)
        y = np.empty(m)
        # front: a point along the line in force on the event date, pushed off it by a normal offset (~10 km)
        for k in np.nonzero(is_front)[0]:
            on = FIRST_DAY + timedelta(days=int(offsets[todo[k]]))
            line = fronts[0][1]
            for d, ln in fronts:
                if d <= on:
                    line = ln
            p = line.interpolate(rng.random() * line.length)
            x[k], y[k] = p.x, p.y
        nf = int(is_front.sum())
        x[is_front] += rng.normal(0, 0.12, nf)
        y[is_front] += rng.normal(0, 0.08, nf)
        rear = ~is_front
        c = rng.choice(len(CITIES), size=int(rear.sum()), p=city_w)
        x[rear] = np.array([CITIES[i][0] for i in c]) + rng.normal(0, 0.25, len(c))
        y[rear] = np.array([CITIES[i][1] for i in c]) + rng.normal(0, 0.18, len(c))
        x = np.round(x, 4)
        y = np.round(y, 4)
        codes = _region_of(regs, x, y)
        ok = codes != ""
        weight = np.array([REGION_WEIGHT.get(cd, DEFAULT_WEIGHT) if f else 1.0 for cd, f in zip(codes, is_front, strict=True)])
        ok &= rng.random(m) < weight
        done = todo[ok]
        lon[done], lat[done], iso[done] = x[ok], y[ok], codes[ok]
        todo = todo[~ok]
    if len(todo):  # never reached in practice; keeps the count exact
        lon[todo], lat[todo], iso[todo] = 30.52, 50.45, "UA-30"

    types_w = np.array([e[2] for e in EVENT_TYPES], dtype=float)
    types_w /= types_w.sum()
    kinds = rng.choice(len(EVENT_TYPES), size=n, p=types_w)
    civ_draw = rng.random(n)
    fat_draw = rng.random(n)
    prec_draw = rng.random(n)
    actor_draw = rng.integers(0, 1 << 30, n)
    rows = []
    for i in range(n):
        et, sub, _, disorder, civ_share, fat_mean = EVENT_TYPES[kinds[i]]
        day = FIRST_DAY + timedelta(days=int(offsets[i]))
        admin1 = ADMIN1[iso[i]]
        civ = "Civilian targeting" if civ_draw[i] < civ_share else ""
        fatalities = int(-math.log(1 - fat_draw[i]) * fat_mean) if fat_mean else 0
        a = int(actor_draw[i])
        ru_first = (a & 1) == 0 or et == "Protests"
        actor1 = ACTORS_RU[a % len(ACTORS_RU)] if ru_first else ACTORS_UA[a % len(ACTORS_UA)]
        actor2 = ("Civilians (Ukraine)" if civ or et in ("Violence against civilians", "Protests")
                  else ACTORS_UA[(a >> 3) % len(ACTORS_UA)] if ru_first else ACTORS_RU[(a >> 3) % len(ACTORS_RU)])
        src = SOURCES[(a >> 5) % len(SOURCES)]
        place = f"Settlement {iso[i][3:]}-{(a >> 8) % 997:03d}"
        geo_p = 1 if prec_draw[i] < 0.8 else (2 if prec_draw[i] < 0.97 else 3)
        ts = int((date(day.year, day.month, day.day) - date(1970, 1, 1)).days * 86400 + 86400 * (3 + (a >> 12) % 20))
        rows.append({
            "event_id_cnty": f"UKR{100000 + i}", "event_date": day.isoformat(), "year": f"{day.year}.0",
            "time_precision": "1.0", "disorder_type": disorder, "event_type": et, "sub_event_type": sub,
            "actor1": actor1, "assoc_actor_1": "", "inter1": "8.0" if ru_first else "1.0", "actor2": actor2,
            "assoc_actor_2": "", "inter2": "7.0" if actor2.startswith("Civilians") else ("1.0" if ru_first else "8.0"),
            "interaction": "18.0", "civilian_targeting": civ, "iso": "804.0", "region": "Europe", "country": "Ukraine",
            "admin1": admin1, "admin2": f"{admin1} district {(a >> 14) % 9 + 1}", "admin3": "", "location": place,
            "latitude": f"{lat[i]:.4f}", "longitude": f"{lon[i]:.4f}", "geo_precision": f"{geo_p}.0", "source": src,
            "source_scale": "National", "notes": f"On {day.day} {day.strftime('%B')} {day.year}, {sub.lower()} near {place}, "
            f"{admin1}. Synthetic benchmark event. Casualties {'unknown' if fatalities == 0 else str(fatalities)}.",
            "fatalities": f"{fatalities}.0", "tags": "", "timestamp": f"{ts}.0",
        })
    return rows


def write_acled_csv(rows: list[dict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=ACLED_COLUMNS)
        w.writeheader()
        w.writerows(rows)


# ---------------------------------------------------------------------------------------------------------------
# control snapshots


def _smooth_noise(rng: np.random.Generator, n_modes: int = 6):
    """A smooth 2-D displacement field: a few random sine modes (amplitude ~1-3 km)."""
    k = rng.normal(0, 3.0, (n_modes, 2))
    ph = rng.uniform(0, 2 * np.pi, n_modes)
    amp = rng.uniform(0.004, 0.012, (n_modes, 2))
    return k, ph, amp


def _displace(xy: np.ndarray, field, drift: float) -> np.ndarray:
    k, ph, amp = field
    arg = xy @ k.T + ph + drift  # (n, modes)
    s = np.sin(arg)
    return xy + s @ amp


def make_snapshot(base, field, day_index: int, vertices: int, retry: int = 0):
    """The base outline densified to about ``vertices`` vertices and displaced by a drifting smooth field."""
    n0 = shapely.get_num_coordinates(base)
    length = base.boundary.length
    seg = max(length / max(vertices - n0, 1), 0.002)
    dense = shapely.segmentize(base, seg)
    drift = day_index * 0.05 + retry * 0.37
    geom = shapely.transform(dense, lambda xy: _displace(xy, field, drift))
    geom = shapely.set_precision(geom, 1e-5)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type == "GeometryCollection":
        geom = shapely.union_all([g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")])
    return geom


def snapshot_file(out_dir: Path, on: date) -> Path:
    return out_dir / f"synthetic-control-{on.isoformat()}.geojson"


def generate_snapshot_files(rng: np.random.Generator, n: int, out_dir: Path, vertices: int = TARGET_VERTICES,
                            only: dict[int, int] | None = None) -> list[Path]:
    """Write the n daily files (or, with ``only`` = {day index: retry}, rewrite just those days)."""
    snaps = shipped_snapshots()
    out_dir.mkdir(parents=True, exist_ok=True)
    field = _smooth_noise(rng)
    first = LAST_DAY - timedelta(days=n - 1)
    files = []
    for i in range(n) if only is None else sorted(only):
        on = first + timedelta(days=i)
        geom = make_snapshot(in_force(snaps, on), field, i, vertices, retry=(only or {}).get(i, 0))
        fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, "geometry": mapping(geom)}]}
        p = snapshot_file(out_dir, on)
        p.write_text(json.dumps(fc, separators=(",", ":")), encoding="utf-8")
        files.append(p)
    return files


# ---------------------------------------------------------------------------------------------------------------
# the root


def _cli(args: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-m", "conflictmap", *args], cwd=REPO, capture_output=True, text=True)
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else {}
    except json.JSONDecodeError:
        out = {"stdout": proc.stdout[-2000:]}
    if proc.returncode != 0:
        raise RuntimeError(f"conflictmap {' '.join(args[:2])} failed ({proc.returncode}): {json.dumps(out)[:2000]} {proc.stderr[-2000:]}")
    return out


def generate(root: Path, events: int = 100_000, snapshots: int = 1000, seed: int = 1, force: bool = False) -> dict:
    """Build the data root; returns a summary (counts, importer reports). Idempotent with ``force``."""
    root = Path(root)
    marker = root / "_src" / "generated.json"
    want = {"events": events, "snapshots": snapshots, "seed": seed}
    if marker.exists() and not force:
        done = json.loads(marker.read_text(encoding="utf-8"))
        if {k: done.get(k) for k in want} == want:
            return done
    if root.exists():
        shutil.rmtree(root)
    (root / "geodata" / "control").mkdir(parents=True)
    (root / "events").mkdir(parents=True)
    for name in ("regions.geojson", "neighbours.geojson", "claims.json"):
        shutil.copyfile(REPO / "geodata" / name, root / "geodata" / name)
    rng_events = np.random.default_rng([seed, 1])
    rng_snaps = np.random.default_rng([seed, 2])
    summary: dict = dict(want)
    if snapshots:
        ctl_dir = root / "_src" / "control"
        generate_snapshot_files(rng_snaps, snapshots, ctl_dir)
        rep = _cli(["--data", str(root), "import", "control", str(ctl_dir), "--into", str(root), "--source-url", SOURCE_URL])
        summary["control_written"] = len(rep.get("written", []))
        summary["control_errors"] = len(rep.get("errors", []))
    if events:
        csv_path = root / "_src" / "acled-synthetic.csv"
        write_acled_csv(generate_events(rng_events, events), csv_path)
        rep = _cli(["--data", str(root), "import", "events", str(csv_path), "--format", "acled", "--into", str(root)])
        summary["events_read"] = rep.get("read")
        summary["events_imported"] = rep.get("imported")
        summary["events_rejected"] = rep.get("rejected")
    marker.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("root", type=Path)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--snapshots", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--force", action="store_true", help="rebuild even if the root was generated with the same settings")
    a = ap.parse_args(argv)
    print(json.dumps(generate(a.root, a.events, a.snapshots, a.seed, a.force), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
