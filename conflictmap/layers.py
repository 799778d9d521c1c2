"""Folium layer builders: pure functions from data to folium objects.

The base map (``base_map``) is deterministic — the same JS for the same language and basemap — so
streamlit-folium keeps one iframe while the date changes. Everything that depends on the date is built by
``date_layers`` into FeatureGroups that streamlit-folium swaps in place (``feature_group_to_add``).
Every string from data is escaped with ``text.html_text``; no folium Popup is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
import shapely
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template
from shapely.geometry import mapping

from .aggregate import Cell
from .assets import asset_url
from .i18n import STRINGS, category_label, fmt_int, t
from .model import EVENT_CATEGORIES
from .stats import claimed_not_controlled
from .text import html_text

UKRAINE_CENTER = (48.6, 31.4)
UKRAINE_ZOOM = 6
UKRAINE_BOUNDS = [[44.3, 22.1], [52.4, 40.3]]  # south-west, north-east corners of Ukraine (lat, lon)
CLUSTER_THRESHOLD = 150  # above this many events in the window, markers are clustered

# Okabe–Ito palette (distinguishable with the common colour-vision deficiencies), plus shapes per category,
# so categories differ by shape as well as colour.
COLOURS = {
    "controlled": "#D55E00",  # vermillion fill
    "claimed": "#5B2A86",  # hatch lines
    "claimed_not_controlled": "#0072B2",  # blue, dashed outline
    "gained": "#CC79A7",  # reddish purple: came under Russian control since the previous assessment
    "returned": "#009E73",  # bluish green: returned to Ukrainian control since the previous assessment
    "held_in_russia": "#F0E442",  # yellow fill, dark outline: ground held by Ukrainian forces inside Russia
    "region": "#555555",
    "neighbour": "#E8E8E8",
    "sea": "#DDEBF5",
}
PAGE_COLOURS = {
    "text": "#222222",
    "muted": "#666666",
    "border": "#cccccc",
    "info": "#0072B2",  # Okabe–Ito blue: the "as of" box
    "info_bg": "#eef4fa",
    "warning": "#E69F00",  # Okabe–Ito orange: an old assessment
    "warning_bg": "#fff4e5",
}
"""Colours of the exported pages around the map (their CSS is generated from these and ``COLOURS``)."""
AREA_STYLES = {
    "claimed": {"color": COLOURS["claimed"], "weight": 1.5, "fillColor": COLOURS["claimed"], "fillOpacity": 0.15},
    "controlled": {"color": "#8c3a00", "weight": 1.5, "fillColor": COLOURS["controlled"], "fillOpacity": 0.5},
    "claimed_not_controlled": {
        "color": COLOURS["claimed_not_controlled"], "weight": 2, "dashArray": "6 4",
        "fillColor": COLOURS["claimed_not_controlled"], "fillOpacity": 0.25,
    },
    "held_in_russia": {"color": "#6b6100", "weight": 1.5, "fillColor": COLOURS["held_in_russia"], "fillOpacity": 0.6},
    "gained": {"color": COLOURS["gained"], "weight": 2, "fillColor": COLOURS["gained"], "fillOpacity": 0.75},
    "returned": {"color": COLOURS["returned"], "weight": 2, "fillColor": COLOURS["returned"], "fillOpacity": 0.75},
}
"""Leaflet styles of the area layers: the server's layers, the browser's scrub strip and the time-lapse export
draw with these (the export's script and CSS get them from here, so they cannot drift)."""
OUTLINE_STYLES = {
    "neighbour": {"color": "#9a9a9a", "weight": 1, "fillColor": COLOURS["neighbour"], "fillOpacity": 0.9},
    "region": {"color": COLOURS["region"], "weight": 1.2, "fillColor": "#ffffff", "fillOpacity": 0.55},
}
"""Neighbouring countries and Ukraine's regions on the outlines basemap (over OSM tiles their fills fade)."""
SELECTED_STYLE = {"color": "#000000", "weight": 3.5, "fill": False, "opacity": 0.9}
"""The outline of the region (or the ring of the event) whose details are shown: the app's map and the export's."""

CATEGORY_STYLE: dict[str, tuple[str, str]] = {
    "strike_on_civilians": ("#D55E00", "triangle"),
    "civilian_harm": ("#CC79A7", "triangle"),
    "military_strike": ("#000000", "diamond"),
    "battle": ("#E69F00", "diamond"),
    "capture": ("#D55E00", "square"),
    "liberation": ("#0072B2", "square"),
    "annexation_act": ("#5B2A86", "circle"),
    "diplomacy": ("#009E73", "circle"),
    "infrastructure": ("#F0E442", "triangle"),
    "humanitarian": ("#56B4E9", "circle"),
}
assert set(CATEGORY_STYLE) == set(EVENT_CATEGORIES)
assert all(f"category_{c}" in STRINGS for c in EVENT_CATEGORIES), "every category needs its name in i18n"

def marker_svg(category: str, size: int = 16) -> str:
    """A small SVG shape for a category (constant, not data)."""
    colour, shape = CATEGORY_STYLE.get(category, ("#777777", "circle"))
    s, h = size, size / 2
    stroke = 'stroke="#ffffff" stroke-width="1.5"'
    body = {
        "circle": f'<circle cx="{h}" cy="{h}" r="{h - 1.5}" fill="{colour}" {stroke}/>',
        "square": f'<rect x="1.5" y="1.5" width="{s - 3}" height="{s - 3}" fill="{colour}" {stroke}/>',
        "triangle": f'<polygon points="{h},1 {s - 1},{s - 1} 1,{s - 1}" fill="{colour}" {stroke}/>',
        "diamond": f'<polygon points="{h},0.5 {s - 0.5},{h} {h},{s - 0.5} 0.5,{h}" fill="{colour}" {stroke}/>',
    }[shape]
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{s}" height="{s}" viewBox="0 0 {s} {s}">{body}</svg>'


HATCH_SVG = (
    '<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
    '<pattern id="cm-hatch" patternUnits="userSpaceOnUse" width="9" height="9" patternTransform="rotate(45)">'
    f'<rect width="9" height="9" fill="{COLOURS["claimed"]}" fill-opacity="0.06"/>'
    f'<line x1="0" y1="0" x2="0" y2="9" stroke="{COLOURS["claimed"]}" stroke-width="2.2"/></pattern></defs></svg>'
)
MAP_CSS = """
#map_div { width: 100% !important; }
.cm-claimed { fill: url(#cm-hatch) !important; fill-opacity: 1 !important; }
.cm-legend { background: rgba(255,255,255,.93); padding: 4px 8px; border-radius: 4px; font: 11px/1.25 sans-serif;
  box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 240px; }
.cm-legend summary { cursor: pointer; }
.cm-legend b { margin-bottom: 3px; }
.cm-legend .row { display:flex; align-items:center; gap:6px; margin: 2px 0; }
.cm-legend.cm-faded { opacity: 0.12; pointer-events: none; }
.cm-legend .sw { width: 22px; height: 14px; flex: none; border: 1px solid #666; }
.cm-legend svg { flex: none; }
.cm-ev { background: none; border: none; }
.cm-label { background: none; border: none; color: #333; font: 11px sans-serif; text-shadow: 0 0 3px #fff, 0 0 3px #fff;
  white-space: nowrap; pointer-events: none; text-align: center; }
.cm-fs a { font-size: 16px; line-height: 26px; text-align: center; text-decoration: none; color: #222; }
"""


@dataclass(frozen=True)
class MapOptions:
    """Everything the base map depends on; two equal options give byte-identical map JS."""

    lang: str = "en"
    basemap: str = "outlines"  # or "osm"
    height: int = 620
    fit_ukraine: bool = True  # fit Ukraine to the map's width once at mount; off where the page sets the view
    claim_dates: tuple[tuple[str, str], ...] = ()  # (short label, date) of each claim, for the legend
    regions_url: str | None = None  # where the app serves the regions GeoJSON (None: embed it, as exports do)
    neighbours_url: str | None = None
    view: tuple[float, float, float] | None = None  # (lat, lon, zoom) the map opens on, where the page sets the view


class _MapChrome(JSCSSMixin, MacroElement):
    """Our own map furniture in one script: hatch pattern, CSS, legend, fullscreen, marker shapes.

    Replaces CDN plugins (Leaflet.pattern, leaflet.fullscreen) with a few lines of our own, so the map works offline.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function() {
  if (!document.getElementById('cm-defs')) {
    var d = document.createElement('div'); d.id = 'cm-defs';
    d.innerHTML = {{ this.defs_html|tojson }};
    document.body.appendChild(d);
    var st = document.createElement('style'); st.textContent = {{ this.css|tojson }};
    document.head.appendChild(st);
  }
  window.CM_SHAPES = {{ this.shapes|tojson }};
  var map = {{ this._parent.get_name() }};
  var legend = L.control({position: 'bottomleft'});
  legend.onAdd = function() {
    var div = L.DomUtil.create('div', 'cm-legend');
    div.innerHTML = {{ this.legend_html|tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  legend.addTo(map);
  var fs = L.control({position: 'topleft'});
  fs.onAdd = function() {
    var div = L.DomUtil.create('div', 'leaflet-bar cm-fs');
    var a = L.DomUtil.create('a', '', div);
    a.href = '#'; a.title = {{ this.fullscreen_label|tojson }}; a.setAttribute('role', 'button');
    a.setAttribute('aria-label', {{ this.fullscreen_label|tojson }}); a.innerHTML = '<svg width="14" height="14" viewBox="0 0 14 14" style="margin-top:6px"><path d="M1 5V1h4M9 1h4v4M13 9v4H9M5 13H1V9" fill="none" stroke="#222" stroke-width="2"/></svg>';
    L.DomEvent.on(a, 'click', function(e) {
      L.DomEvent.preventDefault(e);
      var host = window.frameElement || document.documentElement;
      var doc = host.ownerDocument || document;
      if (doc.fullscreenElement) { doc.exitFullscreen(); } else if (host.requestFullscreen) { host.requestFullscreen(); }
    });
    return div;
  };
  fs.addTo(map);
  // The view survives a remount (a language or basemap change rebuilds the base map): it is kept in this tab's
  // sessionStorage per page, and restored instead of the fit to Ukraine unless the link asks for an event.
  var viewKey = 'cm-view:' + (function() { try { return window.parent.location.pathname; } catch (e) { return ''; } })();
  function saveView() { try { var c = map.getCenter(); sessionStorage.setItem(viewKey, JSON.stringify([c.lat, c.lng, map.getZoom()])); } catch (e) {} }
  setTimeout(function() { map.invalidateSize();
    var det = document.querySelector('.cm-legend details');
    if (det && (map.getSize().x < 900 || map.getSize().y < 650)) { det.open = false; }
    {% if this.bounds %}
    var saved = null;
    try { if (!/[?&]event=/.test(window.parent.location.search)) { saved = JSON.parse(sessionStorage.getItem(viewKey) || 'null'); } } catch (e) {}
    if (saved && saved.length === 3) { map.setView([saved[0], saved[1]], saved[2], {animate: false}); }
    else { map.fitBounds({{ this.bounds|tojson }}); }
    map.on('moveend', saveView);
    {% endif %} }, 250);
  window.addEventListener('resize', function() { map.invalidateSize(); });
  // a tooltip is never hidden by the legend: the legend fades and lets the pointer through while one is open
  map.on('tooltipopen', function() { document.querySelectorAll('.cm-legend').forEach(function(l) { l.classList.add('cm-faded'); }); });
  map.on('tooltipclose', function() { document.querySelectorAll('.cm-legend').forEach(function(l) { l.classList.remove('cm-faded'); }); });
})();
{% endmacro %}
"""
    )

    def __init__(self, lang: str, fit_ukraine: bool = True, claim_dates: tuple[tuple[str, str], ...] = ()):
        super().__init__()
        self._name = "MapChrome"
        self.defs_html = HATCH_SVG
        self.css = MAP_CSS
        self.shapes = {c: marker_svg(c) for c in EVENT_CATEGORIES}
        self.legend_html = legend_html(lang, claim_dates)
        self.fullscreen_label = t("fullscreen", lang)
        self.bounds = UKRAINE_BOUNDS if fit_ukraine else None

    # preload the clustering plugin: streamlit-folium loads plugin scripts only when the iframe mounts
    default_js = [("markercluster", asset_url("markercluster_js"))]
    default_css = [
        ("markercluster_css", asset_url("markercluster_css")),
        ("markercluster_default_css", asset_url("markercluster_default_css")),
    ]


