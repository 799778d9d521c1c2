"""Capacity measured with websocket clients instead of browsers (issue 12): viewers that speak Streamlit's protocol.

    python benchmarks/load_ws.py [--replicas 1 2] [--levels 10 50 100 200 300 400] [--url http://127.0.0.1:8080]

A viewer is what a browser tab is to the server, without the browser: it opens ``/_stcore/stream`` (through nginx,
with its own sticky ``cm_replica`` cookie), sends the ``rerun_script`` BackMsg a page sends on load, and then, every
10 s, moves the date slider (key ``date``) by one day the way the frontend does. The frontend sends a fragment rerun:
the slider lives in the map page's ``st.fragment``, so the BackMsg carries that fragment's id, the page's script hash,
the URL's query string, the slider's new value (microseconds since the epoch, as ``double_array_value``) and the
hashes of the large messages it has cached (so the server may send references instead of repeating them). Both ids
are read from the first run's ForwardMsg deltas. A step's latency runs from sending that BackMsg to the
``script_finished`` ForwardMsg; an error is a step or an opening that fails, times out, finishes unsuccessfully or
draws an exception element, or a socket that closes.

The ramp (default 10 → 400 viewers) adds viewers at each level, their starts spread over one step interval, waits
until they have opened, then measures a window of steps. The server's CPU (``cpu``) is the replicas' CPU seconds
(from /proc) over the window's wall time (2.0 = both cores busy); ``cpu_ms_per_step`` divides it by the steps
measured; ``machine_cpu`` is every core's busy time over the same window and ``loadavg_1m`` the load, so a curve
taken on a shared machine says how much of it the replicas had. Without ``--url`` each replica count gets its own
``deploy/local.sh up`` on free ports, torn down afterwards. Traffic stays on 127.0.0.1. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from common import free_port, machine_busy_s, percentile  # benchmarks/ is on sys.path (run as a script or by run.py)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LOCAL_SH = REPO / "deploy" / "local.sh"

STREAM_PATH = "/_stcore/stream"
SLIDER_KEY = "date"
STEP_EVERY_S = 10.0
STEP_TIMEOUT_S = 30.0
OPEN_TIMEOUT_S = 60.0
FIRST_DATE = date(2022, 9, 1)  # viewers start a week apart from here (different dates: no shared cache hits)
FINISHED_OK = (0, 3)  # ForwardMsg.ScriptFinishedStatus: FINISHED_SUCCESSFULLY, FINISHED_FRAGMENT_RUN_SUCCESSFULLY
TARGET = {"viewers": 200, "p95_ms": 1000, "errors": 0}
LEVELS = (10, 25, 50, 75, 100, 150, 200, 300, 400)
QUICK_LEVELS = (10, 25, 50, 100, 200)  # benchmarks/run.py --quick
MEASURE_S = 25.0  # per level: two or three steps per viewer
SATURATED_P95_MS = 5000  # stop ramping a replica count once a level's p95 exceeds this: the curve is past its knee


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] load_ws: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# Streamlit's protocol: the messages a viewer sends and what it reads from the answers


def slider_value(day: date) -> float:
    """A date slider's widget value as the frontend sends it: microseconds since 1970-01-01 (UTC)."""
    return float((day - date(1970, 1, 1)).days * 86_400 * 1_000_000)


def first_run_msg(query_string: str) -> bytes:
    """The BackMsg a page sends when its websocket opens: run the main page with this URL query."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    msg.rerun_script.query_string = query_string
    return msg.SerializeToString()


def step_msg(session: SessionView, day: date) -> bytes:
    """The BackMsg the frontend sends when the date slider is moved to ``day``: a rerun of the slider's fragment."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    if not session.slider_id:
        raise ValueError(f"no slider with key {SLIDER_KEY!r} was drawn by the first run")
    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = session.query_string
    state.page_script_hash = session.page_script_hash
    state.fragment_id = session.fragment_id
    widget = state.widget_states.widgets.add()
    widget.id = session.slider_id
    widget.double_array_value.data.append(slider_value(day))
    state.cached_message_hashes.extend(sorted(session.cached_hashes))
    return msg.SerializeToString()


