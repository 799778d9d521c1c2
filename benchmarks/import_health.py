"""Health-check latency of a Streamlit server while one session runs the worst accepted events import.

    python benchmarks/import_health.py [--port 8765]

Starts ``streamlit run`` on 127.0.0.1 with a one-page app that imports the largest accepted ACLED file exactly as
the "Your data" page does (``import_events_chunked`` with the app's budget), opens one session over the websocket
(as a browser would), and polls ``/_stcore/health`` every 100 ms before and during the import. Prints JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APP = """
import json, sys, tempfile, time
from pathlib import Path
sys.path[:0] = [{repo!r}, {bench!r}]
import streamlit as st
from import_budget import worst_events
from conflictmap.importers import Geo
from conflictmap.importers.budget import APP_BUDGET
from conflictmap.paths import REPO_DIR, DataPaths
from conflictmap.importers.chunked import import_events_chunked
marker = Path({marker!r})
geo = Geo(DataPaths(REPO_DIR)); geo.ukraine
with tempfile.TemporaryDirectory() as tmp:
    p = worst_events(Path(tmp))
    marker.write_text(json.dumps({{"phase": "import"}}))
    t0 = time.perf_counter()
    report, events = import_events_chunked(p, None, geo, set(), lambda d, t: None, budget=APP_BUDGET)
    st.session_state["events"] = events
    marker.write_text(json.dumps({{"phase": "done", "import_s": round(time.perf_counter() - t0, 1), "imported": report["imported"]}}))
st.write("done")
"""


def health_ms(port: int) -> float:
    t = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=60) as r:
        r.read()
    return (time.perf_counter() - t) * 1000


def summary(xs: list[float]) -> dict:
    xs = sorted(xs)
    return {"n": len(xs), "median_ms": round(statistics.median(xs), 1), "p95_ms": round(xs[int(0.95 * (len(xs) - 1))], 1),
            "max_ms": round(xs[-1], 1)}


async def probe(port: int, marker: Path) -> dict:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    baseline = []
    for _ in range(30):
        baseline.append(health_ms(port))
        await asyncio.sleep(0.1)
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", max_size=None) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        await ws.send(msg.SerializeToString())

        async def drain():
            async for _ in ws:
                pass

        reader = asyncio.create_task(drain())
        during, t0 = [], time.time()
        while time.time() - t0 < 600:
            state = json.loads(marker.read_text()) if marker.exists() else {}
            if state.get("phase") == "done":
                break
            if state.get("phase") == "import":
                during.append(await asyncio.to_thread(health_ms, port))
            await asyncio.sleep(0.1)
        reader.cancel()
    return {"baseline": summary(baseline), "during_import": summary(during) if during else None, **json.loads(marker.read_text())}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        marker = Path(tmp) / "state.json"
        app = Path(tmp) / "health_app.py"
        app.write_text(APP.format(repo=str(REPO), bench=str(REPO / "benchmarks"), marker=str(marker)), encoding="utf-8")
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(app), "--server.port", str(args.port),
                                   "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp)
        try:
            for _ in range(120):
                try:
                    health_ms(args.port)
                    break
                except OSError:
                    time.sleep(0.5)
            print(json.dumps(asyncio.run(probe(args.port, marker))))
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
