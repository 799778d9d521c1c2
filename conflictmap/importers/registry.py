"""The one table of import formats: its name, how a file is recognised, its reader, and what it produces.

The CLI (``import events --format`` choices, the help texts), the "Your data" page (accepted upload types and the
format list) and ``docs/importers.md`` (its formats table is ``formats_table()``; a test keeps them equal) all read
this table. To add a format, write its reader and add one ``Format`` row here (see docs/importers.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import geofiles
from .acled import read_acled
from .common import decode_text, read_bytes
from .csv_events import read_events_csv
from .geojson import events_from_features, read_control_geojson, read_events_geojson
from .kml import read_kml, read_kmz
from .report import ImportReport

EVENTS, CONTROL = "events", "control"


@dataclass(frozen=True)
class Format:
    """One importable format.

    ``read_events(path, geo, taken_ids) -> (ImportReport, event dicts)`` and ``read_control(path) -> [Layer]`` are
    None when the format does not produce that kind. ``sidecars`` are files read together with the main one (a
    shapefile's .shx and .dbf); ``binary`` formats are read from the file by GDAL or pyarrow, not as text."""

    name: str
    label: str  # its proper name, the same in every language of the interface
    suffixes: tuple[str, ...]
    detected_by: str
    read_events: Callable | None = None
    read_control: Callable | None = None
    sidecars: tuple[str, ...] = ()
    binary: bool = False

    @property
    def produces(self) -> tuple[str, ...]:
        return tuple(k for k, reader in ((EVENTS, self.read_events), (CONTROL, self.read_control)) if reader is not None)


def _text(path: Path) -> str:
    return decode_text(read_bytes(path), Path(path).name)


def _acled(path, geo, taken):
    return read_acled(_text(path), geo, taken)


def _csv(path, geo, taken):
    return read_events_csv(_text(path), geo, taken)


def _geojson(path, geo, taken):
    return read_events_geojson(_text(path), geo, taken, Path(path).name)


def _gis_events(name: str):
    def read(path, geo, taken):
        report = ImportReport(name)
        feats = geofiles.event_features(path, report)
        return report, ([] if feats is None else events_from_features(feats, geo, taken, report))

    return read


FORMATS: tuple[Format, ...] = (
    Format("acled", "ACLED CSV", (".csv", ".txt"), "a CSV whose header has ACLED's columns (`event_id_cnty`, …)", read_events=_acled),
    Format("csv", "conflictmap CSV", (".csv", ".txt"), "any other CSV: the columns `events --format csv` writes",
           read_events=_csv),
    Format("geojson", "GeoJSON", (".geojson", ".json"), "suffix, or text starting with `{` or `[`",
           read_events=_geojson, read_control=lambda path: [read_control_geojson(path)]),
    Format("kml", "KML", (".kml",), "suffix", read_control=lambda path: [read_kml(path)]),
    Format("kmz", "KMZ", (".kmz",), "suffix", read_control=lambda path: [read_kmz(path)]),
    Format("shapefile", "Shapefile", (".shp", ".zip"), "suffix",
           read_control=geofiles.read_control_layers, sidecars=(".shx", ".dbf", ".prj", ".cpg"), binary=True),
    Format("geopackage", "GeoPackage", (".gpkg",), "suffix", read_events=_gis_events("geopackage"),
           read_control=geofiles.read_control_layers, binary=True),
    Format("flatgeobuf", "FlatGeobuf", (".fgb",), "suffix", read_control=geofiles.read_control_layers, binary=True),
    Format("geoparquet", "GeoParquet", (".parquet",), "suffix", read_events=_gis_events("geoparquet"),
           read_control=geofiles.read_control_layers, binary=True),
)
BY_NAME = {f.name: f for f in FORMATS}


def formats_for(kind: str) -> tuple[Format, ...]:
    """The formats that produce ``kind`` (``"events"`` or ``"control"``), in table order."""
    return tuple(f for f in FORMATS if kind in f.produces)


def names(kind: str) -> tuple[str, ...]:
    return tuple(f.name for f in formats_for(kind))


def suffixes(kind: str, with_sidecars: bool = False) -> tuple[str, ...]:
    """Every suffix a file of ``kind`` may have (with a shapefile's sidecars, for an upload of several files)."""
    out: list[str] = []
    for f in formats_for(kind):
        out += [s for s in f.suffixes + (f.sidecars if with_sidecars else ()) if s not in out]
    return tuple(out)


def sidecar_suffixes(kind: str) -> tuple[str, ...]:
    return tuple(s for f in formats_for(kind) for s in f.sidecars)


def format_for_file(path: Path, kind: str) -> Format | None:
    """The first format of ``kind`` that a file's suffix names (ACLED and our CSV share .csv: see detect_format)."""
    suffix = Path(path).suffix.lower()
    return next((f for f in formats_for(kind) if suffix in f.suffixes), None)


def labels(kind: str) -> str:
    """``"ACLED CSV, conflictmap CSV, GeoJSON, …"`` for help texts and the page (proper names: the same in every
    language)."""
    return ", ".join(f.label for f in formats_for(kind))


def formats_table() -> str:
    """The Markdown table of docs/importers.md (a test checks the file holds exactly this)."""
    rows = ["| format | name | suffixes | recognised by | events | control |", "| --- | --- | --- | --- | --- | --- |"]
    for f in FORMATS:
        files = ", ".join(f"`{s}`" for s in f.suffixes) + (f" (with {', '.join(f'`{s}`' for s in f.sidecars)})" if f.sidecars else "")
        rows.append(f"| {f.label} | `{f.name}` | {files} | {f.detected_by} | {'yes' if f.read_events else ''} | "
                    f"{'yes' if f.read_control else ''} |")
    return "\n".join(rows) + "\n"
