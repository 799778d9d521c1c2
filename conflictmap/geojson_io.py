"""Reading and writing GeoJSON files the same way everywhere (stable, diff-friendly, atomic)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def dumps_geojson(features: list[dict], meta: dict | None = None) -> str:
    """One feature per line: small diffs when one feature changes."""
    head = {"type": "FeatureCollection"}
    if meta:
        head["metadata"] = meta
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [']
    for i, feat in enumerate(features):
        sep = "," if i < len(features) - 1 else ""
        lines.append(json.dumps(feat, ensure_ascii=False, separators=(",", ":")) + sep)
    lines.append("]}")
    return "\n".join(lines) + "\n"


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import: os.umask() can only be read by setting it, which is not safe while other threads create files.
_UMASK = _read_umask()


def atomic_write_text(path: Path, text: str) -> None:
    """Write text (UTF-8, LF line ends) atomically; see ``atomic_write_bytes``."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename: no half-written file on a crash.

    mkstemp creates 0600 files; the result gets the permissions a plain ``open()`` would give (0644 under the
    usual umask 022), so a server running as another user can read what an import, a build or an export wrote.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_geojson(path: Path, features: list[dict], meta: dict | None = None) -> None:
    atomic_write_text(path, dumps_geojson(features, meta))


def read_geojson(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
