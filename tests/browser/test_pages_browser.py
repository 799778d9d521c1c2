"""Pages in real Chromium, offline: story stepping by button and keyboard, Ukrainian labels, hostile imports."""

import json
import re
import time

import pytest
from conftest import ARTIFACTS_DIR

from .conftest import IFRAME, map_frame, wait_for_app

pytestmark = pytest.mark.browser

PAYLOAD_TITLE = "<img src=x onerror=\"window.__xss=1;alert(1)\"> ${window.__xss=2} `backtick`"
PAYLOAD_TEXT = "<script>window.__xss=3</script> javascript:alert(4) ${alert(5)} ` \\ '\""


def _counter(page) -> str:
    return page.get_by_text(re.compile(r"Step \d+ of \d+")).first.inner_text()


def _center(page):
    frame = page.locator(IFRAME).element_handle().content_frame()
    return frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")


def _upload(page, label: str, path) -> None:
    """Put ``path`` into the uploader labelled ``label``; return once the file is listed and the rerun has ended.

    The uploader is found by its label, not by position, and only visible elements count: waiting only for the
    script state raced with the upload on a slow CI machine, and once ``.first`` reached a hidden copy of the chip.
    """
    uploader = page.locator("[data-testid='stFileUploader']:visible").filter(has_text=label).first
    try:
        uploader.wait_for(timeout=120_000)
        uploader.locator("input[type=file]").set_input_files(str(path))
        page.locator(f"[data-testid='stFileChip'][aria-label^='{path.name},']:visible").first.wait_for(timeout=120_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS_DIR / f"upload-failed-{path.name}.png"), full_page=True)
        raise
    wait_for_app(page)
    time.sleep(0.5)
    wait_for_app(page)


def test_story_steps_with_buttons_and_keyboard_and_the_map_follows(page):
    stories = json.loads((ARTIFACTS_DIR.parent.parent / "stories" / "default.json").read_text(encoding="utf-8"))
    steps = stories["steps"]
    page.goto(page.app_url + "/Story?story=default&step=1")
    wait_for_app(page)
    map_frame(page)
    assert _counter(page).startswith("Step 1 of")
    page.get_by_role("button", name=re.compile("Next")).click()
    page.wait_for_function("() => location.search.includes('step=2')", timeout=30_000)
    wait_for_app(page)
    time.sleep(1)
    lat, lon = _center(page)
    assert abs(lat - steps[1]["center"][0]) < 0.5 and abs(lon - steps[1]["center"][1]) < 0.5, "the map follows the story"
    page.locator("h1").first.click()  # keyboard focus on the page, not in the map
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('step=3')", timeout=30_000)
    wait_for_app(page)
    assert _counter(page).startswith("Step 3 of")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('step=2')", timeout=30_000)
    wait_for_app(page)
    assert _counter(page).startswith("Step 2 of")
    page.goto(page.app_url + "/Story?story=default&step=9")
    wait_for_app(page)
    map_frame(page)
    time.sleep(1.5)
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS_DIR / "story.png"))


def test_ukrainian_interface_shows_ukrainian_labels(page):
    page.goto(page.app_url + "/?lang=uk&date=2022-12-24")
    wait_for_app(page)
    frame = map_frame(page)
    page.get_by_role("heading", name="Карта війни в Україні").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stMain']").get_by_text("під контролем Росії").first.is_visible()
    assert frame.locator(".cm-legend").inner_text().startswith("▼ Легенда") or "Легенда" in frame.locator(".cm-legend").inner_text()
    assert frame.get_by_text("Херсонська").count() >= 1, "region names come from the data, in Ukrainian"
    page.screenshot(path=str(ARTIFACTS_DIR / "map-uk.png"))


@pytest.mark.parametrize("path", ["/Events?q=Kherson", "/Regions?region=UA-65&date=2022-12-24", "/Compare?a=2022-03-25&b=2022-12-24", "/About"])
def test_each_page_renders(page, path):
    page.goto(page.app_url + path)
    wait_for_app(page)
    if "Compare" in path:
        map_frame(page)
    time.sleep(1)
    assert not page.locator("[data-testid='stException']").count()
    name = path.strip("/").split("?")[0].lower()
    page.screenshot(path=str(ARTIFACTS_DIR / f"page-{name}.png"), full_page=True)


