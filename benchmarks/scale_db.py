"""Scale of data in PostGIS: a million events and 1,000 daily snapshots, a slider step and a replica's RSS.

    python benchmarks/scale_db.py --json F [--events 1000000] [--base-events 100000] [--snapshots 1000] [--steps 10]
                                  [--root ROOT] [--db URL]

(also ``benchmarks/run.py --scale-db --json F``). Steps:

1. ``benchmarks/generate.py`` builds (or reuses) a data root of ``--base-events`` events and ``--snapshots`` snapshots.
2. ``python -m conflictmap db init`` and ``db load ROOT`` put it into PostGIS (validated, one transaction).
3. The events are copied in SQL until there are ``--events`` (copy k of event ``id`` is ``id-ck``, same date and
   place, in its own events file ``events/imported-synthetic-copy-k.json``): a data root of a million events would
   be one file over the loader's 200 MB limit, and the importer's path is measured by run.py already.
4. In a child process, the app (``app.py`` with Streamlit's AppTest, as ``benchmarks/frames.py`` does) runs with
   CONFLICTMAP_DATABASE_URL: a first run, then ``--steps`` slider steps (server ms and the map's bytes), then the
   process's RSS — a replica's memory, which never holds the events.
5. The pushed-down event query alone (``EventStore.window``) for 7- and 30-day windows, and the counts per area
   (``EventStore.cells``, grouped in SQL) against the same cells grouped in Python (``aggregate.aggregate_events``).

Without ``--db`` a private cluster is started in a temporary folder (as the ``postgres`` user when run as root)
and stopped at the end. Prints one JSON object and writes it to ``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
for _p in (REPO, REPO / "benchmarks"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

PG_BIN = Path("/usr/lib/postgresql/15/bin")
START = date(2025, 3, 1)  # the scale benchmark's first step date (run.py's SCALE_START)


def log(msg: str) -> None:
    print(f"[scale-db {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


class PrivateCluster:
    """A throw-away PostgreSQL cluster on a Unix socket in a temporary folder."""

    def __init__(self):
        self.base = Path(tempfile.mkdtemp(prefix="conflictmap-bench-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.data = self.base / "data"

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True, timeout=300)

    def start(self) -> str:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.base / "server.log"), "-w", "-o",
                  f"-p {self.port} -k {self.base} -c listen_addresses='' -c fsync=off -c shared_buffers=128MB", "start")
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute("create database conflictmap_bench")
        return self.url("conflictmap_bench")

    def url(self, db: str) -> str:
        return f"postgresql://postgres@/{db}?host={self.base}&port={self.port}"

    def stop(self) -> None:
        try:
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def cli(url: str, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("CONFLICTMAP_DATA", "CONFLICTMAP_DATABASE_URL")}
    proc = subprocess.run([sys.executable, "-m", "conflictmap", *args, "--db", url], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=7200)
    if proc.returncode != 0:
        raise RuntimeError(f"conflictmap {' '.join(args[:2])} failed: {proc.stdout[-1500:]} {proc.stderr[-1500:]}")
    return json.loads(proc.stdout)


def replicate_events(url: str, total: int) -> dict:
    """Copy the loaded events in SQL until there are ``total`` (see the module docstring)."""
    import psycopg

    from conflictmap.db.conn import bump_version

    with psycopg.connect(url) as conn:
        base = conn.execute("select count(*) from events").fetchone()[0]
        copies = max(0, -(-total // base) - 1) if base else 0
        t = time.perf_counter()
        for k in range(1, copies + 1):
            need = min(base, total - base * k)
            if need <= 0:
                break
            path = f"events/imported-synthetic-copy-{k}.json"
            conn.execute("insert into data_files (path, kind, layout) values (%s, 'events', 'indent2')", (path,))
            conn.execute(
                """insert into events (id, path, position, date, time_local, category, region, geom, doc)
                   select id || %(suffix)s, %(path)s, position, date, time_local, category, region, geom,
                          replace(doc::text, '"id": "' || id || '"', '"id": "' || id || %(suffix)s || '"')::json
                   from events where path not like 'events/imported-synthetic-copy-%%' order by id limit %(need)s""",
                {"suffix": f"-c{k}", "path": path, "need": need})
            log(f"copy {k}/{copies}: {need:,} events")
        bump_version(conn, f"benchmark: events copied to {total:,}")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("vacuum analyze events")
        n = conn.execute("select count(*) from events").fetchone()[0]
    return {"events": n, "copy_s": round(time.perf_counter() - t, 1)}


def child_frames(steps: int) -> dict:
    """In this process (CONFLICTMAP_DATABASE_URL set by the parent): the app's steps, then RSS and the queries."""
    import frames

    from conflictmap.db import database_url
    from conflictmap.db.store import load_atlas_db

    os.chdir(REPO)
    dates = [START + timedelta(days=i) for i in range(steps)]
    out = frames.measure(REPO / "app.py", dates, timeout=1800)  # the default 30-day event window
    steps_ms = [f["ms"] for f in out.pop("frames", None) or []]
    out["frame_ms_p95"] = _p95(steps_ms)
    out["window_7d"] = steps_with_window(frames, [d + timedelta(days=steps) for d in dates], "7")
    status = Path("/proc/self/status").read_text()
    out["rss_mb"] = round(int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024, 1)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    store = load_atlas_db(database_url()).events
    queries = {}
    for days in (7, 30):
        cold, step, n = [], [], 0
        for i in range(5):  # cold: nothing parsed yet; step: the previous day's window was asked just before
            store._windows.clear()
            store._events.clear()
            t = time.perf_counter()
            store.window(START + timedelta(days=10 * i), days)
            cold.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            n = len(store.window(START + timedelta(days=10 * i + 1), days))
            step.append((time.perf_counter() - t) * 1000)
        queries[f"window_{days}d"] = {"events": n, "cold_ms_p50": round(statistics.median(cold), 1),
                                      "step_ms_p50": round(statistics.median(step), 1)}
    # counts per area (above the marker budget): grouped in SQL against read, parsed and grouped in Python
    from conflictmap.aggregate import aggregate_events

    for days in (7, 30):
        sql, py, n = [], [], 0
        for i in range(5):
            on = START + timedelta(days=10 * i)
            t = time.perf_counter()
            n = len(store.cells(on, days))
            sql.append((time.perf_counter() - t) * 1000)
            store.window(on - timedelta(days=1), days)  # the previous step's window, as a viewer stepping would have
            t = time.perf_counter()
            aggregate_events(store.window(on, days))
            py.append((time.perf_counter() - t) * 1000)
        queries[f"window_{days}d"] |= {"cells": n, "cells_sql_ms_p50": round(statistics.median(sql), 1),
                                       "cells_python_ms_p50": round(statistics.median(py), 1)}
    out["event_query"] = queries
    out["events_in_atlas_process"] = "none held: atlas.events is an EventStore"
    return out