def legend_html(lang: str, claim_dates: tuple[tuple[str, str], ...] = ()) -> str:
    """Legend markup from translated strings and the claims' dates (everything escaped)."""
    dates = "; ".join(f"{label} {d}" for label, d in claim_dates)
    rows = [
        f'<div class="row"><svg width="22" height="14"><rect width="22" height="14" fill="url(#cm-hatch)" stroke="{COLOURS["claimed"]}"/></svg>'
        f'{html_text(t("layer_claimed", lang))}</div>'
        + (f'<div class="row" style="margin-left:28px;color:#555">{html_text(dates)}</div>' if dates else ""),
        f'<div class="row"><span class="sw" style="background:{COLOURS["controlled"]};opacity:.6"></span>'
        f'{html_text(t("layer_controlled", lang))}</div>',
        f'<div class="row"><span class="sw" style="background:{COLOURS["claimed_not_controlled"]};opacity:.35;'
        f'border:2px dashed {COLOURS["claimed_not_controlled"]}"></span>{html_text(t("layer_claimed_not_controlled", lang))}</div>',
        f'<div class="row"><span class="sw" style="background:{COLOURS["held_in_russia"]};opacity:.8;border:1px solid #6b6100"></span>'
        f'{html_text(t("layer_held_in_russia", lang))}</div>',
        f'<div class="row"><span class="sw" style="background:{COLOURS["gained"]}"></span>{html_text(t("legend_gained", lang))}</div>',
        f'<div class="row"><span class="sw" style="background:{COLOURS["returned"]}"></span>{html_text(t("legend_returned", lang))}</div>',
    ]
    rows += [f'<div class="row">{marker_svg(c, 14)}{html_text(category_label(c, lang))}</div>' for c in EVENT_CATEGORIES]
    return f"<details open><summary><b>{html_text(t('legend', lang))}</b></summary>" + "".join(rows) + "</details>"


