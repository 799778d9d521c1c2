"""Performance benchmarks of the conflict map. See docs/performance.md.

    python benchmarks/run.py --json benchmarks/results/latest.json [--quick]

Measures, on the shipped data and on a generated large data root (benchmarks/generate.py, cached in the temp dir):
cold start to the first map in Chromium, the server-side cost and payload of one slider step (AppTest), the
browser's step latency, the server's memory, a naive implementation on the same data, and many concurrent sessions.
Only loopback traffic: every request that does not go to the local server is aborted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import frames  # noqa: E402
import generate  # noqa: E402
import load_ws  # noqa: E402
from common import free_port, machine_busy_s, percentile  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SLIDER = "input[type=range][aria-label='Date']"
NOT_RUNNING = "[data-testid='stApp'][data-test-script-state='notRunning']"
LOAD_POLL_MS = 50
SHIPPED_START = date(2022, 9, 1)  # steps run forward from here: many events, a control change on 2022-09-05
SCALE_START = date(2026, 3, 2)  # inside the generated snapshots' range at every scale used (quick: from 2025-12-13)

FULL = {"events": 100_000, "snapshots": 1000, "frame_steps": 12, "browser_steps": 10, "sessions": 30, "session_steps": 5,
        "load_budget_s": 600}
QUICK = {"events": 20_000, "snapshots": 200, "frame_steps": 5, "browser_steps": 3, "sessions": 10, "session_steps": 2,
         "load_budget_s": 70}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def p50(xs):
    return round(statistics.median(xs), 1) if xs else None


def p95(xs):
    return percentile(xs, 0.95)


# ---------------------------------------------------------------------------------------------------------------
# machine


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    versions = {}
    for pkg in ("streamlit", "streamlit-folium", "folium", "branca", "shapely", "jsonschema", "playwright"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    try:
        versions["chromium"] = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        versions["chromium"] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": mem_gb, "python": platform.python_version(),
            "platform": platform.platform(), "versions": versions}


# ---------------------------------------------------------------------------------------------------------------
# server


class Server:
    def __init__(self, data_root: Path | None, log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        env.pop("CONFLICTMAP_DATA", None)
        if data_root is not None:
            env["CONFLICTMAP_DATA"] = str(data_root)
        self.log = log_path.open("w")
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port), "--server.address",
             "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )

    def wait_healthy(self, timeout: float = 60) -> float:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2).read() == b"ok":  # noqa: S310 (loopback http)
                    return time.perf_counter() - self.t0
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the Streamlit server did not become healthy")

    def rss_mb(self) -> float | None:
        try:
            for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            return None
        return None

    def cpu_s(self) -> float | None:
        """CPU seconds (user + system) the server process has used so far."""
        try:
            fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


# ---------------------------------------------------------------------------------------------------------------
# browser (async Playwright: one browser, many contexts)

FG_JS = "() => (window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.last_feature_group) || ''"


async def _route_local(page, base: str, blocked: list):
    async def handler(route):
        blocked.append(route.request.url)
        await route.abort()

    await page.route(lambda u: not u.startswith(base), handler)


class RunWatch:
    """The script runs the server finished for one page, read from its websocket (Streamlit's protobuf ``ForwardMsg``).

    The page's ``data-test-script-state`` attribute is not a reliable signal under load: React batches the
    "running" and "notRunning" updates into one render when the page is busy, so the attribute never changes and a
    watcher of it waits forever (the cause of the 60 s "errors" in the first load runs). The websocket says it
    exactly: ``page_info_changed`` carries the URL the run wrote (our app writes ``date=``), then ``script_finished``.
    """

    DONE = (0, 3)  # FINISHED_SUCCESSFULLY, FINISHED_FRAGMENT_RUN_SUCCESSFULLY

    def __init__(self, page):
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._msg = ForwardMsg
        self.query = ""
        self.finished: list[str] = []  # the query string in force when each run finished
        self.seen: dict[str, float] = {}  # when each kind of message first arrived (perf_counter), for the cold start
        page.on("websocket", self._socket)

    def _socket(self, ws) -> None:
        self.seen.setdefault("websocket_open", time.perf_counter())
        ws.on("framereceived", self._frame)

    def _frame(self, payload) -> None:
        if isinstance(payload, str):
            return
        msg = self._msg()
        try:
            msg.ParseFromString(payload)
        except Exception:  # noqa: BLE001 - not a ForwardMsg: ignore
            return
        kind = msg.WhichOneof("type")
        self.seen.setdefault(kind, time.perf_counter())
        if kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "script_finished" and msg.script_finished in self.DONE:
            self.finished.append(self.query)

    async def wait_for_date(self, since: int, iso: str, timeout_ms: float) -> None:
        """Until a run finished after the ``since``-th one with ``date=iso`` in its URL."""
        deadline = time.perf_counter() + timeout_ms / 1000
        while not any(f"date={iso}" in q for q in self.finished[since:]):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"no run with date={iso} finished within {timeout_ms / 1000:.0f} s "
                                   f"(runs finished since the press: {self.finished[since:]})")
            await asyncio.sleep(0.005)


async def open_map(browser, url: str, timeout_ms: float):
    """A new context and page on ``url``; returns (context, page, map frame) once Leaflet has drawn paths."""
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
    page = await ctx.new_page()
    page.blocked = []
    page.runs = RunWatch(page)
    await _route_local(page, url.split("/?")[0].rstrip("/"), page.blocked)
    await page.goto(url, timeout=timeout_ms)
    await page.frame_locator(IFRAME).locator("path.leaflet-interactive").first.wait_for(timeout=timeout_ms)
    await page.wait_for_selector(NOT_RUNNING, timeout=timeout_ms)
    frame = await (await page.locator(IFRAME).element_handle()).content_frame()
    return ctx, page, frame


DAY_US = 86_400_000_000  # the slider's value is microseconds since the epoch


async def step(page, frame, timeout_ms: float, poll: str | int = "raf") -> tuple[float, bool]:
    """One ArrowRight on the date slider: (ms until the server has finished the rerun for the new date and the map
    holds its layers, whether the layers changed). When the new date shows exactly the same layers,
    streamlit-folium sends nothing to the iframe, and the step ends with the rerun.

    ``poll`` is how the iframe is watched for the new layers: every animation frame (precise, for one page), or
    every N ms. With 30 pages in one Chromium, polling every frame makes each page draw 60 frames a second, and the
    harness then takes the CPU it is measuring; the load test polls every ``LOAD_POLL_MS`` instead.
    """
    before = await frame.evaluate(FG_JS)
    value_before = await page.locator(SLIDER).input_value()
    iso = (date(1970, 1, 1) + timedelta(microseconds=int(value_before) + DAY_US)).isoformat()
    runs = len(page.runs.finished)
    await page.locator(SLIDER).focus()
    t = time.perf_counter()
    await page.keyboard.press("ArrowRight")
    try:
        await page.runs.wait_for_date(runs, iso, timeout_ms)
    except TimeoutError as exc:  # say what the page looked like, so a lost key press shows as one
        value_now = await page.locator(SLIDER).input_value()
        focused = await page.evaluate("() => document.activeElement && (document.activeElement.getAttribute('aria-label') || document.activeElement.tagName)")
        raise RuntimeError(f"{exc}; slider {value_before} -> {value_now}, focus on {focused}") from exc
    ms = (time.perf_counter() - t) * 1000
    changed = (await frame.evaluate(FG_JS)) != before
    if not changed:  # the layers may still be on their way to the iframe: give them a moment
        try:
            await frame.wait_for_function(f"(b) => ({FG_JS[6:]}) !== b", arg=before, timeout=1000, polling=poll)
            changed = True
            ms = (time.perf_counter() - t) * 1000
        except Exception:  # noqa: BLE001 - unchanged layers: nothing more to wait for; the step ended with the rerun
            changed = False
    await page.wait_for_selector(NOT_RUNNING, timeout=timeout_ms)
    return ms, changed


async def browser_measure(url: str, steps: int, start: date, timeout_ms: float) -> dict:
    """First map (the cold start when the server has just started), then ``steps`` slider steps from ``start``."""
    from playwright.async_api import async_playwright

    out: dict = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            t = time.perf_counter()
            ctx, page, frame = await open_map(browser, url, timeout_ms)
            out["first_map_s"] = round(time.perf_counter() - t, 2)
            # where the first map's time went: the websocket's first messages, in order (new_session: the server
            # has set up the session; page_config_changed: the script is past its imports; script_finished)
            out["first_map_timeline_s"] = {k: round(v - t, 2) for k, v in sorted(page.runs.seen.items(), key=lambda kv: kv[1])
                                           if k in ("websocket_open", "new_session", "page_config_changed", "script_finished")}
            await ctx.close()
            ctx, page, frame = await open_map(browser, f"{url}/?date={start.isoformat()}", timeout_ms)
            times, changed = [], 0
            for _ in range(steps):
                ms, ch = await step(page, frame, timeout_ms)
                times.append(ms)
                changed += ch
            out["browser_step_ms"] = [round(x, 1) for x in times]
            out["browser_step_ms_p50"] = p50(times)
            out["browser_steps_with_new_layers"] = changed
            out["blocked_requests"] = len(page.blocked)
            await ctx.close()
        finally:
            await browser.close()
    return out


async def load_test(url: str, sessions: int, steps: int, start: date, timeout_ms: float, budget_s: float,
                    open_timeout_ms: float | None = None) -> dict:
    """``sessions`` concurrent contexts in one browser, each opening the app and stepping the slider ``steps`` times."""
    from playwright.async_api import async_playwright

    latencies: list[float] = []
    open_s: list[float] = []
    errors: list[str] = []

    async def session(browser, i: int):
        ctx = None
        try:
            day = start + timedelta(days=7 * i)  # users at different dates (no shared cache hits)
            t = time.perf_counter()
            ctx, page, frame = await open_map(browser, f"{url}/?date={day.isoformat()}", open_timeout_ms or timeout_ms)
            open_s.append(time.perf_counter() - t)
            for _ in range(steps):
                latencies.append((await step(page, frame, timeout_ms, poll=LOAD_POLL_MS))[0])
        except Exception as exc:  # noqa: BLE001 - every failure counts as an error
            errors.append(f"session {i}: {type(exc).__name__}: {str(exc).splitlines()[0][:200]}")
        finally:
            if ctx is not None:
                await ctx.close()

    t0 = time.perf_counter()
    cancelled = 0
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            tasks = [asyncio.create_task(session(browser, i)) for i in range(sessions)]
            done, pending = await asyncio.wait(tasks, timeout=budget_s)
            for task in pending:
                task.cancel()
            if pending:  # a session that has not finished within the budget counts as an error
                errors.append(f"{len(pending)} session(s) still running after the {budget_s:.0f} s budget were cancelled")
                await asyncio.gather(*pending, return_exceptions=True)
            cancelled = len(pending)
        finally:
            await browser.close()
    return {
        "sessions": sessions, "steps_per_session": steps, "steps_done": len(latencies),
        "open_s_p50": round(statistics.median(open_s), 2) if open_s else None,
        "open_s_max": round(max(open_s), 2) if open_s else None,
        "step_ms_p50": p50(latencies), "step_ms_p95": p95(latencies), "step_ms_max": round(max(latencies), 1) if latencies else None,
        "errors": len(errors) - (1 if cancelled else 0) + cancelled, "cancelled_sessions": cancelled,
        "open_timeout_s": (open_timeout_ms or timeout_ms) / 1000, "step_timeout_s": timeout_ms / 1000,
        "error_messages": errors[:10], "wall_s": round(time.perf_counter() - t0, 1), "budget_s": budget_s,
    }


def run_load(srv: Server, cfg: dict) -> dict:
    """The concurrent sessions: opening may take long when all arrive at once (open timeout: most of the budget).

    Also records where the CPU went: the server's own CPU seconds against the whole machine's, so a miss can be
    told apart from the harness (30 Chromium pages) eating the cores the server needs.
    """
    srv_before, all_before = srv.cpu_s(), machine_busy_s()
    out = asyncio.run(load_test(srv.url, cfg["sessions"], cfg["session_steps"], SHIPPED_START, 60_000, cfg["load_budget_s"],
                                open_timeout_ms=cfg["load_budget_s"] * 1000 * 0.8))
    srv_after, all_after = srv.cpu_s(), machine_busy_s()
    if srv_before is not None and srv_after is not None:
        out["server_cpu_s"] = round(srv_after - srv_before, 1)
        out["machine_cpu_s"] = round(all_after - all_before, 1)
        out["server_cpu_share"] = round(out["server_cpu_s"] / max(out["machine_cpu_s"], 0.1), 2)
    return out


def load_only(path: Path, cfg: dict, logs: Path) -> None:
    """Re-run only the concurrent sessions (shipped data) and update ``load`` and the targets in an existing result."""
    result = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    srv = Server(None, logs / "load-server.log")
    try:
        srv.wait_healthy()
        load = {"root": "shipped", **run_load(srv, cfg), "rss_mb_after": srv.rss_mb()}
    finally:
        srv.stop()
    result["load"] = load
    result["targets"] = check_targets(result)
    text = json.dumps(result, indent=2)
    path.write_text(text + "\n", encoding="utf-8")
    print(json.dumps(load, indent=2))


def run_load_ws(quick: bool) -> dict:
    """Websocket viewers (no browsers) ramped through nginx to 1 and 2 replicas started by deploy/local.sh."""
    return load_ws.measure([1, 2], list(load_ws.QUICK_LEVELS if quick else load_ws.LEVELS))


def load_ws_only(path: Path, quick: bool) -> None:
    """Re-run only the websocket viewers and update ``load_ws`` and the targets in an existing result."""
    result = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    result["load_ws"] = run_load_ws(quick)
    result["targets"] = check_targets(result)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result["load_ws"], indent=2))


# ---------------------------------------------------------------------------------------------------------------
# server-side frames (AppTest in a subprocess, so caches and memory are not shared with this process)


def run_frames(apps: list[Path], data_root: Path | None, start: date, steps: int) -> dict:
    cmd = [sys.executable, str(HERE / "frames.py"), "--start", start.isoformat(), "--steps", str(steps)]
    for a in apps:
        cmd += ["--app", str(a)]
    if data_root is not None:
        cmd += ["--data", str(data_root)]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"frames.py failed: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summary_frames(r: dict) -> dict:
    keys = ("first_run_s", "frame_ms_p50", "frame_ms_max", "frame_bytes_p50", "feature_group_bytes_p50", "script_bytes_p50",
            "iframe_remounts", "errors")
    return {k: r.get(k) for k in keys}


# ---------------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Conflict map performance benchmarks")
    ap.add_argument("--json", type=Path, required=True, help="write the results here (and print them)")
    ap.add_argument("--quick", action="store_true", help="reduced scale, under 3 minutes on 2 cores")
    ap.add_argument("--root", type=Path, default=None, help="generated data root (default: the temp dir, reused)")
    ap.add_argument("--skip-load", action="store_true")
    ap.add_argument("--load-only", action="store_true", help="only the concurrent sessions; updates --json in place")
    ap.add_argument("--load-ws", action="store_true",
                    help="only the websocket viewers through nginx, 1 and 2 replicas (load_ws.py); updates --json in place")
    ap.add_argument("--scale-db", action="store_true", help="only the PostGIS scale run (1M events, 1,000 snapshots: scale_db.py)")
    a = ap.parse_args(argv)
    if a.scale_db:
        import scale_db

        scale_db.run(a.json, 1_000_000, 100_000, 1000, 10, a.root, None)
        return 0
    cfg = QUICK if a.quick else FULL
    if a.load_ws:
        load_ws_only(a.json, a.quick)
        return 0
    if a.load_only:
        logs = Path(tempfile.gettempdir()) / "conflictmap-bench-logs"
        logs.mkdir(exist_ok=True)
        load_only(a.json, cfg, logs)
        return 0
    t_all = time.perf_counter()
    timeout_ms = 90_000 if a.quick else 900_000
    work = Path(tempfile.gettempdir())
    root = a.root or work / f"conflictmap-bench-{cfg['events']}e-{cfg['snapshots']}s-seed1"
    logs = work / "conflictmap-bench-logs"
    logs.mkdir(exist_ok=True)
    result: dict = {"mode": "quick" if a.quick else "full", "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "machine": machine(), "config": dict(cfg, shipped_start=SHIPPED_START.isoformat(), scale_start=SCALE_START.isoformat())}

    def phase(name: str, fn, into: dict) -> None:
        """Run one measurement; a failure is recorded instead of ending the run."""
        t = time.perf_counter()
        try:
            fn(into)
        except Exception as exc:  # noqa: BLE001 - the report must be written whatever fails
            into.setdefault("errors_in_run", []).append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
            log(f"{name} FAILED: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}")
        log(f"{name}: {time.perf_counter() - t:.1f} s")

    shipped: dict = {}
    scale: dict = {"events": cfg["events"], "snapshots": cfg["snapshots"], "root": str(root)}
    naive: dict = {"events": cfg["events"], "snapshots": cfg["snapshots"], "window_days": frames.NAIVE_WINDOW_DAYS}
    load: dict = {"root": "shipped", "sessions": cfg["sessions"]}

    # 1. shipped data: cold start and browser steps, then the concurrent sessions on the same server
    def shipped_browser(out):
        srv = Server(None, logs / "shipped-server.log")
        try:
            healthy = srv.wait_healthy()
            b = asyncio.run(browser_measure(srv.url, cfg["browser_steps"], SHIPPED_START, timeout_ms))
            # cold start = server start → /health answers, then page opened → first map drawn (Chromium already running)
            out.update({"cold_start_s": round(healthy + b["first_map_s"], 2), "health_s": round(healthy, 2), **b,
                        "rss_mb": srv.rss_mb()})
            if not a.skip_load:
                phase("load", lambda o: o.update(run_load(srv, cfg)), load)
                load["rss_mb_after"] = srv.rss_mb()
        finally:
            srv.stop()

    phase("shipped browser", shipped_browser, shipped)
    phase("shipped frames", lambda o: o.update(summary_frames(run_frames([REPO / "app.py"], None, SHIPPED_START, cfg["frame_steps"])["app.py"])), shipped)
    result["shipped"] = shipped

    # 2. generated root: frames of the app and of the naive implementation (same process, atlas loaded once)
    def gen(out):
        t = time.perf_counter()
        g = generate.generate(root, cfg["events"], cfg["snapshots"])
        out["generate_s"] = round(time.perf_counter() - t, 1)
        out["generated"] = {k: g.get(k) for k in ("events_imported", "events_rejected", "control_written", "control_errors")}

    phase("scale generate", gen, scale)

    def scale_frames(out):
        naive_app = frames.write_naive_app(work / "conflictmap-bench-naive")
        fr = run_frames([REPO / "app.py", naive_app], root, SCALE_START, cfg["frame_steps"])
        out.update(summary_frames(fr["app.py"]))
        naive.update(summary_frames(fr["naive_app.py"]))

    phase("scale + naive frames", scale_frames, scale)

    # 3. generated root in the browser
    def scale_browser(out):
        srv = Server(root, logs / "scale-server.log")
        try:
            healthy = srv.wait_healthy()
            b = asyncio.run(browser_measure(srv.url, cfg["browser_steps"], SCALE_START, timeout_ms))
            out.update({"cold_start_s": round(healthy + b["first_map_s"], 2), "health_s": round(healthy, 2), **b,
                        "rss_mb": srv.rss_mb()})
        finally:
            srv.stop()

    phase("scale browser", scale_browser, scale)
    result["scale"] = scale
    result["naive"] = naive
    result["speedup_vs_naive"] = (round(naive["frame_ms_p50"] / scale["frame_ms_p50"], 2)
                                  if naive.get("frame_ms_p50") and scale.get("frame_ms_p50") else None)
    result["bytes_ratio_vs_naive"] = (round(naive["frame_bytes_p50"] / scale["frame_bytes_p50"], 2)
                                      if naive.get("frame_bytes_p50") and scale.get("frame_bytes_p50") else None)
    result["load"] = load if not a.skip_load else {"sessions": 0, "skipped": True}
    if not a.skip_load:
        phase("load_ws", lambda o: o.update(run_load_ws(a.quick)), result.setdefault("load_ws", {}))
    result["targets"] = check_targets(result)
    result["wall_s"] = round(time.perf_counter() - t_all, 1)
    text = json.dumps(result, indent=2)
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


TARGETS = [
    ("shipped.frame_ms_p50", "<=", 150), ("shipped.frame_bytes_p50", "<=", 300_000),
    ("shipped.browser_step_ms_p50", "<=", 500), ("shipped.cold_start_s", "<=", 5),
    ("scale.frame_ms_p50", "<=", 400), ("scale.frame_bytes_p50", "<=", 1_500_000),
    ("scale.browser_step_ms_p50", "<=", 1000), ("scale.rss_mb", "<=", 1024), ("speedup_vs_naive", ">=", 10),
    ("load.errors", "<=", 0), ("load.step_ms_p95", "<=", 5000),
    ("load_ws.viewers", ">=", 200), ("load_ws.p95_ms", "<=", 1000), ("load_ws.errors", "<=", 0),
]


def check_targets(result: dict) -> dict:
    out = {}
    for path, op, limit in TARGETS:
        v = result
        for k in path.split("."):
            v = v.get(k) if isinstance(v, dict) else None
        ok = None if v is None else (v <= limit if op == "<=" else v >= limit)
        out[path] = {"value": v, "target": f"{op} {limit}", "ok": ok}
    return out


if __name__ == "__main__":
    sys.exit(main())
