"""Shared by the importers: bounded reading, text cleaning, event validation and Ukraine's geometry."""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import shapely
import shapely.ops
from shapely.geometry import Point, shape

from ..catalog import REGION_TOLERANCE_DEG, event_problems
from ..paths import DataPaths

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_TEXT = 5000
MAX_SHORT_TEXT = 300
COORD_DECIMALS = 6

# C0/C1 controls (not tab/newline), line/paragraph separators, BOM, bidi overrides ("Trojan source" text), and lone
# surrogates (JSON's "\ud800" escapes decode to them; they cannot be written as UTF-8 or sent to a browser)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff\ud800-\udfff]")


class Unusable(Exception):
    """The input as a whole cannot be used; the message says why."""


def check_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> int:
    """The size of a regular file within ``limit``; raises Unusable for anything else (a folder, a FIFO, /dev/zero)."""
    path = Path(path)
    try:
        if not path.is_file():
            raise Unusable(f"{path.name}: not a file (or it does not exist)")
        size = path.stat().st_size
    except OSError as exc:
        raise Unusable(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    if size > limit:
        raise Unusable(f"{path.name}: file is {size:,} bytes, over the {limit:,}-byte limit")
    return size


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing (before reading) files over ``limit`` and anything that is not a regular file."""
    path = Path(path)
    check_regular_file(path, limit)
    try:
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        raise Unusable(f"{path.name}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise Unusable(f"{path.name}: file grew past the {limit:,}-byte limit while reading")
    return data


def decode_text(data: bytes, name: str) -> str:
    if not data.strip():
        raise Unusable(f"{name}: file is empty")
    if b"\x00" in data[:65536]:
        raise Unusable(f"{name}: binary data, not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unusable(f"{name}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None


def clean_text(value, limit: int = MAX_TEXT, one_line: bool = False) -> str:
    """Text kept as text (escaping happens when rendered), minus NUL/control characters, trimmed and capped."""
    s = "" if value is None else str(value)
    s = unicodedata.normalize("NFC", s)
    s = _CONTROL_CHARS.sub("", s)
    if one_line:
        s = re.sub(r"\s+", " ", s)
    s = s.strip()
    if len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


def parse_number(value, what: str) -> float:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(f"{what} is missing")
    if isinstance(value, bool):
        raise ValueError(f"{what} {value!r} is not a number")
    try:
        v = float(str(value).strip()) if not isinstance(value, (int, float)) else float(value)
    except OverflowError:  # an integer too large for a float, e.g. a coordinate written with 400 digits
        raise ValueError(f"{what} is too large to be a number here") from None
    except ValueError:
        raise ValueError(f"{what} {clean_text(value, 40)!r} is not a number") from None
    if not math.isfinite(v):
        raise ValueError(f"{what} is not a finite number")
    return v


def parse_coords(lat, lon) -> tuple[float, float]:
    la, lo = parse_number(lat, "latitude"), parse_number(lon, "longitude")
    if not -90 <= la <= 90:
        raise ValueError(f"latitude {la} is out of range (-90..90)")
    if not -180 <= lo <= 180:
        raise ValueError(f"longitude {lo} is out of range (-180..180)")
    return round(la, COORD_DECIMALS), round(lo, COORD_DECIMALS)


def parse_count(value, what: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    v = parse_number(value, what)
    if v < 0 or v != int(v) or v > 10_000_000:
        raise ValueError(f"{what} {v:g} is not a whole number of people")
    return int(v)


def parse_iso_date(value, what: str = "date") -> date:
    s = clean_text(value, 40)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise ValueError(f"{what} {s!r} is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(s)
    except ValueError:
        raise ValueError(f"{what} {s!r} is not a real date") from None


def slug(text: str, limit: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return s[:limit].strip("-")


def validate_event(d: dict, geo: Geo | None = None) -> tuple[str | None, str] | None:
    """(field, reason) of the first problem with an event dict, or None when it is fine.

    The checks are the loader's own (``catalog.event_problems``: schema, real dates within the data's range, source
    URLs in their plain form, id/date, point in its region), so an event that passes here is one the data root
    loads."""
    problems = event_problems(d, dict(geo.regions) if geo is not None else None)
    if not problems:
        return None
    p = problems[0]
    return (p.where.lstrip(".") or None), clean_text(p.reason, 300)


@dataclass(frozen=True, eq=False)
class Geo:
    """Ukraine's 27 units from a data root's geodata/regions.geojson (read without loading the whole atlas)."""

    paths: DataPaths

    @cached_property
    def regions(self) -> list[tuple[str, object]]:
        try:  # bounded, regular files only: a regions.geojson that is /dev/zero or a FIFO must not hang an import
            fc = json.loads(read_bytes(self.paths.regions).decode("utf-8"))
        except (ValueError, RecursionError) as exc:
            raise Unusable(f"{self.paths.regions}: cannot be read ({clean_text(exc, 120)}); run `python -m conflictmap validate`") from None
        out = []
        for feat in fc.get("features", []):
            geom = shape(feat["geometry"])
            shapely.prepare(geom)
            out.append((feat["properties"]["iso"], geom))
        return out

    @cached_property
    def ukraine(self):
        u = shapely.union_all([g for _, g in self.regions])
        return shapely.make_valid(u) if not u.is_valid else u

    def region_at(self, lon: float, lat: float) -> str | None:
        pt = Point(lon, lat)
        for iso, g in self.regions:
            if g.covers(pt):
                return iso
        best = min(self.regions, key=lambda r: r[1].distance(pt), default=None)
        return best[0] if best is not None and best[1].distance(pt) <= REGION_TOLERANCE_DEG else None

    def near_region(self, iso: str, lon: float, lat: float) -> bool:
        for i, g in self.regions:
            if i == iso:
                return g.distance(Point(lon, lat)) <= REGION_TOLERANCE_DEG
        return False


def existing_event_ids(paths: DataPaths, skip: Path | None = None) -> set[str]:
    """Ids already used by the data root's event files (an import must not duplicate them)."""
    ids: set[str] = set()
    if not paths.events.is_dir():
        return ids
    for p in sorted(paths.events.glob("*.json")):
        if skip is not None and p.resolve() == Path(skip).resolve():
            continue
        try:
            if not p.is_file():  # a folder, device, pipe, broken symlink or loop: validate names it
                continue
            data = json.loads(read_bytes(p).decode("utf-8"))
            ids.update(e["id"] for e in data.get("events", []) if isinstance(e, dict) and isinstance(e.get("id"), str))
        except (OSError, ValueError, AttributeError, RecursionError, Unusable):
            continue
    return ids


