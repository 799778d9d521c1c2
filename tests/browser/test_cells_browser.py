"""Counts per area in real Chromium, offline: with the marker budget lowered (so the shipped data crosses it) the
map draws cells with their counts and an inert tooltip, the caption says so, and a slider step swaps the cells in
the same iframe (streamlit-folium's dynamic feature groups)."""

from __future__ import annotations

import time

import pytest
from conftest import ARTIFACTS_DIR

from tests.helpers import streamlit_server

from .conftest import IFRAME, map_frame, wait_for_app

pytestmark = pytest.mark.browser
BUDGET = 20


@pytest.fixture(scope="module")
def cells_server(tmp_path_factory):
    env = {"CONFLICTMAP_MARKER_BUDGET": str(BUDGET), "CONFLICTMAP_DATABASE_URL": None}
    with (tmp_path_factory.mktemp("cells") / "server.log").open("w") as log, streamlit_server(log, env) as url:
        yield url


def test_cells_are_drawn_and_swapped_in_place(browser, cells_server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    blocked = []
    page.route(lambda u: not u.startswith(cells_server), lambda route: (blocked.append(route.request.url), route.abort()))
    try:
        page.goto(cells_server + "/?date=2022-12-24&window=all")
        wait_for_app(page)
        frame = map_frame(page)
        frame.wait_for_selector(".cm-cell", timeout=60_000)
        assert frame.locator(".cm-ev").count() == 0, "no single markers over the budget"
        texts = frame.evaluate("() => [...document.querySelectorAll('.cm-cell')].map(e => e.textContent.trim())")
        counts = [int(x.replace(",", "")) for x in texts]
        assert len(counts) >= 2 and all(n >= 1 for n in counts)
        caption = page.get_by_text("events in the window, shown as counts per area")
        caption.wait_for(timeout=20_000)
        n = int(caption.inner_text().split(" events in the window")[0].split()[-1].replace(",", ""))
        assert sum(counts) == n > BUDGET, "the cells add up to the window's events"

        time.sleep(1)  # the initial fit to Ukraine's bounds runs once after load
        frame.locator("#map_div").scroll_into_view_if_needed()
        index = frame.evaluate("""() => { const els = [...document.querySelectorAll('.cm-cell')];
            const r = document.getElementById('map_div').getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
            const d = e => { const b = e.getBoundingClientRect(); return Math.hypot(b.left - cx, b.top - cy); };
            return els.indexOf(els.reduce((a, b) => d(a) <= d(b) ? a : b)); }""")  # the cell nearest the middle
        frame.locator(".cm-cell").nth(index).hover()
        tip = frame.locator(".leaflet-tooltip")
        tip.wait_for(timeout=10_000)
        assert "Events in this area" in tip.inner_text() and "narrow the event window" in tip.inner_text()
        ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS_DIR / "map-cells-2022-12-24.png"))

        frame.evaluate("() => { window.__probe = 42; }")
        slider = page.locator("input[type=range][aria-label='Date']")
        slider.focus()
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("() => location.search.includes('date=2022-12-23')", timeout=20_000)
        wait_for_app(page)
        frame = page.locator(IFRAME).element_handle().content_frame()
        assert frame.evaluate("() => window.__probe") == 42, "the same iframe: the cells were swapped in place"
        frame.wait_for_selector(".cm-cell", timeout=30_000)
        assert frame.locator(".cm-ev").count() == 0
        assert not [u for u in blocked if not u.startswith("data:")], blocked
    finally:
        context.close()
