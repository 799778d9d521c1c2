"""GIS files (Shapefile, zipped Shapefile, GeoPackage, FlatGeobuf, GeoParquet) read with geopandas.

pyogrio (GDAL) reads Shapefile, GeoPackage and FlatGeobuf; its bundled GDAL has no Parquet driver, so GeoParquet is
read by geopandas with pyarrow. Before any feature is read: the file must be a regular file within the size limit
(a shapefile counts its sidecars too), its first bytes must be those of the format its suffix names (``SIGNATURES``),
a zipped shapefile's members are checked (``shapezip``), the number of features must be within ``MAX_FEATURES``, and
a Parquet file must decode to at most ``MAX_DECODED_BYTES``. Every layer comes back in WGS84 longitude/latitude: a
layer with another CRS is reprojected (ISW's shapefiles are often in Web Mercator); a layer with no CRS is taken as
WGS84 only when its coordinates are in range, otherwise the file is refused with a reason that names it.

Control layers and events are then built by the same code as the GeoJSON/KML readers (``control.area_from_geometry``
and ``geojson.events_from_features``), so the validation, clipping and date rules are the same.
"""

from __future__ import annotations

import json
import math
import tempfile
import warnings
from datetime import date, datetime
from pathlib import Path

import numpy as np
import shapely

from .common import MAX_FILE_BYTES, Unusable, check_regular_file, clean_text
from .control import MAX_VERTICES, Layer, area_from_geometry, date_from_name, date_from_properties
from .report import ImportReport
from .shapezip import REQUIRED_PARTS, SHAPEFILE_PARTS, extract_shapefiles

MAX_FEATURES = 1_000_000
MAX_LAYERS = 20
MAX_DECODED_BYTES = 1024**3  # a GeoParquet file may decode to 1 GiB in memory (a 200 MB GeoJSON takes about as much)
BATCH_BYTES = 64 * 1024 * 1024  # what one batch of the Parquet check may decode to, per column
WGS84 = "EPSG:4326"


def _gdal_errors():
    import pyogrio.errors

    return (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, pyogrio.errors.FieldError,
            pyogrio.errors.GeometryError, pyogrio.errors.FeatureError, pyogrio.errors.CRSError)


def _check_shapefile(path: Path) -> None:
    """A .shp with its .shx and .dbf beside it, all parts together within the size limit."""
    total = check_regular_file(path)
    for suffix in REQUIRED_PARTS[1:]:
        if not any(path.with_suffix(s).is_file() for s in (suffix, suffix.upper())):
            raise Unusable(f"{path.name}: no {path.stem}{suffix} beside it (a shapefile needs its .shp, .shx and .dbf)")
    for suffix in SHAPEFILE_PARTS[1:]:
        for part in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
            if part.exists():
                total += check_regular_file(part)
    if total > MAX_FILE_BYTES:
        raise Unusable(f"{path.name}: the shapefile's parts are {total:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")


# GDAL picks its driver from a file's content, not its name, and some drivers read other files or URLs (a VRT is XML
# naming any path; WMS and others fetch). So a file goes to GDAL only when its first bytes are the named format's.
SIGNATURES = {
    ".shp": ("Shapefile", lambda head: head[:4] == b"\x00\x00\x27\x0a"),  # file code 9994, big-endian
    ".gpkg": ("GeoPackage", lambda head: head[:16] == b"SQLite format 3\x00" and head[68:72] in (b"GPKG", b"GP10", b"GP11")),
    ".fgb": ("FlatGeobuf", lambda head: head[:3] == b"fgb" and head[4:7] == b"fgb"),
    ".parquet": ("GeoParquet", lambda head: head[:4] == b"PAR1"),
}


def check_signature(path: Path, name: str) -> None:
    """Refuse a file whose first bytes are not those of the format its suffix names."""
    kind, matches = SIGNATURES[path.suffix.lower()]
    with path.open("rb") as f:
        head = f.read(100)
    if not matches(head):
        raise Unusable(f"{name}: not a {kind} file (its first bytes are not a {kind}'s)")


