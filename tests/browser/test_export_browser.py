"""The standalone exports in real Chromium, opened from file:// with every network request aborted."""

from __future__ import annotations

import time
from datetime import date

import pytest

from conflictmap.catalog import load_atlas
from conflictmap.export import export_timelapse_html, export_view_html, timelapse_data
from conflictmap.paths import REPO_DIR, data_paths

pytestmark = pytest.mark.browser

ARTIFACTS_DIR = REPO_DIR / "tests" / "artifacts"
DAY = date(2022, 12, 24)
STATE_JS = """() => [
  document.getElementById('cm-date').textContent,
  document.getElementById('cm-asof-text').textContent,
  document.querySelectorAll('#cm-map path.leaflet-interactive, #cm-map path').length,
  document.querySelectorAll('#cm-map .cm-ev').length,
  document.querySelectorAll('#cm-map path.cm-claimed').length,
]"""

OPEN_TOOLTIPS = """() => {
  const maps = Object.keys(window).filter(k => k.startsWith('map_') || k === 'cmMap').map(k => window[k]).filter(m => m instanceof L.Map);
  let n = 0;
  for (const m of maps) {
    m.eachLayer(l => {
      if (l instanceof L.Marker && l.getTooltip && l.getTooltip()) {
        m.setView(l.getLatLng(), m.getZoom(), {animate: false});
        l.openTooltip(); n++;
      }
    });
  }
  return n;
}"""


@pytest.fixture(scope="module")
def shipped():
    return load_atlas(data_paths())


@pytest.fixture
def offline_page(browser):
    """A page that may load only file:// URLs; it records blocked requests, dialogs and page errors."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.blocked, pg.dialogs, pg.errors = [], [], []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            pg.blocked.append(r.request.url)
            r.abort()

    pg.route("**/*", route)
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def test_timelapse_plays_offline(offline_page, shipped, tmp_path):
    page = offline_page
    path = tmp_path / "timelapse.html"
    path.write_text(export_timelapse_html(shipped), encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_function("() => window.cmReady === true", timeout=20_000)
    assert page.evaluate("() => typeof L") == "object"
    page.locator("#cm-map path.leaflet-interactive").first.wait_for(timeout=20_000)
    start = page.evaluate(STATE_JS)
    assert start[2] >= 27, "the 27 regions are drawn"

    steps = [s["d"] for s in timelapse_data(shipped)["steps"]]
    target = steps.index(next(d for d in steps if d >= DAY.isoformat()))
    page.evaluate(f"() => {{ const s = document.getElementById('cm-slider'); s.value = {target}; s.dispatchEvent(new Event('input')); }}")
    after = page.evaluate(STATE_JS)
    assert after[0] == steps[target] != start[0], "the date label follows the slider"
    assert after[1] != start[1], "the as-of line follows the slider"
    assert after[2] != start[2] or after[3] != start[3], "the drawn areas or markers changed"
    assert after[4] >= 1, "claimed areas are hatched on this date"
    assert page.locator("#cm-control-sources a[href^='http']").count() >= 1, "the snapshot's sources are links"

    # the keyboard moves the slider too, and play advances it by itself
    page.locator("#cm-slider").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("() => document.body.dataset.step") == str(target + 1)
    page.locator("#cm-play").click()
    page.wait_for_function(f"() => +document.body.dataset.step > {target + 1}", timeout=10_000)
    page.locator("#cm-play").click()
    assert page.locator("#cm-play").get_attribute("aria-pressed") == "false"

    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.evaluate(f"() => {{ const s = document.getElementById('cm-slider'); s.value = {target}; s.dispatchEvent(new Event('input')); }}")
    time.sleep(0.5)
    page.screenshot(path=str(ARTIFACTS_DIR / "timelapse.png"), full_page=True)
    assert page.dialogs == [] and page.errors == [], (page.dialogs, page.errors)
    assert [u for u in page.blocked if not u.startswith("data:")] == [], page.blocked


def test_view_draws_offline(offline_page, shipped, tmp_path):
    page = offline_page
    path = tmp_path / "view.html"
    path.write_text(export_view_html(shipped, DAY, "UA-65"), encoding="utf-8")
    page.goto(path.as_uri())
    page.locator(".folium-map path.leaflet-interactive").first.wait_for(timeout=20_000)
    assert page.evaluate("() => typeof L") == "object"
    assert page.locator(".folium-map path.leaflet-interactive").count() >= 27
    assert page.locator(".folium-map path.cm-claimed").count() >= 1
    assert page.locator(".cm-legend").is_visible()
    assert page.locator("#cm-date").inner_text() == DAY.isoformat()
    assert page.locator("#cm-sources a[href^='http']").count() >= 1
    time.sleep(0.5)
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "export-view.png"), full_page=True)
    assert page.dialogs == [] and page.errors == [], (page.dialogs, page.errors)
    assert [u for u in page.blocked if not u.startswith("data:")] == [], page.blocked


def test_hostile_titles_do_not_run_in_the_exports(offline_page, shipped, tmp_path):
    """An event titled with script shows as text in both exports; no dialog fires."""
    import dataclasses

    hostile = "<img src=x onerror=alert(1)>${1}"
    events = list(shipped.events)
    i = max(k for k, e in enumerate(events) if e.date <= DAY)
    events[i] = dataclasses.replace(events[i], title=hostile)
    atlas = dataclasses.replace(shipped, events=tuple(events))
    page = offline_page
    tl = tmp_path / "tl.html"
    tl.write_text(export_timelapse_html(atlas), encoding="utf-8")
    page.goto(tl.as_uri())
    page.wait_for_function("() => window.cmReady === true", timeout=20_000)
    steps = [s["d"] for s in timelapse_data(atlas)["steps"]]
    target = steps.index(events[i].date.isoformat())
    page.evaluate(f"() => {{ const s = document.getElementById('cm-slider'); s.value = {target}; s.dispatchEvent(new Event('input')); }}")
    assert hostile in page.locator("#cm-events").inner_text()
    assert page.evaluate(OPEN_TOOLTIPS) >= 1
    assert hostile in page.locator("#cm-map .leaflet-tooltip-pane").inner_text(), "the tooltip shows the title as text"
    view = tmp_path / "view.html"
    view.write_text(export_view_html(atlas, DAY), encoding="utf-8")
    page.goto(view.as_uri())
    page.locator(".folium-map path.leaflet-interactive").first.wait_for(timeout=20_000)
    assert hostile in page.locator("#cm-sources").inner_text()
    assert page.evaluate(OPEN_TOOLTIPS) >= 1
    assert hostile in page.locator(".folium-map .leaflet-tooltip-pane").inner_text()
    time.sleep(0.5)
    assert page.dialogs == [] and page.errors == [], (page.dialogs, page.errors)
    assert page.locator("img[src='x']").count() == 0
