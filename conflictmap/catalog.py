"""Load and validate a data root (geodata/ and events/) into one immutable Atlas.

``validate(paths)`` collects every problem in every file at once (a maintainer fixes them in one pass);
``load_atlas(paths)`` refuses to load data with problems, so the app never shows unchecked facts.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from urllib.parse import urlparse

import fastjsonschema
import jsonschema
import shapely
from shapely.geometry import Point, shape

from . import schemas
from .areas import area_km2
from .model import (
    DEFAULT_LAYERS,
    CasualtyReport,
    Claim,
    ControlSnapshot,
    Event,
    Location,
    PublishedFigure,
    Region,
    RussianRegion,
    Source,
    Story,
    StoryStep,
    Vote,
)
from .paths import DataPaths, data_paths
from .ukraine import REGIONS_BY_ISO, RUSSIAN_BORDER_BY_ISO

MAX_DECIMALS = 6
REGION_TOLERANCE_DEG = 0.05  # an event point may sit this far outside its region's simplified outline
# Every date in the data lies in this range (docs/data.md says why): from the start of the Euromaidan protests to a
# year after today. The pages' date sliders and the exports' day arithmetic stay within what they can show.
DATE_MIN = date(2013, 11, 1)
DATE_MAX_AHEAD_DAYS = 366
MAX_DATA_FILE_BYTES = 200 * 1024 * 1024  # a data file larger than this is refused before it is read


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file: where, and why."""

    file: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.reason}" if self.where else f"{self.file}: {self.reason}"

    def to_dict(self) -> dict:
        return {"file": self.file, "where": self.where, "reason": self.reason}


class DataError(Exception):
    """The data root has problems; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        head = "; ".join(str(p) for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        super().__init__(f"{len(problems)} problem(s) in the data: {head}{more}")


@dataclass(frozen=True, eq=False)
class Atlas:
    """Everything the app shows, loaded once: regions, claims, control snapshots (by date) and events (by date)."""

    root: Path
    regions: tuple[Region, ...]
    neighbours: dict = field(repr=False)
    claims: tuple[Claim, ...]
    snapshots: tuple[ControlSnapshot, ...]
    events: tuple[Event, ...]
    stories: tuple[Story, ...] = ()
    variant: str = ""  # non-empty when a session's own data is merged in (see session.py)
    held_in_russia: tuple[ControlSnapshot, ...] = ()  # ground held by Ukrainian forces inside Russia, by date
    russian_regions: tuple[RussianRegion, ...] = ()  # Russia's border oblasts (not part of Ukraine's totals)

    @property
    def key(self) -> str:
        """Identifies this atlas for caches: the data root, plus the variant of a session's own data."""
        return f"{self.root}|{self.variant}"

    @cached_property
    def regions_by_iso(self) -> dict[str, Region]:
        return {r.iso: r for r in self.regions}

    @cached_property
    def ukraine(self):
        """Ukraine within its internationally recognised borders (the union of the 27 units)."""
        return shapely.union_all([r.geometry for r in self.regions])

    @cached_property
    def ukraine_km2(self) -> float:
        return area_km2(self.ukraine)

    @cached_property
    def events_by_id(self) -> dict[str, Event]:
        if hasattr(self.events, "by_id"):  # a database's event store looks each id up (conflictmap/db/store.py)
            return self.events.by_id
        return {e.id: e for e in self.events}

    @property
    def first_date(self) -> date:
        dates = [c.claimed_since for c in self.claims] + [s.as_of for s in self.snapshots] + event_dates(self.events)
        return min(dates)

    @property
    def last_date(self) -> date:
        """The last date the timeline offers: today, or a later dated item. The map after the last assessment shows
        that assessment and says how old it is (timeline.assessment_age)."""
        dates = [c.claimed_since for c in self.claims] + [s.as_of for s in self.snapshots] + event_dates(self.events)
        return max(dates + [date.today()])

    @property
    def last_assessed(self) -> date | None:
        return self.snapshots[-1].as_of if self.snapshots else None

    def region_at(self, lon: float, lat: float) -> Region | None:
        """The region containing a point, or the nearest within REGION_TOLERANCE_DEG.

        The tolerance matters on coasts and rivers: Natural Earth leaves the Dnipro out of the oblasts, so the
        centre of Kherson city sits a few hundred metres outside Kherson Oblast's generalised outline.
        """
        pt = Point(lon, lat)
        for r in self.regions:
            if r.geometry.covers(pt):
                return r
        nearest = min(self.regions, key=lambda r: r.geometry.distance(pt), default=None)
        return nearest if nearest is not None and nearest.geometry.distance(pt) <= REGION_TOLERANCE_DEG else None


