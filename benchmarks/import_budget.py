"""The worst uploads the "Your data" page accepts (importers/budget.py), timed, with their peak memory.

``python benchmarks/import_budget.py events`` or ``... control``: builds the largest accepted file in a temporary
folder, imports it as the page does (budget checks first), and prints JSON: bytes, seconds, peak RSS before and
after (MB). Run each case in its own process, so the peak belongs to that case.
"""

from __future__ import annotations

import csv
import io
import json
import math
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conflictmap.importers import Geo, read_control  # noqa: E402
from conflictmap.importers.budget import APP_BUDGET  # noqa: E402
from conflictmap.paths import REPO_DIR, DataPaths  # noqa: E402

ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
                "actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
                "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp")


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def worst_events(folder: Path) -> Path:
    """APP_BUDGET.import_rows ACLED rows, with notes long enough to come close to the 50 MB upload limit."""
    rng = random.Random(1)  # noqa: S311 (test data)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(ACLED_HEADER.split(","))
    for i in range(APP_BUDGET.import_rows):
        w.writerow([f"UKR{i}", "2022-04-30", "2022", "1", "Political violence", "Battles", "Armed clash", "A", "", "8", "B", "", "1",
                    "18", "", "804", "Europe", "Ukraine", "Kharkiv", "", "", "Izium", f"{49.2 + rng.random() * 0.01:.4f}",
                    f"{37.25 + rng.random() * 0.01:.4f}", "1", "Ukrinform", "National", "x" * 2200, "2", "", "1652217210"])
    p = folder / "acled.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


def worst_control(folder: Path) -> Path:
    """APP_BUDGET.import_polygons small polygons holding APP_BUDGET.import_vertices vertices in all."""
    rng = random.Random(2)  # noqa: S311 (test data)
    n = APP_BUDGET.import_polygons
    per = APP_BUDGET.import_vertices // n - 1
    feats = []
    for _ in range(n):
        x, y = 30 + rng.random() * 8, 46.5 + rng.random() * 4
        ring = [[round(x + 0.01 * math.cos(2 * math.pi * k / per), 5), round(y + 0.01 * math.sin(2 * math.pi * k / per), 5)] for k in range(per)]
        feats.append({"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring + [ring[0]]]}})
    p = folder / "2023-01-01.geojson"
    p.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return p


def main(case: str) -> dict:
    geo = Geo(DataPaths(REPO_DIR))
    geo.ukraine  # noqa: B018 (loaded once per server, not per import)
    with tempfile.TemporaryDirectory() as tmp:
        path = (worst_events if case == "events" else worst_control)(Path(tmp))
        size = path.stat().st_size
        before = rss_mb()
        t0 = time.perf_counter()
        if case == "events":
            from conflictmap.importers.chunked import import_events_chunked

            report, events = import_events_chunked(path, None, geo, set(), lambda *a: None, budget=APP_BUDGET)
            result = {"imported": report["imported"], "rejected": report["rejected"]}
        else:
            snaps, errors, _ = read_control([path], geo, source_url="https://example.org/layer", budget=APP_BUDGET)
            result = {"snapshots": len(snaps), "errors": len(errors)}
        seconds = round(time.perf_counter() - t0, 1)
    return {"case": case, "bytes": size, "seconds": seconds, "peak_rss_mb_before": before, "peak_rss_mb_after": rss_mb(), **result}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1] if len(sys.argv) > 1 else "events")))
