"""Standalone HTML exports that open from disk with no server and no network.

``export_view_html`` — one date's view (a newsroom's archive copy, an attachment to a report):
  the folium map is built exactly as the app builds it (``layers.base_map`` + ``layers.date_layers``), rendered with
  ``m.get_root().render()``, and then every ``<script src>``/``<link href>`` that folium wrote for Leaflet, jQuery and
  Leaflet.markercluster (``/app/static/vendor/...``) is replaced by the file's content, read from the XStatic package
  (``assets.asset_path``), inline. Images that Leaflet's CSS references become ``data:`` URIs. Anything else
  external left in a script or stylesheet tag is an error (``ExportError``), never a silently broken file. Around
  the map the page carries the date, the "as of" line, the headline figures (``stats.stats_for``), the selected
  region's details, every source as a link (http(s) only) and a ready citation.

``export_timelapse_html`` — every control snapshot, claim and event on one page (a teacher's USB stick):
  a page of our own, not folium (folium's time plugins load their JS from CDNs). The data is embedded once as JSON
  in a ``<script type="application/json">`` block (``<``, ``>``, ``&`` escaped as ``\\u003c`` etc., so ``</script>``
  in data cannot end the block); a small script swaps Leaflet layers when the ``<input type="range">`` moves or the
  play button runs. Data text reaches the page only through ``textContent`` and DOM-built links (never innerHTML);
  the only markup inserted by script is constant (the category shapes from ``layers.marker_svg``). Snapshot and
  region geometry is simplified to ``TIMELAPSE_TOLERANCE_DEG`` (about 500 m) and rounded to 3 decimals to keep the
  file small.

Both functions are pure (no Streamlit, no file writes); the CLI (``python -m conflictmap export ...``) writes them.
Every data string is escaped with ``text.html_text``; links go through ``text.safe_url``.
"""

from __future__ import annotations

import base64
import bisect
import json
import os
import re
from datetime import date, timedelta
from urllib.parse import urlencode

import folium
import shapely
from shapely.geometry import mapping, shape

from . import layers, timeline
from .areas import area_km2
from .assets import ASSETS, asset_path, asset_url
from .catalog import Atlas
from .i18n import LANGUAGES, fmt_int, fmt_km2, fmt_num, t
from .model import DEFAULT_LAYERS, EVENT_CATEGORIES, Source
from .stats import stats_for
from .text import html_text, safe_url

EVENT_WINDOW_DAYS = 30
TIMELAPSE_TOLERANCE_DEG = 0.005
TIMELAPSE_DECIMALS = 3
PUBLIC_URL_ENV_VAR = "CONFLICTMAP_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8501/"



class ExportError(ValueError):
    """The export cannot be made as asked (unknown region or language, date outside the data, external asset)."""


def _s(key: str, lang: str, **kwargs) -> str:
    """An export string from the one catalogue (``i18n``, keys prefixed ``export_``)."""
    return t(f"export_{key}", lang, **kwargs)


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


def as_of_parts(atlas: Atlas, on: date, lang: str = "en") -> dict:
    """The "as of" line as text: which assessment is shown, its date and age, its note, the last assessed date."""
    snap, days, after_last = timeline.assessment_age(atlas, on)
    last = t("as_of_last", lang, d=atlas.last_assessed.isoformat()) if atlas.last_assessed else ""
    if snap is None:
        return {"text": t("as_of_none", lang), "note": "", "last": last, "snapshot": None, "days": None, "old": True}
    if after_last:
        age = t("as_of_age_today", lang, days=days)
        last = t("as_of_latest", lang, d=snap.as_of.isoformat(), days=days)
    else:
        age = t("as_of_same_day", lang) if days == 0 else t("as_of_age", lang, days=days)
    label, note = snap.text(lang)
    return {
        "text": t("as_of", lang, as_of=snap.as_of.isoformat(), age=age, label=label),
        "note": note or snap.confidence_note,
        "last": last,
        "snapshot": snap,
        "days": days,
        "old": after_last or days > timeline.OLD_ASSESSMENT_DAYS,
    }


