"""KML and KMZ control layers, parsed with ``defusedxml`` only (never the standard-library parser on untrusted input).

Refused with a reason: DTDs, entity declarations (billion laughs), external entities; KMZ archives with more than
1,000 members, a total uncompressed size over 100 MB or a member whose compression ratio is over 100 (all checked
from the archive's directory before anything is unpacked, and each member is read with a hard size cap too).
Polygons are read from every ``Polygon`` (outer and inner boundaries) in any ``Placemark``/``MultiGeometry``; the
date comes from an ``as_of``/``date`` ExtendedData value, a ``<TimeStamp><when>``, or the file name.
"""

from __future__ import annotations

import io
import math
import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import ParseError

import defusedxml
from defusedxml.ElementTree import fromstring
from shapely.geometry import Polygon

from .common import Unusable, read_bytes
from .control import MAX_VERTICES, Layer, area_from_geometry, date_from_name, date_from_properties

MAX_MEMBERS = 1000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
MAX_KML_BYTES = 100 * 1024 * 1024
# What opening or unpacking a damaged or unusual archive raises (a corrupt deflate stream is a zlib.error; an entry
# needing a newer zip version, NotImplementedError)
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, OSError, EOFError, ValueError, zlib.error)


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def parse_xml(data: bytes, name: str):
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except defusedxml.DTDForbidden:
        raise Unusable(f"{name}: refused: the XML declares a DTD (entity expansion and external entities are not allowed)") from None
    except defusedxml.EntitiesForbidden:
        raise Unusable(f"{name}: refused: the XML declares entities (possible entity-expansion attack)") from None
    except defusedxml.ExternalReferenceForbidden:
        raise Unusable(f"{name}: refused: the XML refers to external entities") from None
    except defusedxml.DefusedXmlException as exc:
        raise Unusable(f"{name}: refused unsafe XML: {exc}") from None
    except ParseError as exc:
        raise Unusable(f"{name}: not well-formed XML ({exc})") from None
    except (ValueError, RecursionError) as exc:
        raise Unusable(f"{name}: cannot parse XML ({type(exc).__name__})") from None


def _ring(el, budget: list[int]) -> list[tuple[float, float]]:
    coords = next((c for c in el.iter() if _local(c.tag) == "coordinates"), None)
    if coords is None or not (coords.text or "").strip():
        raise ValueError("a boundary has no coordinates")
    out = []
    for tup in coords.text.split():
        budget[0] -= 1
        if budget[0] < 0:
            raise OverflowError(f"over {MAX_VERTICES:,} vertices")
        parts = tup.split(",")
        if len(parts) < 2:
            raise ValueError(f"coordinate {tup[:40]!r} is not lon,lat[,alt]")
        lon, lat = float(parts[0]), float(parts[1])
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise ValueError("NaN or infinite coordinate")
        out.append((lon, lat))
    if len(out) < 4:
        raise ValueError("a ring needs at least 4 coordinates")
    return out


def layer_from_kml(data: bytes, name: str) -> Layer:
    root = parse_xml(data, name)
    layer = Layer(name, None)
    props = {}
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "Data" and el.get("name") in ("as_of", "date"):
            val = next((c.text for c in el if _local(c.tag) == "value"), None)
            props.setdefault(el.get("name"), (val or "").strip())
        elif tag == "SimpleData" and el.get("name") in ("as_of", "date"):
            props.setdefault(el.get("name"), (el.text or "").strip())
        elif tag == "when" and el.text:
            props.setdefault("date", el.text.strip())
    layer.as_of = date_from_properties(props) or date_from_name(name)
    budget = [MAX_VERTICES]
    for i, poly in enumerate(el for el in root.iter() if _local(el.tag) == "Polygon"):
        try:
            outer = next((c for c in poly if _local(c.tag) == "outerBoundaryIs"), None)
            if outer is None:
                raise ValueError("a Polygon has no outerBoundaryIs")
            holes = [_ring(c, budget) for c in poly if _local(c.tag) == "innerBoundaryIs"]
            geom = Polygon(_ring(outer, budget), holes)
        except OverflowError as exc:
            layer.error(i, "geometry", f"{exc} in this file; the rest is skipped")
            break
        except (ValueError, TypeError) as exc:
            layer.error(i, "geometry", f"Polygon cannot be read: {exc}; skipped")
            continue
        area_from_geometry(layer, i, geom)
    if not any(True for el in root.iter() if _local(el.tag) == "Polygon"):
        layer.error(None, "geometry", "no Polygon elements in this KML")
    return layer


def read_kml(path: Path) -> Layer:
    path = Path(path)
    data = read_bytes(path)
    if not data.strip():
        raise Unusable(f"{path.name}: file is empty")
    return layer_from_kml(data, path.name)


def check_zip(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse archive bombs from the directory alone, before unpacking anything."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise Unusable(f"{name}: refused: {len(infos):,} members in the archive (limit {MAX_MEMBERS:,})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise Unusable(f"{name}: refused: archive unpacks to {total:,} bytes (limit {MAX_UNCOMPRESSED:,})")
    for i in infos:
        if i.file_size > 0 and i.file_size / max(i.compress_size, 1) > MAX_RATIO:
            raise Unusable(f"{name}: refused: member {i.filename[:100]!r} has compression ratio "
                           f"{i.file_size / max(i.compress_size, 1):,.0f} (limit {MAX_RATIO}): possible zip bomb")


def read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """One member's bytes, read no further than its declared size (and MAX_KML_BYTES): a member whose stream is
    longer than its entry says is refused, whatever the header claimed."""
    with zf.open(info) as f:
        data = f.read(min(info.file_size, MAX_KML_BYTES) + 1)
    if len(data) > min(info.file_size, MAX_KML_BYTES):
        raise Unusable(f"{name}: member {info.filename[:100]!r} is larger than its archive entry declares")
    return data


def read_kmz(path: Path) -> Layer:
    path = Path(path)
    data = read_bytes(path)
    if not data.strip():
        raise Unusable(f"{path.name}: file is empty")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise Unusable(f"{path.name}: not a KMZ (zip) archive: {exc}") from None
    with zf:
        try:
            check_zip(zf, path.name)
            kmls = [i for i in zf.infolist() if i.filename.lower().endswith(".kml") and not i.is_dir()]
            if not kmls:
                raise Unusable(f"{path.name}: no .kml file inside the KMZ")
            member = next((i for i in kmls if i.filename.lower() == "doc.kml"), kmls[0])
            kml = read_member(zf, member, path.name)
        except Unusable:
            raise
        except ZIP_ERRORS as exc:
            raise Unusable(f"{path.name}: cannot unpack the KMZ: {exc}") from None
    layer = layer_from_kml(kml, path.name)
    layer.file = path.name
    return layer
