"""The static edition: the map and its timeline as plain files that any static host or CDN serves to any audience.

A Streamlit session holds a websocket and reruns the script on every step; a static page costs the server one file
read per request, so a CDN serves millions. ``export site --out DIR`` writes:

- ``index.html`` (from ``templates/site.html``) and ``assets/``: Leaflet copied from its XStatic package
  (``assets.asset_path``: no CDN, no network), ``timeline_core.js`` (the date helpers, density strip and cached layer
  swap the Map page's scrub strip runs too), ``site.js`` and ``site.css``;
- ``data/``: the simplified assessments, claims and events (``scrub.simplified_geometry``, the scrub strip's ~1 km),
  split so the first view stays small: ``index.json`` (dates, event ids, marks, strings), ``base.json``
  (outlines), ``claims.json``, and per year one ``control-YEAR`` file (each assessment's area, texts and sources)
  and one ``events-YEAR`` file, fetched when the timeline reaches that year.

Data files and assets are named by their content hash (``name-<hash>.ext``), so a CDN may cache them for ever;
only ``index.html`` and ``data/index.json`` keep their names. Data text reaches the page only through
``textContent`` and DOM-built links (``site.js`` has no ``innerHTML``). Everything here is pure (bytes in memory)
except ``write_site``, which writes a folder atomically (a temporary folder, then a rename).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from . import layers
from .areas import area_km2
from .assets import asset_path
from .catalog import Atlas
from .export import EVENT_WINDOW_DAYS
from .i18n import LANGUAGES, fmt_num, t
from .model import EVENT_CATEGORIES
from .scrub import (
    SCRUB_SIMPLIFY_DEG,
    compact_source,
    neighbour_outlines,
    scrub_claims,
    scrub_geometries,
    scrub_marks,
    simplified_geometry,
)
from .templates import styled_text, template_text
from .text import html_text

MARKER_FILE = ".conflictmap-site"  # written into every bundle: --out may replace a folder that holds it
MARKER_TEXT = "Made by `python -m conflictmap export site`; the next export may replace this folder.\n"
FIRST_VIEW_LIMIT = 1_000_000  # bytes the first view may load (index.html and everything it loads before any interaction)
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images/layers.png", "images/layers-2x.png", "images/marker-icon.png")


class SiteError(ValueError):
    """The static edition cannot be written as asked (a folder that is not ours, data with no dates)."""


@dataclass(frozen=True)
class Bundle:
    """The bundle in memory: relative path -> bytes, and the paths the first view (the default date) loads."""

    files: dict[str, bytes]
    first_view: tuple[str, ...]

    @property
    def total_bytes(self) -> int:
        return sum(len(b) for b in self.files.values())

    @property
    def first_view_bytes(self) -> int:
        return sum(len(self.files[p]) for p in self.first_view)


def _json_bytes(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _hashed(stem: str, ext: str, data: bytes) -> str:
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}.{ext}"


def _both(item, *fields: str) -> dict:
    """Each field in English, plus ``<field>_uk`` only where the Ukrainian text differs (the page falls back to
    English, as ``model.localized`` does)."""
    out = {}
    for lang in LANGUAGES:
        for f, value in zip(fields, item.text(lang), strict=True):
            if lang == "en":
                out[f] = value
            elif value != out[f]:
                out[f + "_" + lang] = value
    return out


def site_strings(lang: str) -> dict:
    """The interface strings the page needs in one language, from the one catalogue (``i18n``)."""
    keys = ("app_title", "date", "play", "pause", "prev_change", "next_change", "prev_event", "next_event", "legend",
            "as_of", "as_of_same_day", "as_of_age", "as_of_none", "as_of_last", "as_of_age_today", "as_of_latest", "approximation", "sources",
            "no_events", "language", "layer_claimed", "layer_controlled", "copy_link", "scrub_label",
            "site_note", "site_loading", "site_load_error")
    out = {k: t(k, lang) for k in keys}
    out.update({
        "licence": t("img_licence", lang), "control_sources": t("export_control_sources", lang),
        "claims_sources": t("export_claims_sources", lang), "events_window": t("export_events_window", lang),
        "pct": t("export_controlled_pct", lang), "withheld": t("export_link_withheld", lang),
        "dec": fmt_num(0.5, lang, 1)[1], "cats": {c: layers.category_label(c, lang) for c in EVENT_CATEGORIES},
        "lang_name": LANGUAGES[lang],
    })
    return out


def _base(atlas: Atlas) -> dict:
    regions = [{"type": "Feature", "properties": {"n": r.name, "n_uk": r.name_uk},
                "geometry": simplified_geometry(r.geometry, SCRUB_SIMPLIFY_DEG)} for r in atlas.regions]
    neighbours = neighbour_outlines(atlas, SCRUB_SIMPLIFY_DEG * 4)
    return {"regions": {"type": "FeatureCollection", "features": regions},
            "neighbours": {"type": "FeatureCollection", "features": neighbours}}


def _event(e) -> dict:
    return {"id": e.id, "d": e.date.isoformat(), "c": e.category, "pl": e.location.name,
            "ll": [round(e.location.lat, 4), round(e.location.lon, 4)], **_both(e, "title", "description"),
            "src": [compact_source(s) for s in e.sources]}


def _by_year(items, year_of) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for i, item in enumerate(items):
        groups[year_of(item)].append(i)
    return dict(sorted(groups.items()))


def _year_files(kind: str, groups: dict[int, list[int]], payload) -> tuple[dict[str, bytes], list[dict]]:
    """One hashed data file per year, holding items ``i0``..``i1 - 1`` (global indexes; the years are contiguous)."""
    files, table = {}, []
    for year, idx in groups.items():
        i0, i1 = idx[0], idx[-1] + 1
        data = _json_bytes({"i0": i0, "items": payload(i0, i1)})
        path = "data/" + _hashed(f"{kind}-{year}", "json", data)
        files[path] = data
        table.append({"year": year, "i0": i0, "i1": i1, "url": path})
    return files, table


def build_site(atlas: Atlas, built: date | None = None) -> Bundle:
    """Every file of the static edition, in memory."""
    if not atlas.snapshots:
        raise SiteError("the data has no control assessment to show")
    snaps = sorted(atlas.snapshots, key=lambda s: s.as_of)
    events = sorted(atlas.events, key=lambda e: (e.date, e.id))
    files: dict[str, bytes] = {}

    geoms = scrub_geometries(atlas)["geometries"]
    ukraine = atlas.ukraine_km2

    def control_items(i0: int, i1: int) -> list[dict]:  # geometry and the texts and sources of the "as of" line
        return [{"g": geoms[i], **_both(s, "label", "approximation_note"), "confidence_note": s.confidence_note,
                 "pct": round(100 * area_km2(s.geometry) / ukraine, 1) if ukraine else None,
                 "src": [compact_source(x) for x in s.sources]} for i, s in enumerate(snaps[i0:i1], start=i0)]

    control_files, control_table = _year_files("control", _by_year(snaps, lambda s: s.as_of.year), control_items)
    event_files, event_table = _year_files("events", _by_year(events, lambda e: e.date.year),
                                           lambda i0, i1: [_event(e) for e in events[i0:i1]])
    files.update(control_files)
    files.update(event_files)
    claims = scrub_claims(atlas)
    claim_sources = [[compact_source(s) for c in atlas.claims if c.claimed_since.isoformat() <= d for s in c.sources]
                     for d in claims["dates"]]
    data_files = {
        "base": _json_bytes(_base(atlas)),
        "claims": _json_bytes({"dates": claims["dates"], "geometries": claims["geometries"], "src": claim_sources}),
    }
    data_urls = {}
    for name, data in data_files.items():
        data_urls[name] = "data/" + _hashed(name, "json", data)
        files[data_urls[name]] = data

    index = {
        "built": (built or date.today()).isoformat(),
        "first": atlas.first_date.isoformat(), "last": atlas.last_date.isoformat(),
        "last_assessed": atlas.last_assessed.isoformat() if atlas.last_assessed else None,
        "window_days": EVENT_WINDOW_DAYS, "bounds": layers.UKRAINE_BOUNDS, "styles": layers.AREA_STYLES,
        "marks": scrub_marks(atlas),
        "change_dates": sorted({s.as_of.isoformat() for s in snaps} | set(claims["dates"])),
        "control": {"dates": [s.as_of.isoformat() for s in snaps], "files": control_table},
        "events": {"dates": [e.date.isoformat() for e in events], "ids": [e.id for e in events], "files": event_table},
        "claims": data_urls["claims"], "base": data_urls["base"],
        "strings": {lang: site_strings(lang) for lang in LANGUAGES},
        "shapes": {**{c: layers.marker_svg(c) for c in EVENT_CATEGORIES}, "": layers.marker_svg("unknown")},
        "legend_shapes": {c: layers.marker_svg(c, 14) for c in EVENT_CATEGORIES},
    }
    files["data/index.json"] = _json_bytes(index)

    assets = {}
    for rel in LEAFLET_FILES:
        files[f"assets/leaflet/{rel}"] = (asset_path("leaflet_js").parent / rel).read_bytes()
    for name in ("timeline_core.js", "site.js"):
        data = styled_text(name).encode("utf-8")
        assets[name] = "assets/" + _hashed(name.rsplit(".", 1)[0], "js", data)
        files[assets[name]] = data
    css = (layers.MAP_CSS + styled_text("site.css")).encode("utf-8")
    assets["site.css"] = "assets/" + _hashed("site", "css", css)
    files[assets["site.css"]] = css

    html = (template_text("site.html")
            .replace("{{title}}", html_text(t("app_title", "en")))
            .replace("{{noscript}}", html_text(t("site_noscript", "en")) + " / " + html_text(t("site_noscript", "uk")))
            .replace("{{hatch}}", layers.HATCH_SVG)
            .replace("{{leaflet_css}}", "assets/leaflet/leaflet.css")
            .replace("{{leaflet_js}}", "assets/leaflet/leaflet.js")
            .replace("{{site_css}}", assets["site.css"])
            .replace("{{core_js}}", assets["timeline_core.js"])
            .replace("{{site_js}}", assets["site.js"]))
    if "{{" in html:
        raise SiteError(f"templates/site.html has a placeholder left: {re.search(r'{{[^}]*}}', html).group(0)}")
    files["index.html"] = html.encode("utf-8")
    files[MARKER_FILE] = MARKER_TEXT.encode("utf-8")
    first = first_view_paths(files, index, atlas.last_date)
    return Bundle(files, first)


_REF = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)\"""", re.IGNORECASE)