@dataclass
class RunResult:
    """What one script run sent: its finish status, messages, bytes and any exception it drew."""

    status: int | None = None
    messages: int = 0
    bytes: int = 0
    exceptions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in FINISHED_OK and not self.exceptions


@dataclass
class SessionView:
    """The client side of one session, as far as a viewer needs it (ids and hashes read from ForwardMsgs)."""

    page_script_hash: str = ""
    query_string: str = ""
    slider_id: str = ""
    fragment_id: str = ""
    cached_hashes: set[str] = field(default_factory=set)

    def read(self, raw: bytes, run: RunResult) -> None:
        """Fold one ForwardMsg into the view and the current run's result."""
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = ForwardMsg()
        msg.ParseFromString(raw)
        run.messages += 1
        run.bytes += len(raw)
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self.cached_hashes.add(msg.hash)
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            which = element.WhichOneof("type")
            if which == "slider" and element.slider.id.endswith(f"-{SLIDER_KEY}"):
                self.slider_id = element.slider.id
                self.fragment_id = msg.delta.fragment_id
            elif which == "exception":
                run.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:200])
        elif kind == "script_finished":
            run.status = msg.script_finished


# ---------------------------------------------------------------------------------------------------------------
# one viewer


class Viewer:
    """One websocket session, opened like a page and stepped like the date slider."""

    def __init__(self, base_url: str, index: int):
        self.ws_url = base_url.rstrip("/").replace("http://", "ws://", 1) + STREAM_PATH
        self.day = FIRST_DATE + timedelta(days=7 * (index % 150))
        self.cookie = secrets.token_hex(16)  # what nginx would have set: routes this viewer to one replica
        self.session = SessionView()
        self.ws = None

    async def _run(self, payload: bytes, timeout: float) -> RunResult:
        run = RunResult()
        await self.ws.send(payload)
        async with asyncio.timeout(timeout):
            while run.status is None:
                self.session.read(await self.ws.recv(), run)
        return run

    async def open(self, timeout: float = OPEN_TIMEOUT_S) -> RunResult:
        import websockets

        self.ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=timeout, compression=None,
            additional_headers={"Cookie": f"cm_replica={self.cookie}"},
        )
        return await self._run(first_run_msg(f"date={self.day.isoformat()}"), timeout)

    async def step(self, timeout: float = STEP_TIMEOUT_S) -> tuple[float, RunResult]:
        """Move the date one day on; returns (milliseconds to script_finished, the run)."""
        self.day += timedelta(days=1)
        payload = step_msg(self.session, self.day)
        t = time.perf_counter()
        run = await self._run(payload, timeout)
        return (time.perf_counter() - t) * 1000, run

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


# ---------------------------------------------------------------------------------------------------------------
# the ramp


