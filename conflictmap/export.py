"""Standalone HTML exports that open from disk with no server and no network.

``export_view_html`` — one date's view (a newsroom's archive copy, an attachment to a report):
  the folium map is built exactly as the app builds it (``layers.base_map`` + ``layers.date_layers``), rendered with
  ``m.get_root().render()``, and then every ``<script src>``/``<link href>`` that folium wrote for Leaflet, jQuery and
  Leaflet.markercluster (``/app/static/vendor/...``) is replaced by the file's content, read from the XStatic package
  (``assets.asset_path``), inline. Images that Leaflet's CSS references become ``data:`` URIs. Anything else
  external left in a script or stylesheet tag is an error (``ExportError``), never a silently broken file. Around
  the map the page carries the date, the "as of" line (``viewmodel.as_of_view``), the headline figures
  (``stats.stats_for``), the selected region's panel (``viewmodel.region_panel``, the model the app's side panel
  renders too), every source as a link (http(s) only) and a ready citation.

``export_timelapse_html`` — every control snapshot, claim and event on one page (a teacher's USB stick):
  a page of our own, not folium (folium's time plugins load their JS from CDNs). The data is embedded once as JSON
  in a ``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped as ``\\u003c`` etc., so ``</script>``
  in data cannot end the block); a small script (``templates/timelapse.js``) swaps Leaflet layers when the
  ``<input type="range">`` moves or the play button runs. Data text reaches the page only through ``textContent``
  and DOM-built links; the only markup inserted by script is constant (the category shapes from
  ``layers.marker_svg``). Snapshot and region geometry is simplified to ``TIMELAPSE_TOLERANCE_DEG`` (about 500 m)
  and rounded to 3 decimals to keep the file small.

The pages are Jinja templates in ``conflictmap/templates`` (package files): autoescape is on and every ``{{ value }}``
is escaped with ``text.html_text``; only markup this module marks with ``trusted`` (folium's page, vendor files, our
SVG, CSS and script, escaped JSON) is inserted as it is. The CSS is generated from ``layers.COLOURS`` and
``layers.PAGE_COLOURS`` and the time-lapse's Leaflet styles from ``layers.AREA_STYLES``/``OUTLINE_STYLES``, so the
exports cannot drift from the app's palette. Both functions are pure (no Streamlit, no file writes); the CLI
(``python -m conflictmap export ...``) writes them.
"""

from __future__ import annotations

import base64
import bisect
import json
import os
import re
from datetime import date, timedelta
from importlib.resources import files
from urllib.parse import urlencode

import folium
import jinja2
import shapely
from markupsafe import Markup
from shapely.geometry import mapping

from . import layers, timeline
from .areas import area_km2
from .assets import ASSETS, asset_path, asset_url
from .catalog import Atlas
from .i18n import LANGUAGES, fmt_int, fmt_km2, fmt_num, t
from .model import DEFAULT_LAYERS, EVENT_CATEGORIES
from .scrub import compact_source, neighbour_outlines, simplified_geometry
from .stats import claimed_not_controlled, stats_for
from .text import html_text
from .viewmodel import as_of_view, event_panel, region_panel, source_views

EVENT_WINDOW_DAYS = timeline.DEFAULT_WINDOW_DAYS
TIMELAPSE_TOLERANCE_DEG = 0.005
TIMELAPSE_DECIMALS = 3
PUBLIC_URL_ENV_VAR = "CONFLICTMAP_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8501/"
TEMPLATES = "templates"
"""The package folder of the export templates (``conflictmap/templates``; shipped with the package)."""


class ExportError(ValueError):
    """The export cannot be made as asked (unknown region or language, date outside the data, external asset)."""


def _s(key: str, lang: str, **kwargs) -> str:
    """An export string from the one catalogue (``i18n``, keys prefixed ``export_``)."""
    return t(f"export_{key}", lang, **kwargs)


# ---------------------------------------------------------------------------------------------------------------
# the templates


def trusted(markup: str) -> Markup:
    """Mark markup this package built itself (folium's escaped page, inlined vendor files, our SVG, CSS and script,
    escaped JSON) as not to be escaped again. The one place that does so: data text never passes through here."""
    return Markup(markup)  # noqa: S704 (callers pass only markup built from escaped or constant text)