def event_dates(events) -> list[date]:
    """The events' dates: a database's event store (conflictmap/db/store.py) gives its distinct dates."""
    return events.dates() if hasattr(events, "dates") else [e.date for e in events]


# ----------------------------------------------------------------------------------------------------------------
# parsing helpers: each returns a value or records a Problem


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(Path(path).relative_to(self.root))
        except ValueError:
            return str(path)

    def add(self, path: Path, where: str, reason: str) -> None:
        self.problems.append(Problem(self.rel(path), where, reason))

    def read_json(self, path: Path):
        """The parsed JSON of a data file, or None after recording why it cannot be used (missing, not a regular
        file, unreadable, too big, not UTF-8, not JSON, nested too deeply, or just ``null``)."""
        text = self._read_text(Path(path))
        if text is None:
            return None
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self.add(path, f"line {exc.lineno} column {exc.colno}", f"not valid JSON: {exc.msg}")
            return None
        except RecursionError:
            self.add(path, "", "JSON nested too deeply to read")
            return None
        if data is None:
            self.add(path, "", "the file holds only JSON null, not data")
        return data

    def _read_text(self, path: Path) -> str | None:
        import os
        import stat

        try:
            st = path.stat()  # follows symlinks; a symlink loop raises ELOOP here
        except FileNotFoundError:
            self.add(path, "", "file is missing" + (" (a broken symlink)" if path.is_symlink() else ""))
            return None
        except OSError as exc:
            self.add(path, "", f"cannot read the file: {exc.strerror or exc}")
            return None
        if stat.S_ISDIR(st.st_mode):
            self.add(path, "", "is a folder, not a file: rename or remove it")
            return None
        if not stat.S_ISREG(st.st_mode):
            self.add(path, "", "not a regular file (a device, pipe or socket): replace it with a data file")
            return None
        if st.st_size > MAX_DATA_FILE_BYTES:
            self.add(path, "", f"file is {st.st_size:,} bytes, over the {MAX_DATA_FILE_BYTES:,}-byte limit")
            return None
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
            with os.fdopen(fd, "rb") as f:
                raw = f.read(MAX_DATA_FILE_BYTES + 1)
        except OSError as exc:
            self.add(path, "", f"cannot read the file: {exc.strerror or exc}")
            return None
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.add(path, "", f"not UTF-8 text ({exc.reason})")
            return None

    def check_schema(self, path: Path, data, schema, prefix: str = "") -> bool:
        if _fast_validator(schema)(data):
            return True
        errors = sorted(_full_validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
        for err in errors:
            where = prefix + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in err.absolute_path)
            self.add(path, where.lstrip(".") or "(top level)", _schema_message(err))
        return not errors


_VALIDATORS: dict[int, tuple] = {}


def _validators(schema: dict) -> tuple:
    """(fast yes/no check, full validator) per schema, compiled once.

    fastjsonschema compiles the schema to Python and checks 100,000 events in seconds; jsonschema then runs only on
    data that failed, to report every problem with its place (fastjsonschema stops at the first).
    """
    key = id(schema)
    if key not in _VALIDATORS:
        compiled = fastjsonschema.compile(schema)

        def fast(data) -> bool:
            try:
                compiled(data)
                return True
            except fastjsonschema.JsonSchemaException:
                return False

        _VALIDATORS[key] = (fast, jsonschema.Draft202012Validator(schema))
    return _VALIDATORS[key]


