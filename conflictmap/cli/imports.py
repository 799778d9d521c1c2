"""``import events`` and ``import control``: read a foreign file, report every row's problem, write atomically."""

from __future__ import annotations

from pathlib import Path

from .args import iso_date, print_json


def add_commands(sub) -> None:
    from ..importers.registry import CONTROL, EVENTS, labels, names

    s = sub.add_parser("import", help=f"import events ({labels(EVENTS)}) or control layers ({labels(CONTROL)})")
    isub = s.add_subparsers(dest="import_kind", required=True, metavar="KIND")

    e = isub.add_parser("events", help=f"events from: {labels(EVENTS)}; writes events/imported-<name>.json")
    e.add_argument("file", type=Path)
    e.add_argument("--format", choices=names(EVENTS), default=None,
                   help="default: by suffix, and for a CSV by its header (ACLED's columns or ours); see docs/importers.md")
    e.add_argument("--into", type=into_target, default=None, metavar="DATA_ROOT|URL", help="data root or postgresql:// URL to write into (default: the data root, or $CONFLICTMAP_DATABASE_URL)")
    e.add_argument("--dry-run", action="store_true", help="only report; write nothing")
    e.add_argument("--force", action="store_true", help="replace an existing imported file")
    e.set_defaults(func=cmd_import_events)

    c = isub.add_parser("control", help=f"control layers ({labels(CONTROL)}; or folders of them), by suffix; "
                        "writes geodata/control/<date>.geojson")
    c.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    c.add_argument("--date", type=iso_date, default=None, help="the assessment date, when neither file name nor properties give it")
    c.add_argument("--into", type=into_target, default=None, metavar="DATA_ROOT|URL")
    c.add_argument("--dry-run", action="store_true")
    c.add_argument("--force", action="store_true")
    c.add_argument("--source-url", default=None, metavar="URL", help="where the layer was published (required to write non-DeepState files)")
    c.set_defaults(func=cmd_import_control)


def into_target(text: str):
    """``--into``: a postgresql:// URL (the database) or a data root folder."""
    from ..db import is_database_url

    return text if is_database_url(text) else Path(text)


def database_target(args):
    """The database an import writes to (``--into postgresql://…``, or ``$CONFLICTMAP_DATABASE_URL`` when neither
    ``--into`` nor ``--data`` names a folder), or None for a data root."""
    from ..db import database_url, is_database_url
    from ..importers.database import DatabaseTarget

    url = args.into if is_database_url(args.into) else (database_url() if args.into is None and args.data is None else None)
    return DatabaseTarget(url) if url else None


def cmd_import_events(args) -> int:
    from ..importers import Geo, events_target, existing_event_ids, read_events, write_events
    from ..paths import data_paths

    geo_paths = data_paths(args.data)
    store = database_target(args)
    target_paths = data_paths(args.into) if args.into is not None and store is None else geo_paths
    target = store.events_target(args.file) if store else events_target(target_paths, args.file)
    # the target file is the one being replaced
    taken = store.existing_event_ids(skip=target) if store else existing_event_ids(target_paths, skip=target)
    report, events = read_events(args.file, args.format, store.geo if store else Geo(geo_paths), taken)
    out = report.to_dict()
    if not report.usable:
        print_json(out)
        return 1
    out["written"] = []
    if not args.dry_run and events:
        try:
            out["written"] = (store.write_events(target, events, args.force) if store
                              else write_events(target, events, args.force, target_paths, regions_from=geo_paths))
        except (FileExistsError, ValueError, OSError) as exc:
            refused(out, exc)
            return 1
    out["events_written"] = len(events) if out["written"] else 0
    print_json(out)
    return 0


def refused(out: dict, exc: Exception) -> None:
    """Report a refused or failed write: nothing was written, and why (with the loader's problems, if any)."""
    out["written"] = []
    out["error"] = str(exc)
    problems = getattr(exc, "problems", None)
    if problems:
        out["problems"] = [p.to_dict() for p in problems[:100]]
    print_json(out)


def cmd_import_control(args) -> int:
    from ..importers import Geo, read_control, write_snapshots
    from ..paths import data_paths

    geo_paths = data_paths(args.data)
    store = database_target(args)
    target_paths = data_paths(args.into) if args.into is not None and store is None else geo_paths
    geo = store.geo if store else Geo(geo_paths)
    snapshots, errors, unusable = read_control(args.paths, geo, args.date, args.source_url, need_source=not args.dry_run)
    out = {"snapshots": [{k: s[k] for k in ("as_of", "features", "area_km2", "files")} for s in snapshots], "errors": errors, "written": []}
    if unusable or not snapshots:
        out["error"] = "nothing written: " + (f"unusable input {', '.join(unusable)}" if unusable else "no snapshot could be built")
        print_json(out)
        return 1
    if any(e.get("field") == "--source-url" for e in errors):
        out["error"] = "nothing written: a snapshot has no source (give --source-url URL)"
        print_json(out)
        return 1
    if not args.dry_run:
        try:
            out["written"] = store.write_snapshots(snapshots, args.force) if store else write_snapshots(target_paths, snapshots, args.force)
        except (FileExistsError, ValueError, OSError) as exc:
            refused(out, exc)
            return 1
    print_json(out)
    return 0
