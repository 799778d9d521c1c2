"""The app's PNG and GIF download buttons in real Chromium: a click gives the image of the view on screen."""

from __future__ import annotations

import time

import pytest
from PIL import Image

from .conftest import map_frame, wait_for_app

pytestmark = pytest.mark.browser


def test_png_and_gif_download_from_the_map_page(page, tmp_path):
    page.goto(f"{page.app_url}/?date=2022-12-24&region=UA-65")
    wait_for_app(page)
    # the map and the scrub strip mount and may rerun the page once; a download button's file belongs to the run
    # that drew it, so click only once the page has settled
    map_frame(page)
    time.sleep(1.5)
    wait_for_app(page)
    page.get_by_text("Cite this view · HTML").click()
    wait_for_app(page)
    with page.expect_download(timeout=120_000) as dl:
        page.get_by_role("button", name="PNG: this view (for publication)").click()
    png = tmp_path / dl.value.suggested_filename
    dl.value.save_as(png)
    assert png.name == "conflictmap-2022-12-24-UA-65.png"
    assert Image.open(png).size == (1600, 1200)
    with page.expect_download(timeout=180_000) as dl:
        page.get_by_role("button", name="GIF: 2022-02-24 to 2022-12-24, every 30 days").click()
    gif = tmp_path / dl.value.suggested_filename
    dl.value.save_as(gif)
    img = Image.open(gif)
    assert (img.format, img.size, img.n_frames) == ("GIF", (960, 720), 12)
    assert gif.stat().st_size < 1_000_000
    assert page.blocked == [], "no request left the local server"
