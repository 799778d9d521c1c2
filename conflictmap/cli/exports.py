"""``export view | timelapse | png | gif | site | gpkg``: files to share that open offline, checked before anything is drawn."""

from __future__ import annotations

from pathlib import Path

from .args import InputError, UsageError, check_date, check_region, iso_date, load, positive_int, print_json


def add_commands(sub) -> None:
    from ..i18n import LANGUAGES

    s = sub.add_parser("export", help="standalone HTML files that open offline (a view, a time-lapse), or images (PNG, GIF)")
    esub = s.add_subparsers(dest="export_kind", required=True, metavar="KIND")

    v = esub.add_parser("view", help="the map, figures, sources and citation of one date as one HTML file")
    v.add_argument("--date", type=iso_date, required=True)
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

    from ..images import GIF_SIZE, GIF_STEP_DAYS, MAX_FRAMES, PNG_SIZE

    png = esub.add_parser("png", help="the map of one date as a PNG for publication: title, legend, sources, licence")
    png.add_argument("--date", type=iso_date, required=True)
    png.add_argument("--region", metavar="ISO", default=None, help="a region to outline and give figures for (ISO 3166-2:UA)")
    png.add_argument("--width", type=positive_int, default=PNG_SIZE[0], metavar="PX", help=f"default {PNG_SIZE[0]}")
    png.add_argument("--height", type=positive_int, default=PNG_SIZE[1], metavar="PX", help=f"default {PNG_SIZE[1]}")
    png.add_argument("--lang", choices=tuple(LANGUAGES), default="en")
    png.add_argument("--out", type=Path, required=True, metavar="FILE.png")
    png.set_defaults(func=cmd_export_png)

    gif = esub.add_parser("gif", help=f"an animated GIF from one date to another, one frame per step (at most {MAX_FRAMES} frames)")
    gif.add_argument("--from", dest="date_from", type=iso_date, required=True, metavar="YYYY-MM-DD")
    gif.add_argument("--to", dest="date_to", type=iso_date, required=True, metavar="YYYY-MM-DD", help="the last frame")
    gif.add_argument("--step-days", type=positive_int, default=GIF_STEP_DAYS, metavar="N", help=f"days between frames (default {GIF_STEP_DAYS})")
    gif.add_argument("--region", metavar="ISO", default=None)
    gif.add_argument("--width", type=positive_int, default=GIF_SIZE[0], metavar="PX", help=f"default {GIF_SIZE[0]}")
    gif.add_argument("--height", type=positive_int, default=GIF_SIZE[1], metavar="PX", help=f"default {GIF_SIZE[1]}")
    gif.add_argument("--lang", choices=tuple(LANGUAGES), default="en")
    gif.add_argument("--out", type=Path, required=True, metavar="FILE.gif")
    gif.set_defaults(func=cmd_export_gif)

    site = esub.add_parser("site", help="the static edition: a folder of plain files (map, timeline, data) for any static host or CDN")
    site.add_argument("--out", type=Path, required=True, metavar="DIR", help="a new or empty folder, or one an earlier `export site` wrote")
    site.add_argument("--force", action="store_true", help="replace --out even if it is a non-empty folder `export site` did not write")
    site.set_defaults(func=cmd_export_site)
    from ..export import EVENT_WINDOW_DAYS
    from ..timeline import WINDOWS

    gp = esub.add_parser("gpkg", help="a GeoPackage of one date's layers for QGIS: regions, claimed, controlled, held_in_russia, "
                         "events (each feature with its sources and approximation note)")
    gp.add_argument("--date", type=iso_date, required=True)
    gp.add_argument("--window", choices=tuple(WINDOWS), default=str(EVENT_WINDOW_DAYS),
                    help=f"days of events up to --date (default {EVENT_WINDOW_DAYS}, as in the HTML view; all: every event)")
    gp.add_argument("--out", type=Path, required=True, metavar="FILE.gpkg")
    gp.set_defaults(func=cmd_export_gpkg)


def _check_out(out: Path) -> None:
    """Refuse an --out that is a folder, names a folder that does not exist, or is not a regular file (a device
    such as /dev/zero, a FIFO): checked before the export is built."""

    if out.is_dir():
        raise InputError(f"--out {out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise InputError(f"--out {out}: the folder {out.parent} does not exist; create it first (nothing was written)")
    if out.exists() and not out.is_file():
        raise InputError(f"--out {out} is not a regular file (a device, pipe or socket); give a file name")


def _write_export(out: Path, text: str) -> int:
    from ..geojson_io import atomic_write_text

    _check_out(out)
    try:
        atomic_write_text(out, text)  # with the umask's permissions: a file to share
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc}") from None
    print_json({"out": str(out), "bytes": len(text.encode("utf-8"))})
    return 0


