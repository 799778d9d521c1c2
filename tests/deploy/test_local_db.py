"""`deploy/local.sh up --db`: a private PostgreSQL + PostGIS cluster beside the replicas, in this checkout or any
other. Where `python -m conflictmap db` exists, up runs `db init` and `db load` and hands the URL to the replicas;
where it does not, the cluster still starts, up still succeeds and the replicas read the files."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.deploy.topology import NGINX, PG_BIN, POSTGIS, db_commands_exist, free_port, get, local_sh


@pytest.fixture(scope="module")
def with_db(tmp_path_factory):
    if not (NGINX.exists() and (PG_BIN / "initdb").exists()
            and POSTGIS.exists()):
        pytest.skip("nginx, PostgreSQL 15 or PostGIS is not installed (scripts/test.sh installs them)")
    run_dir = tmp_path_factory.mktemp("deploy-db")
    up = local_sh(run_dir, "up", "--replicas", "1", "--port", str(free_port()), "--db")
    try:
        assert up.returncode == 0, up.stderr[-3000:]
        yield run_dir, json.loads(up.stdout.strip().splitlines()[-1]), up.stderr
    finally:
        assert local_sh(run_dir, "down").returncode == 0


def test_the_cluster_runs_postgis_and_the_app_answers(with_db):
    run_dir, status, stderr = with_db
    assert status["up"] and status["db"]["ready"]
    assert status["db"]["loaded"] == db_commands_exist()
    if not db_commands_exist():
        assert "no 'python -m conflictmap db' commands" in stderr
    url_file = Path(status["db"]["url_file"])
    assert url_file.stat().st_mode & 0o077 == 0  # the URL carries the generated password
    url = url_file.read_text().strip()
    assert url.startswith("postgresql://postgres:") and f"@127.0.0.1:{status['db']['port']}/conflictmap" in url
    version = subprocess.run([str(PG_BIN / "psql"), url, "-tAc", "SELECT postgis_lib_version()"],
                             capture_output=True, text=True, timeout=30)
    assert version.returncode == 0 and version.stdout.strip().startswith("3."), version.stderr
    assert get(status["url"].rstrip("/") + "/_stcore/health")[2] == b"ok"


def test_down_stops_the_cluster_and_removes_it(tmp_path):
    """A second, throw-away deployment: down stops postgres (its pid gone) and deletes the cluster's files."""
    if not (NGINX.exists() and (PG_BIN / "initdb").exists()
            and POSTGIS.exists()):
        pytest.skip("nginx, PostgreSQL 15 or PostGIS is not installed (scripts/test.sh installs them)")
    up = local_sh(tmp_path, "up", "--replicas", "1", "--port", str(free_port()), "--db")
    try:
        assert up.returncode == 0, up.stderr[-3000:]
        state = dict(line.split("=", 1) for line in (tmp_path / "state.env").read_text().splitlines())
        pg_dir, pg_pid = state["PG_DIR"].strip('"'), state["PG_PID"].strip('"')
        assert Path(pg_dir, "data", "PG_VERSION").exists() and Path(f"/proc/{pg_pid}").exists()
    finally:
        down = local_sh(tmp_path, "down")
    assert down.returncode == 0
    assert not Path(pg_dir).exists()
    assert not Path(f"/proc/{pg_pid}/cmdline").exists() or "postgres" not in Path(f"/proc/{pg_pid}/cmdline").read_text()
    assert json.loads(local_sh(tmp_path, "status").stdout) == {"up": False, "run_dir": str(tmp_path)}