@dataclass
class Level:
    viewers: int
    opened: int = 0
    open_ms: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Crowd:
    """Viewers that each step every STEP_EVERY_S seconds; steps are credited to the level being measured."""

    def __init__(self, url: str):
        self.url = url
        self.tasks: list[asyncio.Task] = []
        self.viewers: list[Viewer] = []
        self.level: Level | None = None
        self.measuring = False
        self.opening_errors: list[str] = []

    def _error(self, text: str) -> None:
        if self.level is not None:
            self.level.errors.append(text)

    async def _viewer(self, viewer: Viewer, delay: float, level: Level) -> None:
        await asyncio.sleep(delay)
        t = time.perf_counter()
        try:
            run = await viewer.open()
            if not run.ok:
                raise RuntimeError(f"first run finished with status {run.status}; {run.exceptions[:1]}")
            level.opened += 1
            level.open_ms.append((time.perf_counter() - t) * 1000)
        except Exception as exc:  # noqa: BLE001 - every failure is an error of this level
            level.errors.append(f"open: {type(exc).__name__}: {str(exc)[:160]}")
            return
        next_at = time.perf_counter() + STEP_EVERY_S
        while True:
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            next_at += STEP_EVERY_S
            try:
                ms, run = await viewer.step()
                if not run.ok:
                    raise RuntimeError(f"run finished with status {run.status}; {run.exceptions[:1]}")
                if self.measuring and self.level is not None:
                    self.level.latencies.append(ms)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a failed step is an error; the viewer is gone after it
                if self.measuring:
                    self._error(f"step: {type(exc).__name__}: {str(exc)[:160]}")
                return

    async def grow(self, level: Level) -> None:
        """Add viewers up to ``level.viewers``, their starts spread over one step interval, and wait until all opened."""
        new = level.viewers - len(self.viewers)
        for i in range(new):
            viewer = Viewer(self.url, len(self.viewers))
            self.viewers.append(viewer)
            self.tasks.append(asyncio.create_task(self._viewer(viewer, STEP_EVERY_S * i / max(new, 1), level)))
        deadline = time.perf_counter() + STEP_EVERY_S + OPEN_TIMEOUT_S
        while level.opened + len(level.errors) < new and time.perf_counter() < deadline:
            await asyncio.sleep(0.2)

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await asyncio.gather(*(v.close() for v in self.viewers), return_exceptions=True)


