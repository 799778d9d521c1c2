"""Importers: other people's event and control-area files into our data layout, refusing hostile input.

The formats are one table, ``registry.FORMATS`` (docs/importers.md).
``read_events(path, fmt, geo)`` → (ImportReport, event dicts); ``read_control(paths, geo, ...)`` → (snapshots,
errors); ``write_events`` / ``write_snapshots`` validate first, never overwrite without ``force`` and write
atomically. The CLI commands ``import events`` and ``import control`` live in ``conflictmap.cli.imports``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from ..geojson_io import dumps_geojson
from ..paths import DataPaths
from . import registry
from .acled import looks_like_acled
from .common import Geo, Unusable, decode_text, existing_event_ids, read_bytes, validate_event  # noqa: F401
from .control import build_snapshots
from .report import ImportReport, RowError
from .writing import ImportBusy, ImportRefused, check_staged, import_lock, write_all

EVENT_FORMATS = registry.names(registry.EVENTS)
CONTROL_SUFFIXES = registry.suffixes(registry.CONTROL)
MAX_FOLDER_FILES = 1000

__all__ = ["ImportReport", "RowError", "Geo", "Unusable", "detect_format", "read_events", "events_target", "write_events",
           "read_control", "write_snapshots", "ImportBusy", "ImportRefused", "registry"]


def detect_format(path: Path, text: str) -> str:
    """The events format of a file: by its suffix in the registry, except that a CSV is ``acled`` when its header has
    ACLED's columns and ``csv`` otherwise, and text that starts with ``{`` or ``[`` is GeoJSON."""
    found = registry.format_for_file(path, registry.EVENTS)
    if found is not None and found.name not in ("acled", "csv"):
        return found.name
    if found is not None or not text.lstrip().startswith(("{", "[")):
        first = text.splitlines()[0] if text.splitlines() else ""
        try:
            header = next(csv.reader([first]))
        except csv.Error:
            header = []
        return "acled" if looks_like_acled(header) else "csv"
    return "geojson"


def read_events(path: Path, fmt: str | None, geo: Geo, taken_ids: set[str] | None = None) -> tuple[ImportReport, list[dict]]:
    path = Path(path)
    by_suffix = registry.format_for_file(path, registry.EVENTS)
    if fmt is None and by_suffix is not None and by_suffix.binary:
        fmt = by_suffix.name
    try:
        if fmt is None or not registry.BY_NAME[fmt].binary:
            fmt = fmt or detect_format(path, decode_text(read_bytes(path), path.name))
        return registry.BY_NAME[fmt].read_events(path, geo, taken_ids)
    except Unusable as exc:
        return ImportReport(fmt or "unknown").fail(str(exc)), []


def events_target(paths: DataPaths, source: Path) -> Path:
    stem = re.sub(r"[^a-z0-9_-]+", "-", Path(source).stem.lower()).strip("-")[:80] or "events"
    return paths.events / f"imported-{stem}.json"


def write_events(target: Path, events: list[dict], force: bool, paths: DataPaths | None = None,
                 regions_from: DataPaths | None = None) -> list[str]:
    """Write an imported events file into its data root, all checks first; returns the files written.

    Every event is checked again (the loader's own checks); then, holding the root's import lock: the target must
    not exist (unless ``force``), no id may already be in another file of the root, and the loader must accept the
    root's event files with this one added. Only then is the file written (atomically)."""
    target = Path(target)
    paths = paths or DataPaths(target.parent.parent)
    for d in events:
        problem = validate_event(d)
        if problem:
            raise ValueError(f"event {d.get('id')}: {problem[1]}")
    text = json.dumps({"events": events}, ensure_ascii=False, indent=2) + "\n"
    with import_lock(paths.root):
        if target.exists() and not force:
            raise FileExistsError(f"{target} exists; use --force to replace it")
        taken = sorted(existing_event_ids(paths, skip=target) & {d["id"] for d in events})
        if taken:
            raise ImportRefused(f"{len(taken):,} event id(s) already in the data root (another import may have written them): "
                                + ", ".join(taken[:5]) + (" …" if len(taken) > 5 else ""))
        problems = check_staged(paths, {target: text}, regions_from)
        if problems:
            raise ImportRefused(f"nothing written: the data root would not load after this import: {problems[0]}", problems)
        return write_all({target: text})