def _fast_validator(schema: dict):
    return _validators(schema)[0]


def _full_validator(schema: dict):
    return _validators(schema)[1]


def _schema_message(err: jsonschema.ValidationError) -> str:
    if err.validator == "additionalProperties":
        return f"unknown field(s): {err.message.split('(')[-1].rstrip(')')}"
    if err.validator == "required":
        return f"missing field: {err.message.split(' is a required')[0]}"
    return err.message


def parse_date(value: str) -> date:
    return date.fromisoformat(value)


def date_max() -> date:
    from datetime import timedelta

    return date.today() + timedelta(days=DATE_MAX_AHEAD_DAYS)


def date_range_problem(value: date) -> str | None:
    """Why a (real) date is outside the range the data may hold, or None."""
    if value < DATE_MIN or value > date_max():
        return f"{value.isoformat()} is outside the dates the data may hold ({DATE_MIN.isoformat()} to {date_max().isoformat()})"
    return None


def check_url(url: str) -> str | None:
    """Reason a source URL is unacceptable, or None. Only http(s) links to a named host are allowed."""
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in url:
        return f"source URL {url!r} is not an http(s) link"
    return None


def url_style(url: str) -> str | None:
    """Why a shipped source URL is not in its plain form, or None: a default port (``:443``) or a trailing dot in
    the host makes the same page look like another one. The loader holds every file to this, so the importers
    reject such URLs too (row by row) rather than write a file the loader refuses."""
    parsed = urlparse(url)
    host = parsed.netloc.rsplit("@", 1)[-1]
    default_port = {"https": ":443", "http": ":80"}.get(parsed.scheme)
    if default_port and host.endswith(default_port):
        return f"source URL {url!r} names the default port {default_port}: drop it"
    if host.split(":")[0].endswith("."):
        return f"source URL {url!r} has a trailing dot in its host: drop it"
    return None


def _source(d: dict) -> Source:
    """The one parser of a source object (claims, votes, assessments, events, stories)."""
    return Source(d["publisher"], d["title"], d["url"], parse_date(d["published"]))


def _vote(d: dict) -> Vote:
    """A vote that rejected a claim, typed once here so no reader parses its dict again."""
    return Vote(d["body"], d["resolution"], parse_date(d["date"]), d["in_favour"], d["against"], d["abstentions"],
                tuple(_source(s) for s in d["sources"]), d.get("title", ""), d.get("non_voting"))


def _check_sources(c: _Collector, path: Path, where: str, sources: list[dict]) -> None:
    for i, s in enumerate(sources):
        reason = check_url(s["url"]) or url_style(s["url"])
        if reason:
            c.add(path, f"{where}.sources[{i}]", reason)
        try:
            out_of_range = date_range_problem(parse_date(s["published"]))
            if out_of_range:
                c.add(path, f"{where}.sources[{i}]", f"published date {out_of_range}")
        except ValueError:
            c.add(path, f"{where}.sources[{i}]", f"published date {s['published']!r} is not a real date")


def _check_date(c: _Collector, path: Path, where: str, value: str) -> bool:
    try:
        out_of_range = date_range_problem(parse_date(value))
    except ValueError:
        c.add(path, where, f"{value!r} is not a real date")
        return False
    if out_of_range:
        c.add(path, where, out_of_range)
        return False
    return True


def _decimals(x: float) -> int:
    s = repr(float(x))
    return len(s.split(".")[1]) if "." in s and "e" not in s else 0


