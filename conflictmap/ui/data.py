"""Cached access to the data for the pages.

The Atlas is immutable, so one shared instance is safe: ``st.cache_resource`` avoids pickling a large object on
every rerun (``st.cache_data`` would copy it each time). Derived, date-keyed layer data uses ``st.cache_data`` with
bounded entries, keyed by hashable values (snapshot id, dates), never by shapely geometries or the Map.
"""

from __future__ import annotations

from datetime import date

import shapely
import streamlit as st

from .. import layers, timeline
from ..catalog import Atlas, DataError, load_atlas
from ..paths import data_paths
from ..stats import stats_for

DISPLAY_SIMPLIFY_DEG = 0.002  # ~200 m: invisible at the zooms the map opens at, and much lighter for daily layers


@st.cache_resource(show_spinner="Loading data… / Завантаження даних…")  # before the language is known
def _atlas(root: str) -> Atlas:
    from pathlib import Path

    from ..paths import DataPaths

    return load_atlas(DataPaths(Path(root)))


@st.cache_resource(max_entries=2, show_spinner="Loading data… / Завантаження даних…")
def _database_atlas(url: str, version: int) -> Atlas:
    """The database's atlas of one data version (its events stay in the database: db/store.py)."""
    from ..db.store import load_atlas_db

    return load_atlas_db(url)


VERSION_KEY = "data_version"  # the data version this session last drew


def _atlas_in_force() -> Atlas:
    """The files' atlas, or with ``$CONFLICTMAP_DATABASE_URL`` the database's at its current data version: a
    replica learns of another's import within seconds, says so, and the next step uses the new data."""
    from ..db import current_version, database_url

    url = database_url()
    if url is None:
        return _atlas(str(data_paths().root))
    from ..i18n import t

    version = current_version(url)
    atlas = _database_atlas(url, version)
    seen = st.session_state.get(VERSION_KEY)
    if seen is not None and seen != version:
        st.info(t("data_updated", st.session_state.get("lang", "en")), icon=":material/update:")
    st.session_state[VERSION_KEY] = version
    _watch_version(url, version)
    return atlas


@st.fragment(run_every=2.0)  # with the version cached for a second (db/conn.py), an import shows within ~3 s
def _watch_version(url: str, seen: int) -> None:
    """Rerun the page when the database's data version moves on (one cheap check per session every 2 s; every
    session of the process shares one query per second)."""
    from ..db.conn import current_version

    if current_version(url, max_age_s=1.0) != seen:
        st.rerun()


def get_atlas() -> Atlas | None:
    """The atlas in force for this session — shipped data, plus or instead of the session's own imports — or None
    after showing an error with what to do."""
    from ..i18n import t
    from .yourdata import with_session_data

    try:
        return with_session_data(_atlas_in_force())
    except DataError as exc:
        st.error(t("data_error", st.session_state.get("lang", "en")))
        with st.expander(f"{len(exc.problems)} problem(s)"):
            for p in exc.problems[:200]:
                st.text(str(p))
        return None


@st.cache_data(max_entries=8, show_spinner=False)
def regions_fc(_atlas: Atlas, atlas_key: str, lang: str) -> dict:
    return layers.regions_geojson(_atlas, lang)


@st.cache_data(max_entries=8, show_spinner=False)
def region_labels(_atlas: Atlas, atlas_key: str, lang: str) -> list:
    return layers.region_label_points(_atlas, lang)


@st.cache_data(max_entries=128, show_spinner=False)
def area_layers(_atlas: Atlas, atlas_key: str, snapshot_id: str | None, claims_key: tuple[str, ...], held_id: str | None = None) -> dict:
    """The area layers for one (snapshot, claims in force, held-in-Russia) triple — a handful cover all dates."""
    snap = next((s for s in _atlas.snapshots if s.id == snapshot_id), None)
    held = next((s for s in _atlas.held_in_russia if s.id == held_id), None)
    claims = [c for c in _atlas.claims if c.id in claims_key]
    isos = sorted({i for c in claims for i in c.regions})
    claimed = shapely.union_all([_atlas.regions_by_iso[i].geometry for i in isos]) if isos else None
    control = shapely.simplify(snap.geometry, DISPLAY_SIMPLIFY_DEG, preserve_topology=True) if snap else None
    changes = changes_since(_atlas, atlas_key, snapshot_id)
    return layers.area_layers_geojson(control, claimed, held.geometry if held else None, changes)


