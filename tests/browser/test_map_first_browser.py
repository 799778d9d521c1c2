"""Map first (issue 11): the map fills a projector and a phone, the seed's own event link works, and a presentation
is driven by the keys a clicker sends."""

import re
import time

import pytest
from conftest import ARTIFACTS_DIR

from .conftest import IFRAME, map_frame, wait_for_app

pytestmark = pytest.mark.browser


def _visible_share(page, box) -> float:
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    h = max(0.0, min(box["y"] + box["height"], vh) - max(box["y"], 0))
    w = max(0.0, min(box["x"] + box["width"], vw) - max(box["x"], 0))
    return w * h / (vw * vh)


@pytest.mark.parametrize("width, height, min_share", [(1280, 720, 0.55), (1440, 900, 0.55), (390, 844, 0.35)])
def test_the_map_is_above_the_fold_and_fills_the_screen(browser, app_server, width, height, min_share):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.route(lambda u: not u.startswith(app_server), lambda route: route.abort())
    page.goto(app_server + "/?date=2022-12-24")
    wait_for_app(page)
    map_frame(page)
    time.sleep(1.5)
    box = page.locator(IFRAME).bounding_box()
    assert box["y"] < height * 0.45, f"the map starts at {box['y']:.0f} px"
    assert _visible_share(page, box) >= min_share, f"the map covers {_visible_share(page, box):.0%} of {width}x{height}"
    slider = page.locator("[data-testid='stMain'] [data-testid='stSlider']").first.bounding_box()
    assert slider["y"] + slider["height"] <= height, "the date control is visible together with the map"
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / f"map-first-{width}x{height}.png"))
    context.close()


def test_the_readme_event_link_opens_on_its_date_with_its_marker(page):
    page.goto(page.app_url + "/?event=2022-12-24-kherson-christmas-eve-shelling")
    wait_for_app(page)
    frame = map_frame(page)
    page.wait_for_function("() => location.search.includes('date=2022-12-24')", timeout=20_000)
    assert page.locator("[data-testid='stMain'] [data-testid='stSliderThumbValue']").first.inner_text() == "2022-12-24"
    frame.locator("path.cm-selected").first.wait_for(state="attached", timeout=20_000)
    frame.locator(".cm-ev").first.wait_for(state="attached", timeout=20_000)
    centre = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert abs(centre[0] - 46.64) < 0.6 and abs(centre[1] - 32.6) < 1.2, centre


def test_presentation_keys_step_play_and_leave(page):
    page.goto(page.app_url + "/?date=2022-11-01&present=1")
    wait_for_app(page)
    map_frame(page)
    caption = page.locator(".cm-present-caption")
    assert caption.is_visible() and "2022-11-01" in caption.inner_text()
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    page.locator(".cm-present-caption").click()  # focus on the page, not in the map
    page.keyboard.press("PageDown")
    page.wait_for_function("() => location.search.includes('date=2022-11-12')", timeout=20_000)
    wait_for_app(page)
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => !location.search.includes('date=2022-11-12')", timeout=20_000)
    wait_for_app(page)
    page.keyboard.press("PageUp")
    wait_for_app(page)
    assert re.search(r"date=2022-(10|09)", page.evaluate("() => location.search"))
    page.keyboard.press("Escape")
    page.wait_for_function("() => !location.search.includes('present=1')", timeout=20_000)
    wait_for_app(page)
    assert page.get_by_role("button", name=re.compile("Present")).is_visible()


def test_a_story_step_opened_by_link_at_projector_size_shows_its_own_view_and_clickers_step(browser, app_server):
    import json

    from conflictmap.paths import REPO_DIR

    steps = json.loads((REPO_DIR / "stories" / "default.json").read_text(encoding="utf-8"))["steps"]
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.route(lambda u: not u.startswith(app_server), lambda route: route.abort())
    page.goto(app_server + "/Story?story=default&step=3")
    wait_for_app(page)
    frame = map_frame(page)
    time.sleep(1.5)
    lat, lon = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
    assert abs(lat - steps[2]["center"][0]) < 0.5 and abs(lon - steps[2]["center"][1]) < 0.5, (lat, lon, steps[2]["center"])
    page.locator("h1").first.click()
    page.keyboard.press("PageDown")
    page.wait_for_function("() => location.search.includes('step=4')", timeout=30_000)
    wait_for_app(page)
    page.keyboard.press("PageUp")
    page.wait_for_function("() => location.search.includes('step=3')", timeout=30_000)
    context.close()


def test_changing_language_or_basemap_keeps_the_view(page):
    page.goto(page.app_url + "/?date=2022-12-24")
    wait_for_app(page)
    frame = map_frame(page)
    time.sleep(1.5)  # the first fit to Ukraine
    frame.evaluate("() => window.map.setView([46.64, 32.6], 9, {animate: false})")
    time.sleep(0.5)
    for query in ("/?date=2022-12-24&lang=uk", "/?date=2022-12-24&lang=uk&basemap=osm"):
        page.goto(page.app_url + query)  # the base map changes, so the map is built anew
        wait_for_app(page)
        frame = map_frame(page)
        time.sleep(1.5)
        zoom = frame.evaluate("() => window.map.getZoom()")
        lat, lon = frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
        assert zoom == 9 and abs(lat - 46.64) < 0.05 and abs(lon - 32.6) < 0.05, (query, zoom, lat, lon)
