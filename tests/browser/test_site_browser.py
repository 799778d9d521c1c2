"""The static edition in a real browser: `export site` built by the CLI, served by `python -m http.server` on
127.0.0.1, opened in Chromium with every other request aborted. The map is drawn, the timeline moves, an event's
popup lists its sources, the URL hash opens a date, and nothing leaves the machine."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from conflictmap.paths import REPO_DIR
from conflictmap.site import FIRST_VIEW_LIMIT
from tests.helpers import free_port as _free_port

pytestmark = pytest.mark.browser

MEASURES = REPO_DIR / "tests" / "artifacts" / "site_browser.json"


def _export(out: Path, data: Path | None = None) -> dict:
    env = dict(os.environ, CONFLICTMAP_DATA=str(data)) if data else None
    proc = subprocess.run([sys.executable, "-m", "conflictmap", "export", "site", "--out", str(out)], cwd=REPO_DIR,
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("static") / "site"
    t0 = time.perf_counter()
    report = _export(out)
    report["build_seconds_wall"] = round(time.perf_counter() - t0, 2)
    _measure("build", report)
    return out


@pytest.fixture(scope="module")
def site_url(site_dir):
    yield from _serve(site_dir)


def _serve(folder: Path):
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/index.html", timeout=2).read()
            break
        except OSError:
            if time.time() > deadline:
                proc.kill()
                pytest.fail("python -m http.server did not start within 30 s")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def site_page(browser, site_url, site_dir):
    """A page that may only talk to the local http.server; it records what it loaded and every console error."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    pg = context.new_page()
    pg.blocked, pg.errors, pg.loaded = [], [], []
    pg.route(lambda u: not u.startswith(site_url + "/"), lambda route: (pg.blocked.append(route.request.url), route.abort()))
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.on("requestfinished", lambda req: pg.loaded.append(req.url))
    pg.site_url = site_url
    pg.site_dir = site_dir
    yield pg
    assert pg.blocked == [], f"requests that tried to leave 127.0.0.1: {pg.blocked}"
    assert pg.errors == [], f"console errors: {pg.errors}"
    context.close()


def _measure(key: str, value) -> None:
    MEASURES.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(MEASURES.read_text()) if MEASURES.exists() else {}
    data[key] = value
    MEASURES.write_text(json.dumps(data, indent=1))
    print(json.dumps({key: value}))


def open_site(pg, suffix: str = "") -> float:
    """Open the page and wait until the map of the shown date is drawn; the seconds it took."""
    t0 = time.perf_counter()
    pg.goto(pg.site_url + "/" + suffix)
    pg.wait_for_selector("body[data-ready='1']", timeout=60_000)
    pg.wait_for_selector(".leaflet-overlay-pane path", state="attached", timeout=30_000)
    return time.perf_counter() - t0


def controlled_d(pg) -> str | None:
    return pg.evaluate("() => { const p = document.querySelector('path.cm-controlled'); return p ? p.getAttribute('d') : null; }")


def set_slider(pg, iso: str) -> None:
    day = (date.fromisoformat(iso) - date(1970, 1, 1)).days
    pg.evaluate("d => { const s = document.getElementById('cm-slider'); s.value = String(d); s.dispatchEvent(new Event('input')); }", day)
    pg.wait_for_function("iso => document.getElementById('cm-date').textContent === iso && document.body.dataset.ready === '1'",
                         arg=iso, timeout=30_000)


def test_the_first_view_draws_the_map_from_local_files_within_the_budget(site_page):
    seconds = open_site(site_page)
    pg = site_page
    assert pg.locator(".leaflet-overlay-pane path").count() >= 28, "27 regions and the controlled area"
    assert controlled_d(pg), "the latest assessment's area is drawn"
    assert pg.locator("path.cm-claimed").count() == 1
    assert pg.locator("#cm-asof-text").text_content().startswith("Control shown: assessment of ")
    assert pg.locator("#cm-control-sources li a").count() >= 1, "the assessment's sources, linked"
    assert pg.locator("#cm-legend .row").count() >= 12
    assert "CC BY 4.0" in pg.locator("#cm-licence").text_content()
    assert pg.locator("canvas#cm-density").get_attribute("data-ticks") not in (None, "0")
    pg.wait_for_timeout(500)  # anything the page would load by itself after the first draw
    paths = sorted({u[len(pg.site_url) + 1:].split("#")[0].split("?")[0] or "index.html" for u in pg.loaded})
    first_view = sum((pg.site_dir / p).stat().st_size for p in paths)
    first_ms = pg.evaluate("() => window.cmFirstMapMs")
    _measure("first_view", {"files": paths, "bytes": first_view, "seconds_to_ready": round(seconds, 2),
                            "first_map_ms_in_page": round(first_ms)})
    assert first_view <= FIRST_VIEW_LIMIT
    assert not any("/data/events-2014" in u or "/data/control-2014" in u for u in pg.loaded), "other years wait"