@st.cache_data(max_entries=128, show_spinner=False)
def changes_since(_atlas: Atlas, atlas_key: str, snapshot_id: str | None) -> dict | None:
    """What changed hands since the previous assessment (geometries simplified for display, km² exact)."""
    snap = next((s for s in _atlas.snapshots if s.id == snapshot_id), None)
    ch = timeline.changes_since_previous(_atlas, snap.as_of) if snap else None
    if ch is None:
        return None
    prev = timeline.previous_snapshot(_atlas, snap.as_of)
    simplify = lambda g: shapely.simplify(g, DISPLAY_SIMPLIFY_DEG, preserve_topology=True)  # noqa: E731
    return {**ch, "gained": simplify(ch["gained"]), "regained": simplify(ch["regained"]), "prev_as_of": prev.as_of}


def area_layers_on(atlas: Atlas, on: date) -> dict:
    snap = timeline.snapshot_in_force(atlas.snapshots, on)
    held = timeline.snapshot_in_force(atlas.held_in_russia, on)
    claims = tuple(c.id for c in timeline.claims_in_force(atlas, on))
    return area_layers(atlas, atlas.key, snap.id if snap else None, claims, held.id if held else None)


@st.cache_data(max_entries=128, show_spinner=False)
def _stats(_atlas: Atlas, atlas_key: str, snapshot_id: str | None, claims_key: tuple[str, ...], on: date, held_id: str | None = None) -> dict:
    return stats_for(_atlas, on)


def stats_on(atlas: Atlas, on: date) -> dict:
    """Figures for a date. They change only with the assessment and the claims in force, so they are cached per
    (assessment, claims) pair — a few dozen entries cover every date — and only the date field is the day's own."""
    snap = timeline.snapshot_in_force(atlas.snapshots, on)
    held = timeline.snapshot_in_force(atlas.held_in_russia, on)
    claims = tuple(c.id for c in timeline.claims_in_force(atlas, on))
    anchor = snap.as_of if snap else on
    if held:
        anchor = max(anchor, held.as_of)
    for c in atlas.claims:  # a representative day on which the same triple holds
        if c.id in claims:
            anchor = max(anchor, c.claimed_since)
    key = (atlas, atlas.key, snap.id if snap else None, claims, min(anchor, on), held.id if held else None)
    return {**_stats(*key), "date": on.isoformat()}


@st.cache_data(max_entries=8, show_spinner=False)
def series(_atlas: Atlas, atlas_key: str, n_snapshots: int) -> list[dict]:
    from ..stats import series as _series

    return _series(_atlas)


@st.cache_data(max_entries=8, show_spinner=False)
def base_urls(_atlas: Atlas, atlas_key: str, lang: str) -> tuple[str, str]:
    """URLs of the regions and neighbours GeoJSON, published as static files (see assets.publish_json)."""
    from ..assets import publish_json

    return publish_json(f"regions-{lang}", regions_fc(_atlas, atlas_key, lang)), publish_json("neighbours", _atlas.neighbours)


def map_options(atlas: Atlas, lang: str, **kw) -> layers.MapOptions:
    """The base map's options for a page: language, claim dates, and the static data URLs."""
    regions_url, neighbours_url = base_urls(atlas, atlas.key, lang)
    return layers.MapOptions(lang=lang, claim_dates=layers.claim_dates(atlas, lang), regions_url=regions_url, neighbours_url=neighbours_url, **kw)


@st.cache_data(max_entries=8, show_spinner=False)
def image_png(_atlas: Atlas, atlas_key: str, on: date, region: str | None, lang: str) -> bytes:
    """The publication PNG of a view (about 1 s to draw; a second download of the same view is free)."""
    from ..images import render_png

    return render_png(_atlas, on, region, lang=lang)


@st.cache_data(max_entries=2, show_spinner=False)
def image_gif(_atlas: Atlas, atlas_key: str, start: date, end: date, step_days: int, region: str | None, lang: str) -> bytes:
    """The publication GIF of a range (about 0.3–0.4 s a frame; kept for the two latest ranges, each under 1 MB)."""
    from ..images import render_gif

    return render_gif(_atlas, start, end, step_days, region, lang=lang)