def page_references(html: str) -> list[str]:
    """The files ``index.html`` loads by itself (its script and stylesheet tags), in order."""
    return [u for u in _REF.findall(html) if not u.startswith("data:")]


def first_view_paths(files: dict[str, bytes], index: dict, on: date) -> tuple[str, ...]:
    """What the page loads for date ``on`` before any interaction, as ``site.js`` decides it: the page's own
    tags, the index, outlines and claims, the control file holding the assessment in force, and the event files
    covering the event window up to ``on``."""
    paths = ["index.html", *page_references(files["index.html"].decode("utf-8")), "data/index.json", index["base"],
             index["claims"]]
    dates = index["control"]["dates"]
    i = max(0, sum(1 for d in dates if d <= on.isoformat()) - 1)
    paths += [f["url"] for f in index["control"]["files"] if f["i0"] <= i < f["i1"]]
    lo, hi = (on - timedelta(days=index["window_days"])).isoformat(), on.isoformat()
    ev = index["events"]["dates"]
    in_window = [k for k, d in enumerate(ev) if lo < d <= hi]
    paths += [f["url"] for f in index["events"]["files"] if any(f["i0"] <= k < f["i1"] for k in in_window)]
    return tuple(dict.fromkeys(paths))


def _is_ours_or_empty(out: Path) -> bool:
    return (out / MARKER_FILE).is_file() or not any(out.iterdir())