class EventMarkers(MacroElement):
    """Event points as Leaflet markers with a per-category SVG icon (shape and colour), added to the parent group.

    folium's GeoJson markers share one icon object between features, so per-feature icons need this small layer.
    Properties are escaped before they get here; the tooltip is text built from them.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data|tojson }}, {
  pointToLayer: function(f, latlng) {
    var icon = L.divIcon({className: 'cm-ev', html: (window.CM_SHAPES || {})[f.properties.category] || '',
                          iconSize: [16, 16], iconAnchor: [8, 8]});
    return L.marker(latlng, {icon: icon, keyboard: true, riseOnHover: true});
  },
  onEachFeature: function(f, layer) { layer.bindTooltip(f.properties.label, {direction: 'top', offset: [0, -6]}); }
});
{% if this.cluster %}
var {{ this.get_name() }}_cluster = L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false});
{{ this.get_name() }}_cluster.addLayer({{ this.get_name() }});
{{ this.get_name() }}_cluster.addTo({{ this._parent.get_name() }});
{% else %}
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endif %}
{% endmacro %}
"""
    )

    def __init__(self, feature_collection: dict, cluster: bool):
        super().__init__()
        self._name = "EventMarkers"
        self.data = feature_collection
        self.cluster = cluster


class EventCells(MacroElement):
    """Events counted per grid cell (conflictmap/aggregate.py): one round marker per cell with its count, ringed in
    the colour of its dominant category, and a tooltip that says what it stands for. Drawn instead of
    ``EventMarkers`` when a window holds more events than the map can draw one by one. The count and the label
    are escaped before they get here; the colour and size are numbers and constants."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJSON({{ this.data|tojson }}, {
  pointToLayer: function(f, latlng) {
    var p = f.properties, s = p.size;
    var icon = L.divIcon({className: 'cm-cell', iconSize: [s, s], iconAnchor: [s / 2, s / 2],
      html: '<div style="width:' + s + 'px;height:' + s + 'px;border-radius:50%;background:rgba(255,255,255,.88);' +
            'border:3px solid ' + p.colour + ';box-sizing:border-box;text-align:center;font:700 11px/' + (s - 6) + 'px sans-serif;color:#222">' + p.count_text + '</div>'});
    return L.marker(latlng, {icon: icon, keyboard: true, riseOnHover: true});
  },
  onEachFeature: function(f, layer) { layer.bindTooltip(f.properties.label, {direction: 'top', offset: [0, -6]}); }
});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, feature_collection: dict):
        super().__init__()
        self._name = "EventCells"
        self.data = feature_collection


# ---------------------------------------------------------------------------------------------------------------
# data → GeoJSON (plain dicts: cacheable and picklable)


def _geom_fc(geom, props: dict) -> dict:
    if geom is None or geom.is_empty:
        return {"type": "FeatureCollection", "features": []}
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": props, "geometry": mapping(geom)}]}


def regions_geojson(atlas, lang: str = "en") -> dict:
    feats = []
    for r in atlas.regions:
        name = r.name_uk if lang == "uk" else r.name
        feats.append(
            {
                "type": "Feature",
                "id": r.iso,
                "properties": {"kind": "region", "iso": r.iso, "label": html_text(name)},
                "geometry": mapping(r.geometry),
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def events_geojson(events, lang: str = "en") -> dict:
    feats = []
    for e in events:
        label = f"{e.date.isoformat()} · {e.text(lang)[0]}"
        feats.append(
            {
                "type": "Feature",
                "id": e.id,
                "properties": {"kind": "event", "id": html_text(e.id), "category": e.category, "label": html_text(label)},
                "geometry": {"type": "Point", "coordinates": [round(e.location.lon, 5), round(e.location.lat, 5)]},
            }
        )
    return {"type": "FeatureCollection", "features": feats}


def cells_geojson(cells: list[Cell], lang: str = "en") -> dict:
    """GeoJSON of the event cells (``aggregate.aggregate_events``): a point per cell, at its events' mean position,
    with the count, the dominant category's colour, a marker size growing with the count, and an escaped tooltip
    that gives the count and dates and says how to see single events. ``kind`` "cell" is not selectable."""
    feats = []
    for c in cells:
        label = t("cell_tooltip", lang, n=fmt_int(c.count, lang), first=c.first.isoformat(), last=c.last.isoformat(),
                  category=category_label(c.category, lang))
        feats.append({
            "type": "Feature",
            "properties": {
                "kind": "cell", "count": c.count, "count_text": html_text(fmt_int(c.count, lang)),
                "label": "<br>".join(html_text(line) for line in label.split("\n")),  # each line escaped
                "colour": CATEGORY_STYLE.get(c.category, ("#777777", ""))[0], "size": min(48, 22 + 6 * len(str(c.count))),
                "bounds": [round(c.west, 5), round(c.south, 5), round(c.east, 5), round(c.north, 5)],
            },
            "geometry": {"type": "Point", "coordinates": [round(c.lon, 5), round(c.lat, 5)]},
        })
    return {"type": "FeatureCollection", "features": feats}


def area_layers_geojson(control_geom, claimed_geom, held_in_russia_geom=None, changes: dict | None = None) -> dict[str, dict]:
    """GeoJSON for the area layers on a date: claimed, controlled, claimed-but-not-controlled, and the ground
    held by Ukrainian forces inside Russia (drawn with the controlled layer: both say who holds the ground)."""
    control = control_geom if control_geom is not None else shapely.Polygon()
    claimed = claimed_geom if claimed_geom is not None else shapely.Polygon()
    not_controlled = shapely.set_precision(claimed_not_controlled(claimed, control), 1e-5)
    return {
        "claimed": _geom_fc(claimed, {"kind": "claimed"}),
        "controlled": _geom_fc(control, {"kind": "controlled"}),
        "claimed_not_controlled": _geom_fc(not_controlled, {"kind": "claimed_not_controlled"}),
        "held_in_russia": _geom_fc(held_in_russia_geom, {"kind": "held_in_russia"}),
        "gained": _geom_fc(changes["gained"] if changes else None, {"kind": "gained"}),
        "returned": _geom_fc(changes["regained"] if changes else None, {"kind": "returned"}),
    }


# ---------------------------------------------------------------------------------------------------------------
# folium objects


def base_map(regions_fc: dict, neighbours_fc: dict, options: MapOptions, region_labels: list[tuple[float, float, str]]) -> folium.Map:
    """The deterministic base map: outlines (or tiles), regions with names, legend and controls."""
    m = folium.Map(
        location=list(options.view[:2]) if options.view else UKRAINE_CENTER,
        zoom_start=options.view[2] if options.view else UKRAINE_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=4,
        zoomSnap=0.25,
        maxZoom=13,  # the map's own limit (folium's max_zoom only reaches the tile layer); clustering needs it
        zoom_control=True,
    )
    m.default_js = [("leaflet", asset_url("leaflet_js")), ("jquery", asset_url("jquery_js"))]
    m.default_css = [("leaflet_css", asset_url("leaflet_css"))]
    m.get_root().header.add_child(folium.Element(f'<meta name="cm-lang" content="{html_text(options.lang)}">'))
    if options.basemap == "osm":
        folium.TileLayer(
            "OpenStreetMap", name=t("basemap_osm", options.lang), max_zoom=13, control=True, overlay=False
        ).add_to(m)
    _linked(folium.GeoJson(
        neighbours_fc,
        name=t("layer_neighbours", options.lang),
        style_function=lambda f: {**OUTLINE_STYLES["neighbour"], **({"fillOpacity": 0.2} if options.basemap == "osm" else {})},
        interactive=False,
        control=False,
    ), options.neighbours_url).add_to(m)
    _linked(folium.GeoJson(
        regions_fc,
        name=t("layer_regions", options.lang),
        style_function=lambda f: {**OUTLINE_STYLES["region"], **({"fillOpacity": 0.0} if options.basemap == "osm" else {})},
        highlight_function=lambda f: {"weight": 3, "color": "#222222"},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
    ), options.regions_url).add_to(m)
    names = folium.FeatureGroup(name=t("layer_region_names", options.lang), show=True)
    RegionLabels([(lat, lon, html_text(label)) for lat, lon, label in region_labels]).add_to(names)
    names.add_to(m)
    _MapChrome(options.lang, options.fit_ukraine, options.claim_dates).add_to(m)
    return m


class RegionLabels(MacroElement):
    """Region names as non-interactive text labels, from one small array (one element instead of 25 markers)."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
{{ this.labels|tojson }}.forEach(function(l) {
  L.marker([l[0], l[1]], {interactive: false, keyboard: false,
    icon: L.divIcon({className: 'cm-label', html: '<div>' + l[2] + '</div>', iconSize: [120, 14], iconAnchor: [60, 7]})
  }).addTo({{ this._parent.get_name() }});
});
{% endmacro %}
"""
    )

    def __init__(self, labels: list[tuple[float, float, str]]):
        """``labels``: (lat, lon, already-escaped text)."""
        super().__init__()
        self._name = "RegionLabels"
        self.labels = [list(x) for x in labels]


def _linked(layer: folium.GeoJson, url: str | None) -> folium.GeoJson:
    """Load the layer's data from ``url`` in the browser instead of embedding it (styles are still computed here)."""
    if url:
        layer.embed = False
        layer.embed_link = url
    return layer