def source_li(s: Source, lang: str) -> str:
    """One source as a list item: publisher, linked title (http(s) only), publication date — all escaped."""
    url = safe_url(s.url)
    title = html_text(s.title)
    link = (f'<a href="{html_text(url)}" rel="noopener noreferrer">{title}</a>' if url
            else f'{title} <span class="muted">({html_text(_s("link_withheld", lang))})</span>')
    return f"<li>{html_text(s.publisher)}: {link} ({s.published.isoformat()})</li>"


def _sources_ul(sources, lang: str) -> str:
    return "<ul class=\"src\">" + "".join(source_li(s, lang) for s in sources) + "</ul>" if sources else ""


def _vote_sources(vote: dict) -> list[Source]:
    out = []
    for d in vote.get("sources", []):
        try:
            out.append(Source(d["publisher"], d["title"], d["url"], date.fromisoformat(d["published"])))
        except (KeyError, TypeError, ValueError):
            continue
    return out


def _fmt_km2(x: float, lang: str = "en") -> str:
    """Whole km² grouped in ``lang``'s style, without the unit (the strings carry it)."""
    return fmt_int(x, lang)


# ---------------------------------------------------------------------------------------------------------------
# the view


PAGE_CSS = """
html, body { height: auto !important; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; background: #fff; }
.cm-page { max-width: 1200px; margin: 0 auto; padding: 10px 16px 30px; }
.cm-page h1 { font-size: 1.45rem; margin: .3em 0; }
.cm-page h2 { font-size: 1.15rem; margin: 1.1em 0 .4em; }
.cm-page h3 { font-size: 1rem; margin: .9em 0 .3em; }
.cm-asof { background: #eef4fa; border-left: 4px solid #0072B2; padding: 6px 10px; margin: 6px 0; }
.cm-asof.old { background: #fff4e5; border-color: #E69F00; }
.cm-figures { display: flex; flex-wrap: wrap; gap: 10px 28px; list-style: none; padding: 0; margin: 8px 0; }
.cm-figures b { display: block; font-size: 1.3rem; }
.cm-mapbox { max-width: 1200px; margin: 0 auto; padding: 0 16px; }
.folium-map { height: 66vh !important; min-height: 420px; border: 1px solid #ccc; }
ul.src { margin: .2em 0 .6em; padding-left: 1.3em; }
.muted { color: #666; }
.cm-cite { background: #f6f6f6; padding: 8px 10px; font-family: ui-monospace, monospace; font-size: 13px; word-break: break-all; }
.cm-ev-list li { margin: .25em 0; }
"""


def _figures_html(stats: dict, lang: str) -> str:
    items = [
        (t("metric_controlled", lang), _s("controlled_of_ukraine", lang, pct=fmt_num(stats["controlled_pct"], lang, 1), km2=_fmt_km2(stats["controlled_km2"], lang))),
        (t("metric_claimed_not_controlled", lang), fmt_km2(stats["claimed_not_controlled_km2"], lang)),
        (t("metric_controlled_outside", lang), fmt_km2(stats["controlled_outside_claims_km2"], lang)),
        (_s("claimed_total", lang), fmt_km2(stats["claimed_km2"], lang)),
    ]
    lis = "".join(f"<li>{html_text(label)}<b>{html_text(value)}</b></li>" for label, value in items)
    return (f'<h2>{html_text(_s("figures", lang))}</h2><ul class="cm-figures">{lis}</ul>'
            f'<p class="muted">{html_text(t("headline_help", lang))}</p>')


