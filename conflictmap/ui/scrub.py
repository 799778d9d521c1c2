"""The scrub strip under the Map page's timeline bar: drag it and the browser redraws the map itself.

Built with Streamlit's own component API (``st.components.v2.component``: inline HTML/CSS/JS in the app's page,
no iframe, no build step, nothing from a CDN). While the range input is dragged (or keys pressed), the component
draws into the folium map's own Leaflet (the st_folium iframe is same-origin: ``iframe.contentWindow.map`` and
``L``) the assessment in force at the dragged date (one ``L.geoJSON`` layer of class ``cm-scrub``), the claimed
regions in force (``cm-scrub-claimed``, hatched by the map's ``cm-claimed`` style) and the events of the page's
window (the map's own icons), hides the server-drawn area, claim, change and event layers meanwhile, and shows the
date large over the map: no server round trip per frame. On release it sends the trigger value ``date`` (a
trigger, because ``setStateValue`` does not send a value equal to the last one it sent: see
``test_releasing_on_the_same_date_twice_still_reaches_the_server``); the callback copies it into
``st.session_state["date"]`` (the slider and URL follow), the normal rerun draws the exact layers, and the scrub
layers go when the new layers arrive in the map (or 1.5 s after the rerun).

The simplified data (``conflictmap.scrub.scrub_file``) is published once as a static JSON file (content-addressed,
see ``assets.publish_json``) and fetched once by the browser; each rerun sends only the marks (dates, ticks,
events per month: about 2 KB) with the component's inline code. Text from data is never put into ``innerHTML``.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from .. import layers
from .. import scrub as scrub_data
from ..catalog import Atlas
from ..i18n import t

KEY = "scrub"
RECENT_FROM = "2022-02-24"  # the "2022–today" span starts with the full-scale invasion

CSS = """
:host { display: block; }
.cm-scrub { display: flex; align-items: center; gap: .5rem; font-family: var(--st-font, sans-serif); font-size: .8rem;
  color: var(--st-text-color, #262730); user-select: none; }
.cm-scrub-spans { display: flex; gap: 2px; flex: none; }
.cm-scrub-spans button { font: inherit; font-size: .75rem; padding: 1px 6px; border: 1px solid #bbb; background: transparent;
  color: inherit; border-radius: 4px; cursor: pointer; }
.cm-scrub-spans button[aria-pressed="true"] { background: #D55E00; border-color: #D55E00; color: #fff; }
.cm-scrub-track { position: relative; flex: 1 1 auto; min-width: 120px; }
.cm-scrub-track canvas { display: block; width: calc(100% - 14px); height: 18px; margin: 0 7px; }
.cm-scrub-track input { display: block; width: 100%; margin: 0; height: 18px; background: transparent; -webkit-appearance: none; appearance: none; cursor: pointer; }
.cm-scrub-track input::-webkit-slider-runnable-track { height: 4px; background: #ccc; border-radius: 2px; }
.cm-scrub-track input::-webkit-slider-thumb { -webkit-appearance: none; width: 14px; height: 14px; margin-top: -5px; border-radius: 50%;
  background: #D55E00; border: 2px solid #fff; box-shadow: 0 0 2px rgba(0,0,0,.6); }
.cm-scrub-track input::-moz-range-track { height: 4px; background: #ccc; border-radius: 2px; }
.cm-scrub-track input::-moz-range-thumb { width: 12px; height: 12px; border-radius: 50%; background: #D55E00; border: 2px solid #fff; }
.cm-scrub-track input:focus-visible { outline: 2px solid #D55E00; outline-offset: 1px; }
.cm-scrub-date { flex: none; width: 6.5rem; font-size: 1.05rem; font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
.cm-scrub.dragging .cm-scrub-date { color: #D55E00; }  /* same size: the track must not move under the pointer */
@media (max-width: 640px) {  /* phones: the span buttons and the date on one line, the track full width below */
  .cm-scrub { flex-wrap: wrap; row-gap: .15rem; justify-content: space-between; }
  .cm-scrub-track { order: 3; flex-basis: 100%; }
  .cm-scrub-date { text-align: right; }
}
"""

JS = r"""
const IFRAME = 'iframe[title="streamlit_folium.st_folium"]';
const DAY = 86400000;
const MAX_EVENT_MARKERS = 1500;  // the latest ones in the window, if there are more
const toDay = (iso) => Math.round(Date.parse(iso + 'T00:00:00Z') / DAY);
const toIso = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const fetches = (window.__cmScrubFetches = window.__cmScrubFetches || {});  // url -> Promise (fetched once per page)
const stats = (window.__cmScrubStats = window.__cmScrubStats || { frames: [], frameMs: [], swaps: [], swapMs: [] });

function bisectRight(arr, x) {
  let lo = 0, hi = arr.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid] <= x) lo = mid + 1; else hi = mid; }
  return lo;
}

function mapWindow() {
  const f = document.querySelector(IFRAME);
  let w = null;
  try { w = f && f.contentWindow; if (!(w && w.map && w.L)) w = null; } catch (e) { w = null; }
  return w;
}

const MAP_CSS = `
.cm-scrubbing path.cm-controlled, .cm-scrubbing path.cm-cnc, .cm-scrubbing path.cm-changes,
.cm-scrubbing path.cm-claimed:not(.cm-scrub-claimed), .cm-scrubbing.cm-scrub-events .cm-ev:not(.cm-scrub-ev),
.cm-scrubbing.cm-scrub-events .marker-cluster { display: none; }
.cm-scrub-over { position: absolute; top: 10px; left: 50%; transform: translateX(-50%); z-index: 1000; display: none;
  font: 700 clamp(1.4rem, 6vw, 2.4rem)/1.15 system-ui, sans-serif; white-space: nowrap; background: rgba(255,255,255,.9); color: #222; padding: .1rem .8rem;
  border-radius: 6px; box-shadow: 0 1px 5px rgba(0,0,0,.35); pointer-events: none; font-variant-numeric: tabular-nums; }
.cm-scrubbing .cm-scrub-over { display: block; }`;

function mapState(w) {
  if (!w.__cmScrub) {
    const style = w.document.createElement('style');
    style.textContent = MAP_CSS;
    w.document.head.appendChild(style);
    const over = w.document.createElement('div');
    over.className = 'cm-scrub-over';
    w.document.body.appendChild(over);
    w.__cmScrub = { control: { cache: {}, layer: null, shown: -2 }, claims: { cache: {}, layer: null, shown: -2 }, over: over };
  }
  return w.__cmScrub;
}

function build(parent) {
  const root = document.createElement('div');
  root.className = 'cm-scrub';
  const spans = document.createElement('div');
  spans.className = 'cm-scrub-spans';
  spans.setAttribute('role', 'group');
  const bAll = document.createElement('button');
  const bRecent = document.createElement('button');
  bAll.type = bRecent.type = 'button';
  bAll.dataset.span = 'all';
  bRecent.dataset.span = 'recent';
  spans.append(bAll, bRecent);
  const track = document.createElement('div');
  track.className = 'cm-scrub-track';
  const canvas = document.createElement('canvas');
  const input = document.createElement('input');
  input.type = 'range';
  input.step = '1';
  track.append(canvas, input);
  const label = document.createElement('span');
  label.className = 'cm-scrub-date';
  label.setAttribute('aria-live', 'off');
  root.append(spans, track, label);
  parent.appendChild(root);

  const s = { root, input, label, canvas, bAll, bRecent, data: null, geo: null, geoDays: null, span: null,
              dragging: false, raf: 0, geoUrl: null, viaKey: false, keyTimer: 0, pending: null, endTimer: 0, observer: null, component: null };

  function spanStart() {
    const first = toDay(s.data.first);
    return s.span === 'recent' ? Math.max(first, toDay(s.data.recent_from)) : first;
  }

  function setSpan(span) {
    s.span = span;
    bAll.setAttribute('aria-pressed', String(span === 'all'));
    bRecent.setAttribute('aria-pressed', String(span === 'recent'));
    const value = +input.value;
    input.min = String(spanStart());
    input.max = String(toDay(s.data.last));
    if (value) input.value = String(Math.max(value, spanStart()));
    paint();
  }
  bAll.addEventListener('click', () => setSpan('all'));
  bRecent.addEventListener('click', () => setSpan('recent'));

  function paint() {  // the event-density strip (events per month) and a tick at each assessment
    if (!s.data) return;
    const dpr = window.devicePixelRatio || 1;
    const W = canvas.clientWidth, H = canvas.clientHeight;
    if (!W || !H) return;
    canvas.width = Math.round(W * dpr);
    canvas.height = Math.round(H * dpr);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const a = spanStart(), b = toDay(s.data.last), span = Math.max(1, b - a);
    const x = (day) => (day - a) / span * W;
    const dens = s.data.density;
    const max = Math.max(1, ...dens);
    let [y, m] = s.data.density_from.split('-').map(Number);
    ctx.fillStyle = 'rgba(110,110,110,.75)';
    for (let i = 0; i < dens.length; i++) {
      const start = Date.UTC(y, m - 1, 1) / DAY, end = Date.UTC(y, m, 1) / DAY;
      if (dens[i] > 0 && end > a) {
        const h = Math.max(2, Math.sqrt(dens[i] / max) * (H - 5));
        const x0 = x(Math.max(start, a));
        ctx.fillRect(x0, H - h, Math.max(1, x(end) - x0 - 0.5), h);
      }
      m += 1; if (m > 12) { m = 1; y += 1; }
    }
    ctx.fillStyle = '#D55E00';
    let n = 0;
    for (const iso of s.data.ticks) {
      const d = toDay(iso);
      if (d < a || d > b) continue;
      ctx.fillRect(Math.round(x(d)) - 0.5, 0, 1.5, 7);
      n++;
    }
    canvas.dataset.ticks = String(n);
  }
  if (window.ResizeObserver) new ResizeObserver(() => paint()).observe(canvas);

  function loadGeo() {
    const url = s.data.url;
    if (!fetches[url]) fetches[url] = fetch(url).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); });
    fetches[url].then((geo) => {
      s.geo = geo;
      s.geoDays = geo.dates.map(toDay);
      s.evDays = geo.events ? geo.events.dates.map(toDay) : [];
      s.claimDays = geo.claims ? geo.claims.dates.map(toDay) : [];
      root.dataset.ready = '1';
    })
      .catch(() => { delete fetches[url]; root.dataset.ready = 'error'; });
  }

  // Show geometry i of a set (-1: none) as the one layer of its kind, built once and cached; false if already shown.
  function showCached(w, ms, kind, i, geometries, className, style) {
    const k = ms[kind];
    if (k.shown === i) return false;
    if (k.layer) { w.map.removeLayer(k.layer); k.layer = null; }
    const g = i >= 0 ? geometries[i] : null;
    if (g) {
      if (!k.cache[i]) k.cache[i] = w.L.geoJSON(g, { className: className, interactive: false, style: style });
      k.layer = k.cache[i].addTo(w.map);
    }
    k.shown = i;
    return true;
  }

  function draw(day) {  // one frame: the assessment in force on `day`, drawn into the map's own Leaflet
    const w = mapWindow();
    if (!w || !s.geo) return;
    const ms = mapState(w);
    w.document.body.classList.add('cm-scrubbing');
    ms.over.textContent = toIso(day);
    drawEvents(w, ms, day);
    drawClaims(w, ms, day);
    const i = s.data.draw ? bisectRight(s.geoDays, day) - 1 : -1;  // -1: nothing drawn
    const t0 = performance.now();
    if (!showCached(w, ms, 'control', i, s.geo.geometries, 'cm-scrub', s.data.styles.controlled)) return;
    const t1 = performance.now();
    stats.swaps.push(t1);
    stats.swapMs.push(t1 - t0);
  }

  function drawEvents(w, ms, day) {  // the events of the page's window, as the server's markers look
    const ev = s.geo.events;
    if (!ev || !s.data.events) return;  // too many events for the file (a big import): the server's markers stay
    w.document.body.classList.add('cm-scrub-events');
    const hi = bisectRight(s.evDays, day);
    const lo = Math.max(s.data.window == null ? 0 : bisectRight(s.evDays, day - s.data.window), hi - MAX_EVENT_MARKERS);
    if (ms.evRange === lo + ':' + hi) return;
    if (ms.evLayer) w.map.removeLayer(ms.evLayer);
    const shapes = w.CM_SHAPES || {};
    const group = w.L.layerGroup();
    for (let k = lo; k < hi; k++) {
      const icon = w.L.divIcon({ className: 'cm-ev cm-scrub-ev', html: shapes[ev.category[k]] || '', iconSize: [16, 16], iconAnchor: [8, 8] });
      w.L.marker([ev.lonlat[k][1], ev.lonlat[k][0]], { icon: icon, interactive: false, keyboard: false }).addTo(group);
    }
    group.addTo(w.map);
    ms.evLayer = group;
    ms.evRange = lo + ':' + hi;
  }

  function drawClaims(w, ms, day) {  // the claimed regions in force (hatched through the map's own cm-claimed style)
    const c = s.geo.claims;
    if (!c || !s.data.claimed) return;
    const j = bisectRight(s.claimDays, day) - 1;
    if (showCached(w, ms, 'claims', j, c.geometries, 'cm-claimed cm-scrub-claimed', s.data.styles.claimed) && ms.control.layer) {
      ms.control.layer.bringToFront();  // the controlled area stays above the hatching
    }
  }

  function endScrub() {  // the exact layers have arrived: back to them
    if (s.dragging) return;
    clearTimeout(s.endTimer);
    if (s.observer) { s.observer.disconnect(); s.observer = null; }
    s.pending = null;
    s.root.classList.remove('dragging');
    const w = mapWindow();
    if (!w || !w.__cmScrub) return;
    const ms = w.__cmScrub;
    for (const k of [ms.control, ms.claims]) {
      if (k.layer) { w.map.removeLayer(k.layer); k.layer = null; }
      k.shown = -2;
    }
    if (ms.evLayer) { w.map.removeLayer(ms.evLayer); ms.evLayer = null; }
    ms.evRange = null;
    w.document.body.classList.remove('cm-scrubbing', 'cm-scrub-events');
  }

  function frame() {
    s.raf = 0;
    const day = +input.value;
    label.textContent = toIso(day);
    const t0 = performance.now();
    draw(day);
    const t1 = performance.now();
    stats.frames.push(t1);
    stats.frameMs.push(t1 - t0);
  }

  input.addEventListener('input', () => {
    if (!s.dragging) { s.dragging = true; root.classList.add('dragging'); clearTimeout(s.endTimer); }
    if (!s.raf) s.raf = requestAnimationFrame(frame);
  });
  // keys (← → Home End PageUp PageDown) fire `change` on every press: held down or pressed in a burst, the strip
  // scrubs in the browser and sends the date once, 350 ms after the last key
  input.addEventListener('keydown', () => { s.viaKey = true; });
  input.addEventListener('pointerdown', () => { s.viaKey = false; clearTimeout(s.keyTimer); });
  input.addEventListener('change', () => {
    if (s.raf) { cancelAnimationFrame(s.raf); frame(); }
    if (s.viaKey) {
      clearTimeout(s.keyTimer);
      s.keyTimer = setTimeout(() => { s.viaKey = false; release(); }, 350);
      return;
    }
    release();
  });

  function release() {
    s.dragging = false;
    if (s.observer) { s.observer.disconnect(); s.observer = null; }
    const iso = toIso(+input.value);
    if (iso === s.data.current) { endScrub(); return; }
    s.pending = iso;
    // the new layers replace the server's groups in the map: then the scrub layer goes (or after a while anyway)
    const w = mapWindow();
    if (w && window.MutationObserver) {
      const pane = w.map.getPane('overlayPane');
      s.observer = new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) {
          if (n.nodeType === 1 && !(n.classList && n.classList.contains('cm-scrub')) && s.pending && s.data.current === s.pending) {
            requestAnimationFrame(endScrub); return;
          }
        }
      });
      s.observer.observe(pane, { childList: true, subtree: true });
    }
    // a trigger, not setStateValue: a state value equal to the last one sent is not sent again (Streamlit 1.67),
    // so releasing on the same date after the bar's slider moved away would do nothing
    s.component.setTriggerValue('date', iso);
  }

  s.update = (component) => {
    s.component = component;
    const data = component.data;
    const first = !s.data;
    s.data = data;
    bAll.textContent = data.labels.all;
    bRecent.textContent = data.labels.recent;
    spans.setAttribute('aria-label', data.labels.span);
    input.setAttribute('aria-label', data.labels.input);
    if (first || s.span === null) {
      s.span = toDay(data.current) >= toDay(data.recent_from) ? 'recent' : 'all';
    }
    if (s.span === 'recent' && toDay(data.current) < toDay(data.recent_from)) s.span = 'all';
    if (s.geoUrl !== data.url) { s.geoUrl = data.url; s.geo = null; loadGeo(); }
    if (!s.dragging) {
      setSpan(s.span);
      input.value = String(toDay(data.current));
      label.textContent = data.current;
    }
    if (s.pending && data.current === s.pending) {
      clearTimeout(s.endTimer);
      s.endTimer = setTimeout(endScrub, 1500);  // in case the map's layers did not change at all
    } else if (!s.pending && !s.dragging) {
      endScrub();
    }
  };
  return s;
}

export default function (component) {
  const parent = component.parentElement;
  let s = parent.__cmScrub;
  if (!s || !s.root.isConnected) s = parent.__cmScrub = build(parent);
  s.update(component);
}
"""


def _component():
    """Register (idempotent: the same definition every run) and return the mounting command."""
    return st.components.v2.component("conflictmap.scrub_strip", css=CSS, js=JS)


@st.cache_data(max_entries=4, show_spinner=False)
def geometries_url(_atlas: Atlas, atlas_key: str) -> str:
    """Every assessment's simplified area and the events, published once as a static JSON file (named by its
    content hash)."""
    from ..assets import publish_json

    return publish_json("scrub", scrub_data.scrub_file(_atlas))


@st.cache_data(max_entries=4, show_spinner=False)
def _marks(_atlas: Atlas, atlas_key: str) -> dict:
    return scrub_data.scrub_marks(_atlas)


def _released() -> None:
    """The strip was released on a date: that date becomes the page's date (the slider and URL follow)."""
    value = (st.session_state.get(KEY) or {}).get("date")
    try:
        d = date.fromisoformat(value)
    except (TypeError, ValueError):
        return
    st.session_state["date"] = d


def scrub_strip(atlas: Atlas, on: date, lang: str, draw: bool = True, events: bool = True, window_days: int | None = 30,
                claimed: bool = True) -> None:
    """The strip. ``draw``/``events``/``claimed``: whether the controlled, events and claimed layers are on (what the
    browser redraws while scrubbing); ``window_days``: the page's event window (None: every event up to the date)."""
    data = {
        **_marks(atlas, atlas.key),
        "url": geometries_url(atlas, atlas.key),
        "current": on.isoformat(),
        "recent_from": RECENT_FROM,
        "draw": draw,
        "events": events,
        "claimed": claimed,
        "window": window_days,
        "styles": layers.AREA_STYLES,
        "labels": {"all": t("scrub_all", lang), "recent": t("scrub_recent", lang), "span": t("scrub_span", lang),
                   "input": t("scrub_label", lang)},
    }
    with st.container(key="scrub_strip"):
        _component()(key=KEY, data=data, on_date_change=_released)
