"""Commands added by later features (exports, imports) register here, keeping cli.py's core contract short."""

from __future__ import annotations

from pathlib import Path


def add_commands(sub) -> None:
    """Register extra sub-commands on the CLI's subparsers."""
    _add_import(sub)
    _add_export(sub)


# ---- import ----------------------------------------------------------------------------------------------------


def _date(text: str):
    from .cli import _date as parse

    return parse(text)


def _add_import(sub) -> None:
    s = sub.add_parser("import", help="import events (ACLED, GeoJSON, CSV) or control layers (GeoJSON, KML, KMZ)")
    isub = s.add_subparsers(dest="import_kind", required=True, metavar="KIND")

    e = isub.add_parser("events", help="events from an ACLED export, our CSV or GeoJSON; writes events/imported-<name>.json")
    e.add_argument("file", type=Path)
    e.add_argument("--format", choices=("acled", "geojson", "csv"), default=None, help="default: by extension and header")
    e.add_argument("--into", type=Path, default=None, metavar="DATA_ROOT", help="data root to write into (default: the data root)")
    e.add_argument("--dry-run", action="store_true", help="only report; write nothing")
    e.add_argument("--force", action="store_true", help="replace an existing imported file")
    e.set_defaults(func=cmd_import_events)

    c = isub.add_parser("control", help="control layers (GeoJSON, KML, KMZ, or folders of them); writes geodata/control/<date>.geojson")
    c.add_argument("paths", type=Path, nargs="+", metavar="PATH")
    c.add_argument("--date", type=_date, default=None, help="the assessment date, when neither file name nor properties give it")
    c.add_argument("--into", type=Path, default=None, metavar="DATA_ROOT")
    c.add_argument("--dry-run", action="store_true")
    c.add_argument("--force", action="store_true")
    c.add_argument("--source-url", default=None, metavar="URL", help="where the layer was published (required to write non-DeepState files)")
    c.set_defaults(func=cmd_import_control)


def _print(obj) -> None:
    from .cli import _print_json

    _print_json(obj)


def cmd_import_events(args) -> int:
    from .importers import Geo, events_target, existing_event_ids, read_events, write_events
    from .paths import data_paths

    geo_paths = data_paths(args.data)
    target_paths = data_paths(args.into) if args.into is not None else geo_paths
    target = events_target(target_paths, args.file)
    taken = existing_event_ids(target_paths, skip=target)  # the target file is the one being replaced
    report, events = read_events(args.file, args.format, Geo(geo_paths), taken)
    out = report.to_dict()
    if not report.usable:
        _print(out)
        return 1
    out["written"] = []
    if not args.dry_run and events:
        try:
            out["written"] = write_events(target, events, args.force, target_paths, regions_from=geo_paths)
        except (FileExistsError, ValueError, OSError) as exc:
            _refused(out, exc)
            return 1
    out["events_written"] = len(events) if out["written"] else 0
    _print(out)
    return 0


def _refused(out: dict, exc: Exception) -> None:
    """Report a refused or failed write: nothing was written, and why (with the loader's problems, if any)."""
    out["written"] = []
    out["error"] = str(exc)
    problems = getattr(exc, "problems", None)
    if problems:
        out["problems"] = [p.to_dict() for p in problems[:100]]
    _print(out)


def cmd_import_control(args) -> int:
    from .importers import Geo, read_control, write_snapshots
    from .paths import data_paths

    geo_paths = data_paths(args.data)
    target_paths = data_paths(args.into) if args.into is not None else geo_paths
    snapshots, errors, unusable = read_control(args.paths, Geo(geo_paths), args.date, args.source_url, need_source=not args.dry_run)
    out = {"snapshots": [{k: s[k] for k in ("as_of", "features", "area_km2", "files")} for s in snapshots], "errors": errors, "written": []}
    if unusable or not snapshots:
        out["error"] = "nothing written: " + (f"unusable input {', '.join(unusable)}" if unusable else "no snapshot could be built")
        _print(out)
        return 1
    if any(e.get("field") == "--source-url" for e in errors):
        out["error"] = "nothing written: a snapshot has no source (give --source-url URL)"
        _print(out)
        return 1
    if not args.dry_run:
        try:
            out["written"] = write_snapshots(target_paths, snapshots, args.force)
        except (FileExistsError, ValueError, OSError) as exc:
            _refused(out, exc)
            return 1
    _print(out)
    return 0


# ---- export ----------------------------------------------------------------------------------------------------