def _p95(ms: list[float]) -> float | None:
    """The 95th percentile (nearest rank: with 10 steps the slowest, with 20 the second slowest)."""
    return round(sorted(ms)[max(0, -(-len(ms) * 95 // 100) - 1)], 1) if ms else None


def steps_with_window(frames, dates: list[date], window: str) -> dict:
    """The same steps with the sidebar's event window set to ``window`` days (fewer events drawn per step)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=1800)
    at.run()
    at.selectbox(key="window").set_value(window).run()
    ms, sizes = [], []
    for d in dates:
        t = time.perf_counter()
        at.slider(key="date").set_value(d).run()
        ms.append((time.perf_counter() - t) * 1000)
        comp = frames._component(at)
        sizes.append(len(comp.proto.json_args.encode("utf-8")) if comp is not None else 0)
    return {"frame_ms_p50": round(statistics.median(ms), 1), "frame_ms_p95": _p95(ms), "frame_ms_max": round(max(ms), 1),
            "frame_bytes_p50": int(statistics.median(sizes)), "errors": [str(e.value)[:300] for e in at.exception][:5]}


def run(json_path: Path, events: int, base_events: int, snapshots: int, steps: int, root: Path | None, url: str | None) -> dict:
    import generate

    result: dict = {"events": events, "base_events": base_events, "snapshots": snapshots, "steps": steps,
                    "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    root = root or Path(tempfile.gettempdir()) / f"conflictmap-bench-{base_events}e-{snapshots}s-seed1"
    cluster = None
    try:
        if url is None:
            cluster = PrivateCluster()
            url = cluster.start()
        t = time.perf_counter()
        result["generated"] = {k: v for k, v in generate.generate(root, base_events, snapshots).items() if not isinstance(v, (dict, list))}
        result["generate_s"] = round(time.perf_counter() - t, 1)
        log(f"root ready in {result['generate_s']} s: {root}")
        cli(url, "db", "init")
        t = time.perf_counter()
        loaded = cli(url, "db", "load", str(root))
        result["db_load_s"] = round(time.perf_counter() - t, 1)
        log(f"db load: {result['db_load_s']} s, {loaded['counts']}")
        result["replicate"] = replicate_events(url, events)
        log(f"events in the database: {result['replicate']['events']:,}")
        env = {k: v for k, v in os.environ.items() if k != "CONFLICTMAP_DATA"}
        env["CONFLICTMAP_DATABASE_URL"] = url
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child-frames", str(steps)], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=7200)
        if proc.returncode != 0:
            raise RuntimeError(f"frames child failed: {proc.stderr[-3000:]}")
        result["app"] = json.loads(proc.stdout.strip().splitlines()[-1])
        result["app_s"] = round(time.perf_counter() - t, 1)
        app = result["app"]
        result["targets"] = {
            "step_ms_p50": {"value": app.get("frame_ms_p50"), "target": "<= 400", "ok": (app.get("frame_ms_p50") or 1e9) <= 400},
            "rss_mb": {"value": app.get("rss_mb"), "target": "<= 1024", "ok": (app.get("rss_mb") or 1e9) <= 1024},
        }
    finally:
        if cluster is not None:
            cluster.stop()
    text = json.dumps(result, indent=2)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(text + "\n", encoding="utf-8")
    print(text)
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--base-events", type=int, default=100_000, help="events generated (and validated) before copying")
    ap.add_argument("--snapshots", type=int, default=1000)
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--root", type=Path, default=None)
    ap.add_argument("--db", default=None, help="an existing database (default: a private cluster)")
    ap.add_argument("--child-frames", type=int, default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child_frames is not None:
        print(json.dumps(child_frames(a.child_frames)))
        return 0
    if a.json is None:
        ap.error("--json is required")
    run(a.json, a.events, a.base_events, a.snapshots, a.steps, a.root, a.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