def cmd_export_view(args) -> int:
    from ..export import export_view_html

    _check_out(args.out)
    if args.base_url is not None:
        from ..text import safe_url

        if safe_url(args.base_url) is None:
            raise UsageError(f"--base-url {args.base_url!r} is not an http(s) URL")
    atlas = load(args)
    check_region(atlas, args.region)
    check_date(atlas, "--date", args.date)
    if args.event is not None and args.event not in atlas.events_by_id:
        raise UsageError(f"--event {args.event} is not an event id (see `python -m conflictmap events`)")
    return _write_export(args.out, export_view_html(atlas, args.date, args.region, args.lang, base_url=args.base_url, event=args.event))


def cmd_export_timelapse(args) -> int:
    from ..export import export_timelapse_html

    _check_out(args.out)
    atlas = load(args)
    return _write_export(args.out, export_timelapse_html(atlas, args.lang))


def _check_image_out(out: Path, suffix: str) -> None:
    """Refuse, before any drawing, an --out that cannot be written: a folder, a missing folder, a wrong extension."""

    if out.exists() and out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name")
    if not out.parent.is_dir():
        raise UsageError(f"--out {out}: the folder {out.parent} does not exist")
    if out.suffix.lower() != suffix:
        raise UsageError(f"--out {out} must end in {suffix}")


def _write_bytes(out: Path, data: bytes) -> int:
    from ..geojson_io import atomic_write_bytes

    try:
        atomic_write_bytes(out, data)
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc}") from None
    return len(data)


def _image_args(args, atlas, dates) -> None:
    """Argument checks shared by png and gif: each problem is a usage error (exit 2), found before any drawing."""
    from ..images import ImageError, check_size

    check_region(atlas, args.region)
    for flag, d in dates:
        check_date(atlas, flag, d)
    try:
        from ..images import MAX_GIF_SIZE, MAX_PNG_SIZE

        check_size(args.width, args.height, MAX_PNG_SIZE if args.export_kind == "png" else MAX_GIF_SIZE)
    except ImageError as exc:
        raise UsageError(f"--width/--height: {exc}") from None


def cmd_export_png(args) -> int:
    import time

    from ..images import render_png

    _check_image_out(args.out, ".png")
    atlas = load(args)
    _image_args(args, atlas, [("--date", args.date)])
    t0 = time.perf_counter()
    data = render_png(atlas, args.date, args.region, args.width, args.height, args.lang)
    seconds = time.perf_counter() - t0
    n = _write_bytes(args.out, data)
    print_json({"out": str(args.out), "bytes": n, "width": args.width, "height": args.height, "seconds": round(seconds, 2)})
    return 0


def cmd_export_gif(args) -> int:
    import time

    from ..images import MAX_FRAMES, ImageError, frame_dates, render_gif

    _check_image_out(args.out, ".gif")
    if args.date_to < args.date_from:
        raise UsageError(f"--to {args.date_to} is before --from {args.date_from}")
    n_frames = len(frame_dates(args.date_from, args.date_to, args.step_days))
    if n_frames > MAX_FRAMES:
        raise UsageError(f"{n_frames} frames is more than {MAX_FRAMES}: give a shorter range or a larger --step-days")
    atlas = load(args)
    _image_args(args, atlas, [("--from", args.date_from), ("--to", args.date_to)])
    t0 = time.perf_counter()
    try:
        data = render_gif(atlas, args.date_from, args.date_to, args.step_days, args.region, args.width, args.height, args.lang)
    except ImageError as exc:
        raise UsageError(str(exc)) from None
    seconds = time.perf_counter() - t0
    n = _write_bytes(args.out, data)
    print_json({"out": str(args.out), "bytes": n, "frames": n_frames, "width": args.width, "height": args.height,
            "seconds": round(seconds, 2), "seconds_per_frame": round(seconds / n_frames, 3)})
    return 0


def cmd_export_site(args) -> int:
    import time

    from ..site import SiteError, build_site, check_out, write_site

    try:
        check_out(args.out, args.force)
    except SiteError as exc:
        raise InputError(str(exc)) from None
    atlas = load(args)
    t0 = time.perf_counter()
    try:
        bundle = build_site(atlas)
        write_site(bundle, args.out, args.force)
    except SiteError as exc:
        raise InputError(str(exc)) from None
    except OSError as exc:
        raise InputError(f"cannot write {args.out}: {exc}") from None
    print_json({"out": str(args.out), "files": len(bundle.files), "bytes": bundle.total_bytes,
                "first_view_bytes": bundle.first_view_bytes, "first_view_files": list(bundle.first_view),
                "seconds": round(time.perf_counter() - t0, 2)})
    return 0


def write_file(out: Path, data: bytes, suffix: str) -> int:
    """Check ``--out`` (a file name ending in ``suffix`` in an existing folder) and write ``data`` atomically; the
    number of bytes written."""
    _check_image_out(out, suffix)
    return _write_bytes(out, data)


def cmd_export_gpkg(args) -> int:
    from ..gis import date_geopackage
    from ..timeline import WINDOWS

    _check_image_out(args.out, ".gpkg")
    atlas = load(args)
    check_date(atlas, "--date", args.date)
    data, layers = date_geopackage(atlas, args.date, WINDOWS[args.window])
    print_json({"out": str(args.out), "bytes": write_file(args.out, data, ".gpkg"), "date": args.date.isoformat(), "layers": layers})
    return 0
