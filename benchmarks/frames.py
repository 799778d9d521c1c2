"""Server-side cost of one slider step, measured with Streamlit's AppTest (run as a subprocess by run.py).

    python benchmarks/frames.py --app app.py [--app NAIVE.py] [--data ROOT] --start 2025-03-01 --steps 10

For each app: one first run (cold caches, includes loading the atlas unless another app of this process already
did), then ``--steps`` consecutive dates set on the slider with key ``date``. Each step's time is the whole script
rerun (``at.run()``); its bytes are ``len(json_args)`` of the st_folium component — the payload streamlit-folium
sends to the browser on that rerun. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMPONENT = "streamlit_folium.st_folium"
NAIVE_WINDOW_DAYS = 30  # the app's default event window (sidebar DEFAULT_WINDOW)

NAIVE_APP = '''"""The obvious implementation: rebuild the whole map every step, one CircleMarker per event."""
import html
import sys
from datetime import timedelta

sys.path.insert(0, {repo!r})

import folium
import streamlit as st
from shapely.geometry import mapping
from streamlit_folium import st_folium

from conflictmap.ui import data

atlas = data.get_atlas()
on = st.slider("Date", min_value=atlas.first_date, max_value=atlas.last_date, value=atlas.last_date,
               step=timedelta(days=1), key="date")
m = folium.Map(location=(48.6, 31.4), zoom_start=6, tiles=None)
folium.GeoJson(atlas.neighbours, name="neighbours").add_to(m)
regions = {{"type": "FeatureCollection", "features": [
    {{"type": "Feature", "properties": {{"name": r.name}}, "geometry": mapping(r.geometry)}} for r in atlas.regions]}}
folium.GeoJson(regions, name="regions", tooltip=folium.GeoJsonTooltip(fields=["name"])).add_to(m)
snaps = [s for s in atlas.snapshots if s.as_of <= on]
if snaps:
    folium.GeoJson(mapping(snaps[-1].geometry), name="control",
                   style_function=lambda f: {{"color": "#8c3a00", "fillColor": "#D55E00", "fillOpacity": 0.5}}).add_to(m)
for e in atlas.events:
    if on - timedelta(days={window}) < e.date <= on:
        folium.CircleMarker([e.location.lat, e.location.lon], radius=4, color="#D55E00", fill=True,
                            tooltip=html.escape(e.date.isoformat() + " " + e.title)).add_to(m)
folium.LayerControl().add_to(m)
st_folium(m, key="map", height=620, width=1200)
'''


def write_naive_app(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / "naive_app.py"
    p.write_text(NAIVE_APP.format(repo=str(REPO), window=NAIVE_WINDOW_DAYS), encoding="utf-8")
    return p


def _component(at):
    for c in at.get("component_instance"):
        if getattr(c.proto, "component_name", "") == COMPONENT:
            return c
    return None


def _p50(xs):
    return round(statistics.median(xs), 1) if xs else None


def measure(app: Path, dates: list[date], timeout: float) -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(app), default_timeout=timeout)
    t = time.perf_counter()
    at.run()
    first_s = time.perf_counter() - t
    errors = [str(e.value)[:300] for e in at.exception] if at.exception else []
    comp = _component(at)
    frames = []
    for d in dates:
        t = time.perf_counter()
        at.slider(key="date").set_value(d).run()
        ms = (time.perf_counter() - t) * 1000
        comp = _component(at)
        if at.exception:
            errors += [str(e.value)[:300] for e in at.exception]
        args = json.loads(comp.proto.json_args) if comp is not None else {}
        frames.append({
            "date": d.isoformat(), "ms": round(ms, 1),
            "bytes": len(comp.proto.json_args.encode("utf-8")) if comp is not None else None,
            "feature_group_bytes": len((args.get("feature_group") or "").encode("utf-8")),
            "script_bytes": len((args.get("script") or "").encode("utf-8")),
            "component_id": comp.proto.id if comp is not None else None,
        })
    ids = {f["component_id"] for f in frames}
    return {
        "first_run_s": round(first_s, 2),
        "frame_ms_p50": _p50([f["ms"] for f in frames]),
        "frame_ms_max": max((f["ms"] for f in frames), default=None),
        "frame_bytes_p50": int(statistics.median([f["bytes"] for f in frames if f["bytes"] is not None])) if frames and comp else None,
        "feature_group_bytes_p50": int(statistics.median([f["feature_group_bytes"] for f in frames])) if frames else None,
        "script_bytes_p50": int(statistics.median([f["script_bytes"] for f in frames])) if frames else None,
        "iframe_remounts": len(ids) - 1,  # a changing component id means the iframe is recreated
        "frames": frames,
        "errors": errors[:5],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", action="append", required=True, help="app file(s), measured in this order in one process")
    ap.add_argument("--data", default=None, help="data root (CONFLICTMAP_DATA); default: the repository")
    ap.add_argument("--start", type=date.fromisoformat, required=True)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--timeout", type=float, default=900)
    a = ap.parse_args(argv)
    if a.data:
        os.environ["CONFLICTMAP_DATA"] = a.data
    else:
        os.environ.pop("CONFLICTMAP_DATA", None)
    os.chdir(REPO)
    sys.path.insert(0, str(REPO))
    dates = [a.start + timedelta(days=i) for i in range(a.steps)]
    out = {}
    for app in a.app:
        out[Path(app).name] = measure(Path(app).resolve(), dates, a.timeout)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