def _escape_output(value):
    """Every ``{{ value }}`` goes through ``text.html_text`` (which also escapes ``$``, backticks and backslashes,
    like every other string this package puts in HTML); ``trusted`` markup passes as it is."""
    return value if isinstance(value, Markup) else trusted(html_text(value))


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("conflictmap", TEMPLATES),
    autoescape=True,
    finalize=_escape_output,
    undefined=jinja2.StrictUndefined,  # a misspelt name in a template is an error, not an empty string
    trim_blocks=True,
    lstrip_blocks=True,
)


def _render(name: str, **context) -> str:
    return _ENV.get_template(name).render(**context)


def _page_colours() -> dict[str, str]:
    """The colours the pages' CSS is generated from (read at render time, from the one palette)."""
    return {**layers.COLOURS, **layers.PAGE_COLOURS}


TIMELAPSE_JS = files("conflictmap").joinpath(TEMPLATES, "timelapse.js").read_text(encoding="utf-8")
"""The time-lapse page's script (a package file, embedded inline so the page works from disk)."""
if re.search(r"</script|<!--", TIMELAPSE_JS, re.IGNORECASE):
    raise ImportError("templates/timelapse.js must not contain </script or <!-- (it is embedded in a <script>)")


# ---------------------------------------------------------------------------------------------------------------
# inlining the vendor assets


_SOURCEMAP = re.compile(r"^\s*(//|/\*)# sourceMappingURL=.*$", re.MULTILINE)
_CSS_URL = re.compile(r"url\((['\"]?)(images/[^'\")]+)\1\)")
_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".gif": "image/gif"}


def _css_text(name: str) -> str:
    path = asset_path(name)
    css = _SOURCEMAP.sub("", path.read_text(encoding="utf-8"))

    def data_uri(m: re.Match) -> str:
        img = path.parent / m.group(2)
        if not img.is_file():
            return "url(data:,)"
        mime = _MIME.get(img.suffix.lower(), "application/octet-stream")
        return f"url(data:{mime};base64,{base64.b64encode(img.read_bytes()).decode('ascii')})"

    css = _CSS_URL.sub(data_uri, css)
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


def _js_text(name: str) -> str:
    js = _SOURCEMAP.sub("", asset_path(name).read_text(encoding="utf-8"))
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


def inline_tag(name: str) -> str:
    """An inline ``<script>`` or ``<style>`` holding one vendor asset."""
    kind = ASSETS[name][2]
    if kind == "js":
        return f"<script>/* {name} (inlined) */\n{_js_text(name)}\n</script>"
    return f"<style>/* {name} (inlined) */\n{_css_text(name)}\n</style>"


_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?([^\"' >]+)[^>]*>\s*</script>", re.IGNORECASE)
_LINK_HREF = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']?([^\"' >]+)[^>]*>", re.IGNORECASE)


def inline_vendor_assets(html: str) -> str:
    """Replace folium's script/stylesheet tags for our vendor assets with their content; refuse any other."""
    by_url = {asset_url(n): n for n in ASSETS}
    done: set[str] = set()

    def repl(m: re.Match) -> str:
        url = m.group(1)
        if url not in by_url:
            raise ExportError(f"cannot inline {url!r}: not one of the packaged assets")
        name = by_url[url]
        if name in done:
            return ""
        done.add(name)
        return inline_tag(name)

    html = _SCRIPT_SRC.sub(repl, html)
    html = _LINK_HREF.sub(repl, html)
    leftover = re.search(r"<(script|link)\b[^>]*\b(src|href)\s*=", html, re.IGNORECASE)
    if leftover:
        raise ExportError(f"an external {leftover.group(1)} tag is left in the export")
    return html


