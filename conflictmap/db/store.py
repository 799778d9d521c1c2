"""The atlas from the database, with its events left in the database.

``load_atlas_db(url)`` reads everything but the events (regions, claims, snapshots, stories: small) through the
catalog's own loader functions, and puts an ``EventStore`` where a file atlas has its tuple of events. The store
answers what the pages ask — a date window (and map bounds), an event by id, the event dates, events per month —
with SQL on the date (btree) and geometry (GiST) indexes, so a replica never holds every event. Iterating it
streams every event in the loader's order (for exports and the few whole-data views).
"""

from __future__ import annotations

import bisect
import itertools
import json
import tempfile
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator, Mapping
from datetime import date, timedelta
from pathlib import Path

from .. import catalog
from ..aggregate import CELL_DEGREES, MAX_CELLS, Cell
from ..model import EVENT_CATEGORIES, Event
from ..paths import DataPaths
from .conn import connect, read, redacted, version_of

ORDER = "order by date, coalesce(time_local, '') collate \"C\", id collate \"C\""  # the file loader's sort key
# the text the Events page's search looks in, as timeline.filter_events joins it (a missing Ukrainian text is "")
SEARCH_TEXT = ("concat_ws(' ', doc->>'title', doc->>'description', coalesce(doc->>'title_uk', ''), "
               "coalesce(doc->>'description_uk', ''), doc->'location'->>'name')")
# aggregate.aggregate_events in SQL: per grid cell its count, dates, mean position and the dominant category (ties
# go to the category listed first in EVENT_CATEGORIES, then by name, as in Python)
CELLS_SQL = """
with w as (select floor(st_x(geom) / %(s)s)::bigint ix, floor(st_y(geom) / %(s)s)::bigint iy, category, date,
                  st_x(geom) x, st_y(geom) y from events where {where}),
     c as (select ix, iy, count(*) n, min(date) first, max(date) last, avg(x) x, avg(y) y from w group by ix, iy),
     k as (select distinct on (ix, iy) ix, iy, category from (select ix, iy, category, count(*) m from w group by ix, iy, category) t
           order by ix, iy, m desc, array_position(%(order)s::text[], category) nulls last, category collate "C")
select c.ix, c.iy, c.n, c.first, c.last, c.x, c.y, k.category from c join k using (ix, iy) order by c.iy, c.ix"""
WINDOW_CACHE = 8  # recent windows per store: a viewer stepping back and forth asks for the same ones
EVENT_CACHE = 40_000  # parsed events kept per store, shared by the windows that hold them (bounds the memory)
STREAM_BATCH = 5000


def _event(doc: str) -> Event:
    return catalog.event_from_dict(json.loads(doc))


class EventsById(Mapping):
    """``atlas.events_by_id`` of a database atlas: one indexed query per lookup, nothing held."""

    def __init__(self, store: EventStore):
        self._store = store

    def __getitem__(self, event_id: str) -> Event:
        if not isinstance(event_id, str):
            raise KeyError(event_id)
        rows = read(self._store.url, "select doc::text from events where id = %s", (event_id,))
        if not rows:
            raise KeyError(event_id)
        return _event(rows[0][0])

    def __contains__(self, event_id) -> bool:
        return isinstance(event_id, str) and bool(read(self._store.url, "select 1 from events where id = %s", (event_id,)))

    def __iter__(self) -> Iterator[str]:
        return (e.id for e in self._store)

    def __len__(self) -> int:
        return len(self._store)


