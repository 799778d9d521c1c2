"""A private PostgreSQL + PostGIS cluster for the database tests (Debian's postgresql-15 and postgresql-15-postgis-3).

The cluster lives in a temporary folder owned by the ``postgres`` user (initdb refuses to run as root), listens
only on a Unix socket in that folder on a free port number, and is stopped and removed after the session. The
shipped data root is loaded once into a template database; each test gets its own copy (``create database …
template``), so tests cannot see each other's imports.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conflictmap.paths import REPO_DIR
from tests.helpers import free_port as _free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS_CONTROL = Path("/usr/share/postgresql/15/extension/postgis.control")
TEMPLATE = "conflictmap_shipped"


class Cluster:
    """A PostgreSQL cluster we started (and stop): its folder, port and URLs."""

    def __init__(self, base: Path, port: int):
        self.base, self.port = base, port
        self.data = base / "data"
        self.log = base / "server.log"
        self._n = 0

    def as_postgres(self, *cmd: str) -> subprocess.CompletedProcess:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120, check=True)

    def pg_ctl(self, *args: str) -> None:
        self.as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", *args)

    def start(self) -> None:
        self.pg_ctl("-o", f"-p {self.port} -k {self.base} -c listen_addresses='' -c fsync=off", "start")

    def restart(self) -> None:
        self.pg_ctl("-m", "fast", "restart", "-o", f"-p {self.port} -k {self.base} -c listen_addresses='' -c fsync=off")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://postgres@/{db}?host={self.base}&port={self.port}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self, template: str | None = TEMPLATE) -> str:
        self._n += 1
        name = f"t{self._n}_{os.getpid()}"
        self.admin(f"create database {name}" + (f" template {template}" if template else ""))
        return self.url(name)


@pytest.fixture(scope="session")
def cluster():
    if not (PG_BIN / "initdb").exists() or not POSTGIS_CONTROL.exists():
        pytest.skip(f"PostgreSQL 15 or PostGIS is not installed ({PG_BIN}/initdb, {POSTGIS_CONTROL}): scripts/test.sh installs them")
    base = Path(tempfile.mkdtemp(prefix="conflictmap-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    c = Cluster(base, _free_port())
    c.as_postgres(str(PG_BIN / "initdb"), "-D", str(c.data), "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
    c.start()
    try:
        c.admin(f"create database {TEMPLATE}")
        res = run_cli("db", "load", str(REPO_DIR), db=c.url(TEMPLATE))
        assert res.returncode == 0, res.stdout + res.stderr
        yield c
    finally:
        try:
            c.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def db_url(cluster) -> str:
    """A database holding the shipped data, this test's own."""
    return cluster.new_database()


def run_cli(*args: str, db: str | None = None, env_db: str | None = None, data: Path | None = None,
            timeout: float = 300) -> subprocess.CompletedProcess:
    """``python -m conflictmap ARGS`` in a subprocess: with ``db`` as ``--db``, ``env_db`` as
    $CONFLICTMAP_DATABASE_URL and ``data`` as $CONFLICTMAP_DATA."""
    env = {k: v for k, v in os.environ.items() if k not in ("CONFLICTMAP_DATABASE_URL", "CONFLICTMAP_DATA")}
    if env_db:
        env["CONFLICTMAP_DATABASE_URL"] = env_db
    if data is not None:
        env["CONFLICTMAP_DATA"] = str(data)
    cmd = [sys.executable, "-m", "conflictmap", *args] + (["--db", db] if db else [])
    return subprocess.run(cmd, capture_output=True, text=True, cwd=REPO_DIR, env=env, timeout=timeout)


def cli_json(*args: str, **kw) -> dict:
    res = run_cli(*args, **kw)
    assert "Traceback" not in res.stderr, res.stderr
    out = json.loads(res.stdout)
    out["_rc"] = res.returncode
    return out


def counts_of(url: str) -> dict:
    """``db status`` counts and the data version."""
    out = cli_json("db", "status", db=url)
    assert out["_rc"] == 0, out
    return {**out["counts"], "version": out["version"]}


def wait_until(check, timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    return check()
