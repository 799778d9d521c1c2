"""A data root ⇄ the database: ``db load`` (files → rows, one transaction) and ``db dump`` (rows → files).

Each file becomes a ``data_files`` row (its path, kind and layout) and its items become rows of their table, in
file order. A dump renders every file from those rows with the layout it was read with, so the shipped data comes
back byte for byte (the load reports any file whose layout it could not reproduce).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

from ..geojson_io import atomic_write_text, dumps_geojson
from ..paths import DataPaths
from . import schema
from .conn import bump_version

# kind → (folder or file relative to the root, is GeoJSON)
GEOJSON_KINDS = ("regions", "neighbours", "russian_regions", "control", "held_in_russia")
SNAPSHOT_LAYERS = ("control", "held_in_russia")


def kinds_of(paths: DataPaths) -> list[tuple[str, list[Path]]]:
    """(kind, files) of a data root, in the order they are loaded (regions first: the rest refer to them)."""
    def files(folder: Path, pattern: str) -> list[Path]:
        return sorted(folder.glob(pattern)) if folder.is_dir() else []

    def one(path: Path) -> list[Path]:
        return [path] if path.exists() else []

    return [
        ("regions", one(paths.regions)),
        ("neighbours", one(paths.neighbours)),
        ("russian_regions", one(paths.russian_border_regions)),
        ("claims", one(paths.claims)),
        ("control", files(paths.control, "*.geojson")),
        ("held_in_russia", files(paths.held_in_russia, "*.geojson")),
        ("control_src", files(paths.control_src, "*.json")),
        ("held_in_russia_src", files(paths.held_in_russia_src, "*.json")),
        ("events", files(paths.events, "*.json")),
        ("stories", files(paths.stories, "*.json")),
    ]


# ----------------------------------------------------------------------------------------------------------------
# layouts: how a file's text is written


def _compact(value, indent: int = 0) -> str:
    """JSON indented by two spaces, except that a list or object holding only numbers, strings, booleans and nulls
    stays on one line (the hand-written claims.json: a claim's regions and each source on one line)."""
    def leaf(v) -> bool:
        return not isinstance(v, (dict, list))

    if isinstance(value, dict) and value and not all(leaf(v) for v in value.values()):
        pad = "  " * (indent + 1)
        inner = ",\n".join(f"{pad}{json.dumps(k, ensure_ascii=False)}: {_compact(v, indent + 1)}" for k, v in value.items())
        return "{\n" + inner + "\n" + "  " * indent + "}"
    if isinstance(value, list) and value and not all(leaf(v) for v in value):
        pad = "  " * (indent + 1)
        return "[\n" + ",\n".join(pad + _compact(v, indent + 1) for v in value) + "\n" + "  " * indent + "]"
    return json.dumps(value, ensure_ascii=False)


JSON_LAYOUTS = {
    "indent2": lambda data: json.dumps(data, ensure_ascii=False, indent=2) + "\n",
    "compact": lambda data: _compact(data) + "\n",
}


def json_layout(text: str, data) -> tuple[str, bool]:
    """(the layout that writes ``data`` back as ``text``, whether one does); indent2 when none does."""
    for name, render in JSON_LAYOUTS.items():
        if render(data) == text:
            return name, True
    return "indent2", False


# ----------------------------------------------------------------------------------------------------------------
# geometry


def ewkb_hex(geom) -> str | None:
    """A shapely geometry as hex EWKB with SRID 4326 (what PostGIS reads for a geometry(…, 4326) column)."""
    if geom is None:
        return None
    return shapely.to_wkb(shapely.set_srid(geom, 4326), hex=True, include_srid=True)


def skeleton(feature: dict) -> str:
    """A feature's JSON with ``"geometry": null`` in its place (the geometry is the PostGIS column)."""
    return json.dumps({k: (None if k == "geometry" else v) for k, v in feature.items()}, ensure_ascii=False)


def with_geometry(feature: dict, wkb: bytes | None) -> dict:
    feature["geometry"] = mapping(shapely.from_wkb(wkb)) if wkb is not None else None
    return feature


# ----------------------------------------------------------------------------------------------------------------
# reading a root


@dataclass
class RootRows:
    """Everything ``db load`` writes, read from a data root."""

    files: list[tuple] = field(default_factory=list)  # (path, kind, layout, head)
    rows: dict[str, list[tuple]] = field(default_factory=dict)  # table → rows
    unstable: list[str] = field(default_factory=list)  # files a dump would not write back byte for byte

    def add(self, table: str, row: tuple) -> None:
        self.rows.setdefault(table, []).append(row)


def read_root(paths: DataPaths) -> RootRows:
    """The rows of a (validated) data root."""
    out = RootRows()
    for kind, files in kinds_of(paths):
        for path in files:
            read_file(out, kind, path.relative_to(paths.root).as_posix(), path.read_text(encoding="utf-8"))
    return out


def read_file(out: RootRows, kind: str, rel: str, text: str) -> None:
    """Add one file's row and its items' rows to ``out``."""
    data = json.loads(text)
    if kind in GEOJSON_KINDS:
        head = data.get("metadata")
        out.files.append((rel, kind, "geojson", json.dumps(head, ensure_ascii=False) if head is not None else None))
        if dumps_geojson(data["features"], head) != text or set(data) - {"type", "metadata", "features"}:
            out.unstable.append(rel)
        _feature_rows(out, kind, rel, data["features"])
        return
    layout, stable = json_layout(text, data)
    if not stable:
        out.unstable.append(rel)
    out.files.append((rel, kind, layout, None))
    _document_rows(out, kind, rel, data)


def _feature_rows(out: RootRows, kind: str, rel: str, features: list[dict]) -> None:
    for i, f in enumerate(features):
        geom = shape(f["geometry"]) if f.get("geometry") else None
        if kind in ("regions", "russian_regions"):
            out.add(kind, (f["properties"]["iso"], rel, i, skeleton(f), ewkb_hex(geom)))
        elif kind == "neighbours":
            out.add(kind, (rel, i, skeleton(f), ewkb_hex(geom)))
        else:
            props = f["properties"]
            out.add("snapshots", (kind, props["as_of"], rel, props.get("provider", "shipped"), skeleton(f), ewkb_hex(geom)))


def _document_rows(out: RootRows, kind: str, rel: str, data) -> None:
    if kind == "claims":
        for i, c in enumerate(data["claims"]):
            out.add("claims", (c["id"], rel, i, c["claimed_since"], c["regions"], json.dumps(c, ensure_ascii=False)))
    elif kind == "events":
        events = data["events"]
        points = ewkb_points(events)
        for i, (e, point) in enumerate(zip(events, points, strict=True)):
            out.add("events", event_row(e, rel, i, point))
    elif kind == "stories":
        out.add("stories", (data["id"], rel, json.dumps(data, ensure_ascii=False)))
    else:  # an authored outline of the control or held-in-Russia layer
        out.add("authored_sources", (rel, kind.removesuffix("_src"), data["as_of"], json.dumps(data, ensure_ascii=False)))


def ewkb_points(events: list[dict]) -> list[str]:
    """Each event's location as a hex EWKB point (vectorised: a million events in about a second)."""
    if not events:
        return []
    pts = shapely.points([[e["location"]["lon"], e["location"]["lat"]] for e in events])
    return list(shapely.to_wkb(shapely.set_srid(pts, 4326), hex=True, include_srid=True))


def event_row(e: dict, rel: str, position: int, point: str) -> tuple:
    loc = e["location"]
    return (e["id"], rel, position, e["date"], e.get("time_local"), e["category"], loc.get("region"), point,
            json.dumps(e, ensure_ascii=False))


COLUMNS = {
    "data_files": ("path", "kind", "layout", "head"),
    "regions": ("iso", "path", "position", "feature", "geom"),
    "russian_regions": ("iso", "path", "position", "feature", "geom"),
    "neighbours": ("path", "position", "feature", "geom"),
    "claims": ("id", "path", "position", "claimed_since", "regions", "doc"),
    "snapshots": ("layer", "as_of", "path", "provider", "feature", "geom"),
    "authored_sources": ("path", "layer", "as_of", "doc"),
    "events": ("id", "path", "position", "date", "time_local", "category", "region", "geom", "doc"),
    "stories": ("id", "path", "doc"),
}


def copy_rows(conn, table: str, rows) -> int:
    """COPY rows into a table (text format: geometry as hex EWKB, json as text)."""
    n = 0
    with conn.cursor() as cur, cur.copy(f"copy {table} ({', '.join(COLUMNS[table])}) from stdin") as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def insert(conn, rows: RootRows) -> None:
    """COPY every row of ``rows`` (files first: the items refer to them)."""
    copy_rows(conn, "data_files", rows.files)
    for table in COLUMNS:
        if table != "data_files" and rows.rows.get(table):
            copy_rows(conn, table, rows.rows[table])


def replace_all(conn, rows: RootRows, change: str) -> int:
    """Inside the caller's transaction: the database's data becomes ``rows``; returns the new data version."""
    conn.execute("truncate " + ", ".join(schema.TABLES))
    insert(conn, rows)
    return bump_version(conn, change)


# ----------------------------------------------------------------------------------------------------------------
# writing a root


def render_files(conn, kinds: tuple[str, ...] | None = None) -> Iterator[tuple[str, str]]:
    """(relative path, text) of every file in the database (of ``kinds`` only, when given), in path order."""
    files = conn.execute("select path, kind, layout, head::text from data_files order by path").fetchall()
    for rel, kind, layout, head in files:
        if kinds is not None and kind not in kinds:
            continue
        yield rel, render_file(conn, rel, kind, layout, json.loads(head) if head else None)


def _docs(conn, sql: str, rel: str) -> list:
    return [json.loads(r[0]) for r in conn.execute(sql, (rel,))]


def _features(conn, table: str, rel: str, order: str) -> list[dict]:
    from psycopg import sql

    query = sql.SQL("select feature::text, st_asbinary(geom) from {} where path = %s order by {}").format(
        sql.Identifier(table), sql.Identifier(order))
    rows = conn.execute(query, (rel,))
    return [with_geometry(json.loads(f), wkb) for f, wkb in rows]


def render_file(conn, rel: str, kind: str, layout: str, head) -> str:
    if kind in ("regions", "russian_regions", "neighbours"):
        return dumps_geojson(_features(conn, kind, rel, "position"), head)
    if kind in SNAPSHOT_LAYERS:
        return dumps_geojson(_features(conn, "snapshots", rel, "as_of"), head)
    render = JSON_LAYOUTS[layout]
    if kind == "claims":
        return render({"claims": _docs(conn, "select doc::text from claims where path = %s order by position", rel)})
    if kind == "events":
        return render({"events": _docs(conn, "select doc::text from events where path = %s order by position", rel)})
    if kind == "stories":
        return render(_docs(conn, "select doc::text from stories where path = %s", rel)[0])
    return render(_docs(conn, "select doc::text from authored_sources where path = %s", rel)[0])


def dump(conn, out_root: Path, kinds: tuple[str, ...] | None = None) -> list[str]:
    """Write the database's files under ``out_root`` (each atomically); returns their relative paths."""
    written = []
    for rel, text in render_files(conn, kinds):
        atomic_write_text(Path(out_root) / rel, text)
        written.append(rel)
    return written


def counts(conn) -> dict:
    """Rows per kind of data, for ``db status`` and the import reports."""
    q = {
        "files": "select count(*) from data_files",
        "regions": "select count(*) from regions",
        "russian_regions": "select count(*) from russian_regions",
        "neighbours": "select count(*) from neighbours",
        "claims": "select count(*) from claims",
        "snapshots": "select count(*) from snapshots where layer = 'control'",
        "held_in_russia": "select count(*) from snapshots where layer = 'held_in_russia'",
        "authored_sources": "select count(*) from authored_sources",
        "events": "select count(*) from events",
        "stories": "select count(*) from stories",
    }
    return {k: int(conn.execute(sql).fetchone()[0]) for k, sql in q.items()}