def _in_wgs84(gdf, name: str):
    """The layer in WGS84 lon/lat: reprojected when it has another CRS; without one, only if it already looks so."""
    if gdf.crs is None:
        bounds = gdf.total_bounds
        if np.isfinite(bounds).all() and not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
            raise Unusable(f"{name}: the file has no coordinate reference system and its coordinates are not longitude/latitude "
                           f"degrees (bounds {', '.join(f'{b:,.0f}' for b in bounds)}); save it with its CRS (a .prj for a shapefile)")
        return gdf.set_crs(WGS84)
    try:
        return gdf.to_crs(WGS84)
    except Exception as exc:  # pyproj raises several kinds for a CRS it cannot transform
        raise Unusable(f"{name}: cannot reproject from {clean_text(gdf.crs, 80)} to WGS84: {clean_text(exc, 160)}") from None


def _read_ogr(path: Path, name: str) -> list[tuple[str, object]]:
    import pyogrio

    try:
        with warnings.catch_warnings():  # GDAL's warnings (e.g. an unclosed ring it closes) would reach stderr; the
            warnings.simplefilter("ignore", RuntimeWarning)  # geometry checks report what matters, per feature
            return _read_ogr_layers(pyogrio, path, name)
    except (*_gdal_errors(), ValueError, UnicodeError, RuntimeError, OSError) as exc:
        raise Unusable(f"{name}: cannot be read as a GIS file: {clean_text(exc, 200, one_line=True)}") from None


def _read_ogr_layers(pyogrio, path: Path, name: str) -> list[tuple[str, object]]:
    layers = [str(row[0]) for row in pyogrio.list_layers(str(path))]
    if len(layers) > MAX_LAYERS:
        raise Unusable(f"{name}: refused: {len(layers)} layers (limit {MAX_LAYERS})")
    counts = [pyogrio.read_info(str(path), layer=layer)["features"] for layer in layers]
    if sum(max(c, 0) for c in counts) > MAX_FEATURES:
        raise Unusable(f"{name}: {sum(counts):,} features, over the {MAX_FEATURES:,} limit")
    frames = [(layer, pyogrio.read_dataframe(str(path), layer=layer, on_invalid="ignore", max_features=MAX_FEATURES + 1))
              for layer in layers]  # a driver that cannot count in advance (-1) still stops past the limit
    if sum(len(frame) for _, frame in frames) > MAX_FEATURES:
        raise Unusable(f"{name}: over {MAX_FEATURES:,} features")
    return frames


