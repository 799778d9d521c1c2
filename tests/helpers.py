"""Builders shared by several test files (one definition each): running a page in AppTest, the map component's
arguments, ACLED rows, and what counts as a problem in the server's log."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

from conflictmap.paths import REPO_DIR

APP = str(REPO_DIR / "app.py")
ACLED_HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,"
                "actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,"
                "latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp")


def run_app(page: str = "app.py", timeout: int = 180, **params):
    """Run a page (``app.py`` or ``pages/…``) in AppTest with the given query parameters; it must not raise."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO_DIR / page), default_timeout=timeout)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def map_args(at) -> dict:
    """The arguments the page passed to its one st_folium map (base-map script, feature group, …)."""
    comps = [c for c in at.get("component_instance") if c.proto.component_name == "streamlit_folium.st_folium"]
    assert len(comps) == 1
    return json.loads(comps[0].proto.json_args)


def acled_row(**kw) -> str:
    """One ACLED export row (a battle at Izium on 30 April 2022), with any column replaced by ``kw``."""
    base = dict(event_id_cnty="UKR1", event_date="2022-04-30", year="2022.0", time_precision="1.0", disorder_type="Political violence",
                event_type="Battles", sub_event_type="Armed clash", actor1="A", assoc_actor_1="", inter1="8.0", actor2="B",
                assoc_actor_2="", inter2="1.0", interaction="18.0", civilian_targeting="", iso="804.0", region="Europe",
                country="Ukraine", admin1="Kharkiv", admin2="", admin3="", location="Izium", latitude="49.2124",
                longitude="37.2561", geo_precision="1.0", source="Ukrinform", source_scale="National", notes="Fighting.",
                fatalities="2.0", tags="", timestamp="1652217210.0")
    base.update(kw)
    buf = io.StringIO()
    csv.writer(buf).writerow([base[c] for c in ACLED_HEADER.split(",")])
    return buf.getvalue()


def acled(*rows: str) -> str:
    """An ACLED export: the header and the rows."""
    return ACLED_HEADER + "\n" + "".join(rows)


def log_problems(log_text: str) -> list[str]:
    """The lines of a Streamlit server log that show a problem: a traceback, a warning or an error."""
    return [line for line in log_text.splitlines() if "Traceback" in line or "WARNING" in line or "Error" in line
            or " ERROR " in line]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(log=subprocess.DEVNULL, env: dict | None = None, timeout_s: float = 60):
    """``streamlit run app.py`` on a free loopback port, as the README runs it; yields its URL once healthy and
    stops it afterwards. ``env`` is added to this process's environment (a value of None removes the variable)."""
    import pytest

    full_env = dict(os.environ)
    for k, v in (env or {}).items():
        if v is None:
            full_env.pop(k, None)
        else:
            full_env[k] = v
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=REPO_DIR, stdout=log, stderr=subprocess.STDOUT if log is not subprocess.DEVNULL else subprocess.DEVNULL,
        env=full_env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout_s
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail(f"the Streamlit server did not start within {timeout_s:g} s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
