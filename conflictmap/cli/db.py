"""``db init | load [ROOT] | dump OUT_ROOT | status``: PostgreSQL + PostGIS as the shared store (docs/database.md).

The database is ``--db URL`` or ``$CONFLICTMAP_DATABASE_URL``. ``load`` validates the root first and replaces the
database's data in one transaction; ``dump`` writes the files back (``validate`` accepts them, and the shipped data
comes back byte for byte).
"""

from __future__ import annotations

from pathlib import Path

from ..paths import DATABASE_ENV_VAR, data_paths
from .args import UsageError, print_json


def add_commands(sub) -> None:
    s = sub.add_parser("db", help="the PostgreSQL + PostGIS store: init, load, dump, status")
    dsub = s.add_subparsers(dest="db_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str, func):
        p = dsub.add_parser(name, help=help_text)
        p.add_argument("--db", metavar="URL", default=None, help=f"postgresql://… (default: ${DATABASE_ENV_VAR})")
        p.set_defaults(func=func)
        return p

    action("init", "create the PostGIS extension, the tables and their indexes (idempotent)", cmd_init)
    p = action("load", "validate a data root and make it the database's data (one transaction)", cmd_load)
    p.add_argument("root", nargs="?", type=Path, default=None, help="data root (default: --data, $CONFLICTMAP_DATA or the repository)")
    p = action("dump", "write the database's data as a data root of files", cmd_dump)
    p.add_argument("out", type=Path, metavar="OUT_ROOT")
    p.add_argument("--force", action="store_true", help="write into a folder that already holds files")
    action("status", "counts, data version and the last change", cmd_status)


def _url(args) -> str:
    from ..db import database_url, is_database_url

    url = database_url(args.db)
    if url is None:
        raise UsageError(f"no database: give --db postgresql://… or set {DATABASE_ENV_VAR}")
    if not is_database_url(url):
        raise UsageError(f"{url!r} is not a postgresql:// URL")
    return url


def cmd_init(args) -> int:
    from ..db import connect
    from ..db.conn import redacted, version_of
    from ..db.schema import init

    url = _url(args)
    with connect(url) as conn:
        init(conn)
        version, changed_at = version_of(conn)
    print_json({"ok": True, "database": redacted(url), "version": version, "changed_at": changed_at})
    return 0


def cmd_load(args) -> int:
    import time

    from ..catalog import DataError, validate
    from ..db import connect
    from ..db.conn import redacted
    from ..db.files import counts, read_root, replace_all
    from ..db.schema import init

    url = _url(args)
    paths = data_paths(args.root if args.root is not None else args.data)
    t0 = time.perf_counter()
    problems = validate(paths)
    if problems:
        raise DataError(problems)
    rows = read_root(paths)
    with connect(url) as conn:  # one transaction: commits on leaving the block, rolls back on any error
        init(conn)
        version = replace_all(conn, rows, f"db load {paths.root}")
        loaded = counts(conn)
    print_json({"ok": True, "database": redacted(url), "root": str(paths.root), "version": version, "counts": loaded,
                "not_byte_stable": rows.unstable, "seconds": round(time.perf_counter() - t0, 2)})
    return 0


def cmd_dump(args) -> int:
    from ..db import connect
    from ..db.files import dump

    url = _url(args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is not a folder")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise UsageError(f"{out} is not empty (a stale file would mix with the dump); give an empty folder or --force")
    with connect(url) as conn:
        written = dump(conn, out)
    print_json({"ok": True, "out": str(out), "files": len(written)})
    return 0


def cmd_status(args) -> int:
    from ..db import connect
    from ..db.conn import redacted, version_of
    from ..db.files import counts
    from ..db.schema import is_initialised

    url = _url(args)
    with connect(url) as conn:
        if not is_initialised(conn):
            print_json({"ok": False, "database": redacted(url), "error": "not initialised: run `python -m conflictmap db init`"})
            return 1
        version, changed_at = version_of(conn)
        change = conn.execute("select change from data_version").fetchone()[0]
        first, last = conn.execute("select min(date), max(date) from events").fetchone()
        out = {"ok": True, "database": redacted(url), "version": version, "last_change": {"at": changed_at, "what": change},
               "counts": counts(conn), "events_from": first.isoformat() if first else None,
               "events_to": last.isoformat() if last else None}
    print_json(out)
    return 0