def _check_geometry(c: _Collector, path: Path, where: str, geom_json, allow_empty: bool = False) -> object | None:
    try:
        geom = shape(geom_json)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        c.add(path, where, f"geometry cannot be read: {exc}")
        return None
    coords = shapely.get_coordinates(geom)
    if len(coords) == 0 and allow_empty:
        return geom
    if len(coords) == 0:
        c.add(path, where, "geometry is empty")
        return None
    if not all(math.isfinite(v) for v in coords.ravel()):
        c.add(path, where, "geometry has NaN or infinite coordinates")
        return None
    if (abs(coords[:, 0]) > 180).any() or (abs(coords[:, 1]) > 90).any():
        c.add(path, where, "coordinates out of range (need lon -180..180, lat -90..90, lon/lat order)")
        return None
    if max(_decimals(v) for v in coords[:200].ravel()) > MAX_DECIMALS:
        c.add(path, where, f"coordinates have more than {MAX_DECIMALS} decimals")
    if not geom.is_valid:
        c.add(path, where, f"invalid geometry: {shapely.is_valid_reason(geom)}")
        return None
    return geom


# ----------------------------------------------------------------------------------------------------------------
# the files


def _load_regions(c: _Collector, paths: DataPaths) -> tuple[Region, ...]:
    fc = c.read_json(paths.regions)
    if fc is None:
        return ()
    if not isinstance(fc, dict) or not isinstance(fc.get("features"), list):
        c.add(paths.regions, "(top level)", "not a GeoJSON FeatureCollection with a list of features")
        return ()
    regions = []
    for i, feat in enumerate(fc["features"]):
        if not isinstance(feat, dict):
            c.add(paths.regions, f"features[{i}]", "a feature must be an object")
            continue
        props = feat.get("properties") or {}
        where = f"features[{i}] ({props.get('iso', '?')})"
        if not c.check_schema(paths.regions, props, schemas.REGION_PROPERTIES, f"features[{i}].properties"):
            continue
        if props["iso"] not in REGIONS_BY_ISO:
            c.add(paths.regions, where, f"{props['iso']} is not an ISO 3166-2:UA first-level code")
            continue
        geom = _check_geometry(c, paths.regions, where, feat.get("geometry"))
        if geom is None:
            continue
        regions.append(Region(props["iso"], props["name"], props["name_uk"], props["kind"], props["area_km2_official"], geom, area_km2(geom)))
    seen = [r.iso for r in regions]
    for iso in {i for i in seen if seen.count(i) > 1}:
        c.add(paths.regions, iso, "duplicate region")
    if not c.problems and sorted(seen) != sorted(REGIONS_BY_ISO):
        c.add(paths.regions, "", f"expected the 27 units, missing {sorted(set(REGIONS_BY_ISO) - set(seen))}")
    return tuple(sorted(regions, key=lambda r: r.iso))


def _load_claims(c: _Collector, paths: DataPaths) -> tuple[Claim, ...]:
    data = c.read_json(paths.claims)
    if data is None or not c.check_schema(paths.claims, data, schemas.CLAIMS_FILE):
        return ()
    claims = []
    for i, d in enumerate(data["claims"]):
        where = f"claims[{i}] ({d['id']})"
        _check_sources(c, paths.claims, where, d["sources"])
        votes_ok = True
        for j, vote in enumerate(d.get("rejected_by", [])):
            _check_sources(c, paths.claims, f"{where}.rejected_by[{j}]", vote["sources"])
            votes_ok &= _check_date(c, paths.claims, f"{where}.rejected_by[{j}].date", vote["date"])
        for iso in d["regions"]:
            if iso not in REGIONS_BY_ISO:
                c.add(paths.claims, where, f"{iso} is not an ISO 3166-2:UA first-level code")
        ok = _check_date(c, paths.claims, f"{where}.claimed_since", d["claimed_since"])
        if d.get("ratified") and not _check_date(c, paths.claims, f"{where}.ratified", d["ratified"]):
            ok = False
        if ok and votes_ok:
            claims.append(
                Claim(
                    d["id"],
                    tuple(d["regions"]),
                    parse_date(d["claimed_since"]),
                    parse_date(d["ratified"]) if d.get("ratified") else None,
                    d["title"],
                    d["description"],
                    tuple(_vote(v) for v in d.get("rejected_by", [])),
                    tuple(_source(s) for s in d["sources"]),
                )
            )
    _check_unique(c, paths.claims, [x["id"] for x in data["claims"]], "claim id")
    return tuple(sorted(claims, key=lambda x: x.claimed_since))