def test_the_slider_and_play_move_the_timeline(site_page):
    pg = site_page
    open_site(pg, "#date=2022-02-20")
    before = controlled_d(pg)
    set_slider(pg, "2022-03-20")
    assert controlled_d(pg) != before, "a later assessment's area"
    assert "2022-03-" in pg.locator("#cm-asof-text").text_content()
    assert "date=2022-03-20" in pg.url
    set_slider(pg, "2014-06-01")
    assert "2014-" in pg.locator("#cm-asof-text").text_content(), "an older year's file fetched on demand"
    d_2014 = controlled_d(pg)
    pg.click("#cm-play")
    pg.wait_for_function("() => document.getElementById('cm-date').textContent >= '2014-09-15'", timeout=30_000)
    pg.click("#cm-play")  # pause
    assert pg.locator("#cm-play").get_attribute("aria-pressed") == "false"
    pg.wait_for_selector("body[data-ready='1']")
    assert controlled_d(pg) != d_2014, "playing moved the drawn area"
    shown = pg.locator("#cm-date").text_content()
    pg.click("#cm-next-change")
    pg.wait_for_function("s => document.getElementById('cm-date').textContent > s", arg=shown)


def test_a_permalink_opens_its_date_and_an_event_popup_lists_its_sources(site_page):
    pg = site_page
    open_site(pg, "#date=2022-12-24")
    assert pg.locator("#cm-date").text_content() == "2022-12-24"
    assert pg.evaluate("() => document.getElementById('cm-slider').value") == str((date(2022, 12, 24) - date(1970, 1, 1)).days)
    markers = pg.locator(".leaflet-marker-pane .cm-ev")
    assert markers.count() >= 1, "events of the 30 days up to 2022-12-24"
    markers.first.click()
    popup = pg.locator(".leaflet-popup .cm-popup")
    popup.wait_for(state="visible")
    assert popup.locator("ul.src li").count() >= 1
    assert popup.locator("ul.src li a[href^='http']").count() >= 1
    event_id = popup.get_attribute("data-event")
    assert f"event={event_id}" in pg.url
    # the same link in a fresh load opens the same date with the popup open
    pg.goto("about:blank")
    open_site(pg, f"#event={event_id}")
    pg.locator(f".leaflet-popup .cm-popup[data-event='{event_id}']").wait_for(state="visible", timeout=10_000)


def test_ukrainian_from_the_query_and_the_toggle(site_page):
    pg = site_page
    open_site(pg, "?lang=uk#date=2023-06-01")
    assert pg.evaluate("() => document.documentElement.lang") == "uk"
    assert pg.locator("#cm-title").text_content() == "Карта війни в Україні"
    assert pg.locator("#cm-asof-text").text_content().startswith("Контроль: оцінка станом на 2023-")
    pg.click("#cm-lang")
    pg.wait_for_function("() => document.documentElement.lang === 'en' && document.body.dataset.ready === '1'", timeout=30_000)
    assert pg.locator("#cm-date").text_content() == "2023-06-01", "the toggle keeps the date"


HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TEXT = '${alert(1)} `backticks` <script>window.__pwned=2</script>'
HOSTILE_EVENT = "2022-12-24-kherson-christmas-eve-shelling"


def test_on_a_phone_the_map_starts_in_the_upper_half_and_the_note_opens_on_a_tap(site_page):
    """At 390x844 the approximation note is folded to two lines (it pushed the map to 480 px); a tap shows it all."""
    site_page.set_viewport_size({"width": 390, "height": 844})
    open_site(site_page, "#date=2022-12-24")
    top = site_page.locator("#cm-map").bounding_box()["y"]
    assert top < 844 / 2, f"the map starts at {top} px"
    folded = site_page.locator("#cm-asof").bounding_box()["height"]
    site_page.click("#cm-asof-text")
    assert site_page.locator("#cm-asof").bounding_box()["height"] > folded + 40
    _measure("phone_map_top_px", round(top))


@pytest.fixture(scope="module")
def hostile_site_url(tmp_path_factory):
    """The bundle of a data root whose event carries markup in its title, description and a source's title."""
    root = tmp_path_factory.mktemp("hostile")
    for name in ("geodata", "events"):
        shutil.copytree(REPO_DIR / name, root / name)
    path = root / "events" / "2022-05-2022-12.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    ev = next(e for e in data["events"] if e["id"] == HOSTILE_EVENT)
    ev["title"] = ev["title_uk"] = HOSTILE_TITLE
    ev["description"] = HOSTILE_TEXT
    ev["sources"][0]["title"] = HOSTILE_TITLE
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    _export(root / "site", data=root)
    yield from _serve(root / "site")


def test_markup_in_the_data_stays_text(browser, hostile_site_url):
    context = browser.new_context()
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.route(lambda u: not u.startswith(hostile_site_url + "/"), lambda route: route.abort())
    pg.goto(f"{hostile_site_url}/#event={HOSTILE_EVENT}")
    popup = pg.locator(f".leaflet-popup .cm-popup[data-event='{HOSTILE_EVENT}']")
    popup.wait_for(state="visible", timeout=30_000)
    assert popup.locator("h3").text_content() == HOSTILE_TITLE
    assert HOSTILE_TEXT in popup.text_content()
    assert popup.locator("ul.src li a").first.text_content() == HOSTILE_TITLE
    assert pg.locator("#cm-events li a", has_text="onerror").count() == 1, "the events list shows it as text"
    assert pg.locator("img[src='x'], .cm-popup script").count() == 0
    pg.wait_for_timeout(300)
    assert pg.evaluate("() => window.__pwned") is None
    assert errors == []
    context.close()