def _as_of_html(atlas: Atlas, on: date, lang: str) -> str:
    p = as_of_parts(atlas, on, lang)
    old = p["old"]
    note = (f' <b>{html_text(t("approximation", lang))}:</b> {html_text(p["note"])}' if p["note"] else "")
    return f'<p class="cm-asof{" old" if old else ""}" id="cm-asof">{html_text(p["text"])}{note} {html_text(p["last"])}</p>'


def _region_html(atlas: Atlas, iso: str, on: date, stats: dict, lang: str) -> str:
    r = atlas.regions_by_iso[iso]
    name, other = (r.name_uk, r.name) if lang == "uk" else (r.name, r.name_uk)
    row = next(x for x in stats["regions"] if x["iso"] == iso)
    claim = timeline.claim_for_region(atlas, iso, on)
    parts = [
        f'<section id="cm-region"><h2>{html_text(name)}</h2><p class="muted">{html_text(other)} · {html_text(iso)}</p>',
        f"<p>{html_text(t('claimed_since', lang, d=claim.claimed_since.isoformat()) if claim else t('not_claimed', lang))}</p>",
        "<p>" + html_text(t("controlled_share", lang, pct=fmt_num(row["controlled_pct"], lang, 1), km2=_fmt_km2(row["controlled_km2"], lang))) + "</p>",
    ]
    if claim:
        parts.append(f"<p><i>{html_text(claim.title)}</i>: {html_text(claim.description)}</p>")
        for vote in claim.rejected_by:
            parts.append(
                f"<p>{html_text(t('rejected_by', lang))}: {html_text(vote.get('body'))} {html_text(vote.get('resolution'))} "
                f"({html_text(vote.get('date'))}): {html_text(vote.get('in_favour'))}–{html_text(vote.get('against'))}, "
                f"{html_text(t('abstentions', lang, n=vote.get('abstentions')))}</p>" + _sources_ul(_vote_sources(vote), lang)
            )
        parts.append(f"<h3>{html_text(t('sources', lang))}</h3>" + _sources_ul(claim.sources, lang))
    evs = timeline.region_events(atlas.events, iso, on, last=30)
    parts.append(f"<h3>{html_text(t('events_in_region', lang))}</h3>")
    if not evs:
        parts.append(f'<p class="muted">{html_text(t("no_events", lang))}</p>')
    else:
        parts.append('<ul class="cm-ev-list">' + "".join(
            f"<li>{e.date.isoformat()} · {html_text(e.text(lang)[0])}</li>" for e in reversed(evs[-30:])) + "</ul>")
    parts.append("</section>")
    return "".join(parts)


def _events_html(events, on: date, lang: str) -> str:
    head = f'<h3>{html_text(_s("events_window", lang, d=on.isoformat()))}</h3>'
    if not events:
        return head + f'<p class="muted">{html_text(t("no_events", lang))}</p>'
    items = []
    for e in reversed(events):
        cat = e.category if e.category in EVENT_CATEGORIES else None
        shape = layers.marker_svg(cat, 12) if cat else ""
        label = layers.category_label(cat, lang) if cat else e.category
        items.append(
            f"<li>{shape} {e.date.isoformat()} · <b>{html_text(e.text(lang)[0])}</b> — {html_text(e.location.name)} "
            f'<span class="muted">({html_text(label)})</span>{_sources_ul(e.sources, lang)}</li>'
        )
    return head + '<ul class="cm-ev-list">' + "".join(items) + "</ul>"


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
            style_function=lambda f: {"color": "#000000", "weight": 3.5, "fillOpacity": 0},
            interactive=False, control=False,
        ).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m


