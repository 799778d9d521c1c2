"""Front-end assets served locally, so the map works with no internet.

Leaflet, jQuery and Leaflet.markercluster come from their XStatic packages on PyPI (no vendored copies in the
repository). At start-up the app links or copies them into ``static/vendor/`` (git-ignored), which Streamlit serves
at ``/app/static/vendor/`` when ``server.enableStaticServing`` is on. The standalone HTML exports inline them.
"""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

from .paths import STATIC_DIR

VENDOR_DIR = STATIC_DIR / "vendor"
APP_VENDOR_URL = "/app/static/vendor"


def _packages() -> dict[str, Path]:
    import xstatic.pkg.jquery
    import xstatic.pkg.leaflet
    import xstatic.pkg.leaflet_markercluster

    return {
        "leaflet": Path(xstatic.pkg.leaflet.BASE_DIR),
        "jquery": Path(xstatic.pkg.jquery.BASE_DIR),
        "markercluster": Path(xstatic.pkg.leaflet_markercluster.BASE_DIR),
    }


# (package, file inside the package, kind) for each asset the map needs
ASSETS = {
    "leaflet_js": ("leaflet", "leaflet.js", "js"),
    "leaflet_css": ("leaflet", "leaflet.css", "css"),
    "jquery_js": ("jquery", "jquery.min.js", "js"),
    "markercluster_js": ("markercluster", "leaflet.markercluster.js", "js"),
    "markercluster_css": ("markercluster", "MarkerCluster.css", "css"),
    "markercluster_default_css": ("markercluster", "MarkerCluster.Default.css", "css"),
}


def asset_path(name: str) -> Path:
    pkg, file, _ = ASSETS[name]
    return _packages()[pkg] / file


def asset_url(name: str) -> str:
    pkg, file, _ = ASSETS[name]
    return f"{APP_VENDOR_URL}/{pkg}/{file}"


def ensure_vendor_assets() -> Path:
    """Copy the packaged assets into static/vendor/ if missing or different (cheap when already there)."""
    for pkg, src_dir in _packages().items():
        dest = VENDOR_DIR / pkg
        for src in [p for p in src_dir.rglob("*") if p.is_file() and not p.name.endswith(".map")]:
            target = dest / src.relative_to(src_dir)
            if not target.exists() or target.stat().st_size != src.stat().st_size:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, target)
    return VENDOR_DIR


DATA_DIR = STATIC_DIR / "data"
APP_DATA_URL = "/app/static/data"


STALE_TEMP_S = 600  # a temporary file this old in static/data belongs to a write that was killed


@functools.cache
def _clean_static_temp_files_once() -> None:
    """Once per server process: remove the temporaries a killed server left in static/data."""
    from .importers.writing import clean_old_temp_files

    clean_old_temp_files(DATA_DIR, STALE_TEMP_S)


def publish_json(name: str, obj) -> str:
    """Write ``obj`` as a static JSON file named by its content hash and return its URL.

    The base map then references the regions and neighbours instead of embedding ~200 KB of GeoJSON in the map
    script that streamlit-folium re-sends on every rerun; the browser fetches them once (same origin, offline).
    """
    import hashlib
    import json

    _clean_static_temp_files_once()
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = DATA_DIR / f"{name}-{digest}.json"
    if not path.exists():
        from .geojson_io import atomic_write_text

        atomic_write_text(path, text)
    return f"{APP_DATA_URL}/{path.name}"