def _add_export(sub) -> None:
    from .i18n import LANGUAGES

    s = sub.add_parser("export", help="standalone HTML files that open offline (a view, a time-lapse), or images (PNG, GIF)")
    esub = s.add_subparsers(dest="export_kind", required=True, metavar="KIND")

    v = esub.add_parser("view", help="the map, figures, sources and citation of one date as one HTML file")
    v.add_argument("--date", type=_date, required=True)
    v.add_argument("--region", metavar="ISO", default=None, help="a region to show the details of (ISO 3166-2:UA)")
    v.add_argument("--event", metavar="ID", default=None, help="an event to ring on the map and show with its sources")
    v.add_argument("--lang", choices=tuple(LANGUAGES), default="en")
    v.add_argument("--base-url", default=None, metavar="URL", help="the app's public address for the permalink in the citation")
    v.add_argument("--out", type=Path, required=True, metavar="FILE.html")
    v.set_defaults(func=cmd_export_view)

    tl = esub.add_parser("timelapse", help="every snapshot, claim and event with a date slider, as one HTML file")
    tl.add_argument("--lang", choices=tuple(LANGUAGES), default="en")
    tl.add_argument("--out", type=Path, required=True, metavar="FILE.html")
    tl.set_defaults(func=cmd_export_timelapse)

    from .images import GIF_SIZE, GIF_STEP_DAYS, MAX_FRAMES, PNG_SIZE

    png = esub.add_parser("png", help="the map of one date as a PNG for publication: title, legend, sources, licence")
    png.add_argument("--date", type=_date, required=True)
    png.add_argument("--region", metavar="ISO", default=None, help="a region to outline and give figures for (ISO 3166-2:UA)")
    png.add_argument("--width", type=_pixels, default=PNG_SIZE[0], metavar="PX", help=f"default {PNG_SIZE[0]}")
    png.add_argument("--height", type=_pixels, default=PNG_SIZE[1], metavar="PX", help=f"default {PNG_SIZE[1]}")
    png.add_argument("--lang", choices=tuple(LANGUAGES), default="en")
    png.add_argument("--out", type=Path, required=True, metavar="FILE.png")
    png.set_defaults(func=cmd_export_png)

    gif = esub.add_parser("gif", help=f"an animated GIF from one date to another, one frame per step (at most {MAX_FRAMES} frames)")
    gif.add_argument("--from", dest="date_from", type=_date, required=True, metavar="YYYY-MM-DD")
    gif.add_argument("--to", dest="date_to", type=_date, required=True, metavar="YYYY-MM-DD", help="the last frame")
    gif.add_argument("--step-days", type=_pixels, default=GIF_STEP_DAYS, metavar="N", help=f"days between frames (default {GIF_STEP_DAYS})")
    gif.add_argument("--region", metavar="ISO", default=None)
    gif.add_argument("--width", type=_pixels, default=GIF_SIZE[0], metavar="PX", help=f"default {GIF_SIZE[0]}")
    gif.add_argument("--height", type=_pixels, default=GIF_SIZE[1], metavar="PX", help=f"default {GIF_SIZE[1]}")
    gif.add_argument("--lang", choices=tuple(LANGUAGES), default="en")
    gif.add_argument("--out", type=Path, required=True, metavar="FILE.gif")
    gif.set_defaults(func=cmd_export_gif)


def _pixels(text: str) -> int:
    import argparse

    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{n} is not a positive number")
    return n


def _check_out(out: Path) -> None:
    """Refuse an --out that is a folder, names a folder that does not exist, or is not a regular file (a device
    such as /dev/zero, a FIFO): checked before the export is built."""
    from .cli import InputError

    if out.is_dir():
        raise InputError(f"--out {out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: the folder {out.parent} does not exist; create it first (nothing was written)")
    if out.exists() and not out.is_file():
        raise InputError(f"--out {out} is not a regular file (a device, pipe or socket); give a file name")


def _write_export(out: Path, text: str) -> int:
    from .cli import InputError
    from .geojson_io import atomic_write_text

    _check_out(out)
    try:
        atomic_write_text(out, text)  # with the umask's permissions: a file to share
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc}") from None
    _print({"out": str(out), "bytes": len(text.encode("utf-8"))})
    return 0