def _expand(inputs: list[Path]) -> tuple[list[Path], list[RowError]]:
    """The files to read: folders opened (their files of a control format), a shapefile's sidecars left to its .shp."""
    sidecars = registry.sidecar_suffixes(registry.CONTROL)
    files, errors = [], []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in CONTROL_SUFFIXES)
            if not found:
                errors.append(RowError(f"no {', '.join(CONTROL_SUFFIXES)} files in this folder", file=p.name))
            files.extend(found)
        elif p.suffix.lower() in sidecars:
            if not any(p.with_suffix(s).is_file() for s in (".shp", ".SHP")):
                errors.append(RowError(f"a {p.suffix} file is part of a shapefile; give its .shp (with its .shx and .dbf)", file=p.name))
        else:
            files.append(p)
    if len(files) > MAX_FOLDER_FILES:
        errors.append(RowError(f"{len(files):,} files; only the first {MAX_FOLDER_FILES:,} are read"))
        files = files[:MAX_FOLDER_FILES]
    return files, errors


def read_control(inputs: list[Path], geo: Geo, date_override=None, source_url: str | None = None, need_source: bool = True,
                 budget=None):
    """(snapshots, errors, unusable_files) for control-layer files and folders of them, in any control format of the
    registry (a file whose suffix it does not know is read as GeoJSON). ``errors`` are ``RowError.to_dict()``s.

    With a ``budget`` (``importers.budget.Budget``), raises ``OverBudget`` after reading the files and before the
    expensive merge and clip when they hold too many polygons or vertices."""
    files, errors = _expand(inputs)
    layers, unusable = [], []
    for f in files:
        fmt = registry.format_for_file(f, registry.CONTROL) or registry.BY_NAME["geojson"]
        try:
            layers.extend(fmt.read_control(f))
        except Unusable as exc:
            unusable.append(f.name)
            errors.append(RowError(str(exc), file=f.name))
    if budget is not None:
        from .budget import check_layers

        check_layers(layers, budget)
    snapshots, more = build_snapshots(layers, geo, date_override, source_url, need_source)
    return snapshots, [e.to_dict() for e in errors + more], unusable


def write_snapshots(paths: DataPaths, snapshots: list[dict], force: bool) -> list[str]:
    """Write each snapshot to geodata/control/<as_of>.geojson, all or none; returns the files written.

    Holding the root's import lock: refuses (before writing anything) to overwrite without ``force``, and always
    refuses to replace a snapshot built from an authored front line (``geodata/control/src/<date>.json``: the next
    ``build-control`` would overwrite it, and ``validate`` would call it stale); the loader checks every file first."""
    targets = [paths.control / f"{s['as_of']}.geojson" for s in snapshots]
    for s in snapshots:
        if not s["feature"]["properties"]["sources"]:
            raise ValueError(f"snapshot {s['as_of']} has no source")
    files = {t: dumps_geojson([s["feature"]]) for t, s in zip(targets, snapshots, strict=True)}
    with import_lock(paths.root):
        authored = [str(t) for t in targets if (paths.control_src / f"{t.stem}.json").exists()]
        if authored:
            raise ImportRefused(f"{', '.join(authored)} is built from an authored front line (geodata/control/src/); "
                                "give the layer another date or edit the front line instead")
        clash = [str(t) for t in targets if t.exists()]
        if clash and not force:
            raise FileExistsError(f"{', '.join(clash)} exist(s); use --force to replace")
        problems = check_staged(paths, files)
        if problems:
            raise ImportRefused(f"nothing written: the data root would not load after this import: {problems[0]}", problems)
        return write_all(files)
