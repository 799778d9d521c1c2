"""Real-browser fixtures: a Streamlit server on a free port and Debian's Chromium driven by Playwright.

Every request that does not go to the local server is aborted, so the tests prove the app works offline.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conflictmap.paths import REPO_DIR

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
SERVER_LOG = REPO_DIR / "tests" / "artifacts" / "server.log"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_server():
    port = _free_port()
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    log = SERVER_LOG.open("w")  # noqa: SIM115 (open for the server's lifetime; closed below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO_DIR, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail("the Streamlit server did not start within 60 s")
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


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