def region_label_points(atlas, lang: str = "en") -> list[tuple[float, float, str]]:
    out = []
    for r in atlas.regions:
        if r.kind == "city_with_special_status":
            continue  # too small to label at country zoom; named in the tooltip
        p = r.geometry.representative_point()
        name = r.name_uk if lang == "uk" else r.name
        short = name.replace(" Oblast", "").replace(" область", "").replace("Autonomous Republic of Crimea", "Crimea")
        short = short.replace("Автономна Республіка Крим", "Крим")
        out.append((round(p.y, 4), round(p.x, 4), short))
    return out


def selection_geojson(atlas, region: str | None, event: str | None) -> dict:
    """The selected region's outline or the selected event's point, for the highlight layer (no text in it)."""
    if event and event in atlas.events_by_id:
        e = atlas.events_by_id[event]
        geom = {"type": "Point", "coordinates": [round(e.location.lon, 5), round(e.location.lat, 5)]}
    elif region and region in atlas.regions_by_iso:
        geom = mapping(atlas.regions_by_iso[region].geometry)
    else:
        return {"type": "FeatureCollection", "features": []}
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"kind": "selected"}, "geometry": geom}]}


def area_layer(fc: dict, style: str, class_name: str | None = None) -> folium.GeoJson:
    """One area, drawn with ``AREA_STYLES[style]`` and not interactive (clicks reach the regions underneath)."""
    extra = {"className": class_name} if class_name else {}
    return folium.GeoJson(fc, style_function=lambda f, s=AREA_STYLES[style]: s, interactive=False, **extra)