def json_for_script(obj) -> str:
    """JSON that is safe inside a ``<script>`` element: no ``<``, ``>``, ``&`` or line separators."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (
        s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


_ENV.filters["script_json"] = lambda obj: trusted(json_for_script(obj))


# ---------------------------------------------------------------------------------------------------------------
# shared pieces


def _check(atlas: Atlas, lang: str, on: date | None = None, region: str | None = None, event: str | None = None) -> None:
    if event is not None and event not in atlas.events_by_id:
        raise ExportError(f"event {event!r} is not an event id in the data")
    if lang not in LANGUAGES:
        raise ExportError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    if region is not None and region not in atlas.regions_by_iso:
        raise ExportError(f"region {region!r} is not an ISO 3166-2:UA code in the data")
    if on is not None and not atlas.first_date <= on <= atlas.last_date:
        raise ExportError(f"date {on.isoformat()} is outside the data ({atlas.first_date} to {atlas.last_date})")


def permalink(on: date, region: str | None = None, lang: str = "en", base_url: str | None = None, event: str | None = None) -> str:
    """The app's link to the same view (the app keeps its state in the URL), with the selected event if any."""
    base = base_url or os.environ.get(PUBLIC_URL_ENV_VAR, "").strip() or DEFAULT_PUBLIC_URL
    params = {"date": on.isoformat(), "window": str(EVENT_WINDOW_DAYS), "lang": lang}
    if region:
        params["region"] = region
    if event:
        params["event"] = event
    return f"{base.split('?')[0]}?{urlencode(params)}"


def citation(atlas: Atlas, on: date, region: str | None = None, lang: str = "en", accessed: date | None = None,
             base_url: str | None = None, event: str | None = None) -> str:
    """Plain-text citation of a view: date, control assessment date, access date and permalink."""
    snap = timeline.snapshot_in_force(atlas.snapshots, on)
    control = _s("citation_control", lang, d=snap.as_of.isoformat()) if snap else _s("citation_no_control", lang)
    return _s("citation", lang, d=on.isoformat(), control=control, today=(accessed or date.today()).isoformat(),
              link=permalink(on, region, lang, base_url, event))


# ---------------------------------------------------------------------------------------------------------------
# the view


def _view_map(atlas: Atlas, on: date, region: str | None, lang: str, event: str | None = None) -> folium.Map:
    options = layers.MapOptions(lang=lang, basemap="outlines")
    m = layers.base_map(layers.regions_geojson(atlas, lang), atlas.neighbours, options, layers.region_label_points(atlas, lang))
    snap = timeline.snapshot_in_force(atlas.snapshots, on)
    held = timeline.snapshot_in_force(atlas.held_in_russia, on)
    areas = layers.area_layers_geojson(snap.geometry if snap else None, timeline.claimed_geometry(atlas, on), held.geometry if held else None)
    events = timeline.events_in_window(atlas.events, on, EVENT_WINDOW_DAYS)
    selected = layers.selection_geojson(atlas, None, event) if event else None
    for g in layers.date_layers(areas, layers.events_geojson(events, lang), set(DEFAULT_LAYERS), lang, selected):
        g.add_to(m)
    if region:
        r = atlas.regions_by_iso[region]
        folium.GeoJson(
            {"type": "Feature", "properties": {}, "geometry": mapping(r.geometry)},
            style_function=lambda f: layers.SELECTED_STYLE,
            interactive=False, control=False,
        ).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _figures(stats: dict, lang: str) -> list[tuple[str, str]]:
    return [
        (t("metric_controlled", lang), _s("controlled_of_ukraine", lang, pct=fmt_num(stats["controlled_pct"], lang, 1), km2=fmt_int(stats["controlled_km2"], lang))),
        (t("metric_claimed_not_controlled", lang), fmt_km2(stats["claimed_not_controlled_km2"], lang)),
        (t("metric_controlled_outside", lang), fmt_km2(stats["controlled_outside_claims_km2"], lang)),
        (_s("claimed_total", lang), fmt_km2(stats["claimed_km2"], lang)),
    ]


def _window_event(e, lang: str) -> dict:
    cat = e.category if e.category in EVENT_CATEGORIES else None
    return {"shape": trusted(layers.marker_svg(cat, 12)) if cat else "", "date": e.date.isoformat(), "title": e.text(lang)[0],
            "place": e.location.name, "category": layers.category_label(cat, lang) if cat else e.category,
            "sources": source_views(e.sources, lang)}


def _split_folium_page(page: str) -> tuple[str, str, str]:
    """(inside ``<head>``, inside ``<body>``, the script after ``</body>``) of the page branca's Figure renders.

    Data text in folium's output is escaped (``text.html_text``), so these tags occur only as branca wrote them."""
    head = page.split("<head>", 1)[1].split("</head>", 1)[0]
    body = page.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    tail = page.rsplit("</body>", 1)[1].rsplit("</html>", 1)[0]
    return head, body, tail