def snapshot_from_feature(props: dict, geom, provider: str = "shipped") -> ControlSnapshot:
    figures = tuple(
        PublishedFigure(parse_date(f["as_of"]), f.get("area_km2"), f.get("share_pct"), f.get("note") or "", _source(f["source"]))
        for f in props.get("published_figures", [])
    )
    return ControlSnapshot(
        id=props["id"],
        as_of=parse_date(props["as_of"]),
        label=props["label"],
        method=props["method"],
        confidence=props["confidence"],
        confidence_note=props["confidence_note"],
        approximate=props["approximate"],
        approximation_note=props.get("approximation_note", ""),
        sources=tuple(_source(s) for s in props["sources"]),
        geometry=geom,
        published_figures=figures,
        provider=props.get("provider", provider),
        # empty when a user's imported layer has no Ukrainian text: ControlSnapshot.text("uk") then gives the English
        label_uk=props.get("label_uk", ""),
        approximation_note_uk=props.get("approximation_note_uk", ""),
    )


def _load_russian_regions(c: _Collector, paths: DataPaths) -> tuple[RussianRegion, ...]:
    """Russia's border oblasts (optional file: a data root without it simply has no ground held inside Russia)."""
    if not paths.russian_border_regions.exists():
        return ()
    fc = c.read_json(paths.russian_border_regions)
    out = []
    for i, feat in enumerate((fc or {}).get("features", []) if isinstance(fc, dict) else []):
        props = feat.get("properties") or {}
        where = f"features[{i}] ({props.get('iso', '?')})"
        if props.get("iso") not in RUSSIAN_BORDER_BY_ISO:
            c.add(paths.russian_border_regions, where, f"{props.get('iso')!r} is not one of {sorted(RUSSIAN_BORDER_BY_ISO)}")
            continue
        geom = _check_geometry(c, paths.russian_border_regions, where, feat.get("geometry"))
        if geom is not None:
            out.append(RussianRegion(props["iso"], props.get("name", ""), props.get("name_uk", ""), geom))
    return tuple(out)


def _load_snapshots(c: _Collector, paths: DataPaths, folder: Path | None = None, allow_empty: bool = False) -> tuple[ControlSnapshot, ...]:
    """Built assessments of one layer: control snapshots (default) or, with ``folder`` and ``allow_empty``, the
    held-in-Russia assessments, where an empty area means that nothing is held from that date."""
    folder = folder or paths.control
    snapshots = []
    for path in sorted(folder.glob("*.geojson")) if folder.is_dir() else []:
        fc = c.read_json(path)
        if fc is None:
            continue
        feats = fc.get("features") if isinstance(fc, dict) else None
        if not isinstance(feats, list) or len(feats) != 1:
            c.add(path, "", "a control snapshot file holds exactly one feature")
            continue
        props = feats[0].get("properties") or {}
        if not c.check_schema(path, props, schemas.CONTROL_PROPERTIES, "features[0].properties"):
            continue
        if not _check_date(c, path, "as_of", props["as_of"]):
            continue
        if path.stem != props["as_of"]:
            c.add(path, "", f"file name must be its as_of date ({props['as_of']}.geojson)")
        if props["approximate"] and not props.get("approximation_note"):
            c.add(path, "approximation_note", "an approximate snapshot must say in words how it is approximate")
        _check_uk_assessment(c, path, props)
        _check_sources(c, path, "properties", props["sources"])
        for j, fig in enumerate(props.get("published_figures", [])):
            _check_sources(c, path, f"published_figures[{j}]", [fig["source"]])
        geom = _check_geometry(c, path, "features[0].geometry", feats[0].get("geometry"), allow_empty=allow_empty)
        if geom is not None:
            snapshots.append(snapshot_from_feature(props, geom))
    _check_unique(c, folder, [s.as_of.isoformat() for s in snapshots], "snapshot date")
    return tuple(sorted(snapshots, key=lambda s: s.as_of))


