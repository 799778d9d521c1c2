"""Importers: other people's event and control-area files into our data layout, refusing hostile input.

``read_events(path, fmt, geo)`` → (ImportReport, event dicts); ``read_control(paths, geo, ...)`` → (snapshots,
errors); ``write_events`` / ``write_snapshots`` validate first, never overwrite without ``force`` and write
atomically. The CLI commands ``import events`` and ``import control`` live in ``conflictmap.cli_extra``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from ..geojson_io import atomic_write_text, dumps_geojson
from ..paths import DataPaths
from .acled import looks_like_acled, read_acled
from .common import Geo, Unusable, decode_text, existing_event_ids, read_bytes, validate_event  # noqa: F401
from .control import build_snapshots
from .csv_events import read_events_csv
from .geojson import read_control_geojson, read_events_geojson
from .kml import read_kml, read_kmz
from .report import ImportReport

EVENT_FORMATS = ("acled", "geojson", "csv")
CONTROL_SUFFIXES = (".geojson", ".json", ".kml", ".kmz")
MAX_FOLDER_FILES = 1000

__all__ = ["ImportReport", "Geo", "Unusable", "detect_format", "read_events", "events_target", "write_events",
           "read_control", "write_snapshots"]


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


def write_events(target: Path, events: list[dict], force: bool) -> None:
    """Validate every event again, refuse to overwrite without ``force``, then write atomically."""
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; use --force to replace it")
    for d in events:
        problem = validate_event(d)
        if problem:
            raise ValueError(f"event {d.get('id')}: {problem[1]}")
    text = json.dumps({"events": events}, ensure_ascii=False, indent=2) + "\n"
    atomic_write_text(target, text)


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


def read_control(inputs: list[Path], geo: Geo, date_override=None, source_url: str | None = None, need_source: bool = True):
    """(snapshots, errors, unusable_files) for control-layer files and folders of them."""
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
    snapshots, more = build_snapshots(layers, geo, date_override, source_url, need_source)
    return snapshots, errors + more, unusable


def write_snapshots(paths: DataPaths, snapshots: list[dict], force: bool) -> list[str]:
    """Write each snapshot to geodata/control/<as_of>.geojson; refuses (before writing anything) to overwrite."""
    targets = [paths.control / f"{s['as_of']}.geojson" for s in snapshots]
    clash = [str(t) for t in targets if t.exists()]
    if clash and not force:
        raise FileExistsError(f"{', '.join(clash)} exist(s); use --force to replace")
    for s in snapshots:
        if not s["feature"]["properties"]["sources"]:
            raise ValueError(f"snapshot {s['as_of']} has no source")
    texts = [dumps_geojson([s["feature"]]) for s in snapshots]
    for t, text in zip(targets, texts, strict=True):
        atomic_write_text(t, text)
    return [str(t) for t in targets]
