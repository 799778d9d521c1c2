"""Region boundaries: the 27 units, official names, areas, and a valid coverage."""

import shapely

from conflictmap.paths import REPO_DIR
from conflictmap.ukraine import AREA_CHECK_EXEMPT, REGION_TABLE, UKRAINE_AREA_KM2_OFFICIAL


def test_twenty_seven_units_with_official_names(atlas):
    assert [r.iso for r in atlas.regions] == sorted(r.iso for r in REGION_TABLE)
    names = {r.iso: r.name for r in atlas.regions}
    assert names["UA-32"] == "Kyiv Oblast" and names["UA-30"] == "Kyiv"
    assert names["UA-51"] == "Odesa Oblast" and names["UA-23"] == "Zaporizhzhia Oblast"
    assert names["UA-48"] == "Mykolaiv Oblast" and names["UA-43"] == "Autonomous Republic of Crimea"
    assert not any(bad in n for n in names.values() for bad in ("Kiev", "Odessa", "Zaporizhzhya", "Mykolayiv"))
    assert atlas.regions_by_iso["UA-65"].name_uk == "Херсонська область"


def test_computed_areas_match_official(atlas):
    for r in atlas.regions:
        if r.iso in AREA_CHECK_EXEMPT:
            continue
        assert abs(r.area_km2 - r.area_km2_official) / r.area_km2_official < 0.12, (r.iso, r.area_km2)
    total = sum(r.area_km2 for r in atlas.regions)
    assert abs(total - UKRAINE_AREA_KM2_OFFICIAL) / UKRAINE_AREA_KM2_OFFICIAL < 0.02


def test_coverage_is_valid_and_small(atlas):
    geoms = [r.geometry for r in atlas.regions]
    assert all(g.is_valid for g in geoms)
    assert shapely.coverage_is_valid(geoms), "neighbouring regions overlap or leave gaps"
    assert (REPO_DIR / "geodata" / "regions.geojson").stat().st_size <= 300_000


def test_crimea_and_sevastopol_are_ukrainian_units(atlas):
    assert {"UA-43", "UA-40"} <= set(atlas.regions_by_iso)
    assert atlas.region_at(34.10, 44.95).iso == "UA-43"  # Simferopol


def test_neighbours_do_not_cover_ukraine(atlas):
    from shapely.geometry import shape

    russia = next(shape(f["geometry"]) for f in atlas.neighbours["features"] if f["id"] == "RU")
    assert russia.intersection(atlas.ukraine).area < 0.01  # degrees²: only boundary slivers
    assert not russia.contains(shapely.Point(34.10, 44.95))  # Simferopol is not drawn as Russia


def test_ellipsoidal_areas_agree_with_an_equal_area_projection(atlas):
    """Cross-check of areas.area_km2 (geodesic, GRS80) against ETRS89-LAEA (EPSG:3035), an equal-area projection."""
    import numpy as np
    from pyproj import Transformer

    from conflictmap.areas import area_km2

    to_laea = Transformer.from_crs("EPSG:4326", "EPSG:3035", always_xy=True)
    for r in atlas.regions[:8]:
        projected = shapely.transform(r.geometry, lambda xy: np.column_stack(to_laea.transform(xy[:, 0], xy[:, 1])))
        assert abs(area_km2(r.geometry) - projected.area / 1e6) / r.area_km2 < 1e-4, r.iso