def cmd_export_view(args) -> int:
    from .catalog import load_atlas
    from .cli import UsageError
    from .export import export_view_html
    from .paths import data_paths

    _check_out(args.out)
    if args.base_url is not None:
        from .text import safe_url

        if safe_url(args.base_url) is None:
            raise UsageError(f"--base-url {args.base_url!r} is not an http(s) URL")
    atlas = load_atlas(data_paths(args.data))
    if args.region is not None and args.region not in atlas.regions_by_iso:
        raise UsageError(f"--region {args.region} is not an ISO 3166-2:UA code (see `python -m conflictmap regions`)")
    if not atlas.first_date <= args.date <= atlas.last_date:
        raise UsageError(f"--date {args.date.isoformat()} is outside the data ({atlas.first_date} to {atlas.last_date})")
    if args.event is not None and args.event not in atlas.events_by_id:
        raise UsageError(f"--event {args.event} is not an event id (see `python -m conflictmap events`)")
    return _write_export(args.out, export_view_html(atlas, args.date, args.region, args.lang, base_url=args.base_url, event=args.event))


def cmd_export_timelapse(args) -> int:
    from .catalog import load_atlas
    from .export import export_timelapse_html
    from .paths import data_paths

    _check_out(args.out)
    atlas = load_atlas(data_paths(args.data))
    return _write_export(args.out, export_timelapse_html(atlas, args.lang))


def _check_image_out(out: Path, suffix: str) -> None:
    """Refuse, before any drawing, an --out that cannot be written: a folder, a missing folder, a wrong extension."""
    from .cli import UsageError

    if out.exists() and out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
    if out.suffix.lower() != suffix:
        raise UsageError(f"--out {out} must end in {suffix}")


def _write_bytes(out: Path, data: bytes) -> int:
    from .cli import InputError
    from .geojson_io import atomic_write_bytes

    try:
        atomic_write_bytes(out, data)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc}") from None
    return len(data)


def _image_args(args, atlas, dates) -> None:
    """Argument checks shared by png and gif: each problem is a usage error (exit 2), found before any drawing."""
    from .cli import UsageError
    from .images import ImageError, check_size

    if args.region is not None and args.region not in atlas.regions_by_iso:
        raise UsageError(f"--region {args.region} is not an ISO 3166-2:UA code (see `python -m conflictmap regions`)")
    for flag, d in dates:
        if not atlas.first_date <= d <= atlas.last_date:
            raise UsageError(f"{flag} {d.isoformat()} is outside the data ({atlas.first_date} to {atlas.last_date})")
    try:
        from .images import MAX_GIF_SIZE, MAX_PNG_SIZE

        check_size(args.width, args.height, MAX_PNG_SIZE if args.export_kind == "png" else MAX_GIF_SIZE)
    except ImageError as exc:
        raise UsageError(f"--width/--height: {exc}") from None


def cmd_export_png(args) -> int:
    import time

    from .catalog import load_atlas
    from .images import render_png
    from .paths import data_paths

    _check_image_out(args.out, ".png")
    atlas = load_atlas(data_paths(args.data))
    _image_args(args, atlas, [("--date", args.date)])
    t0 = time.perf_counter()
    data = render_png(atlas, args.date, args.region, args.width, args.height, args.lang)
    seconds = time.perf_counter() - t0
    n = _write_bytes(args.out, data)
    _print({"out": str(args.out), "bytes": n, "width": args.width, "height": args.height, "seconds": round(seconds, 2)})
    return 0


def cmd_export_gif(args) -> int:
    import time

    from .catalog import load_atlas
    from .cli import UsageError
    from .images import MAX_FRAMES, ImageError, frame_dates, render_gif
    from .paths import data_paths

    _check_image_out(args.out, ".gif")
    if args.date_to < args.date_from:
        raise UsageError(f"--to {args.date_to} is before --from {args.date_from}")
    n_frames = len(frame_dates(args.date_from, args.date_to, args.step_days))
    if n_frames > MAX_FRAMES:
        raise UsageError(f"{n_frames} frames is more than {MAX_FRAMES}: give a shorter range or a larger --step-days")
    atlas = load_atlas(data_paths(args.data))
    _image_args(args, atlas, [("--from", args.date_from), ("--to", args.date_to)])
    t0 = time.perf_counter()
    try:
        data = render_gif(atlas, args.date_from, args.date_to, args.step_days, args.region, args.width, args.height, args.lang)
    except ImageError as exc:
        raise UsageError(str(exc)) from None
    seconds = time.perf_counter() - t0
    n = _write_bytes(args.out, data)
    _print({"out": str(args.out), "bytes": n, "frames": n_frames, "width": args.width, "height": args.height,
            "seconds": round(seconds, 2), "seconds_per_frame": round(seconds / n_frames, 3)})
    return 0
