"""Importers: other people's event and control-area files into our data layout, refusing hostile input.

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
from .acled import looks_like_acled, read_acled
from .common import Geo, Unusable, decode_text, existing_event_ids, read_bytes, validate_event  # noqa: F401
from .control import build_snapshots
from .csv_events import read_events_csv
from .geojson import read_control_geojson, read_events_geojson
from .kml import read_kml, read_kmz
from .report import ImportReport
from .writing import ImportBusy, ImportRefused, check_staged, import_lock, write_all

EVENT_FORMATS = ("acled", "geojson", "csv")
CONTROL_SUFFIXES = (".geojson", ".json", ".kml", ".kmz")
MAX_FOLDER_FILES = 1000

__all__ = ["ImportReport", "Geo", "Unusable", "detect_format", "read_events", "events_target", "write_events",
           "read_control", "write_snapshots", "ImportBusy", "ImportRefused"]


def detect_format(path: Path, text: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".geojson", ".json"):
        return "geojson"
    if suffix in (".csv", ".tsv", ".txt") or not text.lstrip().startswith(("{", "[")):
        first = text.splitlines()[0] if text.splitlines() else ""
        try:
            header = next(csv.reader([first]))
        except csv.Error:
            header = []
        return "acled" if looks_like_acled(header) else "csv"
    return "geojson"


def read_events(path: Path, fmt: str | None, geo: Geo, taken_ids: set[str] | None = None) -> tuple[ImportReport, list[dict]]:
    path = Path(path)
    try:
        text = decode_text(read_bytes(path), path.name)
    except Unusable as exc:
        return ImportReport(fmt or "unknown").fail(str(exc)), []
    fmt = fmt or detect_format(path, text)
    if fmt == "acled":
        return read_acled(text, geo, taken_ids)
    if fmt == "csv":
        return read_events_csv(text, geo, taken_ids)
    return read_events_geojson(text, geo, taken_ids, path.name)


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


def _expand(inputs: list[Path]) -> tuple[list[Path], list[dict]]:
    files, errors = [], []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in CONTROL_SUFFIXES)
            if not found:
                errors.append({"file": p.name, "feature": None, "field": None, "reason": "no .geojson, .json, .kml or .kmz files in this folder"})
            files.extend(found)
        else:
            files.append(p)
    if len(files) > MAX_FOLDER_FILES:
        errors.append({"file": None, "feature": None, "field": None, "reason": f"{len(files):,} files; only the first {MAX_FOLDER_FILES:,} are read"})
        files = files[:MAX_FOLDER_FILES]
    return files, errors


def read_control(inputs: list[Path], geo: Geo, date_override=None, source_url: str | None = None, need_source: bool = True,
                 budget=None):
    """(snapshots, errors, unusable_files) for control-layer files and folders of them.

    With a ``budget`` (``importers.budget.Budget``), raises ``OverBudget`` after reading the files and before the
    expensive merge and clip when they hold too many polygons or vertices."""
    files, errors = _expand(inputs)
    layers, unusable = [], []
    for f in files:
        suffix = f.suffix.lower()
        try:
            if suffix == ".kmz":
                layers.append(read_kmz(f))
            elif suffix == ".kml":
                layers.append(read_kml(f))
            else:
                layers.append(read_control_geojson(f))
        except Unusable as exc:
            unusable.append(f.name)
            errors.append({"file": f.name, "feature": None, "field": None, "reason": str(exc)})
    if budget is not None:
        from .budget import check_layers

        check_layers(layers, budget)
    snapshots, more = build_snapshots(layers, geo, date_override, source_url, need_source)
    return snapshots, errors + more, unusable


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
