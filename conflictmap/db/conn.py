"""The database URL in force, connections, and the data version that tells replicas the data changed."""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ..paths import DATABASE_ENV_VAR

NOTIFY_CHANNEL = "conflictmap_data"
URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(text: str | os.PathLike | None) -> bool:
    return isinstance(text, str) and text.startswith(URL_SCHEMES)


def database_url(explicit: str | None = None) -> str | None:
    """``explicit`` (a ``--db`` option), else ``$CONFLICTMAP_DATABASE_URL``, else None (the files are the store)."""
    url = (explicit or os.environ.get(DATABASE_ENV_VAR, "")).strip()
    return url or None


def redacted(url: str) -> str:
    """The URL without its password, for reports and cache keys."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        host = parts.netloc.rsplit("@", 1)[1]
        parts = parts._replace(netloc=f"{parts.username}:***@{host}")
    return urlunsplit(parts)


def connect(url: str, autocommit: bool = False):
    import psycopg

    return psycopg.connect(url, autocommit=autocommit, connect_timeout=10, application_name="conflictmap")


POOL_MAX = 8  # idle read connections kept per database and process
_pools: dict[str, queue.SimpleQueue] = {}
_pools_lock = threading.Lock()


@contextmanager
def reader(url: str) -> Iterator:
    """An autocommit connection for reads, from this process' pool: Streamlit runs every rerun in a new thread,
    so a connection per thread would mean a new connection per step. A broken one (a PostgreSQL restart) is
    dropped instead of being returned."""
    with _pools_lock:
        pool = _pools.setdefault(url, queue.SimpleQueue())
    try:
        conn = pool.get_nowait()
    except queue.Empty:
        conn = connect(url, autocommit=True)
    try:
        yield conn
    finally:
        if conn.closed or conn.broken or pool.qsize() >= POOL_MAX:
            conn.close()
        else:
            pool.put(conn)


def read(url: str, sql: str, params=(), retry: bool = True) -> list[tuple]:
    """Rows of one read query; retried once on a dropped connection (pooled connections die with a restart)."""
    import psycopg

    try:
        with reader(url) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    except psycopg.OperationalError:
        if not retry:
            raise
        _drain(url)  # after a restart every idle connection is dead: retry on a new one
        return read(url, sql, params, retry=False)


def _drain(url: str) -> None:
    with _pools_lock:
        pool = _pools.get(url)
    while pool is not None:
        try:
            pool.get_nowait().close()
        except queue.Empty:
            return


def version_of(conn) -> tuple[int, str | None]:
    """(data version, when it last changed as ISO text) on a connection."""
    row = conn.execute("select version, changed_at from data_version").fetchone()
    return (int(row[0]), row[1].isoformat() if row[1] else None) if row else (0, None)


def bump_version(conn, change: str) -> int:
    """Inside a write's transaction: the next data version, announced to listeners at commit."""
    row = conn.execute(
        "update data_version set version = version + 1, changed_at = now(), change = %s returning version", (change,)
    ).fetchone()
    conn.execute(f"notify {NOTIFY_CHANNEL}, '{int(row[0])}'")
    return int(row[0])


POLL_S = 1.0  # a replica asks for the version at most this often (issue 12: at least every 5 s)
_versions: dict[str, tuple[float, int]] = {}
_versions_lock = threading.Lock()


def current_version(url: str, max_age_s: float = POLL_S) -> int:
    """The data version, asked of the database at most every ``max_age_s`` seconds per process (every session of
    a replica shares the answer, so 200 viewers cost one query per poll interval)."""
    now = time.monotonic()
    with _versions_lock:
        cached = _versions.get(url)
        if cached is not None and now - cached[0] < max_age_s:
            return cached[1]
    version = int(read(url, "select version from data_version")[0][0])
    with _versions_lock:
        _versions[url] = (now, version)
    return version