def export_view_html(atlas: Atlas, on: date, region: str | None = None, lang: str = "en", *,
                     accessed: date | None = None, base_url: str | None = None, event: str | None = None) -> str:
    """One self-contained HTML page of the view on ``on`` (optionally with ``region`` or ``event`` selected)."""
    _check(atlas, lang, on, region, event)
    stats = stats_for(atlas, on)
    snap = timeline.snapshot_in_force(atlas.snapshots, on)
    today = accessed or date.today()
    head, body, tail = _split_folium_page(inline_vendor_assets(_view_map(atlas, on, region, lang, event).get_root().render()))
    strings = {k: t(k, lang) for k in ("date", "approximation", "headline_help", "sources", "as_of_none", "no_events")}
    strings.update({k: _s(k, lang) for k in ("figures", "control_sources", "claims_sources", "cite")})
    strings["events_window"] = _s("events_window", lang, d=on.isoformat())
    strings["exported"] = _s("exported", lang, today=today.isoformat())
    return _render(
        "export_view.html.j2",
        lang=lang, title=_s("view_title", lang, d=on.isoformat()), on=on.isoformat(), s=strings,
        colours=_page_colours(),
        map_head=trusted(head), map_body=trusted(body), map_script=trusted(tail),
        as_of=as_of_view(atlas, on, lang),
        figures=_figures(stats, lang),
        event=event_panel(atlas.events_by_id[event], lang) if event else None,
        event_shape=trusted(layers.marker_svg(atlas.events_by_id[event].category, 14)) if event else "",
        region=region_panel(atlas, region, on, stats, lang) if region else None,
        control={"label": snap.text(lang)[0], "as_of": snap.as_of.isoformat(), "method": snap.method,
                 "sources": source_views(snap.sources, lang)} if snap else None,
        claims=[{"title": c.title, "since": c.claimed_since.isoformat(), "sources": source_views(c.sources, lang)}
                for c in timeline.claims_in_force(atlas, on)],
        events=[_window_event(e, lang) for e in reversed(timeline.events_in_window(atlas.events, on, EVENT_WINDOW_DAYS))],
        citation=citation(atlas, on, region, lang, today, base_url, event),
    )


# ---------------------------------------------------------------------------------------------------------------
# the time-lapse


def _small_geom(geom, tolerance: float = TIMELAPSE_TOLERANCE_DEG) -> dict | None:
    return simplified_geometry(geom, tolerance, TIMELAPSE_DECIMALS)


def timelapse_data(atlas: Atlas, lang: str = "en", tolerance: float = TIMELAPSE_TOLERANCE_DEG) -> dict:
    """Everything the time-lapse page draws, as plain JSON-able data (text unescaped: the page uses textContent)."""
    snaps = list(atlas.snapshots)
    regions = [
        {"type": "Feature", "properties": {"n": r.name_uk if lang == "uk" else r.name}, "geometry": _small_geom(r.geometry, tolerance)}
        for r in atlas.regions
    ]
    neighbours = neighbour_outlines(atlas, tolerance * 4, TIMELAPSE_DECIMALS)

    snapshots = []
    for s in snaps:
        label, note = s.text(lang)
        snapshots.append({
            "d": s.as_of.isoformat(), "label": label, "note": note or s.confidence_note,
            "pct": round(100 * area_km2(s.geometry) / atlas.ukraine_km2, 1) if atlas.ukraine_km2 else None,
            "src": [compact_source(x) for x in s.sources], "g": _small_geom(s.geometry, tolerance),
        })

    steps_dates = sorted({s.as_of for s in snaps} | {c.claimed_since for c in atlas.claims} | {e.date for e in atlas.events})
    claimsets: list[dict] = []
    claim_index: dict[tuple, int] = {}
    ncn: list[dict | None] = []
    ncn_index: dict[tuple, int] = {}
    events = list(atlas.events)
    event_dates = [e.date for e in events]

    steps = []
    for d in steps_dates:
        snap = timeline.snapshot_in_force(atlas.snapshots, d)
        si = snaps.index(snap) if snap else -1
        in_force = timeline.claims_in_force(atlas, d)
        key = tuple(sorted({i for c in in_force for i in c.regions}))
        ci = -1
        if key:
            if key not in claim_index:
                claim_index[key] = len(claimsets)
                geom = shapely.union_all([atlas.regions_by_iso[i].geometry for i in key if i in atlas.regions_by_iso])
                claimsets.append({"g": _small_geom(geom, tolerance), "src": [compact_source(x) for c in in_force for x in c.sources]})
            ci = claim_index[key]
        ni = -1
        if ci >= 0:
            if (si, ci) not in ncn_index:
                claimed = shapely.union_all([atlas.regions_by_iso[i].geometry for i in key if i in atlas.regions_by_iso])
                rest = claimed_not_controlled(claimed, snap.geometry if snap else None)
                ncn_index[(si, ci)] = len(ncn)
                ncn.append({"g": _small_geom(rest, tolerance)})
            ni = ncn_index[(si, ci)]
        hi = bisect.bisect_right(event_dates, d)
        lo = bisect.bisect_right(event_dates, d - timedelta(days=EVENT_WINDOW_DAYS))
        a = as_of_view(atlas, d, lang)
        steps.append({"d": d.isoformat(), "s": si, "c": ci, "n": ni, "e0": lo, "e1": hi,
                      "a": {"text": a.text, "last": a.last, "old": a.old}})

    evs = [
        {
            "d": e.date.isoformat(), "t": e.text(lang)[0], "pl": e.location.name,
            "c": e.category if e.category in EVENT_CATEGORIES else "",
            "ll": [round(e.location.lat, 4), round(e.location.lon, 4)],
            "src": [compact_source(x) for x in e.sources],
        }
        for e in events
    ]
    return {
        "regions": {"type": "FeatureCollection", "features": regions},
        "neighbours": {"type": "FeatureCollection", "features": neighbours},
        "snapshots": snapshots, "claimsets": claimsets, "ncn": ncn, "events": evs, "steps": steps,
        "bounds": layers.UKRAINE_BOUNDS,
    }