AREA_GROUPS = {
    "claimed": (("claimed", "cm-claimed"),),
    # "cm-controlled" is hidden while the scrub strip draws its own (ui/scrub.py)
    "controlled": (("controlled", "cm-controlled"), ("held_in_russia", None)),
    "claimed_not_controlled": (("claimed_not_controlled", "cm-cnc"),),
    "changes": (("gained", "cm-changes"), ("returned", "cm-changes")),
}
"""The areas each layer toggle draws, in drawing order: (area key, which is also its style; CSS class)."""


def date_layers(areas: dict[str, dict], events_fc: dict, visible: set[str], lang: str = "en",
                selected_fc: dict | None = None) -> list[folium.FeatureGroup]:
    """The per-date FeatureGroups, in drawing order. Area layers are not interactive, so clicks reach the regions.
    ``selected_fc`` (see ``selection_geojson``) is drawn last as a thick outline or a ring, so the region or event
    whose details are shown is marked on the map too."""
    groups = []
    for key, parts in AREA_GROUPS.items():
        if key not in visible:
            continue
        g = folium.FeatureGroup(name=t(f"layer_{key}", lang))
        for area, class_name in parts:
            if area == key or areas.get(area, {}).get("features"):  # a toggle's own area always; the others if any
                area_layer(areas[area], area, class_name).add_to(g)
        groups.append(g)
    if "events" in visible:
        g = folium.FeatureGroup(name=t("layer_events", lang))
        feats = events_fc["features"]
        if feats and feats[0]["properties"].get("kind") == "cell":  # a window over the marker budget (cells_geojson)
            EventCells(events_fc).add_to(g)
        else:
            EventMarkers(events_fc, cluster=len(feats) > CLUSTER_THRESHOLD).add_to(g)
        groups.append(g)
    if selected_fc and selected_fc["features"]:
        g = folium.FeatureGroup(name=t("layer_selected", lang))
        folium.GeoJson(
            selected_fc,
            style_function=lambda f: SELECTED_STYLE,
            marker=folium.CircleMarker(radius=15, color="#000000", weight=3.5, fill=False, className="cm-selected"),
            className="cm-selected",
            interactive=False,
        ).add_to(g)
        groups.append(g)
    return groups


def claim_dates(atlas, lang: str = "en") -> tuple[tuple[str, str], ...]:
    """(short label, date) per claim for the legend, e.g. ("Crimea, Sevastopol", "2014-03-18")."""
    out = []
    for c in atlas.claims:
        names = [atlas.regions_by_iso[i] for i in c.regions if i in atlas.regions_by_iso]
        label = ", ".join(short_region_name(r.name_uk if lang == "uk" else r.name) for r in names)
        out.append((label, c.claimed_since.isoformat()))
    return tuple(out)


_SHORT_NAMES = (
    (" Oblast", ""), ("Autonomous Republic of Crimea", "Crimea"),
    (" область", ""), ("Автономна Республіка Крим", "Крим"),
)


def short_region_name(name: str) -> str:
    """A region's name without "Oblast"/"область" and with Crimea's short name, for a legend line that fits."""
    for long, short in _SHORT_NAMES:
        name = name.replace(long, short)
    return name