def check_out(out: Path, force: bool = False) -> None:
    """Refuse, before anything is built, an --out we must not replace: a file, a folder with no parent, or a
    non-empty folder that no earlier ``export site`` wrote (unless ``force``)."""
    if out.exists() and not out.is_dir():
        raise SiteError(f"--out {out} exists and is not a folder")
    if not out.parent.is_dir():
        raise SiteError(f"--out {out}: the folder {out.parent} does not exist; create it first (nothing was written)")
    if out.is_dir() and not force and not _is_ours_or_empty(out):
        raise SiteError(f"--out {out} is a non-empty folder that `export site` did not write; give a new or empty "
                        "folder, or --force to replace it (nothing was written)")


def write_site(bundle: Bundle, out: Path, force: bool = False) -> None:
    """Write the bundle to ``out`` atomically: every file goes into a temporary folder beside it, which then
    replaces ``out`` by rename (a reader sees the old bundle or the new one, never half of one)."""
    out = Path(out)
    check_out(out, force)
    umask = os.umask(0)
    os.umask(umask)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    old = None
    try:
        for rel, data in bundle.files.items():
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for d in [tmp, *(p for p in tmp.rglob("*") if p.is_dir())]:
            d.chmod(0o777 & ~umask)  # mkdtemp makes 0700: a web server running as another user must read it
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.rename(out, old / "site")
        os.rename(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and (old / "site").exists() and not out.exists():
            os.rename(old / "site", out)  # put the previous bundle back
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
