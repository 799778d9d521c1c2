"""Two real app processes on one database: an import through the CLI reaches replica B's open page within 5 s.

Both replicas run ``streamlit run app.py`` with the same CONFLICTMAP_DATABASE_URL; Debian's Chromium (Playwright)
holds a page open on each, offline (every request that does not go to the replica is aborted).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from conflictmap.paths import REPO_DIR

from .conftest import _free_port, cli_json, counts_of, wait_until

pytestmark = pytest.mark.browser

NEW_EVENT = "2022-04-30-acled-ukr1"
EVENT_IDS_JS = """() => { const ids = [];
  window.map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.kind === 'event') ids.push(l.feature.properties.id); });
  return ids; }"""


def start_replica(url: str, name: str, logs) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "CONFLICTMAP_DATA"}
    env["CONFLICTMAP_DATABASE_URL"] = url
    log = (logs / f"replica-{name}.log").open("w")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    proc.log = log
    base = f"http://127.0.0.1:{port}"

    def healthy() -> bool:
        try:
            return urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).read() == b"ok"
        except OSError:
            return False

    if not wait_until(healthy, timeout=60, interval=0.3):
        proc.kill()
        pytest.fail(f"replica {name} did not start within 60 s")
    return proc, base


@pytest.fixture
def replicas(db_url, tmp_path):
    ARTIFACTS_DIR = REPO_DIR / "tests" / "artifacts"
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    procs = []
    try:
        for name in ("A", "B"):
            procs.append(start_replica(db_url, name, ARTIFACTS_DIR))
        yield [base for _, base in procs]
    finally:
        for proc, _ in procs:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
            proc.log.close()


def open_page(browser, base: str, query: str):
    from tests.browser.conftest import map_frame, wait_for_app

    pg = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    pg.route(lambda u: not u.startswith(base), lambda route: route.abort())
    pg.goto(base + "/" + query)
    wait_for_app(pg)
    return pg, map_frame(pg)


def test_an_import_reaches_the_other_replica_within_5_s(db_url, replicas, browser, tmp_path):
    from tests.browser.conftest import IFRAME

    from .test_db import acled_rows

    a, b = replicas
    query = "?date=2022-04-30&window=7"
    page_a, frame_a = open_page(browser, a, query)
    page_b, frame_b = open_page(browser, b, query)
    assert NEW_EVENT not in frame_b.evaluate(EVENT_IDS_JS)
    assert page_b.get_by_text("Data updated").count() == 0

    src = tmp_path / "acled.csv"
    src.write_text(acled_rows(1))
    before = counts_of(db_url)
    report = cli_json("import", "events", str(src), "--into", db_url)
    imported_at = time.monotonic()
    assert report["_rc"] == 0

    page_b.get_by_text("Data updated").first.wait_for(timeout=5_000)
    print(f"replica B says 'Data updated' {time.monotonic() - imported_at:.2f} s after the import")

    def new_event_drawn(pg) -> bool:
        frame = pg.locator(IFRAME).element_handle().content_frame()
        try:
            return NEW_EVENT in frame.evaluate(EVENT_IDS_JS)
        except Exception:  # the frame is between two renders
            return False

    assert wait_until(lambda: new_event_drawn(page_b), timeout=max(0.1, 5 - (time.monotonic() - imported_at)), interval=0.1), \
        "replica B draws the imported event within 5 s"
    seconds = time.monotonic() - imported_at
    print(f"replica B draws the new event {seconds:.2f} s after the import")
    assert seconds <= 5.0, seconds
    assert counts_of(db_url)["events"] == before["events"] + 1
    # replica A, where nothing was done either, learns of it the same way
    page_a.get_by_text("Data updated").first.wait_for(timeout=5_000)
    assert wait_until(lambda: new_event_drawn(page_a), timeout=5)
    # and the next step on B uses the new data (its slider moves on, the event stays in the 7-day window)
    slider = page_b.locator("input[type=range][aria-label='Date']")
    slider.focus()
    page_b.keyboard.press("ArrowRight")
    page_b.wait_for_function("() => location.search.includes('date=2022-05-01')", timeout=20_000)
    assert wait_until(lambda: new_event_drawn(page_b), timeout=20)