class EventStore:
    """The events of a database atlas (see the module docstring). File atlases keep a plain sorted tuple."""

    def __init__(self, url: str, version: int):
        self.url = url
        self.version = version
        self._lock = threading.Lock()
        self._windows: OrderedDict[tuple, tuple[Event, ...]] = OrderedDict()
        self._events: OrderedDict[str, Event] = OrderedDict()  # by id, least recently used first
        self._summary: dict | None = None
        self._icu: bool | None = None

    def __repr__(self) -> str:
        return f"EventStore({redacted(self.url)!r}, version={self.version})"

    # --- what the pages ask

    def window(self, on: date, window_days: int | None, bounds: tuple[float, float, float, float] | None = None) -> tuple[Event, ...]:
        """Events dated in (on − window, on] (all up to ``on`` when ``window_days`` is None), within
        ``bounds`` = (west, south, east, north) when given, in the loader's order."""
        key = (on, window_days, bounds)
        with self._lock:
            if key in self._windows:
                self._windows.move_to_end(key)
                return self._windows[key]
        where, params = ["date <= %s"], [on]
        if window_days is not None:
            where.append("date > %s")
            params.append(on - timedelta(days=window_days))
        if bounds is not None:
            where.append("geom && st_makeenvelope(%s, %s, %s, %s, 4326)")
            params.extend(bounds)
        ids = [r[0] for r in read(self.url, f"select id from events where {' and '.join(where)} {ORDER}", params)]  # noqa: S608 (fixed clauses)
        events = self._parsed(ids)
        with self._lock:
            self._windows[key] = events
            while len(self._windows) > WINDOW_CACHE:
                self._windows.popitem(last=False)
        return events

    def _parsed(self, ids: list[str]) -> tuple[Event, ...]:
        """The events of ``ids``, in that order: the ones parsed for an earlier window are reused (a step of one day
        shares all but a day of its window with the previous step), the others read by primary key."""
        with self._lock:
            missing = [i for i in ids if i not in self._events]
        fetched = {}
        if missing:
            fetched = {i: _event(doc) for i, doc in read(self.url, "select id, doc::text from events where id = any(%s)", (missing,))}
        with self._lock:
            self._events.update(fetched)
            out = []
            for i in ids:
                e = self._events.get(i)
                if e is not None:  # None: deleted between the two queries (a replaced import)
                    self._events.move_to_end(i)
                    out.append(e)
            while len(self._events) > max(EVENT_CACHE, len(out)):
                self._events.popitem(last=False)
        return tuple(out)

    def count_window(self, on: date, window_days: int | None) -> int:
        """How many events ``window(on, window_days)`` holds, from the per-date counts (no query per step)."""
        dates, counts = self._summarise()["dates"], self._summarise()["cumulative"]
        hi = bisect.bisect_right(dates, on)
        lo = 0 if window_days is None else bisect.bisect_right(dates, on - timedelta(days=window_days))
        return (counts[hi - 1] if hi else 0) - (counts[lo - 1] if lo else 0)

    def cells(self, on: date, window_days: int | None, cell_degrees: float = CELL_DEGREES, max_cells: int | None = MAX_CELLS) -> list[Cell]:
        """``aggregate.aggregate_events`` of the window, in SQL (grouped by grid cell): no event is read or parsed.
        The same cells as the Python function: the same grid, counts, dates, dominant category and its tie-break."""
        where, params = ["date <= %(on)s"], {"on": on, "order": list(EVENT_CATEGORIES)}
        if window_days is not None:
            where.append("date > %(lo)s")
            params["lo"] = on - timedelta(days=window_days)
        while True:
            params["s"] = cell_degrees
            rows = read(self.url, CELLS_SQL.format(where=" and ".join(where)), params)
            if max_cells is None or len(rows) <= max_cells:
                break
            cell_degrees *= 2
        out = []
        for ix, iy, n, first, last, x, y, category in rows:
            west, south = ix * cell_degrees, iy * cell_degrees
            out.append(Cell(west=west, south=south, east=west + cell_degrees, north=south + cell_degrees, count=n,
                            category=category, first=first, last=last,
                            lon=min(max(x, west), west + cell_degrees), lat=min(max(y, south), south + cell_degrees)))
        return out

    def region_window(self, iso: str, on: date, last: int | None = None) -> tuple[Event, ...]:
        """A region's events up to ``on`` (the ``last`` latest when given), in order, by the (region, date) index."""
        desc = "order by date desc, coalesce(time_local, '') collate \"C\" desc, id collate \"C\" desc"
        limit = " limit %s" if last else ""
        params = (iso, on, last) if last else (iso, on)
        rows = read(self.url, f"select id from events where region = %s and date <= %s {desc}{limit}", params)  # noqa: S608
        return self._parsed([r[0] for r in reversed(rows)])

    @property
    def by_id(self) -> EventsById:
        return EventsById(self)

    def _summarise(self) -> dict:
        """Count, distinct dates and events per month: one grouped query, kept for this data version."""
        if self._summary is None:
            rows = read(self.url, "select date, count(*) from events group by date order by date")
            months: Counter = Counter()
            for d, n in rows:
                months[f"{d.year:04d}-{d.month:02d}"] += n
            self._summary = {"count": sum(n for _, n in rows), "dates": [d for d, _ in rows], "months": months,
                             "cumulative": list(itertools.accumulate(n for _, n in rows))}
        return self._summary

    def dates(self) -> list[date]:
        """The distinct event dates, in order."""
        return self._summarise()["dates"]

    def month_counts(self) -> Counter:
        """Events per ``YYYY-MM``."""
        return self._summarise()["months"]

    def of_categories(self, categories) -> tuple[Event, ...]:
        """Every event of the given categories (the trend chart's key events: a few per month)."""
        rows = read(self.url, f"select doc::text from events where category = any(%s) {ORDER}", (list(categories),))  # noqa: S608
        return tuple(_event(r[0]) for r in rows)

    def of_region(self, iso: str) -> tuple[Event, ...]:
        """Every event of a region, in order, by the (region, date) index (the Region page's list of sources)."""
        rows = read(self.url, f"select doc::text from events where region = %s {ORDER}", (iso,))  # noqa: S608
        return tuple(_event(r[0]) for r in rows)

    def search(self, text: str = "", start: date | None = None, end: date | None = None, regions=(), categories=(),
               limit: int | None = None) -> tuple[tuple[Event, ...], int]:
        """(the first ``limit`` events matching every filter, in order; how many match): ``timeline.filter_events``
        in SQL, on the date, (category, date) and (region, date) indexes. The text is matched as the file mode
        matches it (a case-insensitive substring of the titles, descriptions and place name joined by spaces),
        lower-cased with ICU so Cyrillic folds whatever the database's locale; without ICU, in Python."""
        where, params = ["true"], []
        if start is not None:
            where.append("date >= %s")
            params.append(start)
        if end is not None:
            where.append("date <= %s")
            params.append(end)
        if regions:
            where.append("region = any(%s)")
            params.append(list(regions))
        if categories:
            where.append("category = any(%s)")
            params.append(list(categories))
        needle = (text or "").strip().lower()
        in_python = bool(needle) and not self._has_icu()
        if needle and not in_python:
            where.append(f'strpos(lower({SEARCH_TEXT} collate "und-x-icu"), %s) > 0')
            params.append(needle)
        clause = " and ".join(where)
        if in_python:
            rows = read(self.url, f"select id, {SEARCH_TEXT} from events where {clause} {ORDER}", params)  # noqa: S608
            ids = [i for i, hay in rows if needle in hay.lower()]
            total, ids = len(ids), ids[:limit] if limit is not None else ids
        else:
            total = read(self.url, f"select count(*) from events where {clause}", params)[0][0]  # noqa: S608
            lim = " limit %s" if limit is not None else ""
            ids = [r[0] for r in read(self.url, f"select id from events where {clause} {ORDER}{lim}", [*params, *([limit] if lim else [])])]  # noqa: S608
        docs = dict(read(self.url, "select id, doc::text from events where id = any(%s)", (ids,))) if ids else {}
        return tuple(_event(docs[i]) for i in ids if i in docs), total  # not kept: a search must not evict the map's events

    def _has_icu(self) -> bool:
        if self._icu is None:
            self._icu = bool(read(self.url, "select 1 from pg_collation where collname = 'und-x-icu'"))
        return self._icu

    # --- a sequence of events, for the code that reads them all

    def __len__(self) -> int:
        return self._summarise()["count"]

    def __bool__(self) -> bool:
        return len(self) > 0

    def __iter__(self) -> Iterator[Event]:
        """Every event, streamed in batches with a server-side cursor (its own connection and snapshot)."""
        with connect(self.url) as conn, conn.cursor(name="conflictmap_events") as cur:
            cur.itersize = STREAM_BATCH
            cur.execute(f"select doc::text from events {ORDER}")  # noqa: S608
            for (doc,) in cur:
                yield _event(doc)

    def __add__(self, other) -> tuple[Event, ...]:
        """A session's own events merged in (ui/yourdata.py): a tuple of every event, as in a file atlas."""
        return tuple(sorted((*self, *other), key=lambda e: (e.date, e.time_local or "", e.id)))