def event_from_dict(d: dict, provider: str = "shipped") -> Event:
    loc = d["location"]
    return Event(
        id=d["id"],
        date=parse_date(d["date"]),
        time_local=d.get("time_local"),
        title=d["title"],
        category=d["category"],
        location=Location(loc["name"], float(loc["lat"]), float(loc["lon"]), loc["precision"], loc["region"], loc["country"], loc["coordinates_source"]),
        description=d["description"],
        casualties=tuple(
            CasualtyReport(r["reported_by"], r["reported_at"], r.get("killed"), r.get("injured"), r.get("note"), _source(r["source"]))
            for r in d["casualties"]
        ),
        sources=tuple(_source(s) for s in d["sources"]),
        provider=provider,
        # empty when a user's imported event has no Ukrainian text: Event.text("uk") then gives the English text
        title_uk=d.get("title_uk", ""),
        description_uk=d.get("description_uk", ""),
    )


def _check_event(c: _Collector, path: Path, where: str, d: dict, geometry_by_iso: dict) -> bool:
    """The loader's checks of one event that passed the schema; False when it cannot be loaded at all.

    The importers run this very function on every event before writing anything (``event_problems``), so what
    they write is what the loader accepts."""
    if not _check_date(c, path, f"{where}.date", d["date"]):
        return False
    if not d["id"].startswith(d["date"]):
        c.add(path, where, f"id must start with the event's date {d['date']}")
    _check_sources(c, path, where, d["sources"])
    for j, r in enumerate(d["casualties"]):
        _check_sources(c, path, f"{where}.casualties[{j}]", [r["source"]])
        _check_date(c, path, f"{where}.casualties[{j}].reported_at", r["reported_at"][:10])
    loc = d["location"]
    if max(_decimals(loc["lat"]), _decimals(loc["lon"])) > MAX_DECIMALS:
        c.add(path, f"{where}.location", f"coordinates have more than {MAX_DECIMALS} decimals")
    if loc["region"] is not None:
        if loc["region"] not in REGIONS_BY_ISO:
            c.add(path, f"{where}.location.region", f"{loc['region']} is not an ISO 3166-2:UA first-level code")
            return False
        geom = geometry_by_iso.get(loc["region"])
        if geom is not None and geom.distance(Point(loc["lon"], loc["lat"])) > REGION_TOLERANCE_DEG:
            name = REGIONS_BY_ISO[loc["region"]].name
            c.add(path, f"{where}.location", f"point ({loc['lat']}, {loc['lon']}) is not in {loc['region']} ({name})")
    elif loc["country"] == "UA":
        c.add(path, f"{where}.location.region", "a place in Ukraine needs its region code")
    return True


def event_problems(d, geometry_by_iso: dict | None = None, file: str = "(import)") -> list[Problem]:
    """Every problem the loader would report for one event dict (schema, dates and their range, URLs, id, place).

    ``geometry_by_iso`` maps region codes to their outlines (for the point-in-region check)."""
    c = _Collector(Path("."))
    path = Path(file)
    if c.check_schema(path, d, schemas.EVENT):
        _check_event(c, path, "", d, geometry_by_iso or {})
    return c.problems


# Every event in a data root's events files carries its text in Ukrainian too, except in the files that
# `import events` writes (events/imported-<name>.json): a user's import keeps only what its source gave, and its
# events show the English text in Ukrainian (Event.text).
UK_EVENT_FIELDS = ("title_uk", "description_uk")
IMPORTED_EVENTS_PREFIX = "imported-"


