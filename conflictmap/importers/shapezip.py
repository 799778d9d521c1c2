"""Zipped shapefiles, unpacked safely: every member is checked from the archive's directory before any is read.

Refused with a reason that names the archive: more members, more declared bytes or a higher compression ratio than
a KMZ may have (``kml.check_zip``: zip bombs), a member whose name leads outside the archive (``../x.shp``,
``/etc/x.shp``, ``C:\\x.shp``), a member that is a symbolic link, a member that unpacks to more bytes than its entry
declares, and a ``.shp`` without its ``.shx`` and ``.dbf``. Each shapefile's parts are written under names of our
own (``layer0.shp``…) into a private folder the caller owns, so no name from the archive ever becomes a path.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from pathlib import Path, PurePosixPath

from .common import Unusable, read_bytes
from .kml import ZIP_ERRORS, check_zip, read_member

SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
REQUIRED_PARTS = (".shp", ".shx", ".dbf")
MAX_LAYERS = 20


def _unsafe_name(name: str) -> str | None:
    """Why a member's name is unsafe to unpack, or None."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or re.match(r"^[A-Za-z]:", posix):
        return "is an absolute path"
    if ".." in PurePosixPath(posix).parts:
        return "leads outside the archive (path traversal)"
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


def check_members(zf: zipfile.ZipFile, name: str) -> None:
    """Refuse a zip bomb, a traversing or absolute member name, or a symbolic link, before anything is unpacked."""
    check_zip(zf, name)
    for info in zf.infolist():
        shown = info.filename[:100]
        why = _unsafe_name(info.filename)
        if why:
            raise Unusable(f"{name}: refused: member {shown!r} {why}")
        if _is_symlink(info):
            raise Unusable(f"{name}: refused: member {shown!r} is a symbolic link")


def extract_shapefiles(path: Path, into: Path) -> list[tuple[str, Path]]:
    """(member name, unpacked .shp) for every shapefile in a zip archive, unpacked into the folder ``into``."""
    path = Path(path)
    data = read_bytes(path)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as exc:
        raise Unusable(f"{path.name}: not a zip archive: {exc}") from None
    out = []
    with zf:
        check_members(zf, path.name)
        by_stem: dict[str, dict[str, zipfile.ZipInfo]] = {}
        for info in zf.infolist():
            member = PurePosixPath(info.filename.replace("\\", "/"))
            suffix = member.suffix.lower()
            if info.is_dir() or suffix not in SHAPEFILE_PARTS or "__MACOSX" in member.parts:
                continue
            by_stem.setdefault(str(member.with_suffix("")), {})[suffix] = info
        stems = sorted(s for s, parts in by_stem.items() if ".shp" in parts)
        if not stems:
            raise Unusable(f"{path.name}: no .shp file inside the zip archive")
        if len(stems) > MAX_LAYERS:
            raise Unusable(f"{path.name}: refused: {len(stems)} shapefiles in the archive (limit {MAX_LAYERS})")
        for k, stem in enumerate(stems):
            parts = by_stem[stem]
            missing = [s for s in REQUIRED_PARTS if s not in parts]
            if missing:
                raise Unusable(f"{path.name}: {stem}.shp has no {' or '.join(missing)} beside it in the archive")
            try:
                for suffix, info in parts.items():
                    (into / f"layer{k}{suffix}").write_bytes(read_member(zf, info, path.name))
            except Unusable:
                raise
            except ZIP_ERRORS as exc:
                raise Unusable(f"{path.name}: cannot unpack {parts['.shp'].filename[:100]!r}: {exc}") from None
            out.append((parts[".shp"].filename, into / f"layer{k}.shp"))
    return out
