"""The scale-out topology with real processes: `deploy/local.sh up --replicas 2` (nginx in front of two Streamlit
replicas, and a private PostGIS cluster when this checkout has the `db` commands), driven over HTTP, with
Streamlit's own websocket protocol (benchmarks/load_ws.py) and with a real Chromium.

Runs once per module on free ports in its own run dir, and `down` at the end. Skipped only when nginx (or, with the
`db` commands present, PostgreSQL/PostGIS) is not installed: scripts/test.sh installs them.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import signal
import sys
import time
from pathlib import Path

import pytest

from conflictmap import assets
from conflictmap.paths import REPO_DIR
from tests.browser.conftest import map_frame
from tests.deploy.topology import NGINX, PG_BIN, POSTGIS, db_commands_exist, free_port, get, local_sh

sys.path.insert(0, str(REPO_DIR / "benchmarks"))
import load_ws  # noqa: E402

REPLICA_HEADER = "X-Conflictmap-Replica"


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    if not NGINX.exists():
        pytest.skip("nginx is not installed (scripts/test.sh installs Debian's nginx)")
    if db_commands_exist() and not ((PG_BIN / "initdb").exists() and POSTGIS.exists()):
        pytest.skip("PostgreSQL 15 + PostGIS are not installed (scripts/test.sh installs them)")
    run_dir = tmp_path_factory.mktemp("deploy")
    up = local_sh(run_dir, "up", "--replicas", "2", "--port", str(free_port()))
    try:
        assert up.returncode == 0, up.stderr[-3000:]
        status = json.loads(up.stdout.strip().splitlines()[-1])
        assert status["up"] and len(status["replicas"]) == 2, status
        status["run_dir"] = run_dir
        status["url"] = status["url"].rstrip("/")
        yield status
    finally:
        down = local_sh(run_dir, "down")
        assert down.returncode == 0, down.stderr
        for r in json.loads(up.stdout.strip().splitlines()[-1])["replicas"] if up.returncode == 0 else []:
            assert not Path(f"/proc/{r['pid']}").exists() or "streamlit" not in Path(f"/proc/{r['pid']}/cmdline").read_text()


def run_async(coro):
    """Run a coroutine to its end in a thread of its own (Playwright's sync API keeps a loop in this one)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def open_session(topology, cookie: str):
    """Open the map over the websocket with this sticky cookie: (the first run, the replica that served it)."""

    async def scenario():
        viewer = load_ws.Viewer(topology["url"], 1)
        viewer.cookie = cookie
        try:
            run = await viewer.open()
            return run, viewer.ws.response.headers[REPLICA_HEADER]
        finally:
            await viewer.close()

    return run_async(scenario())


def answered_by(header: str) -> str:
    """The replica that answered: $upstream_addr lists every one tried ("dead:port, live:port" after a retry)."""
    return header.split(", ")[-1]


def replica_of(topology, cookie: str) -> str:
    return answered_by(get(f"{topology['url']}/_stcore/health", cookie)[1][REPLICA_HEADER])


def test_status_and_idempotent_up(topology):
    again = local_sh(topology["run_dir"], "up", "--replicas", "2")
    assert again.returncode == 0 and "already up" in again.stderr
    status = local_sh(topology["run_dir"], "status")
    assert status.returncode == 0
    info = json.loads(status.stdout)
    assert info["nginx"]["healthy"] and all(r["healthy"] for r in info["replicas"])


def test_page_sets_the_sticky_cookie_and_is_gzipped(topology):
    status, headers, body = get(topology["url"] + "/")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert re.search(r"cm_replica=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax", headers["Set-Cookie"])
    assert headers["Cache-Control"] == "no-cache"  # the page itself is never cached: a deploy changes it
    assert b"static/js/" in body


def test_static_assets_are_cached_long_and_gzipped(topology):
    body = get(topology["url"] + "/")[2].decode()
    bundle = re.search(r'src="\./(static/js/[^"]+\.js)"', body).group(1)
    first = get(f"{topology['url']}/{bundle}")
    again = get(f"{topology['url']}/{bundle}")
    for status, headers, _ in (first, again):
        assert status == 200 and headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert again[1]["X-Cache"] == "HIT"  # the second copy came from nginx's cache, not from a replica
    assert first[2] == again[2]
    # Leaflet from the app's static serving (offline map): a day, since its name carries no hash
    status, headers, leaflet = get(f"{topology['url']}{assets.asset_url('leaflet_js')}")
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "public, max-age=86400"
    assert leaflet == assets.asset_path("leaflet_js").read_bytes()
    # The map component's files exist on a replica once a session there has drawn the map (the script registers
    # the component), so a viewer opens the map first; its cookie brings the requests to that replica, as a page's
    # own cookie does. Its page stays no-cache (a new version must show), its hashed script is cached a day.
    cookie = secrets.token_hex(16)
    assert open_session(topology, cookie)[0].ok
    component = f"{topology['url']}/component/streamlit_folium.st_folium"
    status, headers, index = get(f"{component}/index.html", cookie)
    assert status == 200 and headers["Cache-Control"] == "no-cache"
    script = re.search(r'src="\.?/?(static/js/main\.[0-9a-f]+\.js)"', index.decode()).group(1)
    status, headers, _ = get(f"{component}/{script}", cookie)
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "public, max-age=86400"
    # without Accept-Encoding the same bytes come plain (the cache holds them uncompressed)
    status, headers, plain = get(f"{topology['url']}/{bundle}", gzip_ok=False)
    assert "Content-Encoding" not in headers and plain == first[2]


def test_the_sticky_cookie_keeps_a_client_on_one_replica(topology):
    replicas = {f"127.0.0.1:{r['port']}" for r in topology["replicas"]}
    cookie = secrets.token_hex(16)
    seen = {replica_of(topology, cookie) for _ in range(12)}
    assert len(seen) == 1 and seen <= replicas
    # other viewers are spread over both replicas
    spread = {replica_of(topology, secrets.token_hex(16)) for _ in range(40)}
    assert spread == replicas
    # the websocket of a viewer reaches the replica its page came from, and the session runs there
    run, ws_replica = open_session(topology, cookie)
    assert run.ok and ws_replica in seen


@pytest.mark.browser
def test_map_renders_through_nginx_over_the_websocket(topology, browser_page):
    page, sockets = browser_page
    page.goto(topology["url"] + "/?date=2022-12-24")
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() > 0
    assert any(s.endswith("/_stcore/stream") for s in sockets)
    assert re.fullmatch(r"[0-9a-f]{32}", {c["name"]: c["value"] for c in page.context.cookies()}["cm_replica"])
    assert not page.blocked


@pytest.fixture
def browser_page(topology, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.blocked = []
    page.route(lambda u: not u.startswith(topology["url"]), lambda r: (page.blocked.append(r.request.url), r.abort()))
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    yield page, sockets
    context.close()


@pytest.mark.browser
def test_kill_9_one_replica_new_sessions_reach_the_other(topology, browser_page):
    """Last in this module: it leaves one replica dead (down cleans up)."""
    page, sockets = browser_page
    page.goto(topology["url"] + "/?date=2022-12-24")
    map_frame(page)
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}["cm_replica"]
    victim = replica_of(topology, cookie)
    port = int(victim.rsplit(":", 1)[1])
    pid = next(r["pid"] for r in topology["replicas"] if r["port"] == port)
    survivor = next(f"127.0.0.1:{r['port']}" for r in topology["replicas"] if r["port"] != port)
    streams_before = sum(s.endswith("/_stcore/stream") for s in sockets)
    os.kill(pid, signal.SIGKILL)

    # new viewers, including those whose cookie hashes to the dead replica, all open the map with no error
    async def new_viewers(n: int):
        viewers = [load_ws.Viewer(topology["url"], i) for i in range(n)]
        try:
            runs = await asyncio.gather(*(v.open() for v in viewers))
            return [(run, v.ws.response.headers[REPLICA_HEADER]) for run, v in zip(runs, viewers, strict=True)]
        finally:
            await asyncio.gather(*(v.close() for v in viewers))

    opened = run_async(new_viewers(8))
    assert all(run.ok for run, _ in opened), [run for run, _ in opened]
    assert {answered_by(tried) for _, tried in opened} == {survivor}
    for _ in range(10):  # plain page loads too, with fresh cookies
        status, headers, _ = get(topology["url"] + "/", secrets.token_hex(16))
        assert status == 200 and answered_by(headers[REPLICA_HEADER]) == survivor
    assert replica_of(topology, cookie) == survivor  # the killed replica's viewer is now routed to the survivor

    # The killed replica's own page (observed: its websocket closes with code 1006 within 0.1 s, the frontend opens a
    # new one about 0.8 s later with the same cookie, nginx routes it to the survivor, which starts a new session and
    # runs the page again for the URL's date): the map is drawn again, with no error on the page. What the dead
    # process held for that session alone (imports on the "Your data" page) is gone.
    deadline = time.time() + 60
    while sum(s.endswith("/_stcore/stream") for s in sockets) <= streams_before and time.time() < deadline:
        page.wait_for_timeout(250)
    assert sum(s.endswith("/_stcore/stream") for s in sockets) > streams_before, "the page did not reconnect"
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() > 0
    assert page.locator("[data-testid='stException']").count() == 0
    assert "date=2022-12-24" in page.url
