"""Live scrubbing (issue 11): dragging the scrub strip redraws the controlled area in the browser before the mouse is
released, and the release sends the date to the server (URL, slider)."""

from datetime import date

import pytest

from .conftest import map_frame, wait_for_app

pytestmark = pytest.mark.browser

STRIP = ".st-key-scrub_strip"


def strip_input(page):
    """The strip's range input (inside the component's shadow root; Playwright's CSS pierces it)."""
    inp = page.locator(f"{STRIP} input[type=range]")
    inp.wait_for(state="visible", timeout=30_000)
    page.locator(f"{STRIP} .cm-scrub[data-ready='1']").wait_for(state="attached", timeout=30_000)  # geometries fetched
    return inp


def x_for(page, inp, iso: str) -> tuple[float, float]:
    """Screen position of the thumb centre for a date (the thumb is 14 px wide)."""
    box = inp.bounding_box()
    lo, hi = (int(v) for v in inp.evaluate("e => [e.min, e.max]"))
    day = (date.fromisoformat(iso) - date(1970, 1, 1)).days
    return box["x"] + 7 + (day - lo) / (hi - lo) * (box["width"] - 14), box["y"] + box["height"] / 2


def scrub_d(frame) -> str | None:
    return frame.evaluate("() => { const p = document.querySelector('path.cm-scrub'); return p ? p.getAttribute('d') : null; }")


def drag_through(page, inp, dates: list[str], steps: int = 8):
    """Press on the thumb at dates[0] and move through the others without releasing; yield at each."""
    x0, y = x_for(page, inp, dates[0])
    page.mouse.move(x0, y)
    page.mouse.down()
    for iso in dates[1:]:
        x, _ = x_for(page, inp, iso)
        page.mouse.move(x, y, steps=steps)
        page.wait_for_timeout(120)
        yield iso


def test_dragging_redraws_the_areas_before_release_and_release_sets_the_date(page):
    page.goto(page.app_url + "/?date=2023-06-01")
    wait_for_app(page)
    frame = map_frame(page)
    inp = strip_input(page)
    assert inp.evaluate("e => e.value") == str((date(2023, 6, 1) - date(1970, 1, 1)).days)
    ticks = int(page.locator(f"{STRIP} canvas").get_attribute("data-ticks"))
    assert ticks >= 10, "a tick at each assessment in the span"
    seen, events, claims = {}, {}, {}
    for iso in drag_through(page, inp, ["2023-06-01", "2022-03-20", "2022-12-20"]):
        seen[iso] = scrub_d(frame)
        events[iso] = frame.locator(".cm-scrub-ev").count()
        claims[iso] = frame.evaluate("() => document.querySelector('path.cm-scrub-claimed').getAttribute('d').length")
        assert frame.evaluate("() => [...document.querySelectorAll('path.cm-claimed:not(.cm-scrub-claimed)')].every(e => getComputedStyle(e).display === 'none')")
        assert frame.evaluate("() => [...document.querySelectorAll('.cm-ev:not(.cm-scrub-ev)')].every(e => getComputedStyle(e).display === 'none')")
        assert frame.evaluate("() => document.body.classList.contains('cm-scrubbing')")
        assert frame.evaluate("() => getComputedStyle(document.querySelector('path.cm-controlled')).display") == "none"
        assert "date=2023-06-01" in page.evaluate("() => location.search"), "no round trip while dragging"
    assert seen["2022-03-20"] and seen["2022-12-20"]
    assert seen["2022-03-20"] != seen["2022-12-20"], "the drawn area changed before mouse-up"
    assert events["2022-03-20"] > 0 and events["2022-03-20"] != events["2022-12-20"], events
    assert claims["2022-12-20"] > claims["2022-03-20"], "the four oblasts claimed on 2022-09-30 are hatched too"
    label = frame.evaluate("() => document.querySelector('.cm-scrub-over').textContent")
    assert label.startswith("2022-12"), label
    page.mouse.up()
    page.wait_for_function("() => /date=2022-12-/.test(location.search)", timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stMain'] [data-testid='stSliderThumbValue']").first.inner_text().startswith("2022-12")
    # the exact layers are back, and the scrub layer is gone
    frame.wait_for_function("() => !document.body.classList.contains('cm-scrubbing') && !document.querySelector('path.cm-scrub')",
                            timeout=20_000)
    assert frame.locator("path.cm-controlled").count() >= 1
    assert frame.locator(".cm-scrub-ev, path.cm-scrub-claimed").count() == 0


def test_the_strip_narrows_to_2022_and_keys_step(page):
    page.goto(page.app_url + "/?date=2022-06-01")
    wait_for_app(page)
    map_frame(page)
    inp = strip_input(page)
    lo_recent = int(inp.evaluate("e => e.min"))
    assert lo_recent == (date(2022, 2, 24) - date(1970, 1, 1)).days
    page.locator(f"{STRIP} button[data-span=all]").click()
    assert int(inp.evaluate("e => e.min")) < lo_recent
    inp.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('date=2022-06-02')", timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stMain'] [data-testid='stSliderThumbValue']").first.inner_text() == "2022-06-02"
    assert not page.blocked, page.blocked


def test_releasing_on_the_same_date_twice_still_reaches_the_server(page):
    """The strip's last value is X; the bar's slider moves away; the strip is released on X again: X again."""
    page.goto(page.app_url + "/?date=2022-06-01")
    wait_for_app(page)
    map_frame(page)
    inp = strip_input(page)
    inp.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('date=2022-06-02')", timeout=30_000)
    wait_for_app(page)
    slider = page.locator("[data-testid='stMain'] [data-testid='stSlider'] input").first
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => location.search.includes('date=2022-06-01')", timeout=30_000)
    wait_for_app(page)
    assert inp.evaluate("e => e.value") == str((date(2022, 6, 1) - date(1970, 1, 1)).days), "the strip follows the slider"
    inp.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.search.includes('date=2022-06-02')", timeout=30_000)


def test_a_burst_of_keys_scrubs_in_the_browser_and_sends_the_date_once(page):
    page.goto(page.app_url + "/?date=2022-03-01")
    wait_for_app(page)
    frame = map_frame(page)
    inp = strip_input(page)
    inp.focus()
    page.evaluate("() => { window.__urls = new Set(); setInterval(() => window.__urls.add(location.search), 10); }")
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    assert frame.evaluate("() => !!document.querySelector('path.cm-scrub')"), "drawn in the browser while keys are pressed"
    page.wait_for_function("() => location.search.includes('date=2022-03-06')", timeout=30_000)
    wait_for_app(page)
    frame.wait_for_function("() => !document.querySelector('path.cm-scrub')", timeout=20_000)
    urls = page.evaluate("() => [...window.__urls]")
    assert not [u for u in urls if any(f"date=2022-03-0{d}" in u for d in (2, 3, 4, 5))], urls


def test_the_strip_speaks_ukrainian(page):
    page.goto(page.app_url + "/?date=2022-06-01&lang=uk")
    wait_for_app(page)
    map_frame(page)
    strip_input(page)
    assert page.locator(f"{STRIP} button[data-span=recent]").inner_text() == "2022–сьогодні"
    assert page.locator(f"{STRIP} input[type=range]").get_attribute("aria-label").startswith("Прокрутка")
