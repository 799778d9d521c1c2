"""Frames per second while scrubbing the Map page's scrub strip, in headless Chromium (Playwright), offline.

    python benchmarks/scrub.py [--width 1400 --height 1000] [--drag-s 1.5] [--moves 150] [--cpu-throttle 4] [--screenshot F.png]

Starts the app on a free port, opens the Map page, presses the strip's thumb and drags it from 2022-02-24 to the
last assessment in ``--moves`` paced mouse moves over ``--drag-s`` seconds, then releases. The component records a
timestamp for every redraw (one per animation frame with input) and for every layer swap (the assessment in force
changed, so the drawn area was replaced), how long each swap and each redraw took; an independent requestAnimationFrame counter
in the page shows whether the browser kept its frame rate meanwhile. Also reports the bytes of the static geometry
file (fetched once) and of the marks sent with each rerun. Prints one JSON object; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

from common import free_port  # benchmarks/ is on sys.path when this runs as a script

REPO = Path(__file__).resolve().parent.parent
IFRAME = 'iframe[title="streamlit_folium.st_folium"]'


def _start(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).read() == b"ok":
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


def _epoch_day(iso: str) -> int:
    return (date.fromisoformat(iso) - date(1970, 1, 1)).days


def _pct(xs, q):
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(q * (len(xs) - 1) + 0.5))], 2) if xs else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=1000)
    ap.add_argument("--drag-s", type=float, default=1.5)
    ap.add_argument("--moves", type=int, default=150)
    ap.add_argument("--cpu-throttle", type=float, default=1, help="Chromium CPU slowdown factor (4: a slow laptop or phone)")
    ap.add_argument("--screenshot", default=None, help="a PNG of the page in the middle of the drag")
    args = ap.parse_args(argv)

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from conflictmap import scrub
    from conflictmap.catalog import load_atlas
    from conflictmap.paths import data_paths

    atlas = load_atlas(data_paths())
    geo_text = json.dumps(scrub.scrub_file(atlas), ensure_ascii=False, separators=(",", ":"))
    marks_bytes = len(json.dumps(scrub.scrub_marks(atlas), separators=(",", ":")))
    last = atlas.snapshots[-1].as_of.isoformat()

    port = free_port()
    proc = _start(port)
    url = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            chromium = next((c for c in ("/usr/bin/chromium", "/usr/lib/chromium/chromium") if os.path.exists(c)), None)
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            page.route(lambda u: not u.startswith(url), lambda route: route.abort())
            t0 = time.perf_counter()
            page.goto(url + "/?date=2022-02-24")
            page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=120_000)
            page.frame_locator(IFRAME).locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=120_000)
            page.locator(".st-key-scrub_strip .cm-scrub[data-ready='1']").wait_for(state="attached", timeout=60_000)
            ready_s = time.perf_counter() - t0
            fetched = page.evaluate(
                "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/static/data/scrub-'))"
                ".map(e => ({url: e.name, bytes: e.encodedBodySize || e.transferSize}))"
            )
            if args.cpu_throttle > 1:
                page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": args.cpu_throttle})
            inp = page.locator(".st-key-scrub_strip input[type=range]")
            box = inp.bounding_box()
            lo, hi = (int(v) for v in inp.evaluate("e => [e.min, e.max]"))

            def x_of(day: int) -> float:
                return box["x"] + 7 + (day - lo) / (hi - lo) * (box["width"] - 14)

            y = box["y"] + box["height"] / 2
            a, b = _epoch_day("2022-02-24"), _epoch_day(last)
            page.evaluate("""() => { const s = window.__cmScrubStats; s.frames.length = 0; s.frameMs.length = 0; s.swaps.length = 0; s.swapMs.length = 0;
                window.__raf = []; const tick = (t) => { window.__raf.push(t); if (window.__rafOn) requestAnimationFrame(tick); };
                window.__rafOn = true; requestAnimationFrame(tick); }""")
            page.mouse.move(x_of(a), y)
            page.mouse.down()
            start = page.evaluate("() => performance.now()")
            t_start = time.perf_counter()
            for k in range(1, args.moves + 1):  # paced by the wall clock: move k is due at k/moves of the drag
                page.mouse.move(x_of(a + (b - a) * k / args.moves), y)
                if args.screenshot and k == args.moves // 2:
                    page.screenshot(path=args.screenshot)
                ahead = t_start + args.drag_s * k / args.moves - time.perf_counter()
                if ahead > 0:
                    time.sleep(ahead)
            end = page.evaluate("() => performance.now()")
            stats = page.evaluate("() => { window.__rafOn = false; const s = window.__cmScrubStats;"
                                  " return {frames: s.frames.slice(), frameMs: s.frameMs.slice(), swaps: s.swaps.slice(), swapMs: s.swapMs.slice(), raf: window.__raf.slice()}; }")
            page.mouse.up()
            try:
                page.wait_for_function(f"() => location.search.includes('date={last[:7]}')", timeout=30_000)
                released_url = page.evaluate("() => location.search")
            except Exception:  # noqa: BLE001 (reported, not raised: this is a measurement)
                released_url = "not updated: " + page.evaluate("() => location.search")
            if args.screenshot:
                page.screenshot(path=args.screenshot.replace(".png", "-after.png"))
            browser.close()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

    drag_s = (end - start) / 1000
    within = lambda ts: [t for t in ts if start <= t <= end]  # noqa: E731
    frames, swaps, raf = within(stats["frames"]), within(stats["swaps"]), within(stats["raf"])
    gaps = [b - a for a, b in zip(frames, frames[1:], strict=False)]
    result = {
        "viewport": f"{args.width}x{args.height}",
        "cpu_throttle": args.cpu_throttle,
        "drag": {"from": "2022-02-24", "to": last, "seconds": round(drag_s, 2), "mouse_moves": args.moves},
        "mouse_moves_per_s": round(args.moves / drag_s, 1),  # the input rate Playwright achieved: redraws cannot exceed it
        "redraw_fps": round(len(frames) / drag_s, 1),
        "layer_swaps_per_s": round(len(swaps) / drag_s, 1),
        "layer_swaps": len(swaps),
        "swap_ms_p50": _pct(stats["swapMs"], 0.5),
        "swap_ms_p95": _pct(stats["swapMs"], 0.95),
        "swap_ms_max": round(max(stats["swapMs"]), 2) if stats["swapMs"] else None,
        "frame_ms_p50": _pct(stats["frameMs"], 0.5),  # the JS of one redraw: label, events, area swap if any
        "frame_ms_p95": _pct(stats["frameMs"], 0.95),
        "frame_ms_max": round(max(stats["frameMs"]), 2) if stats["frameMs"] else None,
        "redraw_gap_ms_p50": _pct(gaps, 0.5),
        "redraw_gap_ms_max": round(max(gaps), 1) if gaps else None,
        "page_raf_fps": round(len(raf) / drag_s, 1),
        "geometry_file_bytes": len(geo_text.encode("utf-8")),
        "geometry_file_fetched": fetched,
        "assessments": len(atlas.snapshots),
        "marks_bytes_per_rerun": marks_bytes,
        "page_ready_s": round(ready_s, 1),
        "url_after_release": released_url,
        "note": "layer swaps happen only when the assessment in force changes; redraws (date label) every frame with input",
        "median_swap_gap_ms": round(statistics.median([b - a for a, b in zip(swaps, swaps[1:], strict=False)]), 1) if len(swaps) > 1 else None,
    }
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
