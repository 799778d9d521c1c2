"""The main page in real Chromium, offline: layers draw, the slider updates in place, clicks show sources."""

import re
import time

import pytest
from conftest import ARTIFACTS_DIR
from helpers import log_problems

from .conftest import IFRAME, map_frame, wait_for_app

pytestmark = pytest.mark.browser


def open_app(page, query: str = ""):
    page.goto(page.app_url + "/" + query)
    wait_for_app(page)
    return map_frame(page)


def click_latlng(page, frame, lat: float, lon: float, zoom: int) -> None:
    """Click the map where a coordinate is drawn, as a person would (a real mouse click in the iframe)."""
    time.sleep(1)  # the initial fit to Ukraine's bounds runs once after load
    frame.locator("#map_div").scroll_into_view_if_needed()
    frame.evaluate(f"() => window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}})")
    time.sleep(0.5)
    point = frame.evaluate(f"() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]); return [p.x, p.y]; }}")
    box = frame.locator("#map_div").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def test_map_draws_regions_and_layers_offline(page):
    frame = open_app(page, "?date=2022-12-24&window=90")
    assert frame.evaluate("() => typeof L") == "object"
    paths = frame.locator("path.leaflet-interactive").count()
    assert paths >= 27, "the 27 regions are drawn"
    assert frame.locator("path.cm-claimed").count() >= 1, "claimed areas are hatched"
    assert frame.locator(".cm-ev").count() >= 1, "event markers are drawn"
    assert frame.locator(".cm-legend").is_visible()
    layer_names = frame.evaluate("() => Object.values(window.map._layers).length")
    assert layer_names > 30
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    time.sleep(1)
    page.screenshot(path=str(ARTIFACTS_DIR / "map-2022-12-24.png"), full_page=True)
    assert all(u.startswith("data:") or "127.0.0.1" in u for u in page.blocked) or page.blocked, page.blocked


def test_slider_step_keeps_map_object_and_zoom(page):
    frame = open_app(page, "?date=2022-11-10&window=all")
    time.sleep(1)  # let the initial fit to Ukraine's bounds finish
    frame.evaluate("() => { window.__probe = 42; window.map.setZoom(7); }")
    before = frame.evaluate("() => window.feature_group.map(g => Object.keys(g._layers).length).join(',') + '|' + document.querySelectorAll('.cm-ev').length")
    slider = page.locator("input[type=range][aria-label='Date']")
    for day in (11, 12, 13):  # to 2022-11-13, across the 2022-11-12 assessment (Kherson city retaken)
        slider.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => location.search.includes('date=2022-11-{day}')", timeout=20_000)
        wait_for_app(page)
    frame = page.locator(IFRAME).element_handle().content_frame()
    assert frame.evaluate("() => window.__probe") == 42, "the iframe was not remounted"
    assert frame.evaluate("() => window.map.getZoom()") == 7, "the user's zoom is kept"
    after = frame.evaluate("() => window.feature_group.map(g => Object.keys(g._layers).length).join(',') + '|' + document.querySelectorAll('.cm-ev').length")
    assert page.get_by_text(re.compile("assessment of 2022-11-12")).first.is_visible()
    assert before != after or frame.evaluate("() => window.feature_group.length") > 0


def test_play_advances_the_date_in_place_and_pause_stops_it(page):
    frame = open_app(page, "?date=2022-01-01&window=30")
    frame.evaluate("() => { window.__probe = 'kept'; }")
    page.get_by_role("button", name=re.compile("Play")).click()
    page.wait_for_function("() => /date=2022-0[3-9]/.test(location.search)", timeout=60_000)  # two steps of a month
    page.get_by_role("button", name=re.compile("Pause")).click()
    wait_for_app(page)
    stopped = page.evaluate("() => location.search")
    time.sleep(3)
    assert page.evaluate("() => location.search") == stopped, "pause stops the timeline"
    assert re.search(r"date=\d{4}-\d{2}-\d{2}", stopped), "the URL keeps an ISO date (a permalink)"
    frame = page.locator(IFRAME).element_handle().content_frame()
    assert frame.evaluate("() => window.__probe") == "kept", "playing never remounts the map"


def test_click_on_a_region_shows_its_details(page):
    frame = open_app(page, "?date=2022-12-24")
    click_latlng(page, frame, 48.2, 34.6, zoom=8)  # inside Dnipropetrovsk Oblast, away from the front line
    page.wait_for_function("() => location.search.includes('region=UA-12')", timeout=20_000)
    wait_for_app(page)
    page.get_by_role("heading", name="Dnipropetrovsk Oblast").wait_for(timeout=20_000)
    assert frame.evaluate("() => window.map.getZoom()") == 8


def test_permalink_restores_date_and_selection(page):
    open_app(page, "?date=2022-12-24&region=UA-65&window=30")
    assert page.locator("[data-testid='stMain'] [data-testid='stSliderThumbValue']").first.inner_text() == "2022-12-24"
    page.get_by_role("heading", name="Kherson Oblast").wait_for(timeout=20_000)
    links = page.locator("[data-testid='stMarkdownContainer'] a[href^='https://']")
    assert links.count() >= 2, "the details panel lists its sources as links"
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "map-kherson-details.png"), full_page=True)


LOGGED_PAGES = ("/?date=2022-12-24&region=UA-65", "/Events?q=Kherson", "/Regions?region=UA-65&date=2022-12-24", "/Story",
                "/Compare?a=2022-03-25&b=2022-12-24", "/Your_data", "/About")


def test_server_log_is_clean(page):
    """Every page is opened here first, so the test makes its own traffic even when it runs alone; then the server's
    log (of this test's pages and of every test before it in the session) holds no traceback, warning or error."""
    from .conftest import SERVER_LOG

    for path in LOGGED_PAGES:
        page.goto(page.app_url + path)
        wait_for_app(page)
        page.locator("[data-testid='stMain'] [data-testid='stElementContainer']:visible").first.wait_for(timeout=60_000)
        if path.startswith("/?"):
            map_frame(page)
        assert not page.locator("[data-testid='stException']").count(), path
    time.sleep(1)  # let the server flush what the last run logged
    problems = log_problems(SERVER_LOG.read_text(encoding="utf-8"))
    assert not problems, problems[:10]
