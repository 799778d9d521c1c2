"""``import events|control --into postgresql://…``: the file import's checks, then one transaction.

The rows are checked by the loader's own functions (``importers.writing.check_staged`` on the file the import
would write, beside the database's regions), then written as that file would be — deleted and inserted under
its path — together with the new data version, in one transaction: a refused, failed or killed import changes
nothing. An advisory lock serialises imports, as the file lock does for a data root.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import shapely

from ..db.conn import bump_version, connect, read, redacted
from ..geojson_io import dumps_geojson
from ..paths import DataPaths
from .common import Geo

IMPORT_LOCK = 0x636F6E666C  # pg_advisory_xact_lock key of imports ("confl")
RELATIVE = DataPaths(Path("."))  # where a file import would write, relative to the data root


@dataclass(frozen=True, eq=False)
class DatabaseGeo(Geo):
    """Ukraine's units from the database's regions (what ``Geo`` reads from regions.geojson)."""

    url: str = ""

    @cached_property
    def regions(self) -> list[tuple[str, object]]:
        out = []
        for iso, wkb in read(self.url, "select iso, st_asbinary(geom) from regions order by position"):
            geom = shapely.from_wkb(bytes(wkb))
            shapely.prepare(geom)
            out.append((iso, geom))
        return out


class DatabaseTarget:
    """The database as the target of an import (the CLI calls the same methods as for a data root)."""

    def __init__(self, url: str):
        self.url = url
        self.geo = DatabaseGeo(RELATIVE, url)

    def __str__(self) -> str:
        return redacted(self.url)

    def events_target(self, source: Path) -> str:
        from . import events_target

        return events_target(RELATIVE, source).as_posix()

    def existing_event_ids(self, skip: str | None = None) -> set[str]:
        return {r[0] for r in read(self.url, "select id from events where path is distinct from %s", (skip,))}

    def write_events(self, target: str, events: list[dict], force: bool) -> list[str]:
        """The events as the file ``target`` (events/imported-<name>.json), all checks first; returns [target]."""
        from . import ImportRefused, validate_event

        for d in events:
            problem = validate_event(d)
            if problem:
                raise ValueError(f"event {d.get('id')}: {problem[1]}")
        text = json.dumps({"events": events}, ensure_ascii=False, indent=2) + "\n"
        with connect(self.url) as conn:
            conn.execute("select pg_advisory_xact_lock(%s)", (IMPORT_LOCK,))
            self._refuse_existing(conn, [target], force)
            ids = [d["id"] for d in events]
            taken = [r[0] for r in conn.execute("select id from events where id = any(%s) and path <> %s order by id", (ids, target))]
            if taken:
                raise ImportRefused(f"{len(taken):,} event id(s) already in the database (another import may have written them): "
                                    + ", ".join(taken[:5]) + (" …" if len(taken) > 5 else ""))
            self._write(conn, {target: ("events", text)}, f"import events {target}")
        return [target]

    def write_snapshots(self, snapshots: list[dict], force: bool) -> list[str]:
        """Each snapshot as geodata/control/<as_of>.geojson, all or none; returns the paths written."""
        from . import ImportRefused

        targets = [(RELATIVE.control / f"{s['as_of']}.geojson").as_posix() for s in snapshots]
        for s in snapshots:
            if not s["feature"]["properties"]["sources"]:
                raise ValueError(f"snapshot {s['as_of']} has no source")
        files = {t: ("control", dumps_geojson([s["feature"]])) for t, s in zip(targets, snapshots, strict=True)}
        with connect(self.url) as conn:
            conn.execute("select pg_advisory_xact_lock(%s)", (IMPORT_LOCK,))
            authored = [r[0] for r in conn.execute(
                "select path from authored_sources where layer = 'control' and as_of = any(%s::date[])", ([s["as_of"] for s in snapshots],))]
            if authored:
                raise ImportRefused(f"{', '.join(authored)} is an authored front line (built into its date's snapshot); "
                                    "give the layer another date or edit the front line instead")
            self._refuse_existing(conn, targets, force)
            self._write(conn, files, f"import control {', '.join(targets)}")
        return targets

    @staticmethod
    def _refuse_existing(conn, targets: list[str], force: bool) -> None:
        clash = [r[0] for r in conn.execute("select path from data_files where path = any(%s) order by path", (targets,))]
        if clash and not force:
            raise FileExistsError(f"{', '.join(clash)} exist(s) in the database; use --force to replace")

    def _write(self, conn, files: dict[str, tuple[str, str]], change: str) -> None:
        """Check ``files`` with the loader, then replace them in the caller's transaction and bump the version."""
        from ..db.files import RootRows, insert, read_file
        from . import ImportRefused

        problems = staged_problems(conn, {rel: text for rel, (_, text) in files.items()})
        if problems:
            raise ImportRefused(f"nothing written: the data would not load after this import: {problems[0]}", problems)
        rows = RootRows()
        for rel, (kind, text) in files.items():
            read_file(rows, kind, rel, text)
        conn.execute("delete from data_files where path = any(%s)", (list(files),))  # their items go with them
        insert(conn, rows)
        bump_version(conn, change)


def staged_problems(conn, files: dict[str, str]) -> list:
    """The loader's problems with ``files`` (relative path → text), checked beside the database's regions."""
    from ..db.files import dump
    from .writing import check_staged

    with tempfile.TemporaryDirectory(prefix="conflictmap-db-import-") as tmp:
        root = Path(tmp)
        dump(conn, root, ("regions",))
        return check_staged(DataPaths(root), {root / rel: text for rel, text in files.items()})