def _check_parquet(path: Path, name: str) -> None:
    """Refuse a Parquet file that would decode to more than ``MAX_DECODED_BYTES`` (compressed or dictionary-encoded
    pages can expand a small file a thousandfold), before geopandas reads it all into memory.

    The file's directory gives the rows and the bytes it declares once uncompressed; then the data is decoded in
    batches, each small enough that even one value as large as the largest column chunk stays bounded, and counted."""
    import pyarrow.parquet

    parquet = pyarrow.parquet.ParquetFile(str(path))
    meta = parquet.metadata
    if meta.num_rows > MAX_FEATURES:
        raise Unusable(f"{name}: {meta.num_rows:,} features, over the {MAX_FEATURES:,} limit")
    chunks = [meta.row_group(g).column(c).total_uncompressed_size for g in range(meta.num_row_groups) for c in range(meta.num_columns)]
    if sum(chunks) > MAX_DECODED_BYTES:
        raise Unusable(f"{name}: refused: the file declares {sum(chunks):,} bytes uncompressed (limit {MAX_DECODED_BYTES:,})")
    decoded = 0
    for batch in parquet.iter_batches(batch_size=max(1, min(65_536, BATCH_BYTES // max(*chunks, 1)))):
        decoded += batch.get_total_buffer_size()
        if decoded > MAX_DECODED_BYTES:
            raise Unusable(f"{name}: refused: the data decodes to more than {MAX_DECODED_BYTES:,} bytes (possible Parquet bomb)")


def _read_parquet(path: Path, name: str) -> list[tuple[str, object]]:
    import geopandas
    import pyarrow

    try:
        _check_parquet(path, name)
        return [(path.stem, geopandas.read_parquet(str(path)))]
    except (pyarrow.ArrowException, ValueError, TypeError, OSError) as exc:
        raise Unusable(f"{name}: cannot be read as GeoParquet: {clean_text(exc, 200, one_line=True)}") from None


def read_layers(path: Path) -> list[tuple[str, object]]:
    """(layer name, GeoDataFrame in WGS84) for every layer of a GIS file; raises Unusable naming the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".zip":
        with tempfile.TemporaryDirectory(prefix="conflictmap-shp-") as tmp:
            out = []
            for member, shp in extract_shapefiles(path, Path(tmp)):
                label = f"{path.name}:{member}"
                check_signature(shp, label)
                out += [(member, _in_wgs84(gdf, label)) for _, gdf in _read_ogr(shp, label)]
            return out
    if suffix == ".shp":
        _check_shapefile(path)
    else:
        check_regular_file(path)
    if suffix not in SIGNATURES:
        raise Unusable(f"{path.name}: a GIS file must be named .zip, {', '.join(SIGNATURES)} (its suffix says which format it is)")
    check_signature(path, path.name)
    raw = _read_parquet(path, path.name) if suffix == ".parquet" else _read_ogr(path, path.name)
    if not raw:
        raise Unusable(f"{path.name}: the file holds no layers")
    return [(layer, _in_wgs84(gdf, path.name)) for layer, gdf in raw]


def plain(value):
    """A cell as JSON-like Python: dates as YYYY-MM-DD (or full ISO with a time), missing as None, numpy as Python,
    and JSON text (a list or object, as ``events --format geoparquet`` writes ``sources``) parsed back."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values (a null date is NaT)
        return None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() and value.tzinfo is None else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return value
    return value


def _rows(gdf):
    """(properties, geometry) of each feature, in file order."""
    columns = [c for c in gdf.columns if c != gdf.geometry.name]
    for values, geom in zip(gdf[columns].itertuples(index=False, name=None), gdf.geometry, strict=True):
        yield {str(c): plain(v) for c, v in zip(columns, values, strict=True)}, geom


def read_control_layers(path: Path) -> list[Layer]:
    """One control Layer per layer of the file (several layers of one date merge into one snapshot, like files)."""
    path = Path(path)
    found = read_layers(path)
    layers = []
    for name, gdf in found:
        one = len(found) == 1 and path.suffix.lower() != ".zip"
        layer = Layer(path.name if one else f"{path.name}:{name}", None)
        budget = MAX_VERTICES
        for i, (props, geom) in enumerate(_rows(gdf)):
            layer.as_of = layer.as_of or date_from_properties(props)
            budget -= int(shapely.get_num_coordinates(geom)) if geom is not None else 0
            if budget < 0:
                layer.error(i, "geometry", f"over {MAX_VERTICES:,} vertices in this layer; the rest is skipped")
                break
            area_from_geometry(layer, i, geom)
        layer.as_of = layer.as_of or date_from_name(Path(name).name) or date_from_name(path.name)
        layers.append(layer)
    return layers


def event_features(path: Path, report: ImportReport) -> list[dict] | None:
    """The file's one layer as GeoJSON-like features for ``geojson.events_from_features`` (None after failing the
    report when the file is unusable or holds several layers: which one holds the events would be a guess)."""
    path = Path(path)
    try:
        layers = read_layers(path)
    except Unusable as exc:
        report.fail(str(exc), "feature")
        return None
    if len(layers) != 1:
        report.fail(f"{path.name}: {len(layers)} layers ({', '.join(n for n, _ in layers)[:200]}); events are read from a file "
                    "with exactly one layer", "feature")
        return None
    feats = []
    for props, geom in _rows(layers[0][1]):
        if geom is not None and geom.geom_type == "Point" and not geom.is_empty:
            geometry = {"type": "Point", "coordinates": [float(geom.x), float(geom.y)]}
        else:
            geometry = {"type": geom.geom_type if geom is not None else None}
        feats.append({"type": "Feature", "id": props.get("id"), "properties": props, "geometry": geometry})
    return feats