def _check_uk_text(c: _Collector, path: Path, where: str, d: dict) -> None:
    if path.name.startswith(IMPORTED_EVENTS_PREFIX):
        return
    for k in UK_EVENT_FIELDS:
        if not d.get(k):
            c.add(path, f"{where}.{k}", f"missing field: {k} (the Ukrainian text of {k.removesuffix('_uk')})")


UK_ASSESSMENT_FIELDS = ("label_uk", "approximation_note_uk")


def _check_uk_assessment(c: _Collector, path: Path, props: dict) -> None:
    """A shipped assessment carries its label and approximation note in Ukrainian too (the Ukrainian interface shows
    them). A user's imported layer (``provider`` set, as ``import control`` writes it) keeps only what it was given."""
    if props.get("provider", "shipped") != "shipped":
        return
    for k in UK_ASSESSMENT_FIELDS:
        english = k.removesuffix("_uk")
        if props.get(english) and not props.get(k):
            c.add(path, k, f"missing field: {k} (the Ukrainian text of {english})")


def _load_events(c: _Collector, paths: DataPaths, regions: tuple[Region, ...]) -> tuple[Event, ...]:
    geometry_by_iso = {r.iso: r.geometry for r in regions}
    events, ids = [], []
    for path in sorted(paths.events.glob("*.json")):
        data = c.read_json(path)
        if data is None or not c.check_schema(path, data, schemas.EVENTS_FILE):
            continue
        for i, d in enumerate(data["events"]):
            where = f"events[{i}] ({d['id']})"
            ids.append(d["id"])
            _check_uk_text(c, path, where, d)
            if _check_event(c, path, where, d, geometry_by_iso):
                events.append(event_from_dict(d))
    _check_unique(c, paths.events, ids, "event id")
    return tuple(sorted(events, key=lambda e: (e.date, e.time_local or "", e.id)))




def _load_stories(c: _Collector, paths: DataPaths, atlas_events: dict[str, Event]) -> tuple[Story, ...]:
    """Classroom stories (``stories/*.json``): data files a teacher can write without code."""
    stories = []
    if not paths.stories.is_dir():
        return ()
    for path in sorted(paths.stories.glob("*.json")):
        data = c.read_json(path)
        if data is None or not c.check_schema(path, data, schemas.STORY_FILE):
            continue
        steps, ok = [], True
        for i, st in enumerate(data["steps"]):
            where = f"steps[{i}]"
            ok &= _check_date(c, path, f"{where}.date", st["date"])
            _check_sources(c, path, where, st["sources"])
            if st.get("region") and st["region"] not in REGIONS_BY_ISO:
                c.add(path, f"{where}.region", f"{st['region']} is not an ISO 3166-2:UA first-level code")
            if st.get("event") and st["event"] not in atlas_events:
                c.add(path, f"{where}.event", f"no event with id {st['event']!r}")
            if ok:
                steps.append(
                    StoryStep(
                        parse_date(st["date"]), st["title"], st["caption"], (float(st["center"][0]), float(st["center"][1])),
                        float(st["zoom"]), tuple(st.get("layers", DEFAULT_LAYERS)), st.get("window", "30"),
                        st.get("region"), st.get("event"), tuple(_source(s) for s in st["sources"]),
                        st["title_uk"], st["caption_uk"],
                    )
                )
        if path.stem != data["id"]:
            c.add(path, "id", f"file name must be the story id ({data['id']}.json)")
        if data.get("description") and not data.get("description_uk"):
            c.add(path, "description_uk", "missing field: the Ukrainian text of the description")
        if ok:
            stories.append(Story(data["id"], data["title"], data["language"], data.get("description", ""), tuple(steps),
                                 data["title_uk"], data.get("description_uk", "")))
    return tuple(stories)