def _timelapse_strings(lang: str) -> dict:
    return {
        "approximation": t("approximation", lang),
        "play": t("play", lang), "pause": t("pause", lang), "sources": t("sources", lang),
        "claims": _s("claims_sources", lang), "events": _s("events_shown", lang), "no_events": t("no_events", lang),
        "pct": _s("controlled_pct", lang), "dec": fmt_num(0.5, lang, 1)[1], "withheld": _s("link_withheld", lang),
        "cats": {c: layers.category_label(c, lang) for c in EVENT_CATEGORIES},
    }


def timelapse_styles() -> dict:
    """Leaflet styles the time-lapse script draws with, from the one palette (``layers``), embedded as JSON."""
    still = {"interactive": False}
    return {
        "claimed": {**layers.AREA_STYLES["claimed"], "className": "cm-claimed", **still},
        "controlled": {**layers.AREA_STYLES["controlled"], **still},
        "claimed_not_controlled": {**layers.AREA_STYLES["claimed_not_controlled"], **still},
        "neighbour": dict(layers.OUTLINE_STYLES["neighbour"]),
        "region": dict(layers.OUTLINE_STYLES["region"]),
    }


def export_timelapse_html(atlas: Atlas, lang: str = "en", *, tolerance: float = TIMELAPSE_TOLERANCE_DEG,
                          accessed: date | None = None) -> str:
    """A self-contained time-lapse page: every snapshot, claim and event, with a date slider and play/pause."""
    _check(atlas, lang)
    data = timelapse_data(atlas, lang, tolerance)
    if not data["steps"]:
        raise ExportError("the data has no dates to show")
    shapes = {c: layers.marker_svg(c) for c in EVENT_CATEGORIES}
    shapes[""] = layers.marker_svg("unknown")
    strings = {k: t(k, lang) for k in ("play", "date", "sources")}
    strings.update({k: _s(k, lang) for k in ("control_sources", "claims_sources", "events_shown", "timelapse_note")})
    strings["exported"] = _s("exported", lang, today=(accessed or date.today()).isoformat())
    return _render(
        "export_timelapse.html.j2",
        lang=lang, title=_s("timelapse_title", lang), s=strings, colours=_page_colours(),
        steps=len(data["steps"]), first_date=data["steps"][0]["d"],
        leaflet_css=trusted(inline_tag("leaflet_css")), leaflet_js=trusted(inline_tag("leaflet_js")),
        map_css=trusted(layers.MAP_CSS), hatch_svg=trusted(layers.HATCH_SVG), legend=trusted(layers.legend_html(lang)),
        data=data, strings=_timelapse_strings(lang), shapes=shapes, styles=timelapse_styles(),
        script=trusted(TIMELAPSE_JS),
    )
