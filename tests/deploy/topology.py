"""What the scale-out tests share: running deploy/local.sh in a run dir of their own, and plain HTTP through nginx."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

from conflictmap.paths import REPO_DIR
from tests.helpers import free_port  # noqa: F401 (the deploy tests import it from here)

LOCAL_SH = REPO_DIR / "deploy" / "local.sh"
NGINX = Path("/usr/sbin/nginx")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
POSTGIS = Path("/usr/share/postgresql/15/extension/postgis.control")


def db_commands_exist() -> bool:
    proc = subprocess.run([sys.executable, "-m", "conflictmap", "db", "--help"], cwd=REPO_DIR, capture_output=True)
    return proc.returncode == 0


def local_sh(run_dir: Path, *args: str, timeout: float = 240, env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, CONFLICTMAP_DEPLOY_DIR=str(run_dir), CONFLICTMAP_PYTHON=sys.executable, **(env or {}))
    env.pop("CONFLICTMAP_DATA", None)
    return subprocess.run([str(LOCAL_SH), *args], env=env, capture_output=True, text=True, timeout=timeout)


def get(url: str, cookie: str | None = None, gzip_ok: bool = True):
    """(status, headers, body) of a GET; the body is decompressed when nginx gzipped it."""
    req = urllib.request.Request(url)
    if gzip_ok:
        req.add_header("Accept-Encoding", "gzip")
    if cookie:
        req.add_header("Cookie", f"cm_replica={cookie}")
    with urllib.request.urlopen(req, timeout=30) as resp:
        body = resp.read()
        if resp.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return resp.status, resp.headers, body