def process_cpu_s(pid: int) -> float | None:
    """CPU seconds (user + system) of one process and its reaped children so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return sum(int(f) for f in fields[11:13]) / os.sysconf("SC_CLK_TCK")


def cpu_of(pids: list[int]) -> float:
    return sum(process_cpu_s(p) or 0.0 for p in pids)


async def ramp(url: str, levels: list[int], replica_pids: list[int], measure_s: float = MEASURE_S,
               replicas: int | None = None) -> list[dict]:
    """The curve: one entry per level reached (stops once a level is saturated)."""
    crowd = Crowd(url)
    curve = []
    try:
        for n in levels:
            level = Level(viewers=n)
            log(f"{replicas} replica(s): growing to {n} viewers")
            before_open = len(crowd.viewers)
            await crowd.grow(level)
            crowd.level, crowd.measuring = level, True
            cpu0, wall0, client0, busy0 = cpu_of(replica_pids), time.perf_counter(), time.process_time(), machine_busy_s()
            await asyncio.sleep(measure_s)
            crowd.measuring = False
            wall = time.perf_counter() - wall0
            cpu = (cpu_of(replica_pids) - cpu0) / wall
            machine = (machine_busy_s() - busy0) / wall
            entry = {
                "viewers": n, "replicas": replicas, "new_viewers": n - before_open, "opened": level.opened,
                "steps": len(level.latencies), "p50_ms": percentile(level.latencies, 0.5),
                "p95_ms": percentile(level.latencies, 0.95), "max_ms": round(max(level.latencies), 1) if level.latencies else None,
                "open_p50_ms": percentile(level.open_ms, 0.5), "errors": len(level.errors), "cpu": round(cpu, 2),
                # the replicas' CPU per step: what the machine must supply, however busy it was meanwhile
                "cpu_ms_per_step": round(cpu * wall * 1000 / len(level.latencies)) if level.latencies and replica_pids else None,
                "client_cpu": round((time.process_time() - client0) / wall, 2),
                "machine_cpu": round(machine, 2), "cores": os.cpu_count(), "loadavg_1m": os.getloadavg()[0],
                "window_s": round(wall, 1),
                "error_messages": level.errors[:5],
            }
            curve.append(entry)
            log(f"{json.dumps({k: v for k, v in entry.items() if k != 'error_messages'})}")
            if entry["p95_ms"] is None or entry["p95_ms"] > SATURATED_P95_MS or entry["errors"] > n // 2:
                log(f"{replicas} replica(s) saturated at {n} viewers: the ramp stops here")
                break
    finally:
        await crowd.stop()
    return curve


# ---------------------------------------------------------------------------------------------------------------
# topology: deploy/local.sh


def deploy(args: list[str], run_dir: Path, timeout: float = 300) -> dict:
    env = dict(os.environ, CONFLICTMAP_DEPLOY_DIR=str(run_dir), CONFLICTMAP_PYTHON=sys.executable)
    proc = subprocess.run([str(LOCAL_SH), *args], env=env, capture_output=True, text=True, timeout=timeout)
    if args[0] == "down":
        return {}
    out = proc.stdout.strip().splitlines()
    if not out:
        raise RuntimeError(f"deploy/local.sh {' '.join(args)} failed: {proc.stderr[-1500:]}")
    status = json.loads(out[-1])
    if args[0] == "up" and not status.get("up"):
        raise RuntimeError(f"deploy/local.sh up did not come up: {proc.stderr[-1500:]}")
    return status


def meets_target(entry: dict) -> bool:
    return entry["errors"] == 0 and entry["p95_ms"] is not None and entry["p95_ms"] <= TARGET["p95_ms"]


def summarize(curve: list[dict]) -> dict:
    """The load_ws object of benchmarks/run.py: the target level (200 viewers) with the most replicas measured, or
    the largest level that was reached, plus the whole curve and the most viewers meeting the target per replica count."""
    if not curve:
        return {"viewers": None, "replicas": None, "p50_ms": None, "p95_ms": None, "errors": None, "curve": []}
    most = max(e["replicas"] for e in curve)
    at = [e for e in curve if e["replicas"] == most]
    pick = next((e for e in at if e["viewers"] == TARGET["viewers"]), at[-1])
    best = {}
    for r in sorted({e["replicas"] for e in curve}):
        ok = [e["viewers"] for e in curve if e["replicas"] == r and meets_target(e)]
        best[str(r)] = max(ok) if ok else 0
    return {"viewers": pick["viewers"], "replicas": pick["replicas"], "p50_ms": pick["p50_ms"], "p95_ms": pick["p95_ms"],
            "errors": pick["errors"], "cpu": pick["cpu"], "target": TARGET, "max_viewers_meeting_target": best,
            "cpu_ms_per_step_p50": percentile([e["cpu_ms_per_step"] for e in curve if e.get("cpu_ms_per_step")], 0.5),
            "step_every_s": STEP_EVERY_S, "measure_s": curve[0]["window_s"], "curve": curve}


def measure(replica_counts: list[int], levels: list[int], url: str | None = None, measure_s: float = MEASURE_S,
            data: Path | None = None) -> dict:
    """Ramp each replica count through nginx (its own local.sh topology unless ``url`` is given); returns load_ws."""
    curve: list[dict] = []
    for replicas in replica_counts:
        if url:
            curve += asyncio.run(ramp(url, levels, [], measure_s, replicas))
            continue
        run_dir = Path(tempfile.mkdtemp(prefix=f"conflictmap-load-ws-{replicas}r-"))
        ok = False
        try:
            args = ["up", "--replicas", str(replicas), "--port", str(free_port()), "--no-db"]
            if data:
                args += ["--data", str(data)]
            status = deploy(args, run_dir)
            pids = [r["pid"] for r in status["replicas"]]
            curve += asyncio.run(ramp(status["url"], levels, pids, measure_s, replicas))
            ok = True
        finally:
            deploy(["down"], run_dir)
            if ok:
                shutil.rmtree(run_dir, ignore_errors=True)  # only logs were left in it
            else:
                log(f"failed; the replicas' and nginx's logs are in {run_dir / 'logs'}")
    return summarize(curve)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--levels", type=int, nargs="+", default=list(LEVELS))
    ap.add_argument("--measure-s", type=float, default=MEASURE_S, help="measured window per level")
    ap.add_argument("--url", default=None, help="an already running deployment (no local.sh); CPU is then not measured")
    ap.add_argument("--data", type=Path, default=None)
    a = ap.parse_args(argv)
    if a.url and not a.url.startswith("http://127.0.0.1"):
        ap.error("--url: loopback only (http://127.0.0.1:PORT)")
    print(json.dumps(measure(a.replicas, sorted(a.levels), a.url, a.measure_s, a.data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
