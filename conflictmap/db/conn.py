"""The database URL in force, connections, and the data version that tells replicas the data changed."""

from __future__ import annotations

import os
import threading
import time

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


_local = threading.local()


def reader(url: str):
    """This thread's autocommit connection for reads (Streamlit runs each session in its own thread; a
    connection serves one query at a time). Reconnects when the server closed it (a PostgreSQL restart)."""
    conns = getattr(_local, "conns", None)
    if conns is None:
        conns = _local.conns = {}
    conn = conns.get(url)
    if conn is None or conn.closed or conn.broken:
        conn = conns[url] = connect(url, autocommit=True)
    return conn


def read(url: str, sql: str, params=(), retry: bool = True) -> list[tuple]:
    """Rows of one read query on this thread's connection; retried once on a dropped connection."""
    import psycopg

    try:
        with reader(url).cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()
    except psycopg.OperationalError:
        if not retry:
            raise
        return read(url, sql, params, retry=False)


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