def _check_unique(c: _Collector, path: Path, values: list[str], what: str) -> None:
    counts = Counter(values)
    for v in sorted(v for v, n in counts.items() if n > 1):
        c.add(path, v, f"duplicate {what}")


def _check_control_sources(c: _Collector, paths: DataPaths) -> None:
    """Each authored outline (control and held-in-Russia) is valid and its built file is current."""
    from .frontlines import LAYERS

    for layer in LAYERS:
        _check_layer_sources(c, paths, layer)


def _check_layer_sources(c: _Collector, paths: DataPaths, layer) -> None:
    from .frontlines import FrontlineError, built_path, built_text, load_regions, source_files

    srcs = source_files(paths, layer)
    if not srcs or not getattr(paths, layer.clip_to).exists():
        return
    try:
        regions, clip = load_regions(paths, layer)
    except Exception:  # regions problems are reported by _load_regions
        return
    for src in srcs:
        data = c.read_json(src)
        if data is None or not c.check_schema(src, data, schemas.CONTROL_SOURCE_FILE):
            continue
        if src.stem != data["as_of"]:
            c.add(src, "", f"file name must be its as_of date ({data['as_of']}.json)")
        _check_uk_assessment(c, src, data)
        try:
            text = built_text(src, regions, clip, layer)
        except FrontlineError as exc:
            c.add(src, "", str(exc))
            continue
        out = built_path(paths, src, layer)
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            c.add(out, "", "built file is not current: run `python -m conflictmap build-control`")




def _read(paths: DataPaths, check_builds: bool = True) -> tuple[_Collector, Atlas]:
    c = _Collector(paths.root)
    regions = _load_regions(c, paths)
    neighbours = c.read_json(paths.neighbours) if paths.neighbours.exists() else {"type": "FeatureCollection", "features": []}
    claims = _load_claims(c, paths)
    snapshots = _load_snapshots(c, paths)
    russian_regions = _load_russian_regions(c, paths)
    held_in_russia = _load_snapshots(c, paths, paths.held_in_russia, allow_empty=True)
    if check_builds:
        _check_control_sources(c, paths)
    events = _load_events(c, paths, regions)
    stories = _load_stories(c, paths, {e.id: e for e in events})
    atlas = Atlas(paths.root, regions, neighbours or {}, claims, snapshots, events, stories, held_in_russia=held_in_russia, russian_regions=russian_regions)
    return c, atlas


def _check_loaded(c: _Collector, paths: DataPaths, atlas: Atlas) -> None:
    """What the pages and commands rely on beyond each file's own checks: a neighbours FeatureCollection (the base
    map draws it) and some dated data (the date slider needs a first and a last date)."""
    nb = atlas.neighbours
    if not isinstance(nb, dict) or not isinstance(nb.get("features", []), list) or not all(isinstance(f, dict) for f in nb.get("features", [])):
        c.add(paths.neighbours, "(top level)", "not a GeoJSON FeatureCollection with a list of feature objects")
    if not (atlas.claims or atlas.snapshots or atlas.events) and not c.problems:
        c.add(paths.root, "", "no claims, control snapshots or events: there is nothing dated to show")


def _read_checked(paths: DataPaths, check_builds: bool = True) -> tuple[_Collector, Atlas]:
    c, atlas = _read(paths, check_builds=check_builds)
    _check_loaded(c, paths, atlas)
    return c, atlas


def validate(paths: DataPaths | None = None) -> list[Problem]:
    """Every problem in the data root, in file order."""
    c, _ = _read_checked(paths or data_paths())
    return c.problems


def load_atlas(paths: DataPaths | None = None) -> Atlas:
    """The data root as one immutable Atlas; raises DataError listing every problem."""
    # Whether built control files match their sources is a maintainer's check (validate, tests, CI); rebuilding
    # every front line here would only slow the app's start.
    c, atlas = _read_checked(paths or data_paths(), check_builds=False)
    if c.problems:
        raise DataError(c.problems)
    return atlas
