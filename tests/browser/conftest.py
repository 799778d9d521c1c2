"""Real-browser fixtures: a Streamlit server on a free port and Debian's Chromium driven by Playwright.

Every request that does not go to the local server is aborted, so the tests prove the app works offline.
"""

from __future__ import annotations

import pytest

from conflictmap.paths import REPO_DIR
from tests.helpers import streamlit_server

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SERVER_LOG = REPO_DIR / "tests" / "artifacts" / "server.log"


@pytest.fixture(scope="session")
def app_server():
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    with SERVER_LOG.open("w") as log, streamlit_server(log) as url:
        yield url


@pytest.fixture
def page(browser, app_server):
    """A fresh page that may only talk to the local app server."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.blocked = []
    pg.route(lambda u: not u.startswith(app_server), lambda route: (pg.blocked.append(route.request.url), route.abort()))
    pg.app_url = app_server
    yield pg
    context.close()


def wait_for_app(pg, timeout_ms: int = 120_000) -> None:
    pg.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout_ms)


def map_frame(pg, timeout_ms: int = 120_000):
    """The map iframe's Frame, once Leaflet has drawn the regions."""
    pg.frame_locator(IFRAME).locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=timeout_ms)
    frame = pg.locator(IFRAME).element_handle().content_frame()
    frame.wait_for_function("() => window.map && window.feature_group !== undefined", timeout=timeout_ms)
    return frame