COUNTRY_CODES = {
    "ukraine": "UA", "russia": "RU", "belarus": "BY", "moldova": "MD", "poland": "PL", "romania": "RO",
    "hungary": "HU", "slovakia": "SK", "georgia": "GE", "turkey": "TR", "bulgaria": "BG",
}


SEA_SNAP_DEG = 0.5  # about 40-55 km: Ukraine's islands and coastal waters (Snake Island lies ~35 km offshore)


def locate(geo: Geo, lat: float, lon: float, named_iso: str | None, country: str | None) -> tuple[str | None, str, float, float, str]:
    """(region ISO code or None, country code, lat, lon, note) for a point.

    The region is the named one when the point lies in it, else the one the point lies in. A point outside Ukraine
    with another country keeps no region. A point just off Ukraine's coast (at sea, or on an island the generalised
    outlines leave out) with its unit named is moved to the nearest point of that unit's outline, and ``note`` says
    so with the original coordinates: the data files require a point to sit in its region. Raises ValueError when
    nothing fits."""
    at = geo.region_at(lon, lat)
    if at is None:
        if country not in (None, "UA"):
            return None, country, lat, lon, ""
        if named_iso:
            for iso, g in geo.regions:
                if iso == named_iso and g.distance(Point(lon, lat)) <= SEA_SNAP_DEG:
                    near = shapely.ops.nearest_points(g, Point(lon, lat))[0]
                    nlat, nlon = round(near.y, COORD_DECIMALS), round(near.x, COORD_DECIMALS)
                    note = f"given at ({lat}, {lon}), off the unit's outline; shown at its nearest point ({nlat}, {nlon})"
                    return named_iso, "UA", nlat, nlon, note
        raise ValueError(f"point ({lat}, {lon}) lies outside Ukraine's recognised borders and no other country is given")
    if named_iso and geo.near_region(named_iso, lon, lat):
        return named_iso, "UA", lat, lon, ""
    return at, "UA", lat, lon, ""