def _selected_event_html(atlas: Atlas, event_id: str, lang: str) -> str:
    """The selected event as the details panel shows it: title, date, place, text, every casualty report, sources."""
    e = atlas.events_by_id[event_id]
    title, description = e.text(lang)
    parts = [f'<section id="cm-event"><h2>{html_text(title)}</h2>',
             f'<p class="muted">{e.date.isoformat()} · {html_text(e.location.name)}</p><p>{html_text(description)}</p>']
    if e.casualties:
        rows = "".join(
            f"<tr><td>{html_text(r.reported_at)}</td><td>{'' if r.killed is None else r.killed}</td>"
            f"<td>{'' if r.injured is None else r.injured}</td><td>{html_text(r.reported_by)}</td></tr>"
            for r in e.casualties
        )
        head = "".join(f"<th>{html_text(t(k, lang))}</th>" for k in ("reported_at", "killed", "injured", "reported_by"))
        parts.append(f"<table><tr>{head}</tr>{rows}</table>")
    parts.append(_sources_ul(e.sources, lang) + "</section>")
    return "".join(parts)


def export_view_html(atlas: Atlas, on: date, region: str | None = None, lang: str = "en", *,
                     accessed: date | None = None, base_url: str | None = None, event: str | None = None) -> str:
    """One self-contained HTML page of the view on ``on`` (optionally with ``region`` or ``event`` selected)."""
    _check(atlas, lang, on, region, event)
    stats = stats_for(atlas, on)
    snap = timeline.snapshot_in_force(atlas.snapshots, on)
    events = timeline.events_in_window(atlas.events, on, EVENT_WINDOW_DAYS)
    claims = timeline.claims_in_force(atlas, on)
    today = accessed or date.today()

    m = _view_map(atlas, on, region, lang, event)
    page = inline_vendor_assets(m.get_root().render())

    title = _s("view_title", lang, d=on.isoformat())
    header = (
        f'<div class="cm-page"><h1>{html_text(title)}</h1>'
        f'<p>{html_text(t("date", lang))}: <b id="cm-date">{on.isoformat()}</b></p>'
        + _as_of_html(atlas, on, lang) + _figures_html(stats, lang) + "</div>"
    )
    sources = [f'<h2>{html_text(t("sources", lang))}</h2>']
    sources.append(f'<h3>{html_text(_s("control_sources", lang))}</h3>')
    if snap:
        sources.append(f"<p>{html_text(snap.text(lang)[0])} ({snap.as_of.isoformat()}) — {html_text(snap.method)}</p>" + _sources_ul(snap.sources, lang))
    else:
        sources.append(f'<p class="muted">{html_text(t("as_of_none", lang))}</p>')
    if claims:
        sources.append(f'<h3>{html_text(_s("claims_sources", lang))}</h3>')
        for c in claims:
            sources.append(f"<p><i>{html_text(c.title)}</i> ({c.claimed_since.isoformat()})</p>" + _sources_ul(c.sources, lang))
    sources.append(_events_html(events, on, lang))
    cite = citation(atlas, on, region, lang, today, base_url, event)
    footer = (
        '<div class="cm-page">'
        + (_selected_event_html(atlas, event, lang) if event else "")
        + (_region_html(atlas, region, on, stats, lang) if region else "")
        + "<section id=\"cm-sources\">" + "".join(sources) + "</section>"
        + f'<section id="cm-citation"><h2>{html_text(_s("cite", lang))}</h2><p class="cm-cite">{html_text(cite)}</p></section>'
        + f'<p class="muted">{html_text(_s("exported", lang, today=today.isoformat()))}</p></div>'
    )
    head_extra = (
        f"<title>{html_text(title)}</title>\n<style>{PAGE_CSS}</style>\n"
        '<meta name="referrer" content="no-referrer">\n'
    )
    page = page.replace("<html>", f'<html lang="{html_text(lang)}">', 1)
    page = page.replace("</head>", head_extra + "</head>", 1)
    page = re.sub(r"<body>\s*", lambda _m: "<body>\n" + header + '\n<div class="cm-mapbox">', page, count=1)
    page = page.replace("</body>", "</div>\n" + footer + "\n</body>", 1)
    return page


# ---------------------------------------------------------------------------------------------------------------
# the time-lapse