def test_hostile_import_stays_inert_everywhere(page, tmp_path):
    feats = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [32.62, 46.64]},
            "properties": {
                "id": f"2022-12-2{i}-hostile-payload-{i}", "date": f"2022-12-2{i}", "category": "strike_on_civilians",
                "title": PAYLOAD_TITLE, "description": PAYLOAD_TEXT, "place": PAYLOAD_TITLE,
                "sources": [{"publisher": PAYLOAD_TITLE, "title": PAYLOAD_TEXT, "url": "https://example.org/a?b=<c>", "published": "2022-12-24"}],
            },
        }
        for i in (3, 4)
    ]
    feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [32.6, 46.6]},
                  "properties": {"id": "2022-12-25-js-link", "date": "2022-12-25", "category": "battle", "title": "x",
                                 "sources": [{"publisher": "p", "title": "t", "url": "javascript:alert(1)", "published": "2022-12-25"}]}})
    upload = tmp_path / "hostile.geojson"
    upload.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    page.goto(page.app_url + "/Your_data")
    wait_for_app(page)
    _upload(page, "Events file", upload)
    page.get_by_role("button", name="Import events").click(timeout=120_000)
    page.get_by_text("Import report").wait_for(timeout=60_000)
    wait_for_app(page)
    report = page.locator("[data-testid='stJson']").first.inner_text()
    assert re.search(r'"imported"\W+2', report) and re.search(r'"rejected"\W+1', report), report
    assert page.get_by_text("3 of 3 rows or features read").count() == 1, "progress counts the file's features"
    page.screenshot(path=str(ARTIFACTS_DIR / "your-data-report.png"), full_page=True)

    # the events table, the map and the details panel show the payload as text (same session: links, not reloads)
    page.get_by_role("link", name=re.compile("^Events")).first.click()
    wait_for_app(page)
    page.get_by_text(re.compile("events match")).wait_for(timeout=30_000)
    page.get_by_role("link", name=re.compile("Your data")).first.click()
    wait_for_app(page)
    page.get_by_role("link", name=re.compile("2022-12-24 · ")).first.click()
    page.wait_for_function("() => location.search.includes('event=2022-12-24-hostile-payload-4')", timeout=30_000)
    wait_for_app(page)
    frame = map_frame(page)
    assert frame.locator(".cm-ev").count() >= 2, "the imported events are on the map"
    opened = frame.evaluate("""() => { let n = 0; window.map.eachLayer(l => { if (l.getTooltip && l.getTooltip()) { l.openTooltip(); n++; } }); return n; }""")
    assert opened >= 2
    time.sleep(0.5)
    assert "onerror" in frame.locator(".leaflet-tooltip").all_inner_texts().__str__(), "tooltips show the payload as text"
    page.get_by_role("heading", name=re.compile("onerror")).wait_for(timeout=30_000)  # shown as text
    assert page.evaluate("() => window.__xss") is None
    assert frame.evaluate("() => window.__xss") is None
    assert frame.evaluate("() => typeof window.map.getZoom()") == "number", "the map still works"
    assert not dialogs, dialogs
    page.screenshot(path=str(ARTIFACTS_DIR / "hostile-import.png"), full_page=True)


def test_control_layer_import_in_the_session(page, tmp_path):
    """An ISW-style file whose date is only in its name becomes a dated snapshot of this session, with its source."""
    ring = [[37.0, 47.6], [38.6, 47.6], [38.6, 48.4], [37.0, 48.4], [37.0, 47.6]]
    upload = tmp_path / "20221115_RussianAssessedCoTinUkraine.geojson"
    upload.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "<b>area</b>"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}]}), encoding="utf-8")
    page.goto(page.app_url + "/Your_data")
    wait_for_app(page)
    page.get_by_role("tab", name="Control layers").click()
    _upload(page, "Control layer files", upload)
    page.get_by_label(re.compile("Where was this layer published")).fill("https://www.understandingwar.org/")
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Import control layers").click(timeout=120_000)
    page.get_by_text("Import report").wait_for(timeout=60_000)
    wait_for_app(page)
    report = page.locator("[data-testid='stJson']").first.inner_text()
    assert "2022-11-15" in report, report
    assert page.get_by_text(re.compile(r"1 of your control layers")).count() == 1
