"""A session's own imports (the 'Your data' page), as pure functions of plain data.

The page keeps the imported events and control layers in ``st.session_state`` as JSON-ready dicts; everything it
does with them that needs no Streamlit lives here, so it is tested directly: the merge into the shipped atlas, the
ids of imported control layers, the upload's file name and the import report as a table and a CSV.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import replace
from pathlib import Path

from shapely.geometry import shape

from .catalog import Atlas, event_from_dict, snapshot_from_feature
from .formats import spreadsheet_safe

PROVIDER = "your data"
MODES = ("beside", "instead")  # beside the shipped layers, or instead of them
MAX_NAME_BYTES = 200  # file systems allow 255 bytes per name; ~130 Cyrillic characters already exceed that


def digest(obj) -> str:
    """A short, stable fingerprint of JSON-like data (cache keys and the ids of imported layers)."""
    return hashlib.sha256(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:12]


def session_variant(mode: str, events: list[dict], snapshot_features: list[dict]) -> str:
    """What identifies one merge: the mode and the ids imported (two sessions with the same imports share it)."""
    return digest([mode, [e["id"] for e in events], [s["properties"]["id"] for s in snapshot_features]])


def merge_session_data(atlas: Atlas, events: list[dict], snapshot_features: list[dict], mode: str = "beside") -> Atlas:
    """The atlas with a session's own events and control layers added (``beside``) or replacing the shipped ones
    (``instead``); the atlas itself when the session imported nothing.

    Own items are tagged ``provider="your data"``. On a date with a shipped and an own assessment (``beside``), the
    own one sorts first and the shipped one stays in force on that date.
    """
    if not events and not snapshot_features:
        return atlas
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    own_events = tuple(event_from_dict(d, provider=PROVIDER) for d in events)
    own_snaps = tuple(snapshot_from_feature(f["properties"], shape(f["geometry"]), provider=PROVIDER) for f in snapshot_features)
    if mode == "instead":
        merged_events, merged_snaps = own_events, own_snaps
    else:
        merged_events, merged_snaps = atlas.events + own_events, atlas.snapshots + own_snaps
    return replace(
        atlas,
        events=tuple(sorted(merged_events, key=lambda e: (e.date, e.time_local or "", e.id))),
        snapshots=tuple(sorted(merged_snaps, key=lambda s: (s.as_of, s.provider != PROVIDER))),
        variant=session_variant(mode, events, snapshot_features),
    )


def session_snapshot_features(snapshots: list[dict]) -> list[dict]:
    """Control layers read by ``importers.read_control`` as features for the session, each with an id made from its
    date and geometry (``your-2024-07-08-<digest>``), so the same layer imported twice has the same id."""
    out = []
    for s in snapshots:
        f = s["feature"]
        props = dict(f["properties"], id=f"your-{f['properties']['as_of']}-{digest(f['geometry'])}")
        out.append({"type": "Feature", "properties": props, "geometry": f["geometry"]})
    return out


def safe_upload_name(name: str) -> str:
    """The upload's own name (its date and suffix matter to the importers), shortened to fit a file system and
    without path separators or characters that cannot be written."""
    name = Path(str(name).replace("\\", "/")).name.encode("utf-8", "replace").decode("utf-8")
    name = "".join(ch for ch in name if ch.isprintable()) or "upload"
    if name in (".", ".."):
        name = "upload"
    suffix = Path(name).suffix if len(Path(name).suffix.encode()) <= 10 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    while len((stem + suffix).encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return (stem or "upload") + suffix


def save_upload(upload, folder: Path) -> Path:
    """Write an uploaded file (anything with ``name`` and ``getbuffer()``) into ``folder`` under its safe name,
    numbered when two uploads share it."""
    path = folder / safe_upload_name(upload.name)
    n = 1
    while path.exists():
        path = folder / f"{n}-{safe_upload_name(upload.name)}"
        n += 1
    path.write_bytes(upload.getbuffer())
    return path


def report_rows(errors: list[dict]) -> list[dict]:
    """An import report's errors as rows of text for a table (a missing row or field is an empty cell)."""
    return [{k: ("" if v is None else str(v)) for k, v in e.items()} for e in errors]


def report_csv(rows: list[dict]) -> bytes:
    """The report rows as CSV for download; a reason quoting a hostile cell (``=HYPERLINK(…)``) stays text."""
    buf = io.StringIO()
    if rows:
        w = csv.DictWriter(buf, fieldnames=sorted({k for r in rows for k in r}))
        w.writeheader()
        w.writerows({k: spreadsheet_safe(v) for k, v in r.items()} for r in rows)
    return buf.getvalue().encode("utf-8")