def _round_coords(obj, nd: int):
    if isinstance(obj, float):
        return round(obj, nd)
    if isinstance(obj, (list, tuple)):
        return [_round_coords(x, nd) for x in obj]
    return obj


def _small_geom(geom, tolerance: float = TIMELAPSE_TOLERANCE_DEG) -> dict | None:
    """Simplified, rounded GeoJSON geometry (None for an empty geometry)."""
    if geom is None or geom.is_empty:
        return None
    g = shapely.simplify(geom, tolerance, preserve_topology=True)
    if g.is_empty:
        return None
    gj = mapping(g)
    return {"type": gj["type"], "coordinates": _round_coords(gj["coordinates"], TIMELAPSE_DECIMALS)}


def _src_dict(s: Source) -> dict:
    return {"p": s.publisher, "t": s.title, "u": safe_url(s.url) or "", "d": s.published.isoformat()}


def timelapse_data(atlas: Atlas, lang: str = "en", tolerance: float = TIMELAPSE_TOLERANCE_DEG) -> dict:
    """Everything the time-lapse page draws, as plain JSON-able data (text unescaped: the page uses textContent)."""
    snaps = list(atlas.snapshots)
    regions = [
        {"type": "Feature", "properties": {"n": r.name_uk if lang == "uk" else r.name}, "geometry": _small_geom(r.geometry, tolerance)}
        for r in atlas.regions
    ]
    neighbours = []
    for f in (atlas.neighbours or {}).get("features", []):
        try:
            g = _small_geom(shape(f["geometry"]), tolerance * 4)
        except Exception:  # noqa: S112 (a neighbour outline that cannot be read is just not drawn)
            continue
        if g:
            neighbours.append({"type": "Feature", "properties": {}, "geometry": g})

    snapshots = []
    for s in snaps:
        label, note = s.text(lang)
        snapshots.append({
            "d": s.as_of.isoformat(), "label": label, "note": note or s.confidence_note,
            "pct": round(100 * area_km2(s.geometry) / atlas.ukraine_km2, 1) if atlas.ukraine_km2 else None,
            "src": [_src_dict(x) for x in s.sources], "g": _small_geom(s.geometry, tolerance),
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
                claimsets.append({"g": _small_geom(geom, tolerance), "src": [_src_dict(x) for c in in_force for x in c.sources]})
            ci = claim_index[key]
        ni = -1
        if ci >= 0:
            if (si, ci) not in ncn_index:
                claimed = shapely.union_all([atlas.regions_by_iso[i].geometry for i in key if i in atlas.regions_by_iso])
                rest = claimed.difference(snap.geometry) if snap else claimed
                ncn_index[(si, ci)] = len(ncn)
                ncn.append({"g": _small_geom(rest, tolerance)})
            ni = ncn_index[(si, ci)]
        hi = bisect.bisect_right(event_dates, d)
        lo = bisect.bisect_right(event_dates, d - timedelta(days=EVENT_WINDOW_DAYS))
        steps.append({"d": d.isoformat(), "s": si, "c": ci, "n": ni, "e0": lo, "e1": hi})

    evs = [
        {
            "d": e.date.isoformat(), "t": e.text(lang)[0], "pl": e.location.name,
            "c": e.category if e.category in EVENT_CATEGORIES else "",
            "ll": [round(e.location.lat, 4), round(e.location.lon, 4)],
            "src": [_src_dict(x) for x in e.sources],
        }
        for e in events
    ]
    return {
        "regions": {"type": "FeatureCollection", "features": regions},
        "neighbours": {"type": "FeatureCollection", "features": neighbours},
        "snapshots": snapshots, "claimsets": claimsets, "ncn": ncn, "events": evs, "steps": steps,
        "bounds": layers.UKRAINE_BOUNDS,
        "last_assessed": atlas.last_assessed.isoformat() if atlas.last_assessed else None,
    }


def _timelapse_strings(lang: str) -> dict:
    return {
        "as_of": t("as_of", lang), "same_day": t("as_of_same_day", lang), "age": t("as_of_age", lang),
        "none": t("as_of_none", lang), "last": t("as_of_last", lang), "approximation": t("approximation", lang),
        "play": t("play", lang), "pause": t("pause", lang), "sources": t("sources", lang),
        "claims": _s("claims_sources", lang), "events": _s("events_shown", lang), "no_events": t("no_events", lang),
        "pct": _s("controlled_pct", lang), "dec": fmt_num(0.5, lang, 1)[1], "withheld": _s("link_withheld", lang),
        "cats": {c: layers.category_label(c, lang) for c in EVENT_CATEGORIES},
    }


TIMELAPSE_CSS = """
html, body { margin: 0; padding: 0; }
body { font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; }
header, .cm-bar, .cm-info, footer { max-width: 1300px; margin: 0 auto; padding: 4px 14px; }
h1 { font-size: 1.35rem; margin: .4em 0; }
h2 { font-size: 1.05rem; margin: .8em 0 .3em; }
.cm-bar { display: flex; align-items: center; gap: 12px; flex-wrap: wrap; }
.cm-bar input[type=range] { flex: 1; min-width: 240px; }
#cm-date { font: bold 1.2rem ui-monospace, monospace; min-width: 7.5em; }
#cm-play { font-size: 1rem; padding: 4px 12px; }
#cm-asof { background: #eef4fa; border-left: 4px solid #0072B2; padding: 6px 10px; margin: 4px 0; }
#cm-wrap { display: flex; gap: 12px; max-width: 1300px; margin: 0 auto; padding: 0 14px; }
#cm-map { flex: 1; height: 68vh; min-height: 420px; border: 1px solid #ccc; background: #DDEBF5; }
aside { width: 320px; max-height: 68vh; overflow: auto; font-size: 13px; }
aside ul { padding-left: 1.2em; margin: .2em 0; }
@media (max-width: 800px) { #cm-wrap { flex-direction: column; } aside { width: auto; max-height: none; } }
.muted { color: #666; }
.cm-legend { box-shadow: none; max-width: none; padding: 0; }
"""

TIMELAPSE_JS = r"""
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('cm-data').textContent);
  var S = JSON.parse(document.getElementById('cm-strings').textContent);
  var SHAPES = JSON.parse(document.getElementById('cm-shapes').textContent);
  var map = L.map('cm-map', {zoomSnap: 0.25, minZoom: 4, maxZoom: 13});
  window.cmMap = map;
  map.fitBounds(D.bounds);
  L.control.scale().addTo(map);
  L.geoJSON(D.neighbours, {interactive: false, style: {color: '#9a9a9a', weight: 1, fillColor: '#E8E8E8', fillOpacity: 0.9}}).addTo(map);
  function textEl(s) { var e = document.createElement('span'); e.textContent = s; return e; }
  L.geoJSON(D.regions, {
    style: {color: '#555555', weight: 1.2, fillColor: '#ffffff', fillOpacity: 0.55},
    onEachFeature: function (f, layer) { layer.bindTooltip(textEl(f.properties.n), {sticky: true}); }
  }).addTo(map);
  var STYLES = {
    claimed: {color: '#5B2A86', weight: 1.5, fillColor: '#5B2A86', fillOpacity: 0.15, className: 'cm-claimed', interactive: false},
    controlled: {color: '#8c3a00', weight: 1.5, fillColor: '#D55E00', fillOpacity: 0.5, interactive: false},
    ncn: {color: '#0072B2', weight: 2, dashArray: '6 4', fillColor: '#0072B2', fillOpacity: 0.25, interactive: false}
  };
  var shown = [];
  function add(layer) { layer.addTo(map); shown.push(layer); }
  function area(geom, style) {
    if (!geom) { return; }
    var opts = {};
    for (var k in style) { if (Object.prototype.hasOwnProperty.call(style, k)) { opts[k] = style[k]; } }
    opts.style = style;
    add(L.geoJSON({type: 'Feature', properties: {}, geometry: geom}, opts));
  }
  function fill(tpl, vals) {
    var out = tpl;
    for (var k in vals) { if (Object.prototype.hasOwnProperty.call(vals, k)) { out = out.split('{' + k + '}').join(String(vals[k])); } }
    return out;
  }
  function days(a, b) { return Math.round((Date.parse(a) - Date.parse(b)) / 86400000); }
  function sourceItem(s) {
    var li = document.createElement('li');
    li.appendChild(document.createTextNode(s.p + ': '));
    if (/^https?:\/\//i.test(s.u)) {
      var a = document.createElement('a');
      a.href = s.u; a.rel = 'noopener noreferrer'; a.textContent = s.t;
      li.appendChild(a);
    } else {
      li.appendChild(document.createTextNode(s.t + ' (' + S.withheld + ')'));
    }
    li.appendChild(document.createTextNode(' (' + s.d + ')'));
    return li;
  }
  function sourceList(el, list) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
    for (var i = 0; i < list.length; i++) { el.appendChild(sourceItem(list[i])); }
  }
  var slider = document.getElementById('cm-slider');
  var dateEl = document.getElementById('cm-date');
  var asofEl = document.getElementById('cm-asof-text');
  var noteEl = document.getElementById('cm-asof-note');
  var pctEl = document.getElementById('cm-pct');
  var ctrlSrc = document.getElementById('cm-control-sources');
  var claimSrc = document.getElementById('cm-claim-sources');
  var evList = document.getElementById('cm-events');
  function show(i) {
    var st = D.steps[i];
    while (shown.length) { map.removeLayer(shown.pop()); }
    if (st.c >= 0) { area(D.claimsets[st.c].g, STYLES.claimed); }
    if (st.s >= 0) { area(D.snapshots[st.s].g, STYLES.controlled); }
    if (st.n >= 0) { area(D.ncn[st.n].g, STYLES.ncn); }
    while (evList.firstChild) { evList.removeChild(evList.firstChild); }
    for (var k = st.e1 - 1; k >= st.e0; k--) {
      var e = D.events[k];
      var icon = L.divIcon({className: 'cm-ev', html: SHAPES[e.c] || SHAPES[''], iconSize: [16, 16], iconAnchor: [8, 8]});
      var mk = L.marker(e.ll, {icon: icon, keyboard: true, riseOnHover: true});
      mk.bindTooltip(textEl(e.d + ' · ' + e.t), {direction: 'top', offset: [0, -6]});
      add(mk);
      var li = document.createElement('li');
      li.appendChild(document.createTextNode(e.d + ' · ' + e.t + ' — ' + e.pl + ' (' + (S.cats[e.c] || e.c) + ')'));
      var ul = document.createElement('ul');
      sourceList(ul, e.src);
      li.appendChild(ul);
      evList.appendChild(li);
    }
    if (st.e1 <= st.e0) { var none = document.createElement('li'); none.className = 'muted'; none.textContent = S.no_events; evList.appendChild(none); }
    dateEl.textContent = st.d;
    slider.setAttribute('aria-valuetext', st.d);
    var last = D.last_assessed ? fill(S.last, {d: D.last_assessed}) : '';
    if (st.s >= 0) {
      var snap = D.snapshots[st.s];
      var n = days(st.d, snap.d);
      var age = n === 0 ? S.same_day : fill(S.age, {days: n});
      asofEl.textContent = fill(S.as_of, {as_of: snap.d, age: age, label: snap.label});
      noteEl.textContent = snap.note ? (S.approximation + ': ' + snap.note + ' ' + last) : last;
      pctEl.textContent = snap.pct === null ? '' : fill(S.pct, {pct: snap.pct.toFixed(1).replace('.', S.dec)});
      sourceList(ctrlSrc, snap.src);
    } else {
      asofEl.textContent = S.none;
      noteEl.textContent = last;
      pctEl.textContent = '';
      sourceList(ctrlSrc, []);
    }
    sourceList(claimSrc, st.c >= 0 ? D.claimsets[st.c].src : []);
    document.body.setAttribute('data-step', String(i));
  }
  slider.addEventListener('input', function () { show(+slider.value); });
  var play = document.getElementById('cm-play');
  var timer = null;
  function stop() { if (timer) { clearInterval(timer); timer = null; } play.textContent = S.play; play.setAttribute('aria-pressed', 'false'); }
  play.addEventListener('click', function () {
    if (timer) { stop(); return; }
    if (+slider.value >= D.steps.length - 1) { slider.value = 0; show(0); }
    play.textContent = S.pause; play.setAttribute('aria-pressed', 'true');
    timer = setInterval(function () {
      var i = +slider.value + 1;
      if (i >= D.steps.length) { stop(); return; }
      slider.value = i; show(i);
    }, 700);
  });
  window.addEventListener('resize', function () { map.invalidateSize(); });
  show(+slider.value);
  window.cmReady = true;
})();
"""


def export_timelapse_html(atlas: Atlas, lang: str = "en", *, tolerance: float = TIMELAPSE_TOLERANCE_DEG,
                          accessed: date | None = None) -> str:
    """A self-contained time-lapse page: every snapshot, claim and event, with a date slider and play/pause."""
    _check(atlas, lang)
    data = timelapse_data(atlas, lang, tolerance)
    if not data["steps"]:
        raise ExportError("the data has no dates to show")
    shapes = {c: layers.marker_svg(c) for c in EVENT_CATEGORIES}
    shapes[""] = layers.marker_svg("unknown")
    title = _s("timelapse_title", lang)
    today = (accessed or date.today()).isoformat()
    n = len(data["steps"])
    return f"""<!DOCTYPE html>
<html lang="{html_text(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{html_text(title)}</title>
{inline_tag("leaflet_css")}
<style>{layers.MAP_CSS}{TIMELAPSE_CSS}</style>
</head>
<body data-step="0">
{layers.HATCH_SVG}
<header><h1>{html_text(title)}</h1></header>
<div class="cm-bar">
  <button type="button" id="cm-play" aria-pressed="false">{html_text(t("play", lang))}</button>
  <input type="range" id="cm-slider" min="0" max="{n - 1}" step="1" value="0" aria-label="{html_text(t("date", lang))}">
  <output id="cm-date" for="cm-slider">{html_text(data["steps"][0]["d"])}</output>
</div>
<div class="cm-info"><div id="cm-asof"><span id="cm-asof-text"></span> <span id="cm-asof-note" class="muted"></span>
  <div id="cm-pct"></div></div></div>
<div id="cm-wrap">
  <div id="cm-map"></div>
  <aside>
    <div class="cm-legend">{layers.legend_html(lang)}</div>
    <h2>{html_text(_s("control_sources", lang))} — {html_text(t("sources", lang))}</h2><ul id="cm-control-sources"></ul>
    <h2>{html_text(_s("claims_sources", lang))}</h2><ul id="cm-claim-sources"></ul>
    <h2>{html_text(_s("events_shown", lang))}</h2><ul id="cm-events"></ul>
  </aside>
</div>
<footer class="muted"><p>{html_text(_s("timelapse_note", lang))} {html_text(_s("exported", lang, today=today))}</p></footer>
<script type="application/json" id="cm-data">{json_for_script(data)}</script>
<script type="application/json" id="cm-strings">{json_for_script(_timelapse_strings(lang))}</script>
<script type="application/json" id="cm-shapes">{json_for_script(shapes)}</script>
{inline_tag("leaflet_js")}
<script>{TIMELAPSE_JS}</script>
</body>
</html>
"""