SMALL_KINDS = ("regions", "neighbours", "russian_regions", "claims", "control", "held_in_russia", "stories")
# Every row of data_files but the events' files, with the transaction that wrote it: equal fingerprints, equal data.
FINGERPRINT = ("select md5(coalesce(string_agg(path || ':' || xmin::text, ',' order by path), '')) "
               "from data_files where kind in ('regions', 'neighbours', 'russian_regions', 'claims', 'control', 'held_in_russia', 'stories')")
_small_parts: dict[str, tuple[str, dict]] = {}  # url → (fingerprint, the atlas' parts other than the events)
_small_lock = threading.Lock()


def load_atlas_db(url: str) -> catalog.Atlas:
    """The database's atlas (events in an ``EventStore``); raises catalog.DataError if the loader refuses it.

    Regions, claims, snapshots and stories are read (and checked by the catalog's loader) only when they changed
    since the last call in this process: after an events import a replica has the new atlas in milliseconds."""
    with connect(url) as conn:
        conn.execute("set transaction isolation level repeatable read, read only")  # one consistent version
        version = version_of(conn)[0]
        fingerprint = conn.execute(FINGERPRINT).fetchone()[0]
        events = EventStore(url, version)
        with _small_lock:
            cached = _small_parts.get(url)
            if cached is not None and cached[0] == fingerprint:
                parts = cached[1]
            else:
                parts = _read_small_parts(conn, events)
                _small_parts[url] = (fingerprint, parts)
    root = Path(f"postgresql/{redacted(url).split('://', 1)[-1]}/version-{version}")  # the cache key (Atlas.key)
    return catalog.Atlas(root, events=events, **parts)


