"""Read-only commands on a data root: ``validate``, ``regions``, ``status``, ``stats``, ``events``."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from ..paths import data_paths
from .args import InputError, UsageError, check_region, iso_date, latitude, load, longitude, print_json, read_input_text


def add_commands(sub) -> None:
    s = sub.add_parser("validate", help="check every data file; exit 1 on any problem")
    s.add_argument("--format", choices=("json", "text"), default="json")
    s.set_defaults(func=cmd_validate)

    s = sub.add_parser("regions", help="the 27 units with computed and official areas")
    s.set_defaults(func=cmd_regions)

    s = sub.add_parser("status", help="claim and control status of a point (or points) on a date")
    s.add_argument("--date", type=iso_date, required=True)
    s.add_argument("--lat", type=latitude)
    s.add_argument("--lon", type=longitude)
    s.add_argument("--points", metavar="FILE.csv", help="CSV with lat,lon columns; one JSON object per line out")
    s.set_defaults(func=cmd_status)

    s = sub.add_parser("stats", help="areas controlled and claimed on a date, overall and per region")
    s.add_argument("--date", type=iso_date, required=True)
    s.set_defaults(func=cmd_stats)

    s = sub.add_parser("events", help="events with all fields and sources")
    s.add_argument("--from", dest="date_from", type=iso_date)
    s.add_argument("--to", dest="date_to", type=iso_date)
    s.add_argument("--region", metavar="ISO")
    s.add_argument("--format", choices=("json", "csv", "geojson", "geoparquet"), default="json",
                   help="json, csv, geojson to stdout; geoparquet (points, sources as JSON text) to --out")
    s.add_argument("--out", type=Path, default=None, metavar="FILE.parquet", help="where to write --format geoparquet")
    s.set_defaults(func=cmd_events)


def cmd_validate(args) -> int:
    from ..catalog import validate
    from ..db import database_url

    url = database_url() if args.data is None else None
    if url:  # the database's data, written out as files and checked like any root
        from ..db.store import validate_db

        problems = validate_db(url)
    else:
        problems = validate(data_paths(args.data))
    if args.format == "text":
        for p in problems:
            print(p)
        print(f"{len(problems)} problem(s)" if problems else "ok: no problems")
    else:
        print_json({"ok": not problems, "problems": [p.to_dict() for p in problems]})
    return 1 if problems else 0


def cmd_regions(args) -> int:
    atlas = load(args)
    print_json(
        [
            {"iso": r.iso, "name": r.name, "name_uk": r.name_uk, "kind": r.kind, "area_km2": round(r.area_km2, 1), "area_km2_official": r.area_km2_official}
            for r in atlas.regions
        ]
    )
    return 0


def cmd_status(args) -> int:
    from ..stats import status_at

    if (args.points is None) == (args.lat is None or args.lon is None):
        raise UsageError("give either --lat and --lon, or --points FILE.csv")
    atlas = load(args)
    if args.points is None:
        print_json(status_at(atlas, args.date, args.lat, args.lon))
        return 0
    for lat, lon in read_points(Path(args.points)):
        print_json(status_at(atlas, args.date, lat, lon))
    return 0


def read_points(path: Path) -> list[tuple[float, float]]:
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


def cmd_stats(args) -> int:
    from ..stats import stats_for

    print_json(stats_for(load(args), args.date))
    return 0


def cmd_events(args) -> int:
    from ..formats import event_to_dict, events_to_csv, events_to_geojson
    from ..timeline import filter_events

    if (args.format == "geoparquet") != (args.out is not None):
        raise UsageError("--format geoparquet writes a file: give both --format geoparquet and --out FILE.parquet "
                         "(the other formats write to stdout)")
    atlas = load(args)
    check_region(atlas, args.region)
    regions = [args.region] if args.region else []
    events = filter_events(atlas.events, start=args.date_from, end=args.date_to, regions=regions)
    if args.format == "geoparquet":
        from ..gis import events_geoparquet
        from .exports import write_file

        print_json({"out": str(args.out), "bytes": write_file(args.out, events_geoparquet(events), ".parquet"), "events": len(events)})
    elif args.format == "csv":
        sys.stdout.write(events_to_csv(events))
    elif args.format == "geojson":
        print_json(events_to_geojson(events))
    else:
        print_json([event_to_dict(e) for e in events])
    return 0