def _read_small_parts(conn, events: EventStore) -> dict:
    """Everything but the events, written to a temporary root and read by the catalog's own loader functions."""
    from .files import dump

    with tempfile.TemporaryDirectory(prefix="conflictmap-db-") as tmp:
        dump(conn, Path(tmp), SMALL_KINDS)
        paths = DataPaths(Path(tmp))
        c = catalog._Collector(paths.root)
        parts = {
            "regions": catalog._load_regions(c, paths),
            "neighbours": (c.read_json(paths.neighbours) if paths.neighbours.exists() else None) or {"type": "FeatureCollection", "features": []},
            "claims": catalog._load_claims(c, paths),
            "snapshots": catalog._load_snapshots(c, paths),
            "russian_regions": catalog._load_russian_regions(c, paths),
            "held_in_russia": catalog._load_snapshots(c, paths, paths.held_in_russia, allow_empty=True),
            "stories": catalog._load_stories(c, paths, events.by_id),
        }
    if c.problems:
        raise catalog.DataError(c.problems)
    return parts


def validate_db(url: str) -> list[catalog.Problem]:
    """``validate`` of the database's data: every file written out (to a temporary root) and checked."""
    from .files import dump

    with tempfile.TemporaryDirectory(prefix="conflictmap-db-") as tmp, connect(url) as conn:
        conn.execute("set transaction isolation level repeatable read, read only")
        dump(conn, Path(tmp))
        return catalog.validate(DataPaths(Path(tmp)))
